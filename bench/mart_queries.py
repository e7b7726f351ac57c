"""``mart_queries.json``: dashboard query latency with concurrent readers on the 1-year warehouse.

The queries are the dashboard's own: every chart of the Looker Studio report
(``looker_studio/report.yml``) sends one query to its reporting mart for the page's date range
and dropdown filters — the chart's dimensions with its metrics aggregated, sorted and cut as the
chart shows them (:func:`looker_studio.marts.chart_sql`, the shape Looker Studio's BigQuery
connector sends). A *page view* picks a page, a date range (7, 30 or 90 days ending on a random
day of the year) and, where the page has a dropdown on ``platform``, one of the mart's platforms,
then runs the page's charts. ``readers`` threads share one read-only DuckDB database (one
cursor each, as a dashboard server's pool would) and each runs page views until it has sent
``queries_per_reader`` chart queries; latency is per chart query, wall clock, rows fetched as
Arrow.

For comparison the result also carries ``row_export``: the same readers fetching every row and
column of a reporting mart for a date range and platform (``select * ... where date_day between
? and ? and platform = ?``) — a CSV export or extract refresh rather than a chart, and not what
the target is about.
"""

from __future__ import annotations

import json
import random
import statistics
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from bench.common import BenchConfig
from looker_studio.marts import chart_sql, table_columns
from looker_studio.spec import ReportSpec, load_spec

RANGES_DAYS = (7, 30, 90)
MARTS_SCHEMA = "marts"

Query = tuple[str, str, list[Any]]  # (label, sql, params)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _date_range(rng: random.Random, span: tuple[date, date]) -> tuple[date, date]:
    first, last = span
    days = rng.choice(RANGES_DAYS)
    room = max(1, (last - first).days + 2 - days)  # ranges that end inside the history
    end = last - timedelta(days=rng.randrange(0, room))
    return end - timedelta(days=days - 1), end


def _platforms(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        f'select distinct platform from "{MARTS_SCHEMA}"."{table}" where platform is not null '
        "order by 1"
    ).fetchall()
    return [r[0] for r in rows]


def page_views(
    spec: ReportSpec, con: duckdb.DuckDBPyConnection, span: tuple[date, date]
) -> list[Callable[[random.Random], list[Query]]]:
    """One generator of chart queries per report page whose marts exist in the warehouse.

    Each returned callable draws a date range and, when the page has a ``platform`` dropdown,
    one of the platforms of the page's marts or "all" (no filter), and returns the page's chart
    queries for that view, labelled ``page/chart``.
    """
    tables = {ds.table for ds in spec.data_sources.values()}
    columns = {t: table_columns(con, MARTS_SCHEMA, t) for t in tables}
    table_platforms = {t: _platforms(con, t) for t in tables if "platform" in columns[t]}
    out = []
    for page in spec.pages:
        has_dropdown = any(c.type == "dropdown" and c.field == "platform" for c in page.controls)
        charts: list[tuple[str, dict[tuple[str, ...], str]]] = []
        platforms: set[str] = set()
        for chart in page.charts:
            source = spec.data_sources[chart.data_source]
            have = columns[source.table]
            if not have:
                continue
            filtered = has_dropdown and "platform" in have
            if filtered:
                platforms.update(table_platforms[source.table])
            table, date_field = source.table, source.date_field
            sqls = {
                fields: chart_sql(MARTS_SCHEMA, table, date_field, chart, list(fields))
                for fields in ((), ("platform",) if filtered else ())
            }
            charts.append((f"{page.id}/{chart.id}", sqls))
        if not charts:
            continue
        choices: list[str | None] = [None, *sorted(platforms)]

        def view(
            rng: random.Random,
            charts: list[tuple[str, dict[tuple[str, ...], str]]] = charts,
            choices: list[str | None] = choices,
        ) -> list[Query]:
            first, last = _date_range(rng, span)
            platform = rng.choice(choices)
            queries = []
            for label, sqls in charts:
                if platform is not None and ("platform",) in sqls:
                    queries.append((label, sqls[("platform",)], [first, last, platform]))
                else:
                    queries.append((label, sqls[()], [first, last]))
            return queries

        out.append(view)
    return out


