"""The alert webhook sensor: posts each new current alert once and records every delivery.

Every ``interval_seconds`` the sensor reads the current evaluations of ``marts.alerts``
(``is_current``) whose ``alert_id`` has no ``delivered``/``rejected`` row in
``ops.alert_deliveries``, POSTs each as JSON to ``$ADPILOT_ALERT_WEBHOOK_URL`` (retries on
429/5xx/network errors) and appends one ledger row per alert right after its POST. It requests
no runs: delivery is the side effect, the ledger its record, and the tick's skip reason says what
happened. Without a URL it skips before touching the warehouse.

Exactly-once caveat: the ledger row is written after the POST, so a process killed between the
two re-sends that alert at the next tick (at-least-once; the body's ``alert_id`` lets a receiver
drop the duplicate). On DuckDB the sensor needs the file's write lock; while a run holds it, the
tick skips and the alerts wait for the next one.
"""

from datetime import UTC, datetime

import dagster as dg
import duckdb
import requests

from extractors.common.warehouse import Warehouse
from orchestration.defs.alerts.deliveries import delivery_row, new_alerts, payload_of, record
from orchestration.defs.alerts.resources import AlertWebhookResource
from orchestration.defs.alerts.webhook import endpoint_host, post_alert
from orchestration.lib.warehouse import WarehouseResource

SENSOR_NAME = "alert_webhook_sensor"


def deliver_new_alerts(
    wh: Warehouse, webhook: AlertWebhookResource, url: str, log: dg.DagsterLogManager
) -> dict[str, int]:
    """Post every new alert (at most ``webhook.max_alerts_per_tick``) and record each.

    Returns:
        Count of alerts per outcome (``delivered``, ``rejected``, ``failed``).
    """
    host, policy = endpoint_host(url), webhook.policy()
    counts = {"delivered": 0, "rejected": 0, "failed": 0}
    with requests.Session() as session:
        for alert in new_alerts(wh, webhook.max_alerts_per_tick):
            result = post_alert(url, payload_of(alert), policy, session=session)
            record(wh, delivery_row(alert, result, host, datetime.now(UTC)))
            counts[result.outcome] += 1
            log.info(
                f"alert {alert['alert_id']} ({alert['alert_type']}) → {host}: {result.outcome}, "
                f"HTTP {result.http_status}, {result.attempts} attempt(s)"
            )
    return counts


def make_alert_webhook_sensor(interval_seconds: int = 300) -> dg.SensorDefinition:
    """The sensor (running by default; it skips while no webhook URL is set)."""

    @dg.sensor(
        name=SENSOR_NAME,
        minimum_interval_seconds=interval_seconds,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=__doc__.splitlines()[0],
    )
    def alert_webhook_sensor(
        context: dg.SensorEvaluationContext,
        alert_webhook: AlertWebhookResource,
        warehouse: WarehouseResource,
    ) -> dg.SkipReason:
        url = alert_webhook.url()
        if url is None:
            return dg.SkipReason(f"{alert_webhook.url_env} is not set: no alert delivered")
        try:
            with warehouse.session() as wh:
                counts = deliver_new_alerts(wh, alert_webhook, url, context.log)
        except duckdb.Error as exc:  # another process holds the DuckDB file
            return dg.SkipReason(f"warehouse not writable now ({type(exc).__name__}); next tick")
        if not any(counts.values()):
            return dg.SkipReason("no new alert")
        summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
        return dg.SkipReason(f"posted new alerts to {endpoint_host(url)}: {summary}")

    return alert_webhook_sensor
