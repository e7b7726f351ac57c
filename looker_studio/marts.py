"""Read what the preview needs from the DuckDB marts: which marts exist, and each chart's rows.

The warehouse is opened read-only. Each chart gets its rows pre-aggregated by DuckDB to the
grain the browser needs — the date, the chart's dimensions and the page's dropdown fields — with
the parts of each metric (a sum; sum and count for an average; numerator and denominator sums for
a ratio), so the page can re-aggregate any date range and filter without the full mart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from looker_studio.spec import Chart, Metric, ReportSpec

NOT_SET = "(not set)"


class WarehouseLockedError(RuntimeError):
    """The DuckDB file is held by a writer (a run in progress); the preview cannot read it."""


@dataclass(frozen=True)
class ChartData:
    """A chart's pre-aggregated rows.

    Attributes:
        columns: column names: ``date``, the dimensions, the dropdown fields, then the metric
            parts ``m<i>_<j>``.
        rows: one list per row; the date as ``YYYY-MM-DD``, dimensions and dropdown fields as
            strings (``(not set)`` for null), metric parts as floats or None.
        filters: dropdown field → index into a row (only fields the mart has).
        parts: per metric, the indexes of its parts in a row.
    """

    columns: list[str]
    rows: list[list[Any]]
    filters: dict[str, int]
    parts: list[list[int]]


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection | None:
    """Open ``path`` read-only; None when there is no warehouse file yet.

    Raises:
        WarehouseLockedError: another process holds the file for writing.
    """
    if not path.is_file():
        return None
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        raise WarehouseLockedError(
            f"{path}: cannot open read-only ({exc}); is a run or `dagster dev` writing to it?"
        ) from exc


def missing_sources(
    con: duckdb.DuckDBPyConnection | None, schema: str, spec: ReportSpec, where: str
) -> dict[str, str]:
    """Aliases whose mart cannot be charted, with the reason shown on the page.

    A mart is missing when its table is absent from ``schema`` or lacks a column the spec
    reads (a warehouse built before the mart changed).

    Args:
        con: read-only connection, or None when the warehouse file does not exist.
        schema: the marts' schema (``marts``).
        spec: the report spec.
        where: how to name the warehouse in the reasons (its path).

    Returns:
        Alias → reason; aliases of present, complete marts are absent.
    """
    if con is None:
        return dict.fromkeys(spec.data_sources, f"no warehouse at {where}: run `make run`")
    found: dict[str, set[str]] = {}
    for table, column in con.execute(
        "select table_name, column_name from information_schema.columns where table_schema = ?",
        [schema],
    ).fetchall():
        found.setdefault(table, set()).add(column)
    out: dict[str, str] = {}
    for alias, ds in spec.data_sources.items():
        if ds.table not in found:
            out[alias] = f"mart {schema}.{ds.table} is not in the warehouse ({where})"
            continue
        needed = {ds.date_field} | {
            f for p in spec.pages for c in p.charts if c.data_source == alias for f in c.fields
        }
        lacking = sorted(needed - found[ds.table])
        if lacking:
            out[alias] = (
                f"mart {schema}.{ds.table} lacks column(s) {', '.join(lacking)} "
                "(built before the mart changed? run `make dbt-build`)"
            )
    return out


def table_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> set[str]:
    """Column names of ``schema.table``."""
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchall()
    return {r[0] for r in rows}


def _parts_sql(metric: Metric) -> list[str]:
    """SQL aggregates holding ``metric``'s parts (floats)."""
    if metric.ratio is not None:
        num, den = metric.ratio
        return [f'sum("{num}")::double', f'sum("{den}")::double']
    col = f'"{metric.field}"'
    if metric.aggregation == "avg":
        return [f"sum({col})::double", f"count({col})::double"]
    return [f"{metric.aggregation}({col})::double"]


