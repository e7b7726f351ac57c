"""Budget actions: what a plan proposes for one object, with a deterministic id.

An action is platform-agnostic: it names the platform, the object and its level (``campaign``
or ``ad_group``), and carries amounts in the platform's native unit (``unit``: Meta ``minor``,
TikTok ``units``, Google ``micros``; ``status`` for pause actions, whose amounts are None).
``action_id`` is a hash of (run, platform, object, field, before, proposed after): the same run
proposing the same change always has the same id, so applying is idempotent per id and human
overrides can name an action before it runs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import datetime
from typing import Any, Literal

from optimizer.units import BudgetUnit

ActionType = Literal["budget", "pause"]
ActionStatus = Literal["ready", "clipped", "blocked", "vetoed", "edited"]
APPLICABLE: frozenset[str] = frozenset({"ready", "clipped", "edited"})
"""Statuses an apply run executes; ``blocked`` and ``vetoed`` stay in the plan only."""


def make_action_id(
    run_id: str,
    platform: str,
    object_id: str,
    fld: str,
    before: float | str | None,
    after: float | str | None,
) -> str:
    """24 hex chars of sha256 over the run, object and change (amounts rounded to the unit)."""

    def norm(v: float | str | None) -> str:
        return "" if v is None else v if isinstance(v, str) else f"{v:.2f}"

    key = "|".join((run_id, platform, object_id, fld, norm(before), norm(after)))
    return hashlib.sha256(key.encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Action:
    """One proposed change of one budget owner.

    Attributes:
        action_id: see :func:`make_action_id`.
        run_id / policy: the plan run and the policy that proposed it.
        platform / account_id / object_id / object_level / object_name / campaign_id /
            product_group / buyer / currency_code: what is changed and who owns it.
        action_type: ``budget`` (new daily budget) or ``pause`` (status → PAUSED).
        unit: the platform's budget unit (``minor``/``units``/``micros``) of the amounts.
        before / after / proposed_after: daily budget in the platform's budget unit before and
            after (``after`` and ``proposed_after`` None for pauses); ``proposed_after`` is the
            amount before overrides and guardrails.
        thb_per_unit: THB per native unit (for the THB columns).
        reason: human-readable why; rule: the rules that fired, or ``allocation``.
        expected_spend_change_thb / expected_margin_change_thb: per day, from the owner's
            response curve (0 when it has none).
        confidence: 0–1 (the curve's; 0 without one).
        status: ``ready``, ``clipped`` (amount changed by a guardrail), ``blocked``,
            ``vetoed`` or ``edited`` (by a human override).
        notes: guardrail and override notes, in the order they applied.
        override_by: who vetoed or edited it.
        as_of_at: the data clock of the plan (UTC).
    """

    action_id: str
    run_id: str
    policy: str
    platform: str
    account_id: str
    object_id: str
    object_level: str
    object_name: str | None
    campaign_id: str | None
    product_group: str | None
    buyer: str | None
    currency_code: str
    action_type: ActionType
    unit: BudgetUnit
    before: float | None
    after: float | None
    proposed_after: float | None
    thb_per_unit: float
    reason: str
    rule: str
    expected_spend_change_thb: float = 0.0
    expected_margin_change_thb: float = 0.0
    confidence: float = 0.0
    status: ActionStatus = "ready"
    notes: tuple[str, ...] = dataclass_field(default_factory=tuple)
    override_by: str | None = None
    as_of_at: datetime | None = None

    @property
    def field(self) -> str:
        """The object field written: ``daily_budget`` or ``status``."""
        return "status" if self.action_type == "pause" else "daily_budget"

    @property
    def after_value(self) -> str:
        """What is written, as the audit log shows it (amount in ``unit``, or ``PAUSED``)."""
        return "PAUSED" if self.action_type == "pause" else f"{self.after:.2f}"

    @property
    def before_value(self) -> str:
        """The value before, as the audit log shows it."""
        return "ACTIVE" if self.action_type == "pause" else f"{self.before:.2f}"

    @property
    def change_pct(self) -> float | None:
        """Relative budget change (−1 for a pause)."""
        if self.action_type == "pause":
            return -1.0
        return (self.after or 0) / self.before - 1 if self.before else None

    @property
    def is_applicable(self) -> bool:
        """Whether an apply run executes it."""
        return self.status in APPLICABLE

    def with_status(self, status: ActionStatus, note: str | None = None, **changes: Any) -> Action:
        """A copy with a new status, an extra note and other field changes."""
        notes = (*self.notes, note) if note else self.notes
        return replace(self, status=status, notes=notes, **changes)

    def to_row(self, planned_at: datetime) -> dict[str, Any]:
        """The ``ops.budget_action_plans`` row."""
        pause = self.action_type == "pause"

        def thb(v: float | None) -> float | None:
            return None if v is None else round(v * self.thb_per_unit, 6)

        return {
            "action_id": self.action_id,
            "run_id": self.run_id,
            "policy": self.policy,
            "platform": self.platform,
            "account_id": self.account_id,
            "object_id": self.object_id,
            "object_level": self.object_level,
            "object_name": self.object_name,
            "campaign_id": self.campaign_id,
            "product_group": self.product_group,
            "buyer": self.buyer,
            "action_type": self.action_type,
            "field": self.field,
            "unit": self.unit,
            "currency_code": self.currency_code,
            "before_value": self.before,
            "after_value": self.after,
            "proposed_after_value": self.proposed_after,
            "before_status": "ACTIVE" if pause else None,  # only delivering owners are paused
            "after_status": "PAUSED" if pause else None,
            "before_thb": thb(self.before),
            "after_thb": thb(self.after),
            "change_pct": self.change_pct,
            "reason": self.reason,
            "rule": self.rule,
            "expected_spend_change_thb": round(self.expected_spend_change_thb, 6),
            "expected_margin_change_thb": round(self.expected_margin_change_thb, 6),
            "confidence": self.confidence,
            "status": self.status,
            "guardrail_notes": "; ".join(self.notes) or None,
            "override_by": self.override_by,
            "as_of_at": self.as_of_at,
            "planned_at": planned_at,
        }
