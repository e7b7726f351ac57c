"""Meta Marketing API settings: version, host, fields, paging, polling, lookback.

Field names come from the facebook-business SDK's ``Field`` enums where it has them, so a field
the SDK does not know fails at import, not in production.

Source: Marketing API reference, Ad Account Insights
(https://developers.facebook.com/docs/marketing-api/reference/ad-account/insights/) and
Insights best practices (async jobs, ``action_breakdowns``, attribution windows).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from facebook_business.adobjects.ad import Ad
from facebook_business.adobjects.adaccount import AdAccount
from facebook_business.adobjects.adset import AdSet
from facebook_business.adobjects.adsinsights import AdsInsights
from facebook_business.adobjects.campaign import Campaign

from extractors.common.retry import RetryPolicy

GRAPH_URL = "https://graph.facebook.com"

ACCOUNT_FIELDS: tuple[str, ...] = (
    AdAccount.Field.id,
    AdAccount.Field.account_id,
    AdAccount.Field.name,
    AdAccount.Field.currency,
    AdAccount.Field.timezone_name,
    AdAccount.Field.timezone_offset_hours_utc,
    AdAccount.Field.account_status,
)

CAMPAIGN_FIELDS: tuple[str, ...] = (
    Campaign.Field.id,
    Campaign.Field.account_id,
    Campaign.Field.name,
    Campaign.Field.objective,
    Campaign.Field.status,
    Campaign.Field.effective_status,
    Campaign.Field.buying_type,
    Campaign.Field.bid_strategy,
    Campaign.Field.daily_budget,
    Campaign.Field.lifetime_budget,
    Campaign.Field.start_time,
    Campaign.Field.stop_time,
    Campaign.Field.created_time,
    Campaign.Field.updated_time,
)

AD_SET_FIELDS: tuple[str, ...] = (
    AdSet.Field.id,
    AdSet.Field.account_id,
    AdSet.Field.campaign_id,
    AdSet.Field.name,
    AdSet.Field.status,
    AdSet.Field.effective_status,
    AdSet.Field.optimization_goal,
    AdSet.Field.billing_event,
    AdSet.Field.bid_strategy,
    AdSet.Field.daily_budget,
    AdSet.Field.lifetime_budget,
    AdSet.Field.start_time,
    AdSet.Field.end_time,
    AdSet.Field.created_time,
    AdSet.Field.updated_time,
)

AD_FIELDS: tuple[str, ...] = (
    Ad.Field.id,
    Ad.Field.account_id,
    Ad.Field.adset_id,
    Ad.Field.campaign_id,
    Ad.Field.name,
    Ad.Field.status,
    Ad.Field.effective_status,
    # field expansion: the creative's link to the page post the ad promotes
    "creative{id,object_story_id,effective_object_story_id}",
    Ad.Field.created_time,
    Ad.Field.updated_time,
)

# Every effective_status, so paused/archived objects (which still have history) are listed.
ALL_EFFECTIVE_STATUSES: tuple[str, ...] = (
    "ACTIVE",
    "PAUSED",
    "DELETED",
    "PENDING_REVIEW",
    "DISAPPROVED",
    "PREAPPROVED",
    "PENDING_BILLING_INFO",
    "CAMPAIGN_PAUSED",
    "ARCHIVED",
    "ADSET_PAUSED",
    "IN_PROCESS",
    "WITH_ISSUES",
)

_METRICS: tuple[str, ...] = (
    AdsInsights.Field.spend,
    AdsInsights.Field.impressions,
    AdsInsights.Field.clicks,
    AdsInsights.Field.inline_link_clicks,
    AdsInsights.Field.reach,
    AdsInsights.Field.frequency,
    AdsInsights.Field.actions,
    AdsInsights.Field.action_values,
    AdsInsights.Field.video_thruplay_watched_actions,
    AdsInsights.Field.video_play_actions,
    AdsInsights.Field.account_currency,
)

AD_INSIGHT_FIELDS: tuple[str, ...] = (
    AdsInsights.Field.account_id,
    AdsInsights.Field.campaign_id,
    AdsInsights.Field.campaign_name,
    AdsInsights.Field.adset_id,
    AdsInsights.Field.adset_name,
    AdsInsights.Field.ad_id,
    AdsInsights.Field.ad_name,
    *_METRICS,
)

CAMPAIGN_INSIGHT_FIELDS: tuple[str, ...] = (
    AdsInsights.Field.account_id,
    AdsInsights.Field.campaign_id,
    AdsInsights.Field.campaign_name,
    *_METRICS,
)


@dataclass(frozen=True)
class MetaSettings:
    """Knobs of the Meta extractor (all have production defaults).

    Attributes:
        api_version: Graph API version (``v21.0``).
        graph_url: Graph host without trailing slash (the sandbox's URL in tests and the demo).
        lookback_days: days of insights re-pulled every sync (attribution window, 28 days).
        entity_page_limit: objects per page when listing campaigns/ad sets/ads.
        insights_page_limit: rows per page of report results.
        max_days_per_job: days per async report run; longer windows are split into several jobs.
        poll_interval_s: first wait between report-run status polls (seconds), doubling to
            ``poll_max_interval_s``.
        poll_max_interval_s: cap on one poll wait (seconds).
        job_timeout_s: total polling budget of one report run (seconds) before it is treated as
            failed and split.
        max_split_depth: how many times a failed job is halved by campaign before giving up.
        throttle_pause_pct: insights-throttle or usage percentage above which calls slow down.
        retry: backoff policy for every request.
    """

    api_version: str = "v21.0"
    graph_url: str = GRAPH_URL
    lookback_days: int = 28
    entity_page_limit: int = 500
    insights_page_limit: int = 5000
    max_days_per_job: int = 31
    poll_interval_s: float = 0.5
    poll_max_interval_s: float = 30.0
    job_timeout_s: float = 1800.0
    max_split_depth: int = 4
    throttle_pause_pct: float = 75.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
