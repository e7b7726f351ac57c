"""Content API access as a Dagster resource (tokens from the environment, never shown).

Graph clients for pages, Instagram accounts and Meta ad accounts; TikTok Accounts API clients.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import dagster as dg
from pydantic import Field

from extractors.common.retry import RetryPolicy
from extractors.content.settings import ContentSettings
from extractors.meta.client import MetaClient
from extractors.meta.settings import MetaSettings
from extractors.tiktok.client import TikTokClient, shared_limiter
from extractors.tiktok.settings import API_URL, TikTokSettings

TOKEN_FIELDS = {
    "facebook": "facebook_token",
    "instagram": "instagram_token",
    "tiktok": "tiktok_token",
    "meta_ads": "ads_token",
}


class ContentResource(dg.ConfigurableResource):
    """Builds the clients of the content syncs.

    Attributes:
        facebook_token: token for the pages (``dg.EnvVar`` of ``facebook.access_token_env``).
        instagram_token: token for the Instagram accounts.
        tiktok_token: the TikTok accounts' Accounts API token.
        ads_token: Marketing API token of the Meta ad accounts (``config/accounts.yml``).
        token_envs: platform → name of the variable holding its token (for error messages).
        graph_url: Graph host (``ADPILOT_META_GRAPH_URL``; the sandbox in the demo).
        api_version: Graph API version (``config/accounts.yml`` ``meta.api_version``).
        tiktok_api_url: TikTok API host (``ADPILOT_TIKTOK_API_URL``).
        ratelimit_dir: folder of the TikTok app's shared token bucket.
        metrics_horizon_days: see :class:`~extractors.content.settings.ContentSettings`.
        retry_base_delay_s: first retry wait (seconds), doubling per attempt.
        throttle_pause_pct: Graph usage (percent, from the usage headers) above which calls
            slow down (``MetaSettings.throttle_pause_pct``).
    """

    facebook_token: str = ""
    instagram_token: str = ""
    tiktok_token: str = ""
    ads_token: str = ""
    token_envs: dict[str, str] = Field(default_factory=dict)
    graph_url: str = "https://graph.facebook.com"
    api_version: str = "v21.0"
    tiktok_api_url: str = API_URL
    ratelimit_dir: str | None = None
    metrics_horizon_days: int = 365
    retry_base_delay_s: float = 2.0
    throttle_pause_pct: float = 75.0

    def settings(self) -> ContentSettings:
        """The extractor settings."""
        return ContentSettings(metrics_horizon_days=self.metrics_horizon_days)

    def token_env(self, platform: str) -> str:
        """The variable that holds ``platform``'s token (``facebook``, ``instagram``, ...)."""
        return self.token_envs.get(platform, "")

    def meta_client(
        self, platform: str, account_id: str, sleep: Callable[[float], None] = time.sleep
    ) -> MetaClient:
        """A Graph client for a page, an Instagram account or (``meta_ads``) an ad account."""
        settings = MetaSettings(
            api_version=self.api_version,
            graph_url=self.graph_url,
            retry=RetryPolicy(base_delay_s=self.retry_base_delay_s),
            throttle_pause_pct=self.throttle_pause_pct,
        )
        token = str(getattr(self, TOKEN_FIELDS[platform]))
        return MetaClient(token, account_id, settings, sleep=sleep)

    def tiktok_client(
        self, business_id: str, sleep: Callable[[float], None] = time.sleep
    ) -> TikTokClient:
        """An Accounts API client for a TikTok account (its own rate budget, app ``content``)."""
        settings = TikTokSettings(
            api_url=self.tiktok_api_url,
            app_id="content",
            ratelimit_dir=Path(self.ratelimit_dir) if self.ratelimit_dir else None,
            retry=RetryPolicy(base_delay_s=self.retry_base_delay_s),
        )
        return TikTokClient(
            self.tiktok_token,
            business_id,
            settings,
            sleep=sleep,
            limiter=shared_limiter(settings, sleep),
        )
