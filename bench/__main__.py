"""``make bench``: run the benchmarks and write ``bench/results/<name>.json``.

::

    python -m bench [--only ingest api_calls incremental mart_queries bytes]
                    [--ads 10000] [--days 365] [--accounts N]
                    [--ingest-ads 10000] [--ingest-days 60] [--api-ads 10000]
                    [--readers 10] [--queries-per-reader 40] [--seed 42]
                    [--exclude SELECTOR]
                    [--out bench/results] [--scratch bench/.scratch]

``ingest`` and ``api_calls`` share one sandbox; ``mart_queries`` and ``bytes`` read the
warehouse ``incremental`` builds (so they run after it, in the same invocation). What each
figure means, the targets and the measured values: ``bench/README.md``. The closed-loop
optimizer benchmark is separate: ``make bench-optimizer``.
"""

from __future__ import annotations

import argparse
import logging
import time
from datetime import date
from pathlib import Path

from bench import bytes_scanned, incremental, ingest, mart_queries, meta_sync
from bench.common import RESULTS_DIR, SCRATCH_DIR, BenchConfig, write_result

BENCHMARKS = ("ingest", "api_calls", "incremental", "mart_queries", "bytes")
log = logging.getLogger("bench")


def parse_args(argv: list[str] | None = None) -> tuple[BenchConfig, tuple[str, ...]]:
    """Knobs and the benchmarks to run from the command line."""
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    p.add_argument("--only", nargs="+", choices=BENCHMARKS, default=list(BENCHMARKS))
    p.add_argument("--ads", type=int, default=10_000, help="ads per platform (warehouse)")
    p.add_argument("--days", type=int, default=365, help="days of history (warehouse)")
    p.add_argument("--accounts", type=int, default=None, help="accounts per platform")
    p.add_argument("--ingest-ads", type=int, default=10_000, help="Meta ads recorded for ingest")
    p.add_argument("--ingest-days", type=int, default=60, help="days of recorded insights")
    p.add_argument("--api-ads", type=int, default=10_000, help="Meta ads of the API-call sync")
    p.add_argument("--readers", type=int, default=10)
    p.add_argument("--queries-per-reader", type=int, default=40)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument(
        "--exclude",
        default="",
        help="dbt selector left out of both builds (default: none, the whole project)",
    )
    p.add_argument("--out", type=Path, default=RESULTS_DIR)
    p.add_argument("--scratch", type=Path, default=SCRATCH_DIR)
    a = p.parse_args(argv)
    cfg = BenchConfig(
        ads=a.ads,
        days=a.days,
        accounts=a.accounts,
        ingest_ads=a.ingest_ads,
        ingest_days=a.ingest_days,
        api_ads=a.api_ads,
        readers=a.readers,
        queries_per_reader=a.queries_per_reader,
        seed=a.seed,
        exclude=a.exclude or None,
        out_dir=a.out.resolve(),
        scratch_dir=a.scratch.resolve(),
    )
    return cfg, tuple(b for b in BENCHMARKS if b in a.only)


def run_meta(cfg: BenchConfig, which: tuple[str, ...]) -> None:
    """``api_calls`` and/or ``ingest`` on one sandbox (pages recorded only for ``ingest``)."""
    ads = max(
        cfg.api_ads if "api_calls" in which else 0, cfg.ingest_ads if "ingest" in which else 0
    )
    pages = cfg.scratch_dir / "pages"
    with meta_sync.meta_sandbox(cfg, ads, max(cfg.ingest_days, 35) + 1) as sbx:
        if "api_calls" in which:
            figures = meta_sync.count_sync(cfg, sbx)
            log.info("api_calls: %s", write_result(cfg, "api_calls", figures))
        if "ingest" in which:
            meta_sync.record_pages(cfg, sbx, pages, cfg.ingest_days)
    if "ingest" in which:
        log.info("ingest: %s", write_result(cfg, "ingest", ingest.run(cfg, pages)))


def run_warehouse(cfg: BenchConfig, which: tuple[str, ...]) -> None:
    """``incremental``, then ``mart_queries`` and ``bytes`` on the warehouse it leaves behind."""
    db = incremental.warehouse_path(cfg)
    manifest = cfg.scratch_dir / "dbt" / "target" / "manifest.json"
    window: tuple[date, date] | None = None
    if "incremental" in which:
        figures = incremental.run(cfg)
        w = figures["sync_window"]
        window = (date.fromisoformat(w["min_date"]), date.fromisoformat(w["max_date"]))
        log.info("incremental: %s", write_result(cfg, "incremental", figures))
    elif not db.exists():
        raise SystemExit(f"{db} does not exist: run the incremental benchmark first")
    if "mart_queries" in which:
        figures = mart_queries.run(cfg, db, manifest)
        log.info("mart_queries: %s", write_result(cfg, "mart_queries", figures))
    if "bytes" in which:
        if window is None:
            import duckdb

            con = duckdb.connect(str(db), read_only=True)
            last = con.execute("select max(date_day) from raw.meta_ads_insights").fetchall()[0][0]
            con.close()
            window = (last - incremental.timedelta(days=28), last)
        figures = bytes_scanned.run(cfg, db, window)
        log.info("bytes: %s", write_result(cfg, "bytes", figures))


def main(argv: list[str] | None = None) -> None:
    """Run the selected benchmarks; each writes its result file as soon as it is done."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    for noisy in ("httpx", "uvicorn", "facebook_business", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    cfg, which = parse_args(argv)
    t0 = time.perf_counter()
    if {"ingest", "api_calls"} & set(which):
        run_meta(cfg, which)
    if {"incremental", "mart_queries", "bytes"} & set(which):
        run_warehouse(cfg, which)
    log.info("done in %.0f s: %s", time.perf_counter() - t0, ", ".join(which))


if __name__ == "__main__":
    main()
