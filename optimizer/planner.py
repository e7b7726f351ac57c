"""Build a plan from the marts: fit curves, allocate, propose actions, override, guard.

:func:`make_plan` is what the Dagster preview asset, the CLI and the benchmark call. It reads
``marts.budget_recommendations`` and ``marts.budget_owner_performance_daily``, the audit log
(budget history and cooldowns) and the overrides, and returns a :class:`Plan`; it writes
nothing (:func:`optimizer.ledger.write_plan` does).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from config.accounts import AccountsConfig
from config.budget import BudgetConfig, load_budget
from config.guardrails import GuardrailsConfig, load_guardrails
from extractors.common.warehouse import Warehouse
from optimizer.actions import Action
from optimizer.allocation import AllocationRequest, AllocationResult
from optimizer.guardrails import GuardrailContext, apply_guardrails
from optimizer.ledger import AuditEvent, applied_events, change_history
from optimizer.marts import DailyHistory, OwnerState, read_histories, read_owner_states
from optimizer.overrides import (
    OVERRIDES_DIR,
    apply_overrides,
    load_override_files,
    load_override_rows,
    manual_objects,
)
from optimizer.plan import POLICIES, PlanContext, Policy, allocation_actions, rule_actions
from optimizer.response import OwnerHistory, ResponseCurve, fit_curve, pacing_ratio


@dataclass(frozen=True)
class OptimizerSettings:
    """Configuration a plan needs (``config/*.yml``).

    Attributes:
        budget: totals, margins, constraints, fit knobs.
        guardrails: the checks every action passes.
        accounts: accounts with their buyers and ``auto_apply`` (None: no buyers known).
        overrides_dir: folder of override files (None: files are not read).
    """

    budget: BudgetConfig
    guardrails: GuardrailsConfig
    accounts: AccountsConfig | None = None
    overrides_dir: Path | None = OVERRIDES_DIR

    @classmethod
    def load(cls, accounts: AccountsConfig | None = None) -> OptimizerSettings:
        """The committed configuration files."""
        return cls(load_budget(), load_guardrails(), accounts)

    def buyers(self) -> dict[str, str | None]:
        """Account id → buyer, every platform."""
        a = self.accounts
        sections = (a.meta, a.tiktok, a.google_ads) if a else ()
        return {x.account_id: x.owner for s in sections if s for x in s.accounts}


@dataclass(frozen=True)
class Plan:
    """A plan run: its actions (any status) and the allocation behind them."""

    run_id: str
    policy: Policy
    as_of: datetime | None
    planned_at: datetime
    actions: list[Action]
    owners: list[OwnerState] = field(default_factory=list)
    curves: dict[str, ResponseCurve | None] = field(default_factory=dict)
    allocation: AllocationResult | None = None


def default_run_id(as_of: datetime | None, policy: Policy) -> str:
    """``opt-<data clock, UTC>-<policy>``: re-planning the same data gives the same ids."""
    stamp = as_of.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") if as_of else "empty"
    return f"opt-{stamp}-{policy}"


def _budget_in_force(o: OwnerState, days: list[date], events: list[AuditEvent]) -> np.ndarray:
    """The owner's daily budget (THB) on each day, from applied changes and its current one."""
    zone = ZoneInfo(o.account_timezone)
    changes = sorted(
        (
            e.occurred_at.astimezone(zone).date(),
            float(e.before_value or 0),
            float(e.after_value or 0),
        )
        for e in events
        if e.field == "daily_budget"
    )
    out = []
    for d in days:
        past = [c for c in changes if c[0] <= d]
        native = past[-1][2] if past else changes[0][1] if changes else o.daily_budget_native
        out.append(native * o.thb_per_native)
    return np.array(out)


def owner_history(o: OwnerState, h: DailyHistory | None, events: list[AuditEvent]) -> OwnerHistory:
    """An owner's fit input: ages, spend, revenue and budgets in force (THB)."""
    if h is None:
        z = np.zeros(0)
        return OwnerHistory(z, z, z, z)
    ages = np.array([(o.local_today - d).days for d in h.days])
    return OwnerHistory(ages, h.spend_thb, h.revenue_thb, _budget_in_force(o, h.days, events))


def fit_curves(
    owners: list[OwnerState],
    histories: dict[str, DailyHistory],
    events: list[AuditEvent],
    budget: BudgetConfig,
) -> dict[str, ResponseCurve | None]:
    """One curve per delivering owner (None where the history is too short)."""
    by_object: dict[tuple[str, str], list[AuditEvent]] = {}
    for e in events:
        by_object.setdefault((e.platform, e.object_id), []).append(e)
    out: dict[str, ResponseCurve | None] = {}
    for o in owners:
        if not o.is_delivering:
            continue
        hist = owner_history(
            o, histories.get(o.budget_owner_id), by_object.get((o.platform, o.object_id), [])
        )
        out[o.budget_owner_id] = fit_curve(
            hist, budget.margin_rate(o.product_group), budget.model, pacing=pacing_ratio(hist)
        )
    return out


def allocation_request(
    owners: list[OwnerState],
    settings: OptimizerSettings,
    total_budget_thb: float | None = None,
    max_step_pct: float | None = None,
) -> AllocationRequest:
    """The request for the delivering owners: total from the argument, the config or today's."""
    b = settings.budget
    live = [o for o in owners if o.is_delivering]
    total = total_budget_thb or b.total_daily_budget_thb or sum(o.daily_budget_thb for o in live)
    return AllocationRequest(
        total_budget_thb=total,
        spend_total=b.spend_total,
        min_roas=b.constraints.min_roas,
        max_campaign_daily_budget_thb=b.constraints.max_campaign_daily_budget_thb,
        product_group_caps_thb=b.group_caps_thb(),
        max_step_pct=max_step_pct,
    )


def floors_thb(owners: list[OwnerState], g: GuardrailsConfig) -> dict[str, float]:
    """Per owner, the lowest budget the allocation may give it, THB.

    The platform minimum, or the current budget when that is already below the minimum: such an
    owner is never pushed up by the floor (the guardrails block any decrease of it).
    """
    return {
        o.budget_owner_id: min(
            g.min_budget(o.platform, o.currency_code) * o.fx_rate_to_thb, o.daily_budget_thb
        )
        for o in owners
    }


def _rescore(
    actions: list[Action],
    owners: dict[tuple[str, str], OwnerState],
    curves: dict[str, ResponseCurve | None],
) -> list[Action]:
    """Expected impact of the final amounts (after overrides and guardrails)."""
    out = []
    for a in actions:
        o = owners.get((a.platform, a.object_id))
        c = curves.get(o.budget_owner_id) if o else None
        if c is None or o is None or a.action_type != "budget" or a.after == a.proposed_after:
            out.append(a)
            continue
        before, after = o.daily_budget_thb, (a.after or 0) * o.thb_per_native
        out.append(
            replace(
                a,
                expected_spend_change_thb=float(c.spend(after) - c.spend(before)),
                expected_margin_change_thb=float(c.margin(after) - c.margin(before)),
            )
        )
    return out


def make_plan(
    wh: Warehouse,
    settings: OptimizerSettings,
    policy: Policy = "rules_allocation",
    now: datetime | None = None,
    run_id: str | None = None,
    total_budget_thb: float | None = None,
) -> Plan:
    """Plan one run (module docstring).

    Raises:
        ValueError: unknown policy.
    """
    if policy not in POLICIES:
        raise ValueError(f"policy must be one of {POLICIES}, got {policy!r}")
    now = now or datetime.now(UTC)
    owners = read_owner_states(wh)
    as_of = max((o.as_of_at for o in owners), default=None)
    as_of = as_of.replace(tzinfo=UTC) if as_of and as_of.tzinfo is None else as_of
    ctx = PlanContext(run_id or default_run_id(as_of, policy), policy, settings.buyers(), as_of)
    events = applied_events(wh)
    since = min((o.local_today for o in owners), default=now.date())
    histories = read_histories(wh, since - timedelta(days=settings.budget.model.history_days))
    curves = fit_curves(owners, histories, events, settings.budget)
    allocation = None
    if policy == "rules":
        actions = rule_actions(owners, curves, ctx)
    else:
        request = allocation_request(
            owners, settings, total_budget_thb, settings.guardrails.max_step_pct
        )
        actions, allocation = allocation_actions(
            owners,
            curves,
            ctx,
            request,
            floors_thb(owners, settings.guardrails),
            use_rules=policy == "rules_allocation",
        )
    overrides = load_override_rows(wh)
    if settings.overrides_dir is not None:
        overrides = load_override_files(settings.overrides_dir) + overrides
    by_key = {(o.platform, o.object_id): o for o in owners}
    actions = apply_overrides(actions, overrides)
    guard = GuardrailContext(
        by_key, manual_objects(overrides, now.date()), change_history(events), now
    )
    actions = _rescore(apply_guardrails(actions, settings.guardrails, guard), by_key, curves)
    return Plan(ctx.run_id, policy, as_of, now, actions, owners, curves, allocation)
