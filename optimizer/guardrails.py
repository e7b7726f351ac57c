"""Guardrails: every action passes these checks before it may be applied.

In order (``config/guardrails.yml``):

1. the account is allow-listed;
2. the object has no ``manual`` override (a human manages it);
3. budget ownership: the object is the one that holds the budget now (a CBO campaign, or an ad
   set of a campaign without CBO) — an action on the wrong level is refused, as the platform
   would refuse it;
4. pausing is allowed at all;
5. cooldown since the object's last applied change, and at most N applied changes per object per
   account-local day;
6. max step: a budget moves at most ±``max_step_pct`` (clipped, or blocked with
   ``over_step: block``);
7. the platform minimum daily budget (raised to it; a decrease from at or below it is blocked);
8. the account's maximum total daily budget: increases in an account over its cap are scaled
   down together (clipped), or blocked when nothing is left.

A blocked action keeps its place in the plan with the reason (``status = blocked``, ``notes``);
a clipped one carries its original amount in ``proposed_after``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from config.guardrails import GuardrailsConfig
from optimizer.actions import Action
from optimizer.marts import OwnerState
from optimizer.plan import MIN_CHANGE_PCT
from optimizer.units import to_native


@dataclass(frozen=True)
class ChangeHistory:
    """When each object was changed by an applied action (UTC), from ``ops.audit_log``."""

    applied_at: dict[tuple[str, str], list[datetime]] = field(default_factory=dict)

    def last(self, platform: str, object_id: str) -> datetime | None:
        """The object's latest applied change."""
        times = self.applied_at.get((platform, object_id))
        return max(times) if times else None

    def count_on(self, platform: str, object_id: str, day: date, tz: str) -> int:
        """Applied changes of the object on an account-local day."""
        zone = ZoneInfo(tz)
        return sum(
            1
            for t in self.applied_at.get((platform, object_id), [])
            if t.astimezone(zone).date() == day
        )


@dataclass(frozen=True)
class GuardrailContext:
    """What the checks need besides the actions.

    Attributes:
        owners: current budget owners, by (platform, object id).
        manual: (platform, object id) → who marked the object manual.
        history: applied changes.
        now: the clock (UTC) cooldowns are measured against.
    """

    owners: dict[tuple[str, str], OwnerState]
    manual: dict[tuple[str, str], str]
    history: ChangeHistory
    now: datetime


def _check(a: Action, cfg: GuardrailsConfig, ctx: GuardrailContext) -> Action:
    """Checks 1–7 on one action."""
    key = (a.platform, a.object_id)
    owner = ctx.owners.get(key)
    if a.account_id not in cfg.allowed_accounts:
        return a.with_status("blocked", f"account {a.account_id} is not allow-listed")
    if key in ctx.manual:
        return a.with_status("blocked", f"manual override by {ctx.manual[key]}: never touched")
    if owner is None or owner.object_level != a.object_level:
        return a.with_status(
            "blocked",
            f"{a.object_level} {a.object_id} does not hold the budget "
            "(budget ownership: CBO campaign vs ad set)",
        )
    if a.action_type == "pause" and not cfg.allow_pause:
        return a.with_status("blocked", "pausing is not allowed (allow_pause: false)")
    last = ctx.history.last(*key)
    if last is not None and ctx.now - last < timedelta(hours=cfg.cooldown_hours):
        hours = (ctx.now - last).total_seconds() / 3600
        return a.with_status(
            "blocked", f"cooldown: last change {hours:.1f} h ago (< {cfg.cooldown_hours:g} h)"
        )
    today = ctx.now.astimezone(ZoneInfo(owner.account_timezone)).date()
    if (
        ctx.history.count_on(*key, today, owner.account_timezone)
        >= cfg.max_changes_per_object_per_day
    ):
        return a.with_status(
            "blocked",
            f"already changed {cfg.max_changes_per_object_per_day}x "
            "today (max_changes_per_object_per_day)",
        )
    if a.action_type == "pause":
        return a
    return _amount_checks(a, cfg, owner)


