"""Allocation: optimal (KKT, brute force), constraints hold, budget follows efficiency."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from optimizer.allocation import AllocationRequest, OwnerSlot, allocate
from optimizer.response import ResponseCurve


def curve(gain: float, k: float, pacing: float = 1.0, gm: float = 0.5) -> ResponseCurve:
    return ResponseCurve(
        gain, k, pacing, gm, confidence=0.8, n_days=28, spend_level_thb=k, k_identified=0.5
    )


def slot(
    i: int,
    c: ResponseCurve | None,
    current: float = 1000.0,
    platform: str = "meta",
    campaign: str | None = None,
    group: str | None = None,
    floor: float = 40.0,
    ceiling: float | None = None,
) -> OwnerSlot:
    return OwnerSlot(
        f"o{i}", platform, "acct", campaign or f"c{i}", group, current, floor, ceiling, c
    )


CURVES = [curve(4000, 1000), curve(3000, 2000), curve(6000, 3000), curve(1500, 800)]


def test_allocation_spends_the_total_and_equalises_marginal_margin() -> None:
    slots = [slot(i, c) for i, c in enumerate(CURVES)]
    res = allocate(slots, AllocationRequest(total_budget_thb=6000.0))
    budgets = np.array([o.recommended_thb for o in res.owners])
    assert budgets.sum() == pytest.approx(6000.0, abs=0.5)
    interior = budgets > 40.0 + 1
    marginals = np.array([float(c.marginal(b)) for c, b in zip(CURVES, budgets)])
    assert interior.sum() >= 3
    assert np.ptp(marginals[interior]) < 1e-3  # KKT: one common multiplier
    assert (marginals[~interior] <= marginals[interior].min() + 1e-3).all()
    assert res.expected_margin_thb > res.current_expected_margin_thb
    assert res.message == "optimal"


def test_allocation_matches_a_brute_force_search_on_two_owners() -> None:
    a, b = curve(5000, 1500), curve(2000, 600)
    res = allocate([slot(0, a), slot(1, b)], AllocationRequest(total_budget_thb=3000.0))
    grid = np.linspace(40, 2960, 2921)
    best = max(float(a.margin(x) + b.margin(3000 - x)) for x in grid)
    assert res.expected_margin_thb == pytest.approx(best, abs=0.5)


def test_each_owner_moves_at_most_the_max_step() -> None:
    slots = [slot(i, c) for i, c in enumerate(CURVES)]
    res = allocate(slots, AllocationRequest(total_budget_thb=4000.0, max_step_pct=0.3))
    for o in res.owners:
        assert 700.0 - 1e-6 <= o.recommended_thb <= 1300.0 + 1e-6
    assert sum(o.recommended_thb for o in res.owners) == pytest.approx(4000.0, abs=0.5)
    assert any(abs(o.recommended_thb - 1000.0) > 250 for o in res.owners)


def test_min_roas_caps_an_owner_at_the_budget_where_its_roas_falls_to_the_floor() -> None:
    c = curve(3000, 1000, gm=0.5)  # revenue = 6000 (1 − e^(−s/1000))
    slots = [slot(0, c), slot(1, curve(9000, 20000))]
    res = allocate(slots, AllocationRequest(total_budget_thb=8000.0, min_roas=3.0))
    b0 = res.owners[0].recommended_thb
    assert float(c.roas(b0)) >= 3.0 - 1e-3
    assert float(c.roas(b0 * 1.05)) < 3.0  # the cap binds


def test_campaign_and_product_group_caps_hold() -> None:
    slots = [
        slot(0, curve(8000, 3000), campaign="big", group="serum"),
        slot(1, curve(8000, 3000), campaign="big", group="serum"),
        slot(2, curve(2000, 1500), campaign="other", group="mask"),
    ]
    req = AllocationRequest(
        total_budget_thb=6000.0,
        max_campaign_daily_budget_thb=3500.0,
        product_group_caps_thb={"mask": 1200.0},
    )
    res = allocate(slots, req)
    b = [o.recommended_thb for o in res.owners]
    assert b[0] + b[1] <= 3500.0 + 0.5
    assert b[2] <= 1200.0 + 0.5
    # both caps bind, so the total cannot be spent: the closest feasible allocation is returned
    assert sum(b) == pytest.approx(4700.0, abs=1.0)


def test_up_to_leaves_budget_unspent_where_every_extra_thb_loses_margin() -> None:
    slots = [slot(i, c) for i, c in enumerate(CURVES)]
    exact = allocate(slots, AllocationRequest(total_budget_thb=20000.0))
    up_to = allocate(slots, AllocationRequest(total_budget_thb=20000.0, spend_total="up_to"))
    assert exact.total_budget_thb == pytest.approx(20000.0, abs=1.0)
    assert up_to.total_budget_thb < 15000.0
    assert up_to.expected_margin_thb > exact.expected_margin_thb
    for c, o in zip(CURVES, up_to.owners):
        assert float(c.marginal(o.recommended_thb)) == pytest.approx(0.0, abs=1e-3)


def test_owners_without_a_curve_or_fixed_keep_their_budget_and_count_in_the_total() -> None:
    slots = [
        slot(0, None, current=1500.0),
        slot(1, CURVES[0]),
        slot(2, CURVES[2]),
        OwnerSlot("o3", "meta", "acct", "c3", None, 700.0, 40.0, None, CURVES[1], fixed=True),
    ]
    res = allocate(slots, AllocationRequest(total_budget_thb=5000.0))
    assert res.owners[0].recommended_thb == 1500.0
    assert res.owners[3].recommended_thb == 700.0
    assert res.owners[1].recommended_thb + res.owners[2].recommended_thb == pytest.approx(
        2800.0, abs=0.5
    )
    assert res.owners[0].confidence == 0.0


def test_budget_moves_to_the_platform_with_more_margin_per_extra_thb() -> None:
    slots = [
        slot(0, curve(2500, 2000), platform="meta"),
        slot(1, curve(2500, 2000), platform="meta"),
        slot(2, curve(9000, 2500), platform="tiktok"),
        slot(3, curve(9000, 2500), platform="tiktok"),
    ]
    res = allocate(slots, AllocationRequest(total_budget_thb=4000.0))
    before, after = res.by_platform["tiktok"]
    assert before == 2000.0
    assert after > 2800.0
    assert res.by_platform["meta"][1] == pytest.approx(4000.0 - after, abs=0.5)


def test_a_total_below_the_floors_puts_everyone_at_the_floor_and_says_so() -> None:
    slots = [slot(i, c, floor=500.0) for i, c in enumerate(CURVES)]
    res = allocate(slots, AllocationRequest(total_budget_thb=1000.0))
    assert [o.recommended_thb for o in res.owners] == [500.0] * 4
    assert "below the owners' floors" in res.message


@pytest.mark.parametrize("total", [3000.0, 9000.0])
def test_no_random_reallocation_beats_the_solver(total: float) -> None:
    slots = [slot(i, c) for i, c in enumerate(CURVES)]
    res = allocate(slots, AllocationRequest(total_budget_thb=total))
    rng = np.random.default_rng(0)
    for _ in range(200):
        x = rng.dirichlet(np.ones(4)) * (total - 160.0) + 40.0
        assert sum(float(c.margin(b)) for c, b in zip(CURVES, x)) <= res.expected_margin_thb + 1e-6
    assert list(itertools.accumulate(o.recommended_thb for o in res.owners))[-1] == pytest.approx(
        total, abs=0.5
    )
