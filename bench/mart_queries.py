"""``mart_queries.json``: dashboard query latency with concurrent readers on the 1-year warehouse.

The queries are the dashboards' shape: every table under ``models/marts/reporting/`` (read
from the build's manifest) filtered by a date range (7, 30 or 90 days ending on a random day of
the year) and, where the mart has one, a platform — ``select * ... where date_day between ? and
? and platform = ?``, fetched in full as Arrow. ``readers`` threads share one read-only DuckDB
database (one cursor each, as a dashboard server's pool would) and each runs
``queries_per_reader`` queries over the marts in turn; latency is per query, wall clock.
"""

from __future__ import annotations

import json
import random
import statistics
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from bench.common import BenchConfig

PLATFORM_VALUES = ("meta", "tiktok", "google_ads")
RANGES_DAYS = (7, 30, 90)


def reporting_marts(manifest_path: Path, con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The reporting marts that exist in the warehouse, with the filters each supports.

    Returns:
        ``[{"name", "has_platform"}]`` for tables under ``models/marts/reporting/`` that have a
        ``date_day`` column (sorted by name).
    """
    nodes = json.loads(manifest_path.read_text())["nodes"].values()
    names = sorted(
        n["name"]
        for n in nodes
        if n["resource_type"] == "model"
        and n["original_file_path"].startswith("models/marts/reporting/")
    )
    out = []
    for name in names:
        cols = {
            r[0]
            for r in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = 'marts' and table_name = ?",
                [name],
            ).fetchall()
        }
        if "date_day" in cols:
            out.append({"name": name, "has_platform": "platform" in cols})
    return out


def _queries(
    marts: list[dict[str, Any]], span: tuple[date, date], n: int, seed: int
) -> list[tuple]:
    rng = random.Random(seed)
    first, last = span
    out = []
    for i in range(n):
        mart = marts[i % len(marts)]
        days = rng.choice(RANGES_DAYS)
        room = max(1, (last - first).days + 2 - days)  # ranges that end inside the history
        end = last - timedelta(days=rng.randrange(0, room))
        sql = f"select * from marts.{mart['name']} where date_day between ? and ?"
        params: list[Any] = [end - timedelta(days=days - 1), end]
        if mart["has_platform"]:
            sql += " and platform = ?"
            params.append(rng.choice(PLATFORM_VALUES))
        out.append((mart["name"], sql, params))
    return out


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(cfg: BenchConfig, db_path: Path, manifest_path: Path) -> dict[str, Any]:
    """Run the concurrent dashboard queries on ``db_path`` (read-only).

    Returns:
        ``p50_ms``, ``p95_ms``, ``max_ms`` over all queries, per-mart p50/p95, the readers,
        the query count and the marts queried.

    Raises:
        RuntimeError: no reporting mart with a ``date_day`` column exists in the warehouse.
    """
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        marts = reporting_marts(manifest_path, con)
        if not marts:
            raise RuntimeError(f"no reporting mart with date_day in {db_path}")
        span = con.execute(
            "select min(date_day), max(date_day) from marts.fct_ad_performance_daily"
        ).fetchall()[0]
        latencies: list[tuple[str, float, int]] = []
        lock = threading.Lock()

        def reader(k: int) -> None:
            cur = con.cursor()
            try:
                for mart, sql, params in _queries(
                    marts, span, cfg.queries_per_reader, cfg.seed * 1000 + k
                ):
                    t0 = time.perf_counter()
                    rows = cur.sql(sql, params=params).to_arrow_table().num_rows
                    ms = (time.perf_counter() - t0) * 1000
                    with lock:
                        latencies.append((mart, ms, rows))
            finally:
                cur.close()

        threads = [threading.Thread(target=reader, args=(k,)) for k in range(cfg.readers)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        con.close()
    ms = [x[1] for x in latencies]
    per_mart = {
        m["name"]: {
            "p50_ms": round(_percentile(v, 0.5), 1),
            "p95_ms": round(_percentile(v, 0.95), 1),
            "median_rows": int(
                statistics.median(r for name, _, r in latencies if name == m["name"])
            ),
        }
        for m in marts
        if (v := [x[1] for x in latencies if x[0] == m["name"]])
    }
    return {
        "p50_ms": round(_percentile(ms, 0.5), 1),
        "p95_ms": round(_percentile(ms, 0.95), 1),
        "max_ms": round(max(ms), 1),
        "target_p95_ms_max": 200,
        "readers": cfg.readers,
        "queries": len(ms),
        "queries_per_s": round(len(ms) / wall, 1),
        "per_mart": per_mart,
    }
