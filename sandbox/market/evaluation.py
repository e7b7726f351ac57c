"""The hidden truth: expected spend → margin curves, realized margin, and the oracle allocation.

Never served on the pipeline's endpoints (only in Python and under ``/__sandbox/eval/``). It lets
tests and benchmarks score the optimizer against the best possible allocation.

Margin = revenue × gross-margin rate of the promoted SKUs − spend, in THB, converted with the
fixed sandbox FX constants (:data:`catalog.FX_THB_PER_UNIT`, ECB 2026-10-30). Budgets here are in
THB per day; a budget owner is a campaign that owns its budget (CBO) or an ad set.

Expected values follow the simulation with the daily noise at its mean: spend = min(budget ×
0.95 mean pacing, delivery capacity), split over the owner's active ads, purchases =
vmax (1 − exp(−spend/k)) × √fatigue × weekday factor, revenue = purchases × AOV.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy.optimize import brentq

from sandbox.market.catalog import FX_THB_PER_UNIT, Platform
from sandbox.market.market import Market
from sandbox.market.simulate import active_ads, ad_shares, fatigue, weekday_factors

MEAN_PACING = 0.95


@dataclass(frozen=True)
class OwnerCurves:
    """Expected daily margin as a function of each budget owner's daily budget (THB).

    Owner attributes are lists/arrays aligned with ``owner_ids``; ``ad_*`` arrays hold the
    owners' active ads.

    Attributes:
        platform: per owner.
        owner_ids: campaign or ad set ids.
        account_ids: per owner.
        currency: per owner, the account currency.
        fx_thb: per owner, THB per currency unit.
        current_budget_thb: per owner, the budget in force on the curve's day.
        min_budget_thb: per owner, the platform's minimum daily budget.
        max_budget_thb: per owner, the budget beyond which nothing more is delivered.
        ad_owner / ad_share / ad_gain / ad_k: per active ad: owner position, share of the
            owner's spend, margin gain ``vmax × aov × gm × conversion factor`` (currency units)
            and spend scale ``k`` (currency units).
    """

    platform: list[str]
    owner_ids: list[str]
    account_ids: list[str]
    currency: list[str]
    fx_thb: np.ndarray
    current_budget_thb: np.ndarray
    min_budget_thb: np.ndarray
    max_budget_thb: np.ndarray
    ad_owner: np.ndarray
    ad_share: np.ndarray
    ad_gain: np.ndarray
    ad_k: np.ndarray

    def _ad_spend(self, budgets_thb: np.ndarray) -> np.ndarray:
        b = np.minimum(np.asarray(budgets_thb, dtype=np.float64), self.max_budget_thb)
        return (MEAN_PACING * b / self.fx_thb)[self.ad_owner] * self.ad_share

    def expected_margin_thb(self, budgets_thb: np.ndarray) -> np.ndarray:
        """Expected margin per owner (THB/day) at the given budgets (THB/day, one per owner)."""
        s = self._ad_spend(budgets_thb)
        per_ad = self.ad_gain * -np.expm1(-s / self.ad_k) - s
        return np.bincount(self.ad_owner, per_ad, len(self.owner_ids)) * self.fx_thb

    def marginal_margin(self, budgets_thb: np.ndarray) -> np.ndarray:
        """d(expected margin)/d(budget) per owner, THB of margin per THB of budget."""
        b = np.asarray(budgets_thb, dtype=np.float64)
        s = self._ad_spend(b)
        per_ad = self.ad_share * (self.ad_gain / self.ad_k * np.exp(-s / self.ad_k) - 1.0)
        d = np.bincount(self.ad_owner, per_ad, len(self.owner_ids)) * MEAN_PACING
        return np.where(b < self.max_budget_thb, d, 0.0)


def owner_curves(
    market: Market, platforms: tuple[Platform, ...] = ("meta",), day: date | None = None
) -> OwnerCurves:
    """Build the expected-margin curves of every budget owner with active ads.

    Args:
        market: the market.
        platforms: platforms to include.
        day: account-local day the curves describe (statuses, fatigue, weekday); default the
            latest local today of the platform.

    Returns:
        The curves (owners without an active ad that day are left out).
    """
    parts = [_platform_curves(market, p, day or market.last_day(p)) for p in platforms]
    offsets = np.cumsum([0] + [len(c.owner_ids) for c in parts[:-1]])
    return OwnerCurves(
        platform=[x for c in parts for x in c.platform],
        owner_ids=[x for c in parts for x in c.owner_ids],
        account_ids=[x for c in parts for x in c.account_ids],
        currency=[x for c in parts for x in c.currency],
        **{
            f: np.concatenate([getattr(c, f) for c in parts])
            for f in (
                "fx_thb",
                "current_budget_thb",
                "min_budget_thb",
                "max_budget_thb",
                "ad_share",
                "ad_gain",
                "ad_k",
            )
        },
        ad_owner=np.concatenate([c.ad_owner + o for c, o in zip(parts, offsets, strict=True)]),
    )


def _platform_curves(market: Market, platform: Platform, day: date) -> OwnerCurves:
    h, p = market.hierarchy(platform), market.params(platform)
    ctl = market.controls(platform, day)
    act = active_ads(h, p, ctl, day.toordinal())
    share = ad_shares(h, p, act)
    conv = weekday_factors(day.toordinal())[1]
    gain = p.vmax * p.aov * p.gm_rate * np.sqrt(fatigue(market.fatigue_state(platform, day), p))
    owners = np.unique(h.ad_owner[act])
    pos = np.full(len(h.owners), -1)
    pos[owners] = np.arange(len(owners))
    acct = h.owner_account()[owners]
    fx = np.array([FX_THB_PER_UNIT[h.accounts[a].currency] for a in acct])
    cap = np.bincount(h.ad_owner, np.where(act, p.capacity, 0.0), len(h.owners))[owners]
    ids = h.owner_ids()
    return OwnerCurves(
        platform=[platform] * len(owners),
        owner_ids=[ids[o] for o in owners],
        account_ids=[h.accounts[a].account_id for a in acct],
        currency=[h.accounts[a].currency for a in acct],
        fx_thb=fx,
        current_budget_thb=ctl.owner_budget_minor[owners] / 100.0 * fx,
        min_budget_thb=np.full(len(owners), h.spec.min_daily_budget_minor / 100.0) * fx,
        max_budget_thb=cap / MEAN_PACING * fx,
        ad_owner=pos[h.ad_owner[act]],
        ad_share=share[act],
        ad_gain=(gain * conv)[act],
        ad_k=p.k[act],
    )


@dataclass(frozen=True)
class Allocation:
    """An allocation of a total daily budget over budget owners (THB/day).

    Attributes:
        owner_ids: aligned with the arrays.
        budgets_thb: daily budget per owner.
        expected_margin_thb: expected daily margin per owner.
        total_expected_margin_thb: sum of the above.
        marginal_thb: common marginal margin per THB at the optimum (KKT multiplier).
        unallocated_thb: budget left over because every owner is at its delivery capacity.
    """

    owner_ids: list[str]
    budgets_thb: np.ndarray
    expected_margin_thb: np.ndarray
    total_expected_margin_thb: float
    marginal_thb: float
    unallocated_thb: float


def _budget_at(curves: OwnerCurves, lam: float, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Per owner, the budget in [lo, hi] where the marginal margin equals ``lam`` (bisection)."""
    a, b = lo.copy(), hi.copy()
    for _ in range(60):
        mid = (a + b) / 2.0
        up = curves.marginal_margin(mid) > lam
        a, b = np.where(up, mid, a), np.where(up, b, mid)
    out = (a + b) / 2.0
    out = np.where(curves.marginal_margin(lo) <= lam, lo, out)
    return np.where(curves.marginal_margin(np.maximum(hi - 1e-9, lo)) >= lam, hi, out)