def _metric_sql(metric: Metric) -> str:
    """One SQL aggregate for ``metric`` as Looker Studio computes it (ratios after summing)."""
    if metric.ratio is not None:
        num, den = metric.ratio
        return f'sum("{num}") / nullif(sum("{den}"), 0)'
    return f'{metric.aggregation}("{metric.field}")'


def chart_sql(
    schema: str, table: str, date_field: str, chart: Chart, filter_fields: list[str]
) -> str:
    """The query a Looker Studio chart sends for one view of a page (BigQuery connector shape).

    One row per combination of the chart's dimensions (none for a scorecard) with each metric
    aggregated over the page's date range and dropdown filters; bar, pie and table charts
    sorted by their sort metric, descending, and cut at ``limit``; time series in date order.

    Args:
        schema: the marts' schema.
        table: the chart's mart.
        date_field: the mart's date column (filtered ``between ? and ?``, inclusive dates).
        chart: the chart.
        filter_fields: dropdown fields the page sets and the mart has, each filtered ``= ?``
            in this order after the two dates.

    Returns:
        SQL with ``2 + len(filter_fields)`` positional parameters; columns: the dimensions,
        then ``m0``, ``m1``, … in the chart's metric order (floats or decimals, null when a
        ratio's denominator sums to 0).
    """
    dims = [f'"{d}"' for d in chart.dimensions]
    metrics = [f'{_metric_sql(m)} as "m{i}"' for i, m in enumerate(chart.metrics)]
    where = [f'"{date_field}" between ? and ?', *(f'"{f}" = ?' for f in filter_fields)]
    sql = (
        f'select {", ".join([*dims, *metrics])} from "{schema}"."{table}" '
        f"where {' and '.join(where)}"
    )
    if dims:
        sql += f" group by {', '.join(dims)}"
    if chart.type == "time_series":
        sql += f" order by {', '.join(dims)}"
    elif dims:
        labels = [m.label for m in chart.metrics]
        sort = labels.index(chart.sort) if chart.sort is not None else 0
        sql += f' order by "m{sort}" desc nulls last'
        if chart.limit is not None:
            sql += f" limit {int(chart.limit)}"
    return sql


def chart_data(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    table: str,
    date_field: str,
    chart: Chart,
    dropdown_fields: list[str],
) -> ChartData:
    """Rows of ``chart`` pre-aggregated by date, dimensions and the dropdown fields it has.

    Args:
        con: read-only connection.
        schema: the marts' schema.
        table: the chart's mart (known to exist with the chart's columns).
        date_field: the mart's date column.
        chart: the chart.
        dropdown_fields: the page's dropdown fields; those the mart lacks are skipped.

    Returns:
        The :class:`ChartData`, rows ordered by date then dimensions.
    """
    have = table_columns(con, schema, table)
    dims = [d for d in chart.dimensions if d != date_field]
    filters = [f for f in dropdown_fields if f in have and f not in dims]
    keys = [*dims, *filters]
    select = [f'strftime("{date_field}", \'%Y-%m-%d\') as "date"']
    select += [f'coalesce("{k}"::varchar, \'{NOT_SET}\') as "{k}"' for k in keys]
    parts: list[list[int]] = []
    names = ["date", *keys]
    for i, metric in enumerate(chart.metrics):
        idx = []
        for j, expr in enumerate(_parts_sql(metric)):
            idx.append(len(names))
            names.append(f"m{i}_{j}")
            select.append(f'{expr} as "m{i}_{j}"')
        parts.append(idx)
    group = ", ".join(str(n) for n in range(1, len(keys) + 2))
    sql = (
        f'select {", ".join(select)} from "{schema}"."{table}" '
        f'where "{date_field}" is not null group by {group} order by {group}'
    )
    rows = [list(r) for r in con.execute(sql).fetchall()]
    return ChartData(
        columns=names,
        rows=rows,
        filters={f: names.index(f) for f in [*filters, *[d for d in dims if d in dropdown_fields]]},
        parts=parts,
    )
