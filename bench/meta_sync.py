"""``api_calls.json``: Graph requests of one 28-day lookback sync, counted by the sandbox.

One sandbox market (in-process, fixed clock, ``api_ads`` Meta ads) is synced the way the
``meta_sync_job`` does it: per ad account ``sync_entities`` (account, campaigns, ad sets, ads)
then ``sync_insights`` over the lookback (28 days before the account-local today, and today),
ad and campaign level, into a scratch DuckDB file. The sandbox counts every request
(``/__sandbox/stats``, reset before the sync); ad-days are the ad-level insight rows loaded.

:func:`record_pages` reuses the running sandbox to record raw report pages for the ingest
benchmark (:mod:`bench.ingest`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.common import START, BenchConfig
from extractors.common.retry import RetryPolicy
from extractors.common.schemas import RAW_TABLES
from extractors.common.warehouse import DuckDBWarehouse
from extractors.meta.client import MetaClient
from extractors.meta.entities import fetch_account
from extractors.meta.insights import Window, collect_pages
from extractors.meta.settings import MetaSettings
from extractors.meta.sync import sync_entities, sync_insights
from sandbox.market.catalog import platform_accounts
from sandbox.process import SandboxHandle, running_sandbox

log = logging.getLogger("bench")

LOOKBACK_DAYS = 28


@contextmanager
def meta_sandbox(cfg: BenchConfig, ads: int, days: int) -> Iterator[SandboxHandle]:
    """An in-process sandbox at the fixed clock with ``ads`` Meta ads and ``days`` of history."""
    accounts = {"meta": cfg.accounts} if cfg.accounts else {}
    with running_sandbox(
        seed=cfg.seed,
        days=days,
        now=START,
        in_process=True,
        token="bench-token",
        ads={"meta": ads},
        accounts=accounts,
        google_ads=False,
    ) as sbx:
        yield sbx


def client_for(sbx: SandboxHandle, account_id: str) -> MetaClient:
    """A Meta client on the sandbox that never sleeps (polls and retries are still counted)."""
    settings = MetaSettings(
        graph_url=sbx.base_url,
        poll_interval_s=0.0,
        retry=RetryPolicy(max_attempts=3, base_delay_s=0.0),
    )
    return MetaClient(sbx.token, account_id, settings, sleep=lambda _s: None)


def meta_account_ids(cfg: BenchConfig) -> list[str]:
    """The Meta ad account ids of the market at this scale."""
    return [a.account_id for a in platform_accounts("meta", cfg.accounts)]


def count_sync(cfg: BenchConfig, sbx: SandboxHandle) -> dict[str, Any]:
    """Run one lookback sync of every Meta account and count its requests.

    Returns:
        ``requests``, ``ad_days``, ``requests_per_1000_ad_days`` and the requests per route
        family (``meta.insights``, ``meta.report_run`` ...).
    """
    db = cfg.scratch_dir / "api_calls.duckdb"
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    ad_days = 0
    with DuckDBWarehouse(db) as wh:
        for spec in RAW_TABLES:
            wh.ensure_table(spec)
        sbx.reset_stats()
        for account_id in meta_account_ids(cfg):
            client = client_for(sbx, account_id)
            sync_entities(client, wh, loaded_at=START)
            today = START.date()
            results = sync_insights(
                client, wh, today - timedelta(days=LOOKBACK_DAYS), today, now=START
            )
            ad_days += sum(r.rows_loaded for r in results if r.table == "raw.meta_ads_insights")
        stats = sbx.stats()
    requests = int(stats["total"])
    return {
        "requests": requests,
        "ad_days": ad_days,
        "requests_per_1000_ad_days": round(requests / ad_days * 1000, 3) if ad_days else None,
        "target_max": 5,
        "lookback_days": LOOKBACK_DAYS,
        "accounts": len(meta_account_ids(cfg)),
        "requests_by_route": stats["routes"],
        "statuses": stats["statuses"],
    }


def record_pages(cfg: BenchConfig, sbx: SandboxHandle, out: Path, days: int) -> dict[str, Any]:
    """Record the ad-level report pages of ``days`` days per account as files under ``out``.

    Each page body is stored as received (``page-<account>-<n>.json``); ``manifest.json`` keeps the
    account facts and window each page belongs to.

    Returns:
        The manifest: ``{"accounts": [{account_id, name, currency_code, timezone, since,
        until, pages: [file names]}]}``.
    """
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.json"):
        old.unlink()
    until = START.date() - timedelta(days=1)
    since = until - timedelta(days=days - 1)
    manifest: dict[str, Any] = {"accounts": []}
    for account_id in meta_account_ids(cfg):
        client = client_for(sbx, account_id)
        info, _ = fetch_account(client, START)
        bodies = collect_pages(client, "ad", Window(since, until), lambda: [])
        names = []
        for i, body in enumerate(bodies):
            name = f"page-{account_id}-{i:04d}.json"
            (out / name).write_text(body, encoding="utf-8")
            names.append(name)
        manifest["accounts"].append(
            {
                "account_id": info.account_id,
                "name": info.name,
                "currency_code": info.currency_code,
                "timezone": info.timezone,
                "since": since.isoformat(),
                "until": until.isoformat(),
                "pages": names,
            }
        )
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest
