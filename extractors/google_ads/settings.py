"""Google Ads API settings: version, endpoint, the GAQL the extractor sends, lookback, retries.

Field names are the API's (v26); a field the API does not know fails the query with
``QueryError.UNRECOGNIZED_FIELD`` (e.g. ``metrics.video_views`` became
``metrics.video_trueview_views``, ``campaign.start_date`` became ``campaign.start_date_time``).

Sources: GAQL grammar and structure (https://developers.google.com/google-ads/api/docs/query/
overview), ``GoogleAdsService.SearchStream`` (https://developers.google.com/google-ads/api/
docs/reporting/streaming), field reference for ``customer``, ``campaign``, ``campaign_budget``,
``ad_group``, ``ad_group_ad`` and ``metrics`` (https://developers.google.com/google-ads/api/
fields/v26/overview).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from extractors.common.retry import RetryPolicy

API_VERSION = "v26"
DEFAULT_ENDPOINT = "googleads.googleapis.com"

CUSTOMER_FIELDS: tuple[str, ...] = (
    "customer.id",
    "customer.descriptive_name",
    "customer.currency_code",
    "customer.time_zone",
    "customer.status",
)

CAMPAIGN_FIELDS: tuple[str, ...] = (
    "campaign.id",
    "campaign.name",
    "campaign.status",
    "campaign.advertising_channel_type",
    "campaign.bidding_strategy_type",
    "campaign.start_date_time",
    "campaign.end_date_time",
    "campaign_budget.id",
    "campaign_budget.amount_micros",
)

AD_GROUP_FIELDS: tuple[str, ...] = (
    "ad_group.id",
    "ad_group.name",
    "ad_group.status",
    "ad_group.type",
    "campaign.id",
)

AD_FIELDS: tuple[str, ...] = (
    "ad_group_ad.ad.id",
    "ad_group_ad.ad.name",
    "ad_group_ad.ad.type",
    "ad_group_ad.status",
    "ad_group_ad.ad.final_urls",
    "ad_group.id",
    "campaign.id",
)

METRIC_FIELDS: tuple[str, ...] = (
    "metrics.cost_micros",
    "metrics.impressions",
    "metrics.clicks",
    "metrics.conversions",
    "metrics.conversions_value",
    "metrics.video_trueview_views",
)

AD_STATS_FIELDS: tuple[str, ...] = (
    "segments.date",
    "campaign.id",
    "ad_group.id",
    "ad_group_ad.ad.id",
    *METRIC_FIELDS,
)

CAMPAIGN_STATS_FIELDS: tuple[str, ...] = ("segments.date", "campaign.id", *METRIC_FIELDS)


def gaql(fields: tuple[str, ...], resource: str, where: str | None = None) -> str:
    """A GAQL query: ``SELECT <fields> FROM <resource> [WHERE <where>]``."""
    query = f"SELECT {', '.join(fields)} FROM {resource}"
    return f"{query} WHERE {where}" if where else query


def date_filter(since: date, until: date) -> str:
    """``segments.date BETWEEN 'since' AND 'until'`` (account-local days, inclusive)."""
    return f"segments.date BETWEEN '{since.isoformat()}' AND '{until.isoformat()}'"


@dataclass(frozen=True)
class GoogleAdsSettings:
    """Knobs of the Google Ads extractor (production defaults).

    Attributes:
        api_version: API version of the client's services (``v26``, the newest google-ads 34
            ships).
        endpoint: ``host:port`` of the API (None: Google's ``googleads.googleapis.com``; the
            sandbox's ``127.0.0.1:PORT`` in the demo and tests).
        ca_cert_path: PEM file of the CA that signs the endpoint's TLS certificate, for a
            private endpoint (the sandbox); None trusts the system roots.
        login_customer_id: manager account the credentials act through (digits), if any.
        lookback_days: days of stats every sync re-pulls (conversions settle within ~14 days).
        access_token_env: environment variable holding the OAuth access token (named in errors).
        developer_token_env: environment variable holding the developer token (named in errors).
        retry: backoff policy; ``timeout_s`` is the deadline of one SearchStream or mutate call.
    """

    api_version: str = API_VERSION
    endpoint: str | None = None
    ca_cert_path: str | None = None
    login_customer_id: str | None = None
    lookback_days: int = 14
    access_token_env: str = "GOOGLE_ADS_ACCESS_TOKEN"  # noqa: S105 - names the env var
    developer_token_env: str = "GOOGLE_ADS_DEVELOPER_TOKEN"  # noqa: S105 - names the env var
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(timeout_s=600.0))
