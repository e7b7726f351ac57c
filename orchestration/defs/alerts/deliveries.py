"""Which alerts are new, what body they are sent with, and the ledger of what was sent.

Reads ``marts.alerts`` (the current evaluations: ``is_current``, as the model's docs say the
sensor delivers) and ``ops.alert_deliveries`` (:data:`extractors.common.schemas.ALERT_DELIVERIES`)
through any :class:`~extractors.common.warehouse.Warehouse`. An alert is *new* while its
``alert_id`` has no ``delivered`` or ``rejected`` row; a ``failed`` delivery (retries exhausted)
leaves it new for the next tick.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pyarrow as pa

from extractors.common.schemas import ALERT_DELIVERIES
from extractors.common.warehouse import Warehouse
from orchestration.defs.alerts.webhook import PostResult

ALERTS_TABLE = "marts.alerts"
FINAL_OUTCOMES = ("delivered", "rejected")
"""Outcomes after which an alert_id is never posted again."""

PAYLOAD_COLUMNS = (
    "alert_id",
    "alert_evaluation_id",
    "alert_type",
    "severity",
    "title",
    "description",
    "metric",
    "metric_value",
    "threshold",
    "recommended_action",
    "recommended_change_pct",
    "potential_margin_gain_thb",
    "object_level",
    "object_id",
    "platform",
    "account_id",
    "account_name",
    "campaign_id",
    "campaign_name",
    "ad_group_id",
    "ad_id",
    "owner",
    "currency_code",
    "days_in_condition",
    "condition_started_on",
    "date_day",
)
"""Columns of ``marts.alerts`` sent in the JSON body (all of them but ``is_current``)."""

_SEVERITY_ORDER = "case severity when 'critical' then 0 when 'warning' then 1 else 2 end"


def new_alerts(wh: Warehouse, limit: int) -> list[dict[str, Any]]:
    """Current alerts not yet delivered or rejected, most severe first, at most ``limit``.

    Returns:
        One dict per alert with the :data:`PAYLOAD_COLUMNS` (Arrow → Python values: ``Decimal``,
        ``date``); ``[]`` when ``marts.alerts`` has not been built yet.
    """
    if not wh.table_exists(ALERTS_TABLE):
        return []
    done = ""
    if wh.table_exists(ALERT_DELIVERIES.fqn):
        outcomes = ", ".join(f"'{o}'" for o in FINAL_OUTCOMES)
        done = (
            f"and alert_id not in (select alert_id from {ALERT_DELIVERIES.fqn} "
            f"where outcome in ({outcomes}))"
        )
    sql = (
        f"select {', '.join(PAYLOAD_COLUMNS)} from {ALERTS_TABLE} "
        f"where is_current {done} "
        f"order by {_SEVERITY_ORDER}, date_day, alert_id limit {int(limit)}"
    )
    rows = wh.query(sql).to_pylist()
    unique = {r["alert_id"]: r for r in rows}  # one current evaluation per alert_id, by the model
    return list(unique.values())


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def payload_of(alert: dict[str, Any]) -> dict[str, Any]:
    """The JSON body for one alert: every payload column plus ``text`` and ``source``.

    Decimals become JSON numbers, dates ISO strings. ``text`` (``[severity] title``) lets chat
    webhooks that only read ``text`` (Slack's incoming webhooks) show something useful.
    """
    body = {k: _json_value(alert.get(k)) for k in PAYLOAD_COLUMNS}
    return {"source": "adpilot", "text": f"[{alert['severity']}] {alert['title']}", **body}


def delivery_row(
    alert: dict[str, Any], result: PostResult, host: str, sent_at: datetime
) -> dict[str, Any]:
    """One ``ops.alert_deliveries`` row (``sent_at`` must be timezone-aware UTC)."""
    key = f"{alert['alert_id']}|{sent_at.isoformat()}|{result.attempts}"
    return {
        "delivery_id": hashlib.md5(key.encode()).hexdigest(),  # noqa: S324 - an id, not security
        "alert_id": alert["alert_id"],
        "alert_evaluation_id": alert.get("alert_evaluation_id"),
        "alert_type": alert.get("alert_type"),
        "outcome": result.outcome,
        "endpoint_host": host,
        "response": result.response,
        "error": result.error,
        "http_status": result.http_status,
        "attempts": result.attempts,
        "date_day": alert.get("date_day"),
        "sent_at": sent_at,
    }


def record(wh: Warehouse, row: dict[str, Any]) -> None:
    """Append one delivery row to ``ops.alert_deliveries`` (created on first use)."""
    wh.append(ALERT_DELIVERIES, pa.Table.from_pylist([row], schema=ALERT_DELIVERIES.columns))
