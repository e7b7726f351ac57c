"""The optimizer's ops tables: plans, the audit log, and what they say about past changes.

Tables: ``ops.budget_action_plans`` and ``ops.audit_log``.

Contracts (``extractors.common.schemas``): plans are merged on ``action_id``; the audit log is
append-only, one row per event. Writes go through the :class:`Warehouse` (one transaction per
call), so an audit row is durable before the next platform call is made.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import pyarrow as pa

from extractors.common.schemas import AUDIT_LOG, BUDGET_ACTION_PLANS, MONEY, TableSpec
from extractors.common.warehouse import Warehouse
from optimizer.actions import Action
from optimizer.guardrails import ChangeHistory

APPLIED_EVENTS = ("applied", "reconciled")
"""Audit events after which the platform holds the action's value."""


def to_table(spec: TableSpec, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows → ``spec``'s Arrow table (floats become ``decimal(38, 9)`` for money columns)."""
    money = {f.name for f in spec.columns if f.type == MONEY}
    fixed = [
        {
            k: (Decimal(f"{v:.9f}") if k in money and isinstance(v, float) else v)
            for k, v in r.items()
        }
        for r in rows
    ]
    loose = pa.schema([f.with_nullable(True) for f in spec.columns])
    return pa.Table.from_pylist(fixed, schema=loose).cast(spec.columns)


def write_plan(wh: Warehouse, actions: list[Action], planned_at: datetime) -> int:
    """Merge a plan's actions into ``ops.budget_action_plans``; returns rows written."""
    wh.ensure_table(BUDGET_ACTION_PLANS)
    if not actions:
        return 0
    return wh.merge(
        BUDGET_ACTION_PLANS, to_table(BUDGET_ACTION_PLANS, [a.to_row(planned_at) for a in actions])
    ).rows_inserted


def _num(v: Any) -> float | None:
    return None if v is None else float(v)


def _action_from_row(r: dict[str, Any]) -> Action:
    before, before_thb = _num(r["before_value"]), _num(r["before_thb"])
    return Action(
        action_id=r["action_id"],
        run_id=r["run_id"],
        policy=r["policy"],
        platform=r["platform"],
        account_id=r["account_id"],
        object_id=r["object_id"],
        object_level=r["object_level"],
        object_name=r["object_name"],
        campaign_id=r["campaign_id"],
        product_group=r["product_group"],
        buyer=r["buyer"],
        currency_code=r["currency_code"] or "",
        action_type=r["action_type"],
        unit=r["unit"],
        before=before,
        after=_num(r["after_value"]),
        proposed_after=_num(r["proposed_after_value"]),
        thb_per_unit=(before_thb / before) if before and before_thb is not None else 0.0,
        reason=r["reason"] or "",
        rule=r["rule"] or "",
        expected_spend_change_thb=_num(r["expected_spend_change_thb"]) or 0.0,
        expected_margin_change_thb=_num(r["expected_margin_change_thb"]) or 0.0,
        confidence=r["confidence"] or 0.0,
        status=r["status"],
        notes=tuple((r["guardrail_notes"] or "").split("; ")) if r["guardrail_notes"] else (),
        override_by=r["override_by"],
        as_of_at=r["as_of_at"],
    )


def read_plan(wh: Warehouse, run_id: str) -> list[Action]:
    """The actions of one plan run, in a stable order (platform, object id)."""
    if not wh.table_exists(BUDGET_ACTION_PLANS.fqn):
        return []
    rows = wh.query(
        "select * from ops.budget_action_plans where run_id = ? "
        "order by platform, object_id, action_id",
        [run_id],
    ).to_pylist()
    return [_action_from_row(r) for r in rows]


def latest_run_id(wh: Warehouse) -> str | None:
    """The most recently planned run, if any."""
    if not wh.table_exists(BUDGET_ACTION_PLANS.fqn):
        return None
    rows = wh.query(
        "select run_id from ops.budget_action_plans order by planned_at desc, run_id desc limit 1"
    ).to_pylist()
    return rows[0]["run_id"] if rows else None


@dataclass(frozen=True)
class AuditEvent:
    """One ``ops.audit_log`` row (see the table's contract for the fields)."""

    action_id: str
    event: str
    actor: str
    platform: str
    object_id: str
    occurred_at: datetime
    run_id: str | None = None
    account_id: str | None = None
    object_level: str | None = None
    field: str | None = None
    unit: str | None = None
    before_value: str | None = None
    after_value: str | None = None
    observed_value: str | None = None
    api_response: str | None = None
    api_trace_id: str | None = None
    error: str | None = None

    @classmethod
    def of(cls, a: Action, event: str, actor: str, at: datetime, **extra: str | None) -> AuditEvent:
        """An event of action ``a`` (object, field and values copied from it)."""
        return cls(
            a.action_id,
            event,
            actor,
            a.platform,
            a.object_id,
            at,
            a.run_id,
            a.account_id,
            a.object_level,
            a.field,
            a.unit,
            a.before_value,
            a.after_value,
            **extra,
        )


def record(wh: Warehouse, event: AuditEvent) -> None:
    """Append one event to ``ops.audit_log`` (committed when this returns)."""
    row = {"audit_id": uuid.uuid4().hex, **event.__dict__}
    wh.append(AUDIT_LOG, to_table(AUDIT_LOG, [row]))


def events_by_action(wh: Warehouse, action_ids: list[str]) -> dict[str, list[AuditEvent]]:
    """Audit events of the given actions, oldest first."""
    if not action_ids or not wh.table_exists(AUDIT_LOG.fqn):
        return {}
    marks = ", ".join("?" for _ in action_ids)  # scalar parameters: portable to BigQuery
    rows = wh.query(
        f"select * from ops.audit_log where action_id in ({marks}) order by occurred_at, audit_id",
        action_ids,
    ).to_pylist()
    out: dict[str, list[AuditEvent]] = {}
    for r in rows:
        r.pop("audit_id")
        out.setdefault(r["action_id"], []).append(AuditEvent(**r))
    return out


def applied_events(wh: Warehouse) -> list[AuditEvent]:
    """Every event after which the platform held an action's value, oldest first."""
    if not wh.table_exists(AUDIT_LOG.fqn):
        return []
    rows = wh.query(
        "select * from ops.audit_log where event in ('applied', 'reconciled') "
        "order by occurred_at, audit_id"
    ).to_pylist()
    for r in rows:
        r.pop("audit_id")
    return [AuditEvent(**r) for r in rows]


def change_history(events: list[AuditEvent]) -> ChangeHistory:
    """Applied changes per (platform, object), for cooldowns and daily counts."""
    out: dict[tuple[str, str], list[datetime]] = {}
    for e in events:
        out.setdefault((e.platform, e.object_id), []).append(e.occurred_at)
    return ChangeHistory(out)
