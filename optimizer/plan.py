"""Turn owner states, fitted curves and an allocation into budget actions, by policy.

Policies (the benchmark compares them on the same market):

- ``rules``: each delivering owner's rule recommendation from ``budget_recommendations`` as is
  (pause; or the budget × (1 + recommended_change_pct)).
- ``allocation``: the one-step allocation (:mod:`optimizer.allocation`, each owner within the
  guardrails' max step) of the total daily budget over delivering owners.
- ``rules_allocation``: rules decide *which way* — ``reduce`` and ``pause`` forbid an
  increase, ``increase`` forbids a decrease — and the allocation decides *how much*. A pause
  rule is a strong reduce: the owner is paused once the allocation takes it down to its floor
  (the platform minimum), i.e. when the response curve agrees no spend level earns its keep.
  Pausing outright would hand its budget to owners further down their curves, and the low-spend
  end of a saturating curve is where a weak owner is still efficient.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from optimizer.actions import Action, make_action_id
from optimizer.allocation import AllocationRequest, AllocationResult, OwnerSlot, allocate
from optimizer.marts import OwnerState
from optimizer.response import ResponseCurve
from optimizer.units import to_native

Policy = Literal["rules", "allocation", "rules_allocation"]
POLICIES: tuple[Policy, ...] = ("rules", "allocation", "rules_allocation")
MIN_CHANGE_PCT = 0.01
"""Budget moves smaller than this are not worth an API call (and a learning-phase reset)."""


@dataclass(frozen=True)
class PlanContext:
    """What every action of one plan shares.

    Attributes:
        run_id: the plan run (part of every action id).
        policy: the policy building the plan.
        buyers: account id → the media buyer who owns it (``config/accounts.yml``).
        as_of: the data clock (UTC).
    """

    run_id: str
    policy: Policy
    buyers: dict[str, str | None]
    as_of: datetime | None


def _impact(
    curve: ResponseCurve | None, before_thb: float, after_thb: float
) -> tuple[float, float, float]:
    """(Δspend, Δmargin, confidence) per day of moving a budget, from the owner's curve."""
    if curve is None:
        return 0.0, 0.0, 0.0
    d_spend = float(curve.spend(after_thb) - curve.spend(before_thb))
    d_margin = float(curve.margin(after_thb) - curve.margin(before_thb))
    return d_spend, d_margin, curve.confidence


def _action(
    o: OwnerState,
    ctx: PlanContext,
    kind: Literal["budget", "pause"],
    after: float | None,
    curve: ResponseCurve | None,
    reason: str,
    rule: str,
) -> Action:
    after_thb = 0.0 if after is None else after * o.thb_per_native
    d_spend, d_margin, conf = _impact(curve, o.daily_budget_thb, after_thb)
    field = "status" if kind == "pause" else "daily_budget"
    proposed: float | str | None = "PAUSED" if kind == "pause" else after
    return Action(
        action_id=make_action_id(
            ctx.run_id, o.platform, o.object_id, field, o.daily_budget_native, proposed
        ),
        run_id=ctx.run_id,
        policy=ctx.policy,
        platform=o.platform,
        account_id=o.account_id,
        object_id=o.object_id,
        object_level=o.object_level,
        object_name=o.name,
        campaign_id=o.campaign_id,
        product_group=o.product_group,
        buyer=ctx.buyers.get(o.account_id),
        currency_code=o.currency_code,
        action_type=kind,
        unit=o.budget_unit,
        before=o.daily_budget_native,
        after=after,
        proposed_after=after,
        thb_per_unit=o.thb_per_native,
        reason=reason,
        rule=rule,
        expected_spend_change_thb=d_spend,
        expected_margin_change_thb=d_margin,
        confidence=conf,
        as_of_at=ctx.as_of,
    )


