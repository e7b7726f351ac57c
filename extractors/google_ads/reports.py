"""Google Ads daily stats at ad and campaign level (GAQL with ``segments.date``).

``segments.date`` is the customer's own (account-local) day, so the rows go straight into the
account-local ``date_day`` partitions; no timezone arithmetic happens here. ``cost_micros`` stays
in micros of the account currency (staging divides by 10^6); ``conversions`` is fractional under
data-driven attribution; ``conversions_value`` is in currency units.

- ``raw.google_ads_ad_stats_daily``: ``FROM ad_group_ad`` — Search (and other ad-based) campaigns.
- ``raw.google_ads_campaign_stats_daily``: ``FROM campaign`` — every campaign's totals, including
  Performance Max, which has no ad-level rows. Ad rows and campaign rows overlap for ad-based
  campaigns: the warehouse keeps each campaign's totals once (dbt, DECISIONLOG.md).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

import pyarrow as pa

from extractors.common.schemas import (
    GOOGLE_ADS_AD_STATS_DAILY,
    GOOGLE_ADS_CAMPAIGN_STATS_DAILY,
    TableSpec,
)
from extractors.google_ads import settings as s
from extractors.google_ads.client import GoogleAdsApiClient
from extractors.google_ads.shape import CustomerInfo, to_raw

Level = Literal["ad", "campaign"]

_METRICS = {
    "cost_micros": '"metrics.cost_micros"',
    "impressions": '"metrics.impressions"',
    "clicks": '"metrics.clicks"',
    "conversions": '"metrics.conversions"',
    "conversions_value": 'cast("metrics.conversions_value" as decimal(38, 9))',
    "video_views": '"metrics.video_trueview_views"',
}
AD_STATS_COLUMNS = {
    "date_day": 'cast("segments.date" as date)',
    "account_id": "$account_id",
    "campaign_id": '"campaign.id"::varchar',
    "ad_group_id": '"ad_group.id"::varchar',
    "ad_id": '"ad_group_ad.ad.id"::varchar',
    **_METRICS,
}
CAMPAIGN_STATS_COLUMNS = {
    "date_day": 'cast("segments.date" as date)',
    "account_id": "$account_id",
    "campaign_id": '"campaign.id"::varchar',
    **_METRICS,
}

LEVELS: dict[Level, tuple[str, tuple[str, ...], TableSpec, dict[str, str]]] = {
    "ad": ("ad_group_ad", s.AD_STATS_FIELDS, GOOGLE_ADS_AD_STATS_DAILY, AD_STATS_COLUMNS),
    "campaign": (
        "campaign",
        s.CAMPAIGN_STATS_FIELDS,
        GOOGLE_ADS_CAMPAIGN_STATS_DAILY,
        CAMPAIGN_STATS_COLUMNS,
    ),
}


def fetch_stats(
    client: GoogleAdsApiClient,
    customer: CustomerInfo,
    level: Level,
    since: date,
    until: date,
    *,
    loaded_at: datetime,
) -> pa.Table:
    """Daily stats of one customer at ``level`` for ``[since, until]`` (account-local days).

    Returns:
        The raw table's rows (one per object and day with any delivery).

    Raises:
        AuthError / GoogleAdsApiError: see :class:`GoogleAdsApiClient`.
    """
    resource, fields, spec, columns = LEVELS[level]
    query = s.gaql(fields, resource, s.date_filter(since, until))
    result = client.search(query, fields, what=f"stats FROM {resource} {since}..{until}")
    return to_raw(result, spec, columns, customer, f"SearchStream {query}", loaded_at)
