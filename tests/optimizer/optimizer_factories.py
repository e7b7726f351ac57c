"""Builders shared by the optimizer tests: owner states and actions with sensible defaults."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from optimizer.actions import Action, make_action_id
from optimizer.marts import OwnerState

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TH, SG = "7010000000000001", "7010000000000002"


def owner(object_id: str = "120100", **kw: Any) -> OwnerState:
    """A delivering THB ad set with a 1,000.00 THB budget (100,000 satang)."""
    base = OwnerState(
        budget_owner_id=f"bo-{object_id}",
        object_id=object_id,
        account_id=TH,
        campaign_id="c1",
        platform="meta",
        object_level="ad_group",
        name=f"set {object_id}",
        product_group="serum",
        currency_code="THB",
        account_timezone="Asia/Bangkok",
        budget_unit="minor",
        recommendation="hold",
        primary_rule=None,
        rules_fired=None,
        recommendation_reason=None,
        daily_budget_native=100_000.0,
        daily_budget=1000.0,
        fx_rate_to_thb=1.0,
        recommended_change_pct=0.0,
        roas_long=2.0,
        gross_margin_rate=0.6,
        is_delivering=True,
        local_today=date(2026, 11, 21),
        as_of_at=NOW,
    )
    return replace(base, **kw)


def action(
    o: OwnerState | None = None,
    after: float | None = 120_000.0,
    kind: str = "budget",
    run_id: str = "run-1",
    **kw: Any,
) -> Action:
    """A budget action on ``o`` (default owner) to ``after`` native units."""
    o = o or owner()
    field = "status" if kind == "pause" else "daily_budget"
    proposed = "PAUSED" if kind == "pause" else after
    base = Action(
        action_id=make_action_id(
            run_id, o.platform, o.object_id, field, o.daily_budget_native, proposed
        ),
        run_id=run_id,
        policy="rules_allocation",
        platform=o.platform,
        account_id=o.account_id,
        object_id=o.object_id,
        object_level=o.object_level,
        object_name=o.name,
        campaign_id=o.campaign_id,
        product_group=o.product_group,
        buyer="nok",
        currency_code=o.currency_code,
        action_type=kind,  # type: ignore[arg-type]
        unit=o.budget_unit,
        before=o.daily_budget_native,
        after=None if kind == "pause" else after,
        proposed_after=None if kind == "pause" else after,
        thb_per_unit=o.thb_per_native,
        reason="test",
        rule="allocation",
        expected_margin_change_thb=10.0,
        confidence=0.5,
        as_of_at=NOW,
    )
    return replace(base, **kw)