def _amount_checks(a: Action, cfg: GuardrailsConfig, owner: OwnerState) -> Action:
    """Max step and platform minimum (checks 6–7) on a budget action."""
    before, after = a.before or 0.0, a.after or 0.0
    step = cfg.max_step_pct
    lo, hi = before * (1 - step), before * (1 + step)
    if not lo - 1e-9 <= after <= hi + 1e-9:
        if cfg.over_step == "block":
            return a.with_status("blocked", f"moves {a.change_pct:+.0%}, more than ±{step:.0%}")
        clipped = to_native(
            min(max(after, lo), hi) / _per_unit(owner), a.unit, owner.minor_exponent
        )
        a = a.with_status(
            "clipped", f"step {a.change_pct:+.0%} clipped to ±{step:.0%}", after=clipped
        )
    floor = to_native(cfg.min_budget(a.platform, a.currency_code), a.unit, owner.minor_exponent)
    if (a.after or 0.0) < floor:
        if before <= floor:
            return a.with_status("blocked", f"already at the platform minimum {floor:g} {a.unit}")
        a = a.with_status(
            "clipped", f"raised to the platform minimum {floor:g} {a.unit}", after=floor
        )
    return _rescore(a, owner)


def _per_unit(owner: OwnerState) -> float:
    """Native units per currency unit."""
    return owner.daily_budget_native / owner.daily_budget if owner.daily_budget else 100.0


def _rescore(a: Action, owner: OwnerState) -> Action:
    """Drop an action whose clipped amount no longer changes anything."""
    if a.before and abs((a.after or 0) / a.before - 1) < MIN_CHANGE_PCT:
        return a.with_status("blocked", "no change left after guardrails")
    return a


def _account_caps(
    actions: list[Action], cfg: GuardrailsConfig, ctx: GuardrailContext
) -> list[Action]:
    """Check 8: scale increases down where an account's total would exceed its cap."""
    new_total: dict[str, float] = defaultdict(float)
    live = {k: o for k, o in ctx.owners.items() if o.is_delivering}
    moved = {(a.platform, a.object_id): a for a in actions if a.is_applicable}
    for key, o in live.items():
        a = moved.get(key)
        if a is None:
            new_total[o.account_id] += o.daily_budget_native
        elif a.action_type == "budget":
            new_total[o.account_id] += a.after or 0.0
    out = []
    for acct, total in new_total.items():
        cap = cfg.max_account_daily_budget.get(acct)
        ups = [
            a
            for a in moved.values()
            if a.account_id == acct
            and a.action_type == "budget"
            and (a.after or 0) > (a.before or 0)
        ]
        if cap is None or not ups:
            continue
        per_unit = _per_unit(ctx.owners[(ups[0].platform, ups[0].object_id)])
        excess = total - cap * per_unit
        growth = sum((a.after or 0) - (a.before or 0) for a in ups)
        if excess > 0:
            keep = max(0.0, 1 - excess / growth)
            for a in ups:
                owner = ctx.owners[(a.platform, a.object_id)]
                after = to_native(
                    ((a.before or 0) + keep * ((a.after or 0) - (a.before or 0))) / per_unit,
                    a.unit,
                    owner.minor_exponent,
                )
                out.append(
                    _rescore(
                        a.with_status(
                            "clipped",
                            f"account {acct} total capped at {cap:g} {a.currency_code}",
                            after=after,
                        ),
                        owner,
                    )
                )
    replaced = {x.action_id: x for x in out}
    return [replaced.get(a.action_id, a) for a in actions]


def apply_guardrails(
    actions: list[Action], cfg: GuardrailsConfig, ctx: GuardrailContext
) -> list[Action]:
    """Run every check (module docstring); vetoed actions pass through untouched."""
    checked = [a if a.status in ("vetoed", "blocked") else _check(a, cfg, ctx) for a in actions]
    return _account_caps(checked, cfg, ctx)
