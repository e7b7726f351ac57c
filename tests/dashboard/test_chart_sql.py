"""``chart_sql`` — the query each chart sends (the dashboard benchmark's workload) — against the
preview's per-day chart rows re-aggregated in Python: two independent paths, same numbers."""

from __future__ import annotations

import math
from datetime import date, timedelta

import duckdb
import pytest

from looker_studio.marts import chart_data, chart_sql
from tests.dashboard.conftest import LAST_DAY, build_marts

FIRST = LAST_DAY - timedelta(days=6)


@pytest.fixture(scope="module")
def marts(tmp_path_factory, spec, contracts):
    tables = sorted({ds.table for ds in spec.data_sources.values()})
    path = build_marts(tmp_path_factory.mktemp("chart_sql") / "wh.duckdb", contracts, tables)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def expected_rows(con, table, date_field, chart, platform):
    """The chart's rows from the preview's per-day parts, over FIRST..LAST_DAY (and platform)."""
    data = chart_data(con, "marts", table, date_field, chart, ["platform"] if platform else [])
    at = {name: i for i, name in enumerate(data.columns)}
    groups: dict[tuple, list[list[float | None]]] = {}
    for row in data.rows:
        if not FIRST <= date.fromisoformat(row[0]) <= LAST_DAY:
            continue
        if platform and row[at["platform"]] != platform:
            continue
        key = tuple(row[0] if d == date_field else row[at[d]] for d in chart.dimensions)
        groups.setdefault(key, []).append(row)
    out = {}
    for key, rows in groups.items():
        values = []
        for metric, idx in zip(chart.metrics, data.parts, strict=True):
            parts = [[r[i] for r in rows if r[i] is not None] for i in idx]
            if metric.ratio is not None:
                den = sum(parts[1])
                values.append(sum(parts[0]) / den if den else None)
            elif metric.aggregation == "avg":
                values.append(sum(parts[0]) / sum(parts[1]) if sum(parts[1]) else None)
            elif metric.aggregation in ("min", "max"):
                agg = min if metric.aggregation == "min" else max
                values.append(agg(parts[0]) if parts[0] else None)
            else:
                values.append(sum(parts[0]) if parts[0] else None)
        out[key] = values
    return out


def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def test_every_chart_query_returns_the_charts_aggregates_for_the_range_and_platform(marts, spec):
    checked = 0
    for page in spec.pages:
        for chart in page.charts:
            source = spec.data_sources[chart.data_source]
            cols = {r[0] for r in marts.execute(
                "select column_name from information_schema.columns where table_name = ?",
                [source.table],
            ).fetchall()}  # fmt: skip
            for platform in (None, "meta") if "platform" in cols else (None,):
                fields = ["platform"] if platform else []
                sql = chart_sql("marts", source.table, source.date_field, chart, fields)
                params = [FIRST, LAST_DAY, *([platform] if platform else [])]
                got = marts.execute(sql, params).fetchall()
                n = len(chart.dimensions)
                rows = {
                    tuple(
                        v.isoformat()
                        if isinstance(v, date)
                        else ("(not set)" if v is None else str(v))
                        for v in r[:n]
                    ): list(r[n:])
                    for r in got
                }
                want = expected_rows(marts, source.table, source.date_field, chart, platform)
                where = f"{page.id}/{chart.id} platform={platform}"
                if chart.limit is not None:
                    assert len(got) == min(chart.limit, len(want)), where
                    assert rows.keys() <= want.keys(), where
                    labels = [m.label for m in chart.metrics]
                    k = labels.index(chart.sort) if chart.sort else 0
                    kept = [v[k] for v in rows.values() if v[k] is not None]
                    left = [v[k] for key, v in want.items() if key not in rows and v[k] is not None]
                    assert not kept or not left or min(kept) >= max(left), where  # the top rows
                elif chart.dimensions:
                    assert rows.keys() == want.keys(), where
                if chart.dimensions and chart.type != "time_series":
                    labels = [m.label for m in chart.metrics]
                    k = n + (labels.index(chart.sort) if chart.sort else 0)
                    order = [r[k] for r in got if r[k] is not None]
                    assert order == sorted(order, reverse=True), where  # sorted as shown
                for key, values in rows.items():
                    assert all(map(same, values, want.get(key, [None] * len(values)))), (
                        where, key, values, want.get(key)
                    )  # fmt: skip
                    checked += 1
    assert checked > 100
