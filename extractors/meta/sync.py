"""Sync one Meta ad account into the raw layer: entities, then daily insights.

Plain Python (no Dagster): the Dagster assets, the end-to-end tests and the benchmarks all call
these two functions.

Load contracts (see ``extractors.common.schemas``):

==========================  ==================  ==========================================
table                       write mode          key / cursor
==========================  ==================  ==========================================
raw.meta_ad_accounts        merge               account_id
raw.meta_campaigns          merge               campaign_id
raw.meta_ad_sets            merge               ad_set_id
raw.meta_ads                merge               ad_id
raw.meta_ads_insights       partition overwrite (date_day, account_id, ad_id); cursor date_day,
                                                lookback 28 days
raw.meta_campaigns_insights partition overwrite (date_day, account_id, campaign_id); same
==========================  ==================  ==========================================
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from extractors.common.loader import LoadResult, load_table
from extractors.common.schemas import META_AD_ACCOUNTS
from extractors.common.warehouse import LoadScope, Warehouse
from extractors.meta.client import MetaClient
from extractors.meta.entities import (
    ENTITY_KINDS,
    AccountInfo,
    entity_spec,
    fetch_account,
    fetch_objects,
)
from extractors.meta.insights import LEVELS, Level, fetch_insights

log = logging.getLogger(__name__)


def account_local_today(timezone: str, now: datetime) -> date:
    """The calendar day in ``timezone`` at the UTC instant ``now``."""
    return now.astimezone(ZoneInfo(timezone)).date()


def sync_entities(
    client: MetaClient, warehouse: Warehouse, *, loaded_at: datetime | None = None
) -> tuple[AccountInfo, list[LoadResult]]:
    """Load the account row and every campaign, ad set and ad (merge on id).

    Returns:
        The account's facts and one load result per table.

    Raises:
        AuthError / MetaApiError: see :class:`~extractors.meta.client.MetaClient`; nothing is
            written for the account when the first call fails.
    """
    loaded_at = loaded_at or datetime.now(UTC)
    info, account_row = fetch_account(client, loaded_at)
    results = [
        load_table(
            warehouse, META_AD_ACCOUNTS, account_row, source=account_row["_source"][0].as_py()
        )
    ]
    for kind in ENTITY_KINDS:
        table = fetch_objects(client, kind, info, loaded_at)
        source = f"GET act_{client.account_id}/{kind}"
        results.append(load_table(warehouse, entity_spec(kind), table, source=source))
    return info, results


def sync_insights(
    client: MetaClient,
    warehouse: Warehouse,
    since: date,
    until: date,
    *,
    levels: tuple[Level, ...] = ("ad", "campaign"),
    now: datetime | None = None,
) -> list[LoadResult]:
    """Extract and load daily insights for ``[since, until]`` (account-local days).

    ``until`` is clamped to the account's local today (later days cannot have data). Each level's
    rows for the (account, window) are replaced in one transaction — re-running gives the same
    table and picks up late-attributed conversions.

    Returns:
        One load result per level (empty list if the window lies wholly in the future).
    """
    now = now or datetime.now(UTC)
    info, _ = fetch_account(client, now)
    until = min(until, account_local_today(info.timezone, now))
    if until < since:
        log.info(
            "act_%s: window %s..%s is in the future locally; nothing to do",
            client.account_id,
            since,
            until,
        )
        return []
    campaign_ids = _campaign_lister(client, info, now)
    results = []
    for level in levels:
        spec, _ = LEVELS[level]
        table = fetch_insights(
            client, info, level, since, until, campaign_ids=campaign_ids, loaded_at=now
        )
        scope = LoadScope(info.account_id, since, until)
        source = f"act_{client.account_id}/insights level={level} {since}..{until}"
        results.append(load_table(warehouse, spec, table, source=source, scope=scope))
    return results


def _campaign_lister(
    client: MetaClient, info: AccountInfo, now: datetime
) -> Callable[[], list[str]]:
    def ids() -> list[str]:
        table = fetch_objects(client, "campaigns", info, now)
        return [str(x) for x in table["campaign_id"].to_pylist()]

    return ids
