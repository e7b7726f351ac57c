"""``incremental.json``: a full ``dbt build`` over a year versus one scheduled sync on top of it.

1. :func:`bench.volume.build_warehouse` loads ``days`` × ``ads`` × 3 platforms of the market
   into a new DuckDB file under ``bench/.scratch/``.
2. **full**: ``dbt build`` with no window vars (every model, seed and data test over all
   history), as ``orchestration.lib.dbt_vars.BUILD_COMMAND`` (unit tests run in CI only).
3. The market clock advances one day; :func:`bench.volume.sync_window` replaces each
   platform's lookback (Meta 28, TikTok 3, Google 14 days) and the new day in the raw facts.
4. **incremental**: the same command with
   ``--select source:meta+ source:tiktok+ source:google_ads+``, the window (the new day and the
   28 days before it) in the environment as the Dagster sync jobs pass it
   (``orchestration.lib.dbt_vars.window_env``), in the same target directory: dbt keeps the
   full build's parse, as a Dagster run keeps the run before's (``keep_partial_parse``).

Both builds run as subprocesses; wall time and peak RSS come from :func:`bench.common.run_dbt`.
The warehouse is left in place for the mart-query and bytes benchmarks.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.common import START, BenchConfig, DbtRun, run_dbt, timed
from bench.volume import LOOKBACK_DAYS, build_warehouse, sync_window
from orchestration.lib.dbt_vars import BUILD_COMMAND, PARTIAL_PARSE_FILE, window_env
from sandbox.market.market import Market, MarketConfig

log = logging.getLogger("bench")

SYNC_SELECT = ["source:meta+", "source:tiktok+", "source:google_ads+"]
"""What the ad platforms' scheduled sync jobs build downstream of their raw tables."""


def warehouse_path(cfg: BenchConfig) -> Path:
    """The year-long benchmark warehouse (shared with the mart-query and bytes benchmarks)."""
    return cfg.scratch_dir / "warehouse.duckdb"


def _market(cfg: BenchConfig) -> Market:
    ads, accounts = cfg.market_scale(cfg.ads)
    return Market(MarketConfig(seed=cfg.seed, days=cfg.days, now=START, ads=ads, accounts=accounts))


def _checked(run: DbtRun, work: Path, what: str) -> tuple[DbtRun, dict[str, list[str]]]:
    """Log a build; return it with its failed/errored and skipped nodes.

    Raises:
        RuntimeError: dbt did not get as far as running nodes (no ``run_results.json``).
    """
    path = work / "target" / "run_results.json"
    if not path.exists():
        raise RuntimeError(f"dbt {what} failed (exit {run.returncode}):\n{run.output}")
    results = json.loads(path.read_text())["results"]
    bad = {
        "failed": sorted(r["unique_id"] for r in results if r["status"] in ("error", "fail")),
        "skipped": sorted(r["unique_id"] for r in results if r["status"] == "skipped"),
    }
    log.info(
        "dbt %s: %.1f s, peak RSS %.0f MiB, %d nodes, %d failed, %d skipped",
        what,
        run.seconds,
        run.peak_rss_mb,
        len(results),
        len(bad["failed"]),
        len(bad["skipped"]),
    )
    return run, bad


def _slowest(work: Path, n: int = 8) -> list[dict[str, Any]]:
    """The ``n`` slowest nodes of the last dbt run (``run_results.json``)."""
    path = work / "target" / "run_results.json"
    if not path.exists():
        return []
    results = json.loads(path.read_text())["results"]
    top = sorted(results, key=lambda r: r.get("execution_time") or 0, reverse=True)[:n]
    return [{"node": r["unique_id"], "s": round(r["execution_time"], 2)} for r in top]


def run(cfg: BenchConfig) -> dict[str, Any]:
    """Build the warehouse, time the full and the incremental build.

    Returns:
        ``full_s``, ``full_rss_mb``, ``incremental_s``, ``ratio`` (incremental / full), plus the
        incremental build's peak RSS, the raw rows, the window, load times and the slowest
        nodes of each build.

    Raises:
        RuntimeError: a dbt build did not start (its output is in the message); failing
            nodes are listed in the result instead.
    """
    db, work = warehouse_path(cfg), cfg.scratch_dir / "dbt"
    market = _market(cfg)
    rows, load_s = timed(build_warehouse, db, market)
    log.info("warehouse: %d raw fact rows in %.1f s", sum(rows.values()), load_s)
    excl = ["--exclude", *cfg.exclude.split()] if cfg.exclude else []
    # the full build parses from scratch, as on a fresh clone (not from an earlier run's parse)
    (work / "target" / PARTIAL_PARSE_FILE).unlink(missing_ok=True)
    full, full_bad = _checked(run_dbt([*BUILD_COMMAND, *excl], db, work), work, "build (full)")
    full_slowest = _slowest(work)

    market.advance(1)
    new_day = market.clock.now.date()
    first = new_day - timedelta(days=max(LOOKBACK_DAYS.values()))
    sync_rows, sync_load_s = timed(sync_window, db, market)
    args = [*BUILD_COMMAND, "--select", *SYNC_SELECT, *excl]
    env = window_env(first, new_day)
    inc, inc_bad = _checked(run_dbt(args, db, work, env), work, "build (incremental)")
    return {
        "full_s": round(full.seconds, 1),
        "full_rss_mb": round(full.peak_rss_mb),
        "incremental_s": round(inc.seconds, 1),
        "ratio": round(inc.seconds / full.seconds, 3),
        "incremental_rss_mb": round(inc.peak_rss_mb),
        "excluded": cfg.exclude,
        "targets": {"full_s_max": 600, "full_rss_mb_max": 4096, "ratio_max": 0.10},
        "raw_rows": rows,
        "raw_fact_rows": sum(v for k, v in rows.items() if "insights" in k or "daily" in k),
        "warehouse_load_s": round(load_s, 1),
        "sync_window": {"min_date": first.isoformat(), "max_date": new_day.isoformat()},
        "sync_raw_rows": sync_rows,
        "sync_raw_load_s": round(sync_load_s, 1),
        "incremental_command": ["dbt", *args],
        "incremental_env": env,
        "slowest_nodes_full": full_slowest,
        "slowest_nodes_incremental": _slowest(work),
        # nodes that failed (a model or test error) or were skipped because of one: reported,
        # not hidden — the timings exclude their work
        "full_not_ok": full_bad,
        "incremental_not_ok": inc_bad,
    }
