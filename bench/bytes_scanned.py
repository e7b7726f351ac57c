"""``bytes.json``: what each incremental model would scan on BigQuery, one sync vs a full build.

No cloud account: the project is compiled offline for the ``bigquery`` target (the recipe of
``tests/dbt/test_dbt_project.py``: ``oauth-secrets``, an emulator host nobody listens on,
``--no-populate-cache``), once with the sync's window in the environment (as Dagster passes it:
``ADPILOT_WINDOW_MIN_DATE`` / ``_MAX_DATE``) and once without.
For each incremental model:

- **relations read** — its ``depends_on`` nodes, followed through views (staging and
  intermediate models are views: BigQuery scans the tables under them) down to tables, seeds
  and sources;
- **days read** — the union of the ``<col> between cast('A' as date) and cast('B' as date)``
  predicates in the compiled SQL of the model and the views on the way (BigQuery prunes
  DAY partitions through views on such predicates); none means every day;
- **bytes** — BigQuery bills the columns a query references: for each relation, the columns
  whose names occur in that SQL, sized by BigQuery's logical sizes (INT64/FLOAT64/DATE/TIMESTAMP
  8 B, NUMERIC 16 B, BOOL 1 B, STRING 2 B + UTF-8 length, arrays the sum of their elements),
  measured per day on the 1-year DuckDB warehouse (same schema names, no dataset prefix);
  date-partitioned relations (raw facts, daily marts, and any model whose ``partition_by`` is
  ``date_day``) count only the days read, the others in full.

A sync should scan ``window / history`` of a full build on the partitioned facts, plus the small
unpartitioned entity tables in full.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from bench.common import BenchConfig, run_dbt
from orchestration.lib.dbt_vars import window_env

BIGQUERY_OFFLINE_ENV = {
    "ADPILOT_WAREHOUSE": "bigquery",
    "GCP_PROJECT": "adpilot-bench",
    "BQ_METHOD": "oauth-secrets",
    "BQ_TOKEN": "not-a-token",
    "BQ_DATASET_PREFIX": "",
    # nothing listens there: compiling must not call BigQuery
    "BIGQUERY_EMULATOR_HOST": "127.0.0.1:9",
    "BQ_JOB_RETRIES": "0",
    # staging hashes buyer identifiers with it; any value compiles
    "ADPILOT_PII_SALT": "bench-offline",
}
_BETWEEN = re.compile(
    r"between\s+cast\('(\d{4}-\d{2}-\d{2})' as date\)\s+and\s+cast\('(\d{4}-\d{2}-\d{2})' as date\)"
)
_FIXED = {
    "BIGINT": 8,
    "INTEGER": 8,
    "DOUBLE": 8,
    "FLOAT": 8,
    "DATE": 8,
    "BOOLEAN": 1,
    "TIMESTAMP WITH TIME ZONE": 8,
    "TIMESTAMP": 8,
}


def compile_bigquery(work: Path, window: dict[str, str]) -> dict[str, Any]:
    """Compile every model for the BigQuery target offline; return the manifest's nodes+sources.

    Args:
        work: the compile's target directory.
        window: the window's environment variables (``window_env``; ``{}`` for a full build).

    Raises:
        RuntimeError: the compile failed (its output is in the message).
    """
    run = run_dbt(
        ["compile", "--no-populate-cache", "--select", "resource_type:model"],
        work / "unused.duckdb",
        work,
        {**BIGQUERY_OFFLINE_ENV, **window},
    )
    if run.returncode != 0:
        raise RuntimeError(f"dbt compile --target bigquery failed:\n{run.output}")
    manifest = json.loads((work / "target" / "manifest.json").read_text())
    return {**manifest["nodes"], **manifest["sources"]}


def _read_set(nodes: dict[str, Any], uid: str) -> tuple[set[str], str]:
    """Relations (non-view nodes/sources) a model scans, and the SQL on the way to them."""
    leaves: set[str] = set()
    sql = [nodes[uid].get("compiled_code") or ""]
    stack = list(nodes[uid]["depends_on"]["nodes"])
    seen: set[str] = set()
    while stack:
        dep = stack.pop()
        if dep in seen or dep not in nodes:
            continue
        seen.add(dep)
        node = nodes[dep]
        if node.get("config", {}).get("materialized") in ("view", "ephemeral"):
            sql.append(node.get("compiled_code") or "")
            stack.extend(node["depends_on"]["nodes"])
        else:
            leaves.add(dep)
    return leaves, "\n".join(sql)


def _days_read(sql: str) -> tuple[date, date] | None:
    spans = [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in _BETWEEN.findall(sql)]
    if not spans:
        return None
    return min(a for a, _ in spans), max(b for _, b in spans)


def _column_bytes(column: str, typ: str) -> str:
    """SQL for one column's BigQuery logical bytes per row (summed over a group)."""
    q = f'"{column}"'
    if typ in _FIXED:
        return f"{_FIXED[typ]} * count({q})"
    if typ.startswith("DECIMAL"):
        return f"16 * count({q})"
    if typ == "VARCHAR":
        return f"sum(2 + strlen({q}))"
    # nested (Meta's action lists): the JSON text is a close upper bound of the elements' sizes
    return f"sum(strlen(cast({q} as varchar)))"


def relation_sizes(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    name: str,
    columns: set[str],
    day_partitioned: bool = False,
) -> dict[str, Any]:
    """Rows and referenced-column bytes of one DuckDB table, per ``date_day`` if it has one.

    Raw facts and daily marts are DAY-partitioned on ``date_day`` (sql/raw DDL, the marts'
    ``partition_by``); ``day_partitioned`` marks other models whose config partitions them so
    (the windowed intermediate tables). Seeds and entities are not partitioned.
    """
    cols = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchall()
    if not cols:
        return {"exists": False}
    used = [(c, t) for c, t in cols if c in columns] or cols[:1]
    size = " + ".join(_column_bytes(c, t) for c, t in used)
    has_day = any(c == "date_day" for c, _ in cols)
    partitioned = has_day and (day_partitioned or schema in ("raw", "marts"))
    group = "date_day" if partitioned else "null"
    rows = con.execute(
        f'select {group} as d, count(*) as n, {size} as b from "{schema}"."{name}" group by 1'
    ).fetchall()
    return {
        "exists": True,
        "partitioned": partitioned,
        "columns": [c for c, _ in used],
        "per_day": {r[0]: (int(r[1]), int(r[2] or 0)) for r in rows},
    }


def _scan(sizes: dict[str, Any], days: tuple[date, date] | None) -> tuple[int, int]:
    """(partitions, bytes) a read of ``days`` (None = all) touches."""
    if not sizes.get("exists"):
        return 0, 0
    per_day = sizes["per_day"]
    if not sizes["partitioned"] or days is None:
        return len(per_day), sum(b for _, b in per_day.values())
    lo, hi = days
    hit = [b for d, (_, b) in per_day.items() if d is not None and lo <= d <= hi]
    return len(hit), sum(hit)


def _model_scans(
    nodes: dict[str, Any],
    uid: str,
    con: duckdb.DuckDBPyConnection,
    cache: dict[tuple[str, frozenset[str]], dict],
) -> dict[str, Any]:
    leaves, sql = _read_set(nodes, uid)
    days = _days_read(sql)
    words = set(re.findall(r"[a-z_][a-z0-9_]*", sql.lower()))
    out: dict[str, Any] = {
        "days_read": [d.isoformat() for d in days] if days else None,
        "relations": {},
    }
    for leaf in sorted(leaves):
        node = nodes[leaf]
        schema, name = node["schema"], node.get("alias") or node["name"]
        key = (f"{schema}.{name}", frozenset(words))
        if key not in cache:
            by_day = (node.get("config", {}).get("partition_by") or {}).get("field") == "date_day"
            cache[key] = relation_sizes(con, schema, name, words, by_day)
        parts, nbytes = _scan(cache[key], days)
        out["relations"][f"{schema}.{name}"] = {"partitions": parts, "bytes": nbytes}
    out["partitions"] = sum(r["partitions"] for r in out["relations"].values())
    out["bytes"] = sum(r["bytes"] for r in out["relations"].values())
    return out


def run(cfg: BenchConfig, db_path: Path, window: tuple[date, date]) -> dict[str, Any]:
    """Estimate sync vs full scans of every incremental model on ``db_path``'s data.

    Args:
        cfg: knobs (scratch directory).
        db_path: the 1-year warehouse (after the full build and the sync).
        window: the sync's ``(min_date, max_date)``.

    Returns:
        Per model: partitions and bytes of the sync and of the full build, their ratio, and the
        window's share of the history; totals over the models.
    """
    work = cfg.scratch_dir / "bigquery_compile"
    sync_nodes = compile_bigquery(work / "sync", window_env(*window))
    full_nodes = compile_bigquery(work / "full", {})
    con = duckdb.connect(str(db_path), read_only=True)
    cache: dict[tuple[str, frozenset[str]], dict] = {}
    try:
        lo, hi = con.execute(
            "select min(date_day), max(date_day) from raw.meta_ads_insights"
        ).fetchall()[0]
        models: dict[str, Any] = {}
        for uid, node in sorted(sync_nodes.items()):
            if node.get("config", {}).get("materialized") != "incremental":
                continue
            sync = _model_scans(sync_nodes, uid, con, cache)
            full = _model_scans(full_nodes, uid, con, cache)
            models[node["name"]] = {
                "sync": sync,
                "full": full,
                "bytes_ratio": round(sync["bytes"] / full["bytes"], 4) if full["bytes"] else None,
                "static_partitions": node["config"].get("partitions"),
            }
    finally:
        con.close()
    history_days = (hi - lo).days + 1 if lo and hi else None
    window_days = (window[1] - window[0]).days + 1
    sync_total = sum(m["sync"]["bytes"] for m in models.values())
    full_total = sum(m["full"]["bytes"] for m in models.values())
    return {
        "window": {
            "min_date": window[0].isoformat(),
            "max_date": window[1].isoformat(),
            "days": window_days,
        },
        "history_days": history_days,
        "window_share": round(window_days / history_days, 4) if history_days else None,
        "sync_bytes": sync_total,
        "full_bytes": full_total,
        "bytes_ratio": round(sync_total / full_total, 4) if full_total else None,
        "models": {k: _summary(v) for k, v in models.items()},
    }


def _summary(m: dict[str, Any]) -> dict[str, Any]:
    """Keep per-relation detail, drop the static partition list down to its length."""
    parts = m.pop("static_partitions")
    m["static_partitions"] = len(parts) if parts else None
    return m
