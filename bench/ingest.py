"""``ingest.json``: rows/s of our parse → load path against DuckDB's own ``read_json``.

Both sides read the same recorded Graph report pages (:func:`bench.meta_sync.record_pages`)
from disk, in the same process, one after the other, each into its own new DuckDB file:

- **ours** — per account, the page bodies as the extractor holds them after the HTTP calls
  (strings), ``extractors.meta.insights.parse_pages`` (one DuckDB JSON pass, casts to the raw
  contract) and ``extractors.common.loader.load_table`` (conform, key/scope checks with Arrow
  compute, quarantine, partition overwrite of the (account, window) scope, ``ops.sync_state``)
  into ``raw.meta_ads_insights``;
- **limit** — ``read_json`` over the same files, ``unnest`` of each page's ``data`` into a
  table with the auto-detected columns: the fastest local load of those bytes, with none of
  the contract's casts, checks or bookkeeping.

Reading the files is timed on both sides; the HTTP extract is not (it measures the sandbox).
"""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from bench.common import START, BenchConfig, timed
from extractors.common.loader import load_table
from extractors.common.schemas import META_ADS_INSIGHTS, OPS_TABLES
from extractors.common.warehouse import DuckDBWarehouse, LoadScope
from extractors.meta.entities import AccountInfo
from extractors.meta.insights import parse_pages

log = logging.getLogger("bench")


def _fresh(path: Path) -> Path:
    for p in (path, path.with_suffix(".duckdb.wal")):
        p.unlink(missing_ok=True)
    return path


def load_ours(pages_dir: Path, manifest: dict[str, Any], db_path: Path) -> int:
    """Parse and load every recorded page through the extractor's path; returns rows loaded."""
    rows = 0
    with DuckDBWarehouse(_fresh(db_path)) as wh:
        for spec in (META_ADS_INSIGHTS, *OPS_TABLES):
            wh.ensure_table(spec)
        for acct in manifest["accounts"]:
            bodies = [(pages_dir / n).read_text(encoding="utf-8") for n in acct["pages"]]
            info = AccountInfo(
                acct["account_id"], acct["name"], acct["currency_code"], acct["timezone"]
            )
            source = f"act_{info.account_id}/insights level=ad"
            table = parse_pages(bodies, META_ADS_INSIGHTS, info, START, source)
            scope = LoadScope(
                info.account_id,
                date.fromisoformat(acct["since"]),
                date.fromisoformat(acct["until"]),
            )
            rows += load_table(wh, META_ADS_INSIGHTS, table, source=source, scope=scope).rows_loaded
    return rows


def load_limit(pages_dir: Path, db_path: Path) -> int:
    """``read_json`` + ``unnest`` of the same pages into one table; returns rows loaded."""
    con = duckdb.connect(str(_fresh(db_path)))
    try:
        con.execute(
            "create table rows as select r.* from ("
            "  select unnest(data) as r from read_json($glob, format='newline_delimited',"
            "  maximum_object_size=268435456))",
            {"glob": str(pages_dir / "page-*.json")},
        )
        return int(con.execute("select count(*) from rows").fetchall()[0][0])
    finally:
        con.close()


def run(cfg: BenchConfig, pages_dir: Path) -> dict[str, Any]:
    """Time both loads of the pages in ``pages_dir`` (recorded with their ``manifest.json``).

    Returns:
        ``ours_rows_per_s``, ``limit_rows_per_s``, ``ratio`` (ours / limit), rows, seconds,
        pages and megabytes of JSON.

    Raises:
        RuntimeError: the two sides loaded different numbers of rows.
    """
    manifest = json.loads((pages_dir / "manifest.json").read_text())
    files = list(pages_dir.glob("page-*.json"))
    mb = sum(len(f.read_bytes()) for f in files) / 2**20  # also warms the page cache for both
    work = cfg.scratch_dir / "ingest"
    work.mkdir(parents=True, exist_ok=True)
    limit_rows, limit_s = timed(load_limit, pages_dir, work / "limit.duckdb")
    ours_rows, ours_s = timed(load_ours, pages_dir, manifest, work / "ours.duckdb")
    if ours_rows != limit_rows:
        raise RuntimeError(f"ours loaded {ours_rows} rows, read_json {limit_rows}")
    log.info("ingest: %d rows, ours %.1f s, read_json %.1f s", ours_rows, ours_s, limit_s)
    ours_rps, limit_rps = ours_rows / ours_s, limit_rows / limit_s
    return {
        "ours_rows_per_s": round(ours_rps),
        "limit_rows_per_s": round(limit_rps),
        "ratio": round(ours_rps / limit_rps, 3),
        "target_min": 0.5,
        "rows": ours_rows,
        "ours_s": round(ours_s, 2),
        "limit_s": round(limit_s, 2),
        "pages": len(files),
        "json_mb": round(mb, 1),
        "accounts": len(manifest["accounts"]),
    }
