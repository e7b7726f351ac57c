"""Alert delivery: the sensor that posts new ``marts.alerts`` rows to a webhook."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.alerts.resources import AlertWebhookResource
from orchestration.defs.alerts.sensors import make_alert_webhook_sensor


def build_defs(interval_seconds: int = 300) -> dg.Definitions:
    """Alert-delivery definitions: ``alert_webhook_sensor`` and its ``alert_webhook`` resource.

    The sensor also needs the shared ``warehouse`` resource (``orchestration/definitions.py``).

    Args:
        interval_seconds: minimum time between two evaluations of the sensor.
    """
    return dg.Definitions(
        sensors=[make_alert_webhook_sensor(interval_seconds)],
        resources={"alert_webhook": AlertWebhookResource()},
    )
