"""Sync TikTok advertisers into the raw layer: entities, then daily ad reports.

Plain Python (no Dagster): the Dagster assets, the tests and the benchmarks call these.

Load contracts (``extractors.common.schemas``):

=============================  ===================  =========================================
table                          write mode           key / cursor
=============================  ===================  =========================================
raw.tiktok_advertisers         merge                account_id
raw.tiktok_campaigns           merge                campaign_id
raw.tiktok_ad_groups           merge                ad_group_id
raw.tiktok_ads                 merge                ad_id
raw.tiktok_ads_reports_daily   partition overwrite  (date_day, account_id, ad_id); cursor
                                                    date_day, lookback 3 days
=============================  ===================  =========================================

Days are advertiser-local (TikTok reports in the advertiser's timezone): a window's end is
clamped to the advertiser's own local today, so an advertiser ahead of UTC (Asia/Bangkok) gets
its new day as soon as it has begun there, and re-pulling a window replaces its rows, so no day is
lost or doubled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pyarrow as pa

from extractors.common.loader import LoadResult, load_table
from extractors.common.retry import ExtractError
from extractors.common.schemas import TIKTOK_ADS_REPORTS_DAILY, TIKTOK_ADVERTISERS
from extractors.common.warehouse import LoadScope, Warehouse
from extractors.tiktok.client import AdvertiserAccessError, TikTokClient
from extractors.tiktok.entities import (
    ENTITY_KINDS,
    AdvertiserInfo,
    entity_spec,
    fetch_advertiser,
    fetch_objects,
)
from extractors.tiktok.reports import fetch_ad_reports

log = logging.getLogger(__name__)


def local_today(timezone: str, now: datetime) -> date:
    """The calendar day in ``timezone`` at the UTC instant ``now``."""
    return now.astimezone(ZoneInfo(timezone)).date()


def lookback_window(timezone: str, now: datetime, lookback_days: int) -> tuple[date, date]:
    """``(local today − lookback_days, local today)``: the days a routine sync re-pulls."""
    today = local_today(timezone, now)
    return today - timedelta(days=lookback_days), today


def _advertiser(client: TikTokClient, loaded_at: datetime) -> tuple[AdvertiserInfo, pa.Table]:
    try:
        return fetch_advertiser(client, loaded_at)
    except AdvertiserAccessError as exc:
        raise AdvertiserAccessError(
            exc.code,
            f"{exc.api_message} — the token's app is not authorized for advertiser "
            f"{client.advertiser_id}; skipped. Authorize the app in TikTok Business Center or "
            "remove the advertiser from config/accounts.yml",
            exc.request_id,
            client.advertiser_id,
        ) from None


def sync_entities(
    client: TikTokClient, warehouse: Warehouse, *, loaded_at: datetime | None = None
) -> tuple[AdvertiserInfo, list[LoadResult]]:
    """Load the advertiser row and every campaign, ad group and ad (merge on id).

    Returns:
        The advertiser's facts and one load result per table.

    Raises:
        AdvertiserAccessError: no permission for the advertiser (nothing written).
        AuthError / TikTokApiError: see :class:`~extractors.tiktok.client.TikTokClient`.
    """
    loaded_at = loaded_at or datetime.now(UTC)
    info, row = _advertiser(client, loaded_at)
    results = [
        load_table(
            warehouse, TIKTOK_ADVERTISERS, row, source=f"advertiser/info {client.advertiser_id}"
        )
    ]
    for kind in ENTITY_KINDS:
        table = fetch_objects(client, kind, info, loaded_at)
        results.append(
            load_table(
                warehouse,
                entity_spec(kind),
                table,
                source=f"{kind} advertiser {client.advertiser_id}",
            )
        )
    return info, results


def sync_reports(
    client: TikTokClient,
    warehouse: Warehouse,
    since: date,
    until: date,
    *,
    now: datetime | None = None,
) -> list[LoadResult]:
    """Extract and load daily ad rows for ``[since, until]`` (advertiser-local days).

    ``until`` is clamped to the advertiser's local today (later days cannot have data). The
    advertiser's rows of the window are replaced in one transaction: re-running gives the same
    table and picks up late-settling numbers.

    Returns:
        One load result (none when the window lies wholly in the advertiser's future).

    Raises:
        AdvertiserAccessError / AuthError / TikTokApiError: see the client.
    """
    now = now or datetime.now(UTC)
    info, _ = _advertiser(client, now)
    until = min(until, local_today(info.timezone, now))
    if until < since:
        log.info(
            "TikTok advertiser %s: window %s..%s is in the future locally; nothing to do",
            client.advertiser_id,
            since,
            until,
        )
        return []
    table = fetch_ad_reports(client, info, since, until, loaded_at=now)
    scope = LoadScope(info.advertiser_id, since, until)
    source = f"report/integrated/get advertiser {client.advertiser_id} {since}..{until}"
    return [load_table(warehouse, TIKTOK_ADS_REPORTS_DAILY, table, source=source, scope=scope)]


def sync_recent(
    client: TikTokClient, warehouse: Warehouse, *, now: datetime | None = None
) -> list[LoadResult]:
    """Entities, then the lookback window (``settings.lookback_days`` before the local today).

    Raises:
        AdvertiserAccessError / AuthError / TikTokApiError: see the client.
    """
    now = now or datetime.now(UTC)
    info, results = sync_entities(client, warehouse, loaded_at=now)
    since, until = lookback_window(info.timezone, now, client.settings.lookback_days)
    return results + sync_reports(client, warehouse, since, until, now=now)


@dataclass
class SyncOutcome:
    """What a multi-advertiser sync did.

    Attributes:
        results: (advertiser id, load result) per table load.
        errors: one message per advertiser that failed (it names the advertiser).
        skipped: advertisers skipped for lack of permission (code 40002).
    """

    results: list[tuple[str, LoadResult]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def sync_advertisers(
    advertiser_ids: Sequence[str],
    client_for: Callable[[str], TikTokClient],
    run: Callable[[TikTokClient], list[LoadResult]],
) -> SyncOutcome:
    """Run ``run`` for every advertiser; one that fails does not stop the others.

    Args:
        advertiser_ids: advertisers to sync, in order.
        client_for: builds the client of an advertiser.
        run: the per-advertiser sync (e.g. ``lambda c: sync_reports(c, wh, since, until)``).

    Returns:
        Loads, plus an error message per failed advertiser (40002 ones also in ``skipped``).
    """
    out = SyncOutcome()
    for advertiser_id in advertiser_ids:
        try:
            loads = run(client_for(advertiser_id))
        except ExtractError as exc:
            log.error("%s", exc)
            out.errors.append(str(exc))
            if isinstance(exc, AdvertiserAccessError):
                out.skipped.append(advertiser_id)
            continue
        out.results += [(advertiser_id, r) for r in loads]
    return out