def budget_action(
    o: OwnerState,
    ctx: PlanContext,
    after_thb: float,
    curve: ResponseCurve | None,
    reason: str,
    rule: str,
) -> Action | None:
    """A new daily budget (THB, rounded to the platform's unit), or None for a tiny move."""
    after = to_native(after_thb / o.fx_rate_to_thb, o.budget_unit, o.minor_exponent)
    if o.daily_budget_native <= 0 or abs(after / o.daily_budget_native - 1) < MIN_CHANGE_PCT:
        return None
    return _action(o, ctx, "budget", after, curve, reason, rule)


def pause_action(o: OwnerState, ctx: PlanContext, curve: ResponseCurve | None) -> Action:
    """Pause the owner (its rule said so)."""
    return _action(
        o,
        ctx,
        "pause",
        None,
        curve,
        o.recommendation_reason or "rule: pause",
        o.rules_fired or "rules",
    )


def rule_actions(
    owners: list[OwnerState], curves: dict[str, ResponseCurve | None], ctx: PlanContext
) -> list[Action]:
    """The ``rules`` policy: every delivering owner's recommendation as an action."""
    out: list[Action] = []
    for o in owners:
        curve = curves.get(o.budget_owner_id)
        if not o.is_delivering or o.recommendation == "hold":
            continue
        if o.recommendation == "pause":
            out.append(pause_action(o, ctx, curve))
            continue
        a = budget_action(
            o,
            ctx,
            o.daily_budget_thb * (1 + o.recommended_change_pct),
            curve,
            o.recommendation_reason or o.recommendation,
            o.rules_fired or "rules",
        )
        if a is not None:
            out.append(a)
    return out


def allocation_actions(
    owners: list[OwnerState],
    curves: dict[str, ResponseCurve | None],
    ctx: PlanContext,
    request: AllocationRequest,
    floors_thb: dict[str, float],
    use_rules: bool,
) -> tuple[list[Action], AllocationResult]:
    """The ``allocation`` / ``rules_allocation`` policies (module docstring).

    Args:
        owners: every owner (non-delivering ones are left alone).
        curves: fitted curves by budget owner id.
        ctx: the plan's context.
        request: total, constraints and max step of the allocation.
        floors_thb: per owner id, the lowest budget allowed (platform minimum), THB.
        use_rules: apply the rules' pauses and directions.

    Returns:
        The actions and the allocation they come from.
    """
    actions: list[Action] = []
    slots: list[OwnerSlot] = []
    live = [o for o in owners if o.is_delivering and o.daily_budget_native > 0]
    for o in live:
        cur = o.daily_budget_thb
        floor = floors_thb.get(o.budget_owner_id, 0.0)
        ceiling = None
        if use_rules and o.recommendation in ("reduce", "pause"):
            floor, ceiling = min(floor, cur), cur
        elif use_rules and o.recommendation == "increase":
            floor = max(floor, cur)
        slots.append(
            OwnerSlot(
                o.budget_owner_id,
                o.platform,
                o.account_id,
                o.campaign_id,
                o.product_group,
                cur,
                floor,
                ceiling,
                curves.get(o.budget_owner_id),
            )
        )
    result = allocate(slots, request)
    by_id = {o.budget_owner_id: o for o in live}
    for slot, alloc in zip(slots, result.owners, strict=True):
        o = by_id[slot.budget_owner_id]
        if (
            use_rules
            and o.recommendation == "pause"
            and alloc.recommended_thb <= slot.floor_thb * (1 + MIN_CHANGE_PCT)
        ):
            actions.append(pause_action(o, ctx, slot.curve))
            continue
        rule = "allocation" if not (use_rules and o.rules_fired) else f"{o.rules_fired}+allocation"
        reason = (
            f"allocation: marginal margin {_marginal(slot.curve, alloc.current_thb):+.2f} "
            f"THB per THB at the current budget"
        )
        a = budget_action(o, ctx, alloc.recommended_thb, slot.curve, reason, rule)
        if a is not None:
            actions.append(a)
    return actions, result


def _marginal(curve: ResponseCurve | None, budget_thb: float) -> float:
    return float(curve.marginal(budget_thb)) if curve else 0.0
