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
5. **probes**, on a copy of the synced warehouse (:func:`_probe`): the same sync over a window
   with no rows (``fixed_s``: what a sync costs whatever its window), then the same sync again
   after the history before the last ``days // 2`` days is cut
   (``half_history_incremental_s``: what of a sync grows with history).

Both builds run as subprocesses; wall time and peak RSS come from :func:`bench.common.run_dbt`.
The warehouse is left in place for the mart-query and bytes benchmarks.
"""

from __future__ import annotations

import json
import logging
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.common import START, BenchConfig, DbtRun, run_dbt, timed
from bench.volume import LOOKBACK_DAYS, build_warehouse, cut_history, sync_window
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
        incremental build's peak RSS, the raw rows, the window, load times, the slowest
        nodes of each build, and the probes of :func:`_probe` (``fixed_s``, ``fixed_ratio`` =
        fixed / full, ``half_history_incremental_s``).

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
    probe = _probe(cfg, db, args, env, new_day)  # its own target directory: work/ stays the sync's
    return {
        "full_s": round(full.seconds, 1),
        "full_rss_mb": round(full.peak_rss_mb),
        "incremental_s": round(inc.seconds, 1),
        "ratio": round(inc.seconds / full.seconds, 3),
        "incremental_rss_mb": round(inc.peak_rss_mb),
        "excluded": cfg.exclude,
        "targets": {"full_s_max": 600, "full_rss_mb_max": 4096, "ratio_max": 0.10},
        "raw_rows": rows,
        "history_first_day": market.history_start.isoformat(),
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
        **probe,
        "fixed_ratio": round(probe["fixed_s"] / full.seconds, 3),
    }


def _probe(
    cfg: BenchConfig, db: Path, args: list[str], env: dict[str, str], new_day: date
) -> dict[str, Any]:
    """Two more syncs on a copy of the synced warehouse: what is fixed, what grows with history.

    1. **fixed**: the sync's selection over a one-day window ten years after the data, so no
       model reads or writes a row of it: dbt's start, one query per model and data test (its
       window empty), the table models (rebuilt over all history, as in every sync).
    2. **half history**: every day-grain table cut to its last ``cfg.days // 2`` days
       (:func:`bench.volume.cut_history`), then the sync's own window again (a re-run: the same
       deletes and inserts as the sync). A sync whose cost grows with the window, not with
       history, takes about as long as on the whole year.

    The copy gets its own target directory and an untimed ``dbt parse`` first (the profile names
    the DuckDB file, so a new file means a new parse); the copy is deleted afterwards.

    Returns:
        ``fixed_s``, ``fixed_window``, ``half_history_incremental_s``, ``half_history_first_day``,
        ``half_history_rows_deleted`` and the probes' failed/skipped nodes (``probe_not_ok``).

    Raises:
        RuntimeError: a dbt command did not start.
    """
    copy, work = cfg.scratch_dir / "warehouse_probe.duckdb", cfg.scratch_dir / "dbt_probe"
    wal, copy_wal = db.with_suffix(".duckdb.wal"), copy.with_suffix(".duckdb.wal")
    copy_wal.unlink(missing_ok=True)
    shutil.copyfile(db, copy)
    if wal.exists():  # dbt checkpoints on close; a WAL left behind holds committed writes
        shutil.copyfile(wal, copy_wal)
    try:
        parsed = run_dbt(["parse"], copy, work)
        if parsed.returncode != 0:
            raise RuntimeError(f"dbt parse failed (exit {parsed.returncode}):\n{parsed.output}")
        empty_day = new_day + timedelta(days=3650)
        empty_env = window_env(empty_day, empty_day)
        fixed, fixed_bad = _checked(
            run_dbt(args, copy, work, empty_env), work, "build (sync, empty window)"
        )
        first_kept = new_day - timedelta(days=cfg.days // 2)
        deleted = cut_history(copy, first_kept)
        half, half_bad = _checked(
            run_dbt(args, copy, work, env), work, "build (sync, half history)"
        )
    finally:
        for path in (copy, copy_wal):
            path.unlink(missing_ok=True)
    return {
        "fixed_s": round(fixed.seconds, 1),
        "fixed_window": {"min_date": empty_day.isoformat(), "max_date": empty_day.isoformat()},
        "half_history_incremental_s": round(half.seconds, 1),
        "half_history_first_day": first_kept.isoformat(),
        "half_history_rows_deleted": sum(deleted.values()),
        "probe_not_ok": {"fixed": fixed_bad, "half_history": half_bad},
    }
