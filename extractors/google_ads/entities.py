"""Google Ads entities: the customer, campaigns (with budgets), ad groups and ads, as Arrow.

One GAQL query per table through ``SearchStream`` (queries in ``settings``): ``FROM customer``,
``FROM campaign`` (with ``campaign_budget.id`` and ``campaign_budget.amount_micros``: the daily
budget in micros of the account currency, kept raw), ``FROM ad_group``, ``FROM ad_group_ad``.
Tables follow ``raw.google_ads_customers|google_ads_campaigns|google_ads_ad_groups|
google_ads_ads`` (``extractors.common.schemas``). Performance Max campaigns list no ad groups or
ads (they run asset groups); their delivery is only in campaign-level stats.
"""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa

from extractors.common.retry import ExtractError
from extractors.common.schemas import (
    GOOGLE_ADS_AD_GROUPS,
    GOOGLE_ADS_ADS,
    GOOGLE_ADS_CAMPAIGNS,
    GOOGLE_ADS_CUSTOMERS,
    TableSpec,
)
from extractors.google_ads import settings as s
from extractors.google_ads.client import GoogleAdsApiClient
from extractors.google_ads.shape import CustomerInfo, to_raw

_ID = '"{}"::varchar'

CUSTOMER_COLUMNS = {
    "account_id": _ID.format("customer.id"),
    "descriptive_name": '"customer.descriptive_name"',
    "status": '"customer.status"',
}
CAMPAIGN_COLUMNS = {
    "campaign_id": _ID.format("campaign.id"),
    "account_id": "$account_id",
    "campaign_name": '"campaign.name"',
    "status": '"campaign.status"',
    "advertising_channel_type": '"campaign.advertising_channel_type"',
    "bidding_strategy_type": '"campaign.bidding_strategy_type"',
    "campaign_budget_id": 'nullif("campaign_budget.id", 0)::varchar',
    "budget_amount_micros": '"campaign_budget.amount_micros"',
    # "yyyy-MM-dd HH:mm:ss" in the customer's timezone → the local date
    "start_date": "try_cast(left(nullif(\"campaign.start_date_time\", ''), 10) as date)",
    "end_date": "try_cast(left(nullif(\"campaign.end_date_time\", ''), 10) as date)",
}
AD_GROUP_COLUMNS = {
    "ad_group_id": _ID.format("ad_group.id"),
    "campaign_id": _ID.format("campaign.id"),
    "account_id": "$account_id",
    "ad_group_name": '"ad_group.name"',
    "status": '"ad_group.status"',
    "type": '"ad_group.type"',
}
AD_COLUMNS = {
    "ad_id": _ID.format("ad_group_ad.ad.id"),
    "ad_group_id": _ID.format("ad_group.id"),
    "campaign_id": _ID.format("campaign.id"),
    "account_id": "$account_id",
    "ad_name": "nullif(\"ad_group_ad.ad.name\", '')",
    "ad_type": '"ad_group_ad.ad.type"',
    "status": '"ad_group_ad.status"',
    "final_urls": '"ad_group_ad.ad.final_urls"',
}

_KINDS: dict[str, tuple[str, tuple[str, ...], TableSpec, dict[str, str]]] = {
    "campaigns": ("campaign", s.CAMPAIGN_FIELDS, GOOGLE_ADS_CAMPAIGNS, CAMPAIGN_COLUMNS),
    "ad_groups": ("ad_group", s.AD_GROUP_FIELDS, GOOGLE_ADS_AD_GROUPS, AD_GROUP_COLUMNS),
    "ads": ("ad_group_ad", s.AD_FIELDS, GOOGLE_ADS_ADS, AD_COLUMNS),
}

ENTITY_KINDS: tuple[str, ...] = tuple(_KINDS)
"""``campaigns``, ``ad_groups``, ``ads`` — in the order a sync loads them."""


def entity_spec(kind: str) -> TableSpec:
    """The raw table a kind of object is loaded into (``ads`` → ``raw.google_ads_ads``)."""
    return _KINDS[kind][2]


def fetch_customer(
    client: GoogleAdsApiClient, loaded_at: datetime
) -> tuple[CustomerInfo, pa.Table]:
    """``FROM customer`` → the customer's facts and its ``raw.google_ads_customers`` row.

    Raises:
        ExtractError: the API returned no customer row.
    """
    query = s.gaql(s.CUSTOMER_FIELDS, "customer")
    result = client.search(query, s.CUSTOMER_FIELDS, what="FROM customer")
    if result.num_rows != 1:
        raise ExtractError(
            f"customer {client.customer_id}: FROM customer returned "
            f"{result.num_rows} rows, expected 1"
        )
    row = result.to_pylist()[0]
    info = CustomerInfo(
        str(row["customer.id"]),
        row["customer.descriptive_name"] or None,
        str(row["customer.currency_code"]),
        str(row["customer.time_zone"]),
    )
    table = to_raw(
        result, GOOGLE_ADS_CUSTOMERS, CUSTOMER_COLUMNS, info, f"SearchStream {query}", loaded_at
    )
    return info, table


def fetch_objects(
    client: GoogleAdsApiClient, kind: str, customer: CustomerInfo, loaded_at: datetime
) -> pa.Table:
    """Every campaign, ad group or ad of the customer (every status) as its raw table.

    Args:
        client: the customer's client.
        kind: ``campaigns``, ``ad_groups`` or ``ads``.
        customer: facts from :func:`fetch_customer` (currency, timezone).
        loaded_at: the sync's UTC timestamp, stamped on every row.

    Raises:
        KeyError: unknown ``kind``.
    """
    resource, fields, spec, columns = _KINDS[kind]
    query = s.gaql(fields, resource)
    result = client.search(query, fields, what=f"FROM {resource}")
    return to_raw(result, spec, columns, customer, f"SearchStream {query}", loaded_at)
