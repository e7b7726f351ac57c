"""Sync one Google Ads customer into the raw layer: entities, then daily stats.

Plain Python (no Dagster): the Dagster assets, the tests and the demo call these two functions.

Load contracts (see ``extractors.common.schemas``):

===================================  ===================  =====================================
table                                write mode           key / cursor
===================================  ===================  =====================================
raw.google_ads_customers             merge                account_id
raw.google_ads_campaigns             merge                campaign_id
raw.google_ads_ad_groups             merge                ad_group_id
raw.google_ads_ads                   merge                (ad_group_id, ad_id)
raw.google_ads_ad_stats_daily        partition overwrite  (date_day, account_id, ad_group_id,
                                                          ad_id); cursor date_day, lookback 14 d
raw.google_ads_campaign_stats_daily  partition overwrite  (date_day, account_id, campaign_id);
                                                          same
===================================  ===================  =====================================
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from extractors.common.loader import LoadResult, load_table
from extractors.common.schemas import GOOGLE_ADS_CUSTOMERS
from extractors.common.warehouse import LoadScope, Warehouse
from extractors.google_ads.client import GoogleAdsApiClient
from extractors.google_ads.entities import (
    ENTITY_KINDS,
    entity_spec,
    fetch_customer,
    fetch_objects,
)
from extractors.google_ads.reports import LEVELS, Level, fetch_stats
from extractors.google_ads.shape import CustomerInfo

log = logging.getLogger(__name__)


def customer_local_today(timezone: str, now: datetime) -> date:
    """The calendar day in the customer's ``timezone`` at the UTC instant ``now``."""
    return now.astimezone(ZoneInfo(timezone)).date()


def sync_entities(
    client: GoogleAdsApiClient, warehouse: Warehouse, *, loaded_at: datetime | None = None
) -> tuple[CustomerInfo, list[LoadResult]]:
    """Load the customer row and every campaign, ad group and ad (merge on id).

    Returns:
        The customer's facts and one load result per table.

    Raises:
        AuthError / GoogleAdsApiError: see :class:`GoogleAdsApiClient`; nothing is written for
            the customer when the first query fails.
    """
    loaded_at = loaded_at or datetime.now(UTC)
    info, customer_row = fetch_customer(client, loaded_at)
    results = [
        load_table(
            warehouse,
            GOOGLE_ADS_CUSTOMERS,
            customer_row,
            source=f"customer {client.customer_id} FROM customer",
        )
    ]
    for kind in ENTITY_KINDS:
        table = fetch_objects(client, kind, info, loaded_at)
        source = f"customer {client.customer_id} {kind}"
        results.append(load_table(warehouse, entity_spec(kind), table, source=source))
    return info, results


def sync_stats(
    client: GoogleAdsApiClient,
    warehouse: Warehouse,
    since: date,
    until: date,
    *,
    levels: tuple[Level, ...] = ("ad", "campaign"),
    now: datetime | None = None,
) -> list[LoadResult]:
    """Extract and load daily stats for ``[since, until]`` (the customer's local days).

    ``until`` is clamped to the customer's local today (later days cannot have data). Each
    level's rows of the (customer, window) are replaced in one transaction: re-running gives the
    same table and picks up late conversions.

    Returns:
        One load result per level (empty when the window lies wholly in the future).

    Raises:
        AuthError / GoogleAdsApiError: see :class:`GoogleAdsApiClient`.
    """
    now = now or datetime.now(UTC)
    info, _ = fetch_customer(client, now)
    until = min(until, customer_local_today(info.timezone, now))
    if until < since:
        log.info(
            "customer %s: window %s..%s is in the future locally; nothing to do",
            client.customer_id,
            since,
            until,
        )
        return []
    results = []
    for level in levels:
        spec = LEVELS[level][2]
        table = fetch_stats(client, info, level, since, until, loaded_at=now)
        scope = LoadScope(info.account_id, since, until)
        source = f"customer {client.customer_id} stats level={level} {since}..{until}"
        results.append(load_table(warehouse, spec, table, source=source, scope=scope))
    return results