def oracle_allocation(
    curves: OwnerCurves, total_budget_thb: float, min_budget_thb: np.ndarray | None = None
) -> Allocation:
    """The allocation of a total daily budget that maximises expected margin.

    Expected margin is concave in each owner's budget, so the optimum equalises marginal margin
    across owners not at a bound (KKT); the common multiplier is found with
    ``scipy.optimize.brentq`` and each owner's budget by vectorized bisection.

    Args:
        curves: from :func:`owner_curves`.
        total_budget_thb: total daily budget to spread, THB.
        min_budget_thb: per-owner minimum budgets (default: the platform minimums).

    Returns:
        The allocation.

    Raises:
        ValueError: the total is below the sum of the minimum budgets.
    """
    lo = np.asarray(curves.min_budget_thb if min_budget_thb is None else min_budget_thb, float)
    hi = np.maximum(curves.max_budget_thb, lo)
    if total_budget_thb < lo.sum() - 1e-6:
        raise ValueError(f"total {total_budget_thb:.2f} THB is below the minimums {lo.sum():.2f}")
    if total_budget_thb >= hi.sum():
        budgets, lam = hi, 0.0
    else:
        lam_hi = float(curves.marginal_margin(lo).max()) + 1.0
        lam_lo = float(curves.marginal_margin(np.maximum(hi - 1e-9, lo)).min()) - 1.0
        lam = brentq(
            lambda x: _budget_at(curves, x, lo, hi).sum() - total_budget_thb,
            lam_lo,
            lam_hi,
            xtol=1e-10,
        )
        budgets = _budget_at(curves, lam, lo, hi)
        budgets *= total_budget_thb / budgets.sum()  # remove bisection residue
    margin = curves.expected_margin_thb(budgets)
    return Allocation(
        list(curves.owner_ids),
        budgets,
        margin,
        float(margin.sum()),
        float(lam),
        float(max(0.0, total_budget_thb - budgets.sum())),
    )


@dataclass(frozen=True)
class RealizedMargin:
    """Margin a day actually produced (final, fully attributed values), THB.

    Attributes:
        day: the account-local day.
        owner_ids: budget owners (all of them, including paused ones).
        spend_thb / revenue_thb / margin_thb: per owner.
        total_margin_thb: sum over owners.
    """

    day: date
    owner_ids: list[str]
    spend_thb: np.ndarray
    revenue_thb: np.ndarray
    margin_thb: np.ndarray
    total_margin_thb: float


def realized_margin(market: Market, day: date, platform: Platform = "meta") -> RealizedMargin:
    """Realized margin of one account-local day from the final (settled) metrics."""
    h, p = market.hierarchy(platform), market.params(platform)
    t = market.truth(platform, day)
    spend = t.spend_minor / 100.0 * p.fx_thb
    revenue = t.purchase_value_minor / 100.0 * p.fx_thb
    margin = revenue * p.gm_rate - spend
    n = len(h.owners)
    by = np.bincount
    per_owner = by(h.ad_owner, margin, n)
    return RealizedMargin(
        day,
        h.owner_ids(),
        by(h.ad_owner, spend, n),
        by(h.ad_owner, revenue, n),
        per_owner,
        float(per_owner.sum()),
    )
