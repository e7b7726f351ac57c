"""Google Ads API access as a Dagster resource (tokens from the environment)."""

from __future__ import annotations

import time
from collections.abc import Callable

import dagster as dg

from extractors.common.retry import RetryPolicy
from extractors.google_ads.client import GoogleAdsApiClient
from extractors.google_ads.settings import GoogleAdsSettings


class GoogleAdsResource(dg.ConfigurableResource):
    """Builds one :class:`~extractors.google_ads.client.GoogleAdsApiClient` per customer.

    Attributes:
        access_token: OAuth access token (``dg.EnvVar("GOOGLE_ADS_ACCESS_TOKEN")``; never shown).
        developer_token: API developer token (``dg.EnvVar("GOOGLE_ADS_DEVELOPER_TOKEN")``).
        endpoint: ``host:port`` of the API (``ADPILOT_GOOGLE_ADS_ENDPOINT``; the sandbox in the
            demo); None = ``googleads.googleapis.com``.
        ca_cert_path: CA certificate of a private endpoint (``ADPILOT_GOOGLE_ADS_CA_CERT``).
        login_customer_id: manager account the credentials act through, if any.
        lookback_days: days of stats every scheduled sync re-pulls.
        access_token_env / developer_token_env: the variables' names (for error messages).
    """

    access_token: str
    developer_token: str
    endpoint: str | None = None
    ca_cert_path: str | None = None
    login_customer_id: str | None = None
    lookback_days: int = 14
    access_token_env: str = "GOOGLE_ADS_ACCESS_TOKEN"  # noqa: S105 - names the env var
    developer_token_env: str = "GOOGLE_ADS_DEVELOPER_TOKEN"  # noqa: S105 - names the env var

    def settings(self, retry: RetryPolicy | None = None) -> GoogleAdsSettings:
        """The extractor settings this resource stands for."""
        return GoogleAdsSettings(
            endpoint=self.endpoint,
            ca_cert_path=self.ca_cert_path,
            login_customer_id=self.login_customer_id,
            lookback_days=self.lookback_days,
            access_token_env=self.access_token_env,
            developer_token_env=self.developer_token_env,
            retry=retry or GoogleAdsSettings().retry,
        )

    def client(
        self, customer_id: str, sleep: Callable[[float], None] = time.sleep
    ) -> GoogleAdsApiClient:
        """A client for ``customer_id`` (digits)."""
        return GoogleAdsApiClient(
            self.access_token, self.developer_token, customer_id, self.settings(), sleep=sleep
        )
