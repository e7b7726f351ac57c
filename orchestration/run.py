"""``make run`` / ``make run-replay``: the main job on the embedded default, end to end.

1. start the sandbox (simulated market, or ``--replay`` of the recorded real data);
2. point the Meta resource at it (URL and a fresh per-run token, through the environment) and,
   with the simulated market, drop the partners' CSV files for the window into the inbox;
3. materialize every asset (``pipeline_job``) for the window in one run on DuckDB;
4. stop the sandbox and print the summary (rows per raw table and mart, top campaigns by ROAS).

Re-running gives identical tables: raw loads overwrite their (account, window) partitions, dbt
rebuilds the window, and the sandbox's clock is fixed to noon UTC of the day.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import secrets
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import dagster as dg
import requests

from config.accounts import load_accounts
from orchestration.defs.files.sandbox_drops import drop_sandbox_files
from orchestration.defs.ga4.sandbox_env import write_replay_export, write_sandbox_export
from orchestration.lib.partitions import daily_partitions, range_tags
from orchestration.lib.settings import REPO_ROOT, runtime_settings
from orchestration.sandbox_env import REPLAY_ACCOUNTS, demo_pii_salt, sandbox_env
from orchestration.summary import print_summary

log = logging.getLogger("adpilot.run")


def simulated_window(now: datetime, days: int) -> dg.PartitionKeyRange:
    """The last ``days`` account-local days at ``now``, ending at the latest partition.

    The latest partition is the day in progress in UTC+14, at or after every account's local
    today, so every account gets at least ``days`` complete or current local days.
    """
    last = date.fromisoformat(daily_partitions.get_partition_keys(current_time=now)[-1])
    return dg.PartitionKeyRange((last - timedelta(days=days)).isoformat(), last.isoformat())


def replay_window(
    info: dict[str, object], account_ids: set[str] | None = None
) -> dg.PartitionKeyRange:
    """The recorded data's span (from the sandbox's ``/__sandbox/info``).

    With ``account_ids``, only those accounts' recorded days count: the run covers what it syncs.
    Every (asset, partition) of a run costs Dagster a few milliseconds before the first step, so
    a window stretched over years of days nobody syncs (the TikTok recordings run to 2024, the
    Meta ones end in 2020) would make the demo several times slower for nothing.
    """
    accounts = info.get("accounts")
    if account_ids is not None and isinstance(accounts, list):
        days = [
            (str(a["insights_since"]), str(a["insights_until"]))
            for a in accounts
            if a.get("account_id") in account_ids and a.get("insights_since")
        ]
        if days:
            return dg.PartitionKeyRange(min(d[0] for d in days), max(d[1] for d in days))
    span = info["insights_span"]
    assert isinstance(span, dict)
    return dg.PartitionKeyRange(str(span["start"]), str(span["end"]))


def synced_account_ids(path: Path) -> set[str]:
    """Ids of every enabled account of an accounts file (Meta, TikTok, Google Ads)."""
    cfg = load_accounts(path)
    sections = (cfg.meta, cfg.tiktok, cfg.google_ads)
    return {a.account_id for s in sections if s is not None for a in s.enabled_accounts()}


def run_pipeline(keys: dg.PartitionKeyRange) -> dg.ExecuteInProcessResult:
    """Execute ``pipeline_job`` in-process over ``keys`` (one run: single-run backfill).

    The definitions are imported here, after the environment points at the sandbox.
    """
    definitions = importlib.import_module("orchestration.definitions")
    job = definitions.defs.resolve_job_def("pipeline_job")
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else None
    return job.execute_in_process(
        tags=range_tags(keys),
        instance=instance or dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=35, help="days of history to materialize")
    parser.add_argument("--seed", type=int, default=42, help="simulated market seed")
    parser.add_argument("--replay", type=Path, help="serve recorded data from this directory")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    from sandbox.process import running_sandbox  # the demo's API emulator

    token = secrets.token_urlsafe(24)
    replay = str(args.replay.resolve()) if args.replay else None
    with running_sandbox(seed=args.seed, days=args.days + 2, replay=replay, token=token) as sb:
        os.environ.update(sandbox_env(sb, replay=bool(replay)))
        os.environ.setdefault("ADPILOT_PII_SALT", demo_pii_salt())  # demo: this machine's salt
        info = requests.get(f"{sb.base_url}/__sandbox/info", timeout=30).json()
        if replay:
            keys = replay_window(info, synced_account_ids(REPLAY_ACCOUNTS))
            # GA4: the recorded public sample as daily export files; the window covers its days
            ga4_env, ga4_first, ga4_last = write_replay_export(
                args.replay.resolve(), runtime_settings().ga4_export_dir
            )
            os.environ.update(ga4_env)
            keys = dg.PartitionKeyRange(
                min(keys.start, ga4_first.isoformat()), max(keys.end, ga4_last.isoformat())
            )
        else:
            keys = simulated_window(datetime.fromisoformat(str(info["now"])), args.days)
            # the partners' CSV drops for the window, into the inbox file_drops loads
            dropped = drop_sandbox_files(
                args.seed, args.days + 2, str(info["now"]), keys, runtime_settings().inbox_dir
            )
            log.info("dropped %d sandbox CSV file(s) into the inbox", len(dropped))
            # the market's GA4 export for the window, where the ga4_events asset reads it
            ga4_files = write_sandbox_export(
                runtime_settings().ga4_export_dir,
                args.seed,
                args.days + 2,
                datetime.fromisoformat(str(info["now"])),
                date.fromisoformat(keys.start),
                date.fromisoformat(keys.end),
            )
            log.info("wrote %d GA4 export file(s)", len(ga4_files))
        log.info("materializing every asset for partitions %s..%s", keys.start, keys.end)
        result = run_pipeline(keys)
    if not result.success:
        failed = [e.step_key for e in result.all_events if e.is_step_failure]
        print(f"pipeline_job failed at steps {failed}; see the log above", file=sys.stderr)
        return 1
    print_summary(
        Path(os.environ.get("ADPILOT_DUCKDB_PATH", REPO_ROOT / "data/warehouse.duckdb")), keys
    )
    from looker_studio.preview import render_dashboard  # the local preview of the dashboard

    warehouse = Path(os.environ.get("ADPILOT_DUCKDB_PATH", REPO_ROOT / "data/warehouse.duckdb"))
    print(f"dashboard: {render_dashboard(warehouse, REPO_ROOT / 'data' / 'dashboard')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
