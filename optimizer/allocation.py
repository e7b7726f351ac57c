"""Allocate a total daily budget over budget owners to maximise expected margin.

Problem (THB per day; ``b`` the owners' budgets, ``m_i`` their fitted margin curves)::

    maximise    Σ m_i(b_i)
    subject to  Σ b_i = T  (goal max_margin, spend_total "exact")  or  Σ b_i ≤ T  ("up_to")
                Σ_{i ∈ group g} b_i ≤ cap_g                 product-group budgets
                Σ_{i ∈ campaign c} b_i ≤ max campaign budget  (a CBO owner, or its ad sets)
                lo_i ≤ b_i ≤ hi_i                           platform minimums, steps, min ROAS

Each ``m_i`` is concave, so the problem is convex; it is solved with
``scipy.optimize.minimize(method="SLSQP")`` with analytic gradients. Owners without a curve (too
little history) or marked ``fixed`` keep their budget and count towards the totals. The minimum
ROAS becomes an upper bound per owner: the budget at which the owner's expected ROAS falls to it
(``scipy.optimize.brentq``); an owner below it even at its floor stays at the floor.

Budgets move across platforms freely (one common marginal margin at the optimum), so budget
flows to the platform whose owners earn more margin per extra THB; :attr:`AllocationResult.
by_platform` reports the shift.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.optimize import brentq, linprog, minimize

from optimizer.response import ResponseCurve


@dataclass(frozen=True)
class OwnerSlot:
    """One budget owner as the allocation sees it.

    Attributes:
        budget_owner_id: the owner's key.
        platform / account_id / campaign_id / product_group: grouping for constraints and
            reports.
        current_thb: its daily budget now, THB.
        floor_thb: lowest budget allowed (platform minimum), THB.
        ceiling_thb: highest budget allowed (None = no limit), THB.
        curve: its fitted response, or None (kept at ``current_thb``).
        fixed: keep at ``current_thb`` whatever the curve says (e.g. a rule forbids a move).
    """

    budget_owner_id: str
    platform: str
    account_id: str
    campaign_id: str
    product_group: str | None
    current_thb: float
    floor_thb: float = 0.0
    ceiling_thb: float | None = None
    curve: ResponseCurve | None = None
    fixed: bool = False


@dataclass(frozen=True)
class AllocationRequest:
    """What to allocate (the buyer dashboard's budget-optimization request).

    Attributes:
        total_budget_thb: total daily budget over the slots, THB.
        goal: ``max_margin`` (the only goal so far).
        spend_total: ``exact`` spends the total, ``up_to`` may leave some unspent.
        min_roas: lowest expected ROAS an owner may be pushed to.
        max_campaign_daily_budget_thb: cap per campaign, THB (None = none).
        product_group_caps_thb: cap per product group, THB.
        max_step_pct: if set, each owner moves at most this fraction from its current budget
            (a plan's one-step allocation; None = the full optimum).
    """

    total_budget_thb: float
    goal: Literal["max_margin"] = "max_margin"
    spend_total: Literal["exact", "up_to"] = "exact"
    min_roas: float = 0.0
    max_campaign_daily_budget_thb: float | None = None
    product_group_caps_thb: dict[str, float] = field(default_factory=dict)
    max_step_pct: float | None = None


@dataclass(frozen=True)
class OwnerAllocation:
    """The allocation of one owner (THB per day)."""

    budget_owner_id: str
    platform: str
    current_thb: float
    recommended_thb: float
    expected_margin_current_thb: float
    expected_margin_thb: float
    expected_spend_change_thb: float
    confidence: float

    @property
    def expected_margin_change_thb(self) -> float:
        """Expected margin gained per day by the move."""
        return self.expected_margin_thb - self.expected_margin_current_thb


@dataclass(frozen=True)
class AllocationResult:
    """The allocation and its expected totals (THB per day).

    Attributes:
        owners: one entry per slot, in slot order.
        total_budget_thb: budget allocated (may be below the request: caps, ``up_to``).
        expected_margin_thb: expected margin of the allocation (owners with curves).
        current_expected_margin_thb: expected margin of the current budgets.
        expected_spend_thb: expected spend of the allocation.
        by_platform: platform → (current budget, recommended budget), THB.
        message: solver status or why the request could not be met exactly.
    """

    owners: list[OwnerAllocation]
    total_budget_thb: float
    expected_margin_thb: float
    current_expected_margin_thb: float
    expected_spend_thb: float
    by_platform: dict[str, tuple[float, float]]
    message: str


def _roas_ceiling(curve: ResponseCurve, lo: float, hi: float, min_roas: float) -> float:
    """Largest budget in [lo, hi] whose expected ROAS is still ≥ ``min_roas``."""
    if min_roas <= 0 or float(curve.roas(hi)) >= min_roas:
        return hi
    if float(curve.roas(lo)) <= min_roas:
        return lo
    return float(brentq(lambda b: float(curve.roas(b)) - min_roas, lo, hi, xtol=1e-6))


def _bounds(slots: list[OwnerSlot], req: AllocationRequest) -> tuple[np.ndarray, np.ndarray]:
    lo = np.array([s.floor_thb for s in slots], dtype=np.float64)
    hi = np.array([s.ceiling_thb if s.ceiling_thb is not None else np.inf for s in slots])
    cur = np.array([s.current_thb for s in slots])
    if req.max_step_pct is not None:
        lo = np.maximum(lo, cur * (1 - req.max_step_pct))
        hi = np.minimum(hi, cur * (1 + req.max_step_pct))
    if req.max_campaign_daily_budget_thb is not None:
        hi = np.minimum(hi, req.max_campaign_daily_budget_thb)
    hi = np.maximum(hi, lo)
    for i, s in enumerate(slots):
        if s.fixed or s.curve is None:
            lo[i] = hi[i] = s.current_thb
        elif np.isfinite(hi[i]) or req.min_roas > 0:
            top = hi[i] if np.isfinite(hi[i]) else max(10 * s.current_thb, lo[i] + 1.0)
            hi[i] = _roas_ceiling(s.curve, lo[i], top, req.min_roas) if req.min_roas else top
    return lo, hi


def _group_constraints(
    slots: list[OwnerSlot],
    req: AllocationRequest,
    free: np.ndarray,
    base: np.ndarray,
    hi: np.ndarray,
    scale: np.ndarray,
) -> list[dict]:
    """Linear ``≤`` constraints per product group and per campaign over the free owners.

    Variables are the free owners' budgets divided by ``scale``; a cap the members' ceilings
    cannot reach is left out (it can never bind).
    """
    cons: list[dict] = []
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, s in enumerate(slots):
        if s.product_group in req.product_group_caps_thb:
            groups[("group", s.product_group or "")].append(i)
        if req.max_campaign_daily_budget_thb is not None:
            groups[("campaign", s.platform + ":" + s.campaign_id)].append(i)
    free_idx = np.flatnonzero(free)
    for (kind, name), members in groups.items():
        cap = (
            req.product_group_caps_thb[name]
            if kind == "group"
            else float(req.max_campaign_daily_budget_thb or np.inf)
        )
        idx = np.array(members)
        rest = float(base[idx][~free[idx]].sum())
        if float(hi[idx][free[idx]].sum()) + rest <= cap:
            continue
        weights = np.isin(free_idx, idx) * scale
        cons.append(
            {
                "type": "ineq",
                "fun": lambda u, w=weights, c=cap, r=rest: c - r - w @ u,
                "jac": lambda u, w=weights: -w,
            }
        )
    return cons


def _reachable(cons: list[dict], lo: np.ndarray, hi: np.ndarray, xs: np.ndarray) -> float:
    """Largest total the caps allow (a linear program over the scaled variables)."""
    rows = [-c["jac"](lo) for c in cons]  # each cap: w @ u <= c - r, i.e. fun(u) >= 0
    rhs = [c["fun"](np.zeros_like(lo)) for c in cons]
    res = linprog(
        -xs,
        A_ub=np.array(rows),
        b_ub=np.array(rhs),
        bounds=list(zip(lo, hi, strict=True)),
        method="highs",
    )
    return float(xs @ res.x) if res.success else float(xs @ lo)


def allocate(slots: list[OwnerSlot], req: AllocationRequest) -> AllocationResult:
    """Solve the allocation (module docstring) for ``slots`` under ``req``.

    Returns:
        The allocation. When the request cannot be met exactly (floors above the total,
        ceilings below it) the closest feasible allocation is returned and ``message`` says so.
    """
    lo, hi = _bounds(slots, req)
    free = hi - lo > 1e-9
    x_all = np.clip(np.array([s.current_thb for s in slots], dtype=np.float64), lo, hi)
    target = req.total_budget_thb - float(x_all[~free].sum())
    curves = [s.curve for s in slots]
    idx = np.flatnonzero(free)
    gain = np.array([curves[i].gain_thb for i in idx])  # type: ignore[union-attr]
    k = np.array([curves[i].k_thb for i in idx])  # type: ignore[union-attr]
    rho = np.array([curves[i].pacing for i in idx])  # type: ignore[union-attr]
    xs = np.maximum(x_all[idx], 1.0)  # solve for u = budget / current: every variable ~1
    norm = max(abs(req.total_budget_thb), 1.0)
    message = "optimal"

    def neg_margin(u: np.ndarray) -> float:
        x = u * xs
        return -float((gain * -np.expm1(-rho * x / k) - rho * x).sum()) / norm

    def neg_grad(u: np.ndarray) -> np.ndarray:
        x = u * xs
        return -(rho * (gain / k * np.exp(-rho * x / k) - 1.0)) * xs / norm

    if len(idx):
        lo_f, hi_f = lo[idx], hi[idx]
        if lo_f.sum() >= target:
            x_all[idx], message = (
                lo_f,
                "total below the owners' floors: every free owner at its floor",
            )
        elif hi_f.sum() <= target and req.spend_total == "exact":
            x_all[idx], message = (
                hi_f,
                "total above the owners' ceilings: every free owner at its ceiling",
            )
        else:
            caps = _group_constraints(slots, req, free, x_all, hi, xs)
            reachable = _reachable(caps, lo_f / xs, hi_f / xs, xs) if caps else np.inf
            if reachable < target - 1e-6:
                target = reachable
                message = f"caps allow at most {reachable:,.0f} THB to the free owners"
            u0 = np.clip(x_all[idx] * target / max(x_all[idx].sum(), 1e-9), lo_f, hi_f) / xs
            total = {
                "type": "eq" if req.spend_total == "exact" else "ineq",
                "fun": lambda u: (target - xs @ u) / norm,
                "jac": lambda u: -xs / norm,
            }
            cons = [total, *caps]
            res = minimize(
                neg_margin,
                u0,
                jac=neg_grad,
                bounds=list(zip(lo_f / xs, hi_f / xs, strict=True)),
                constraints=cons,
                method="SLSQP",
                options={"maxiter": 500, "ftol": 1e-10},
            )
            x_all[idx] = np.clip(res.x * xs, lo_f, hi_f)
            if not res.success:
                message = f"SLSQP: {res.message}"
    return _result(slots, x_all, message)


def _result(slots: list[OwnerSlot], x: np.ndarray, message: str) -> AllocationResult:
    owners: list[OwnerAllocation] = []
    by_platform: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for s, b in zip(slots, x.tolist(), strict=True):
        c = s.curve
        m_now = float(c.margin(s.current_thb)) if c else 0.0
        m_new = float(c.margin(b)) if c else 0.0
        d_spend = float(c.spend(b) - c.spend(s.current_thb)) if c else 0.0
        owners.append(
            OwnerAllocation(
                s.budget_owner_id,
                s.platform,
                s.current_thb,
                b,
                m_now,
                m_new,
                d_spend,
                c.confidence if c else 0.0,
            )
        )
        by_platform[s.platform][0] += s.current_thb
        by_platform[s.platform][1] += b
    spend = sum(
        float(s.curve.spend(o.recommended_thb)) if s.curve else o.recommended_thb
        for s, o in zip(slots, owners, strict=True)
    )
    return AllocationResult(
        owners=owners,
        total_budget_thb=float(x.sum()),
        expected_margin_thb=sum(o.expected_margin_thb for o in owners),
        current_expected_margin_thb=sum(o.expected_margin_current_thb for o in owners),
        expected_spend_thb=spend,
        by_platform={p: (v[0], v[1]) for p, v in by_platform.items()},
        message=message,
    )