def export_marts(
    con: duckdb.DuckDBPyConnection, manifest_path: Path
) -> list[tuple[str, list[str]]]:
    """The reporting marts of the manifest that exist with a ``date_day`` column.

    Returns:
        ``[(mart, platforms)]`` for ``models/marts/reporting/`` tables, sorted by name; the
        platforms are empty for a mart without a ``platform`` column.
    """
    nodes = json.loads(manifest_path.read_text())["nodes"].values()
    names = sorted(
        n["name"]
        for n in nodes
        if n["resource_type"] == "model"
        and n["original_file_path"].startswith("models/marts/reporting/")
    )
    marts = []
    for name in names:
        have = table_columns(con, MARTS_SCHEMA, name)
        if "date_day" in have:
            marts.append((name, _platforms(con, name) if "platform" in have else []))
    return marts


def export_queries(
    marts: list[tuple[str, list[str]]], span: tuple[date, date], n: int, seed: int
) -> list[Query]:
    """``n`` whole-row reads of ``marts`` (``row_export``), round robin."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        name, platforms = marts[i % len(marts)]
        first, last = _date_range(rng, span)
        sql = f"select * from {MARTS_SCHEMA}.{name} where date_day between ? and ?"
        params: list[Any] = [first, last]
        if platforms:
            sql += " and platform = ?"
            params.append(rng.choice(platforms))
        out.append((name, sql, params))
    return out


def _run_readers(
    con: duckdb.DuckDBPyConnection, workloads: list[list[Query]]
) -> tuple[list[tuple[str, float, int]], float]:
    """Run each workload on its own thread and cursor; ``(label, ms, rows)`` per query, wall s."""
    latencies: list[tuple[str, float, int]] = []
    lock = threading.Lock()

    def reader(queries: list[Query]) -> None:
        cur = con.cursor()
        try:
            for label, sql, params in queries:
                t0 = time.perf_counter()
                rows = cur.sql(sql, params=params).to_arrow_table().num_rows
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append((label, ms, rows))
        finally:
            cur.close()

    threads = [threading.Thread(target=reader, args=(w,)) for w in workloads]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - t0


def _summary(
    latencies: list[tuple[str, float, int]], wall: float, key: Callable[[str], str]
) -> dict[str, Any]:
    ms = [x[1] for x in latencies]
    groups: dict[str, list[tuple[float, int]]] = {}
    for label, t, rows in latencies:
        groups.setdefault(key(label), []).append((t, rows))
    return {
        "p50_ms": round(_percentile(ms, 0.5), 1),
        "p95_ms": round(_percentile(ms, 0.95), 1),
        "max_ms": round(max(ms), 1),
        "queries": len(ms),
        "queries_per_s": round(len(ms) / wall, 1),
        "per_group": {
            g: {
                "p50_ms": round(_percentile([t for t, _ in v], 0.5), 1),
                "p95_ms": round(_percentile([t for t, _ in v], 0.95), 1),
                "median_rows": int(statistics.median(r for _, r in v)),
            }
            for g, v in sorted(groups.items())
        },
    }


def run(cfg: BenchConfig, db_path: Path, manifest_path: Path) -> dict[str, Any]:
    """Run the concurrent dashboard queries on ``db_path`` (read-only).

    Returns:
        ``p50_ms``, ``p95_ms``, ``max_ms`` over all chart queries, per-page p50/p95 and median
        rows, the readers and query count, and ``row_export`` (the whole-row reads, per mart).

    Raises:
        RuntimeError: no chart of the report has its mart in the warehouse.
    """
    spec = load_spec()
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        span = con.execute(
            "select min(date_day), max(date_day) from marts.fct_ad_performance_daily"
        ).fetchall()[0]
        views = page_views(spec, con, span)
        if not views:
            raise RuntimeError(f"no mart of looker_studio/report.yml in {db_path}")
        workloads = []
        for k in range(cfg.readers):
            rng = random.Random(cfg.seed * 1000 + k)
            queries: list[Query] = []
            i = k
            while len(queries) < cfg.queries_per_reader:
                queries += views[i % len(views)](rng)
                i += 1
            workloads.append(queries[: cfg.queries_per_reader])
        charts, wall = _run_readers(con, workloads)
        marts = export_marts(con, manifest_path)
        exports, export_wall = _run_readers(
            con,
            [
                export_queries(marts, span, cfg.queries_per_reader, cfg.seed + k)
                for k in range(cfg.readers)
            ],
        )
    finally:
        con.close()
    return {
        **_summary(charts, wall, lambda label: label.split("/")[0]),
        "target_p95_ms_max": 200,
        "readers": cfg.readers,
        "row_export": _summary(exports, export_wall, lambda label: label),
    }
