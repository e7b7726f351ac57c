"""The alert webhook as a Dagster resource: where to post, how hard to retry."""

from __future__ import annotations

import dagster as dg

from extractors.common.retry import RetryPolicy

URL_ENV = "ADPILOT_ALERT_WEBHOOK_URL"


class AlertWebhookResource(dg.ConfigurableResource):
    """The webhook that receives new alerts.

    The URL is resolved through ``dg.EnvVar`` when the sensor evaluates, not bound as a field:
    an unset ``EnvVar`` field fails the resource (and every tick) with an error, while "no
    webhook configured" is a normal state in which the sensor skips with a reason.

    Attributes:
        url_env: the environment variable holding the URL (secret-like: never logged in full).
        max_attempts: HTTP attempts per alert and tick (1 + retries).
        retry_base_delay_s: first backoff (seconds), doubling per attempt; 0 in tests.
        retry_max_delay_s: cap on one backoff (seconds).
        timeout_s: per-request timeout (seconds).
        max_alerts_per_tick: alerts posted per evaluation at most (the rest wait for the next
            tick), so one tick stays well within the sensor's evaluation timeout.
    """

    url_env: str = URL_ENV
    max_attempts: int = 4
    retry_base_delay_s: float = 1.0
    retry_max_delay_s: float = 8.0
    timeout_s: float = 10.0
    max_alerts_per_tick: int = 25

    def url(self) -> str | None:
        """The webhook URL, or None when the variable is unset or blank."""
        return (dg.EnvVar(self.url_env).get_value() or "").strip() or None

    def policy(self) -> RetryPolicy:
        """The retry policy of one alert's POST."""
        return RetryPolicy(
            max_attempts=self.max_attempts,
            base_delay_s=self.retry_base_delay_s,
            max_delay_s=self.retry_max_delay_s,
            timeout_s=self.timeout_s,
        )
