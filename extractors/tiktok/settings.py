"""TikTok Business API settings: host, version, fields, paging, range limits, rate, lookback.

Sources: TikTok API for Business, Marketing API v1.3 — ``/advertiser/info/``, ``/campaign/get/``,
``/adgroup/get/``, ``/ad/get/`` (``page`` from 1, ``page_size`` up to 1000) and
``/report/integrated/get/`` (``report_type`` BASIC, ``data_level`` AUCTION_AD, ``dimensions``
``["ad_id", "stat_time_day"]``; with ``stat_time_day`` the range may span at most 30 days);
https://business-api.tiktok.com/portal/docs and the official SDK's docs
(github.com/tiktok/tiktok-business-api-sdk). Reporting latency: TikTok finalizes a day's numbers
within about 11 hours, so every sync re-pulls the last 3 days.

Body codes (HTTP 200 with a non-zero ``code``; the project's contract, ARCHITECTURE.md):
40100 rate limit, 60001 temporary, 40067 range too large, 40002 no permission for the
advertiser, 40104/40105 access token missing/invalid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractors.common.retry import RetryPolicy

API_URL = "https://business-api.tiktok.com"
TOKEN_ENV = "TIKTOK_ACCESS_TOKEN"  # noqa: S105 - names the variable, holds no secret

RATE_LIMIT = 40100
TEMPORARY = 60001
RANGE_TOO_LARGE = 40067
NO_PERMISSION = 40002
TOKEN_MISSING = 40104
TOKEN_INVALID = 40105

ADVERTISER_FIELDS: tuple[str, ...] = (
    "advertiser_id",
    "name",
    "currency",
    "timezone",
    "display_timezone",
    "status",
    "company",
    "country",
    "create_time",
)
_ENTITY = ("operation_status", "secondary_status", "create_time", "modify_time")
CAMPAIGN_FIELDS: tuple[str, ...] = (
    "advertiser_id",
    "campaign_id",
    "campaign_name",
    "objective_type",
    "budget_mode",
    "budget",
    "budget_optimize_on",
    *_ENTITY,
)
ADGROUP_FIELDS: tuple[str, ...] = (
    "advertiser_id",
    "campaign_id",
    "adgroup_id",
    "adgroup_name",
    "budget_mode",
    "budget",
    "optimization_goal",
    "billing_event",
    "bid_type",
    *_ENTITY,
)
AD_FIELDS: tuple[str, ...] = (
    "advertiser_id",
    "campaign_id",
    "adgroup_id",
    "ad_id",
    "ad_name",
    "ad_format",
    "identity_type",
    "tiktok_item_id",
    "video_id",
    "landing_page_url",
    *_ENTITY,
)

REPORT_METRICS: tuple[str, ...] = (
    # attributes of the ad row (names and parent ids)
    "campaign_id",
    "campaign_name",
    "adgroup_id",
    "adgroup_name",
    "ad_name",
    # delivery; spend and total_purchase_value in currency units of the advertiser currency
    "spend",
    "impressions",
    "clicks",
    "reach",
    # conversions: `conversion` is the optimization event, `complete_payment` web purchases
    "conversion",
    "complete_payment",
    "total_purchase_value",
    # video funnel; average_video_play in seconds per play
    "video_play_actions",
    "video_watched_2s",
    "video_watched_6s",
    "video_views_p100",
    "average_video_play",
    # engagement on the promoted post
    "likes",
    "comments",
    "shares",
    "follows",
    "profile_visits",
)


@dataclass(frozen=True)
class TikTokSettings:
    """Knobs of the TikTok extractor (production defaults).

    Attributes:
        api_url: API host without trailing slash (the sandbox's URL in tests and the demo).
        api_version: path version (``v1.3``).
        app_id: the developer app the token belongs to; it names the shared rate budget.
        lookback_days: days before the advertiser-local today every sync re-pulls (3: numbers
            settle in about 11 hours).
        page_size: objects per page (1–1000).
        report_page_size: report rows per page (1–1000).
        max_report_days: days per report request (the API's limit with ``stat_time_day``: 30);
            a request the API still refuses with 40067 is halved, down to one day.
        rate_per_s: sustained requests per second of the app, shared by every process.
        burst: requests that may go out at once after a quiet period.
        ratelimit_dir: folder of the shared token bucket (every process of one deployment
            points at the same folder, e.g. ``$DAGSTER_HOME/ratelimit``); None = a private
            folder per process (tests only).
        rate_limit_pause_s: how long every caller pauses after TikTok answers 40100.
        retry: backoff policy for every request.
    """

    api_url: str = API_URL
    api_version: str = "v1.3"
    app_id: str = "default"
    lookback_days: int = 3
    page_size: int = 1000
    report_page_size: int = 1000
    max_report_days: int = 30
    rate_per_s: float = 10.0
    burst: float = 10.0
    ratelimit_dir: Path | None = None
    rate_limit_pause_s: float = 5.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    def url(self, path: str) -> str:
        """``https://host/open_api/v1.3/<path>/``."""
        return f"{self.api_url.rstrip('/')}/open_api/{self.api_version}/{path.strip('/')}/"
