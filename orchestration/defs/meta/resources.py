"""Meta Marketing API access as a Dagster resource (token from the environment)."""

from __future__ import annotations

import time
from collections.abc import Callable

import dagster as dg

from extractors.common.retry import RetryPolicy
from extractors.meta.client import MetaClient
from extractors.meta.settings import MetaSettings


class MetaResource(dg.ConfigurableResource):
    """Builds one :class:`~extractors.meta.client.MetaClient` per ad account.

    Attributes:
        access_token: Marketing API token (``dg.EnvVar("META_ACCESS_TOKEN")``; never shown).
        graph_url: Graph host (the sandbox's URL in the demo and tests).
        api_version: Graph API version from ``config/accounts.yml``.
        lookback_days: days of insights every scheduled sync re-pulls.
        retry_base_delay_s: first retry wait (seconds), doubling per attempt.
        poll_interval_s: first wait between report-run status polls (seconds).
    """

    access_token: str
    graph_url: str = "https://graph.facebook.com"
    api_version: str = "v21.0"
    lookback_days: int = 28
    retry_base_delay_s: float = 2.0
    poll_interval_s: float = 0.5

    def client(self, account_id: str, sleep: Callable[[float], None] = time.sleep) -> MetaClient:
        """A client for ``account_id`` (digits)."""
        settings = MetaSettings(
            api_version=self.api_version,
            graph_url=self.graph_url,
            lookback_days=self.lookback_days,
            poll_interval_s=self.poll_interval_s,
            retry=RetryPolicy(base_delay_s=self.retry_base_delay_s),
        )
        return MetaClient(self.access_token, account_id, settings, sleep=sleep)
