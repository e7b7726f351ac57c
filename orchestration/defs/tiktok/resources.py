"""TikTok Business API access as a Dagster resource (token from the environment)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import dagster as dg

from extractors.common.retry import RetryPolicy
from extractors.tiktok.client import TikTokClient, shared_limiter
from extractors.tiktok.settings import API_URL, TikTokSettings


class TikTokResource(dg.ConfigurableResource):
    """Builds one :class:`~extractors.tiktok.client.TikTokClient` per advertiser.

    Every client of every run draws from one token bucket per app (``tiktok:<app_id>``) kept in
    ``ratelimit_dir``, so concurrent runs (schedule ticks, backfills, manual runs) share the app's
    request rate instead of each taking a full one.

    Attributes:
        access_token: the app's long-term token (``dg.EnvVar("TIKTOK_ACCESS_TOKEN")``; never
            shown). Empty only when no advertiser is configured.
        api_url: API host (``ADPILOT_TIKTOK_API_URL``; the sandbox's URL in the demo and tests).
        app_id: the developer app (``config/accounts.yml``); names the shared rate budget.
        lookback_days: days before the local today every scheduled sync re-pulls.
        ratelimit_dir: folder of the shared token bucket (``ADPILOT_RATELIMIT_DIR``, default
            ``$DAGSTER_HOME/ratelimit``); every process of the deployment must see the same one.
        rate_per_s: sustained requests per second of the app (all processes together).
        burst: requests that may go out at once.
        retry_base_delay_s: first retry wait (seconds), doubling per attempt.
    """

    access_token: str
    api_url: str = API_URL
    app_id: str = "default"
    lookback_days: int = 3
    ratelimit_dir: str | None = None
    rate_per_s: float = 10.0
    burst: float = 10.0
    retry_base_delay_s: float = 2.0

    def settings(self) -> TikTokSettings:
        """The extractor settings this resource stands for."""
        return TikTokSettings(
            api_url=self.api_url,
            app_id=self.app_id,
            lookback_days=self.lookback_days,
            rate_per_s=self.rate_per_s,
            burst=self.burst,
            ratelimit_dir=Path(self.ratelimit_dir) if self.ratelimit_dir else None,
            retry=RetryPolicy(base_delay_s=self.retry_base_delay_s),
        )

    def client(
        self, advertiser_id: str, sleep: Callable[[float], None] = time.sleep
    ) -> TikTokClient:
        """A client for ``advertiser_id`` (digits) drawing from the app's shared bucket.

        Raises:
            AuthError: no access token is set.
        """
        settings = self.settings()
        return TikTokClient(
            self.access_token,
            advertiser_id,
            settings,
            sleep=sleep,
            limiter=shared_limiter(settings, sleep),
        )
