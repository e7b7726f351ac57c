"""The hidden truth: expected margin curves, realized margin, oracle allocation."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from sandbox.market.catalog import FX_THB_PER_UNIT
from sandbox.market.evaluation import oracle_allocation, owner_curves, realized_margin
from sandbox.market.market import Market
from tests.sandbox.sandbox_helpers import NOW, Graph


def test_fx_constants_are_the_documented_ecb_rates() -> None:
    assert FX_THB_PER_UNIT == {"THB": 1.0, "USD": 33.7299, "SGD": 26.3850, "MYR": 8.3140}


def test_expected_margin_curves_are_concave_and_flat_beyond_capacity(market: Market) -> None:
    c = owner_curves(market)
    grid = np.linspace(0.1, 3.0, 30)
    margins = np.array([c.expected_margin_thb(c.current_budget_thb * g) for g in grid])
    second = np.diff(margins, 2, axis=0)
    assert (second <= 1e-6).all()
    beyond = c.expected_margin_thb(c.max_budget_thb * 2)
    assert np.allclose(beyond, c.expected_margin_thb(c.max_budget_thb))
    eps = 1e-3
    numeric = (
        c.expected_margin_thb(c.current_budget_thb + eps)
        - c.expected_margin_thb(c.current_budget_thb)
    ) / eps
    assert np.allclose(numeric, c.marginal_margin(c.current_budget_thb), atol=1e-3)


def test_oracle_beats_current_and_perturbed_allocations_of_the_same_total(market: Market) -> None:
    c = owner_curves(market)
    total = float(c.current_budget_thb.sum())
    best = oracle_allocation(c, total)
    assert best.budgets_thb.sum() == pytest.approx(total)
    assert (best.budgets_thb >= c.min_budget_thb - 1e-6).all()
    assert best.total_expected_margin_thb > c.expected_margin_thb(c.current_budget_thb).sum()
    rng = np.random.default_rng(0)
    for _ in range(20):
        other = best.budgets_thb * np.exp(rng.normal(0, 0.3, len(c.owner_ids)))
        other *= total / other.sum()
        assert c.expected_margin_thb(other).sum() <= best.total_expected_margin_thb + 1e-6
    assert best.owner_ids == c.owner_ids


def test_oracle_equalises_marginal_margin_and_respects_minimum_budgets(market: Market) -> None:
    c = owner_curves(market)
    floors = np.maximum(c.min_budget_thb, 800.0)
    best = oracle_allocation(c, 40_000.0, min_budget_thb=floors)
    interior = best.budgets_thb > floors + 1.0
    assert interior.sum() >= 5
    marginal = c.marginal_margin(best.budgets_thb)
    assert np.allclose(marginal[interior], best.marginal_thb, atol=1e-4)
    assert (marginal[~interior] <= best.marginal_thb + 1e-4).all()
    assert (best.budgets_thb >= floors - 1e-6).all()
    with pytest.raises(ValueError, match="below the minimums"):
        oracle_allocation(c, float(floors.sum()) - 1.0, min_budget_thb=floors)


def test_realized_margin_is_revenue_times_margin_rate_minus_spend_in_thb(market: Market) -> None:
    day = NOW.date() - timedelta(days=2)
    r = realized_margin(market, day)
    t, p = market.truth("meta", day), market.params("meta")
    spend = (t.spend_minor / 100 * p.fx_thb).sum()
    margin = (t.purchase_value_minor / 100 * p.fx_thb * p.gm_rate).sum() - spend
    assert r.spend_thb.sum() == pytest.approx(spend)
    assert r.total_margin_thb == pytest.approx(margin)
    assert r.spend_thb.sum() > 20_000


def test_the_truth_is_served_only_under_the_control_prefix(graph: Graph) -> None:
    oracle = graph.control("GET", "eval/oracle", params={"total_thb": "60000"})
    assert oracle["total_thb"] == 60000
    assert sum(o["budget_thb"] for o in oracle["owners"]) == pytest.approx(60000, abs=1)
    assert oracle["total_expected_margin_thb"] >= oracle["current_expected_margin_thb"] - 1e3
    curves = graph.control("GET", "eval/curves")
    assert len(curves["owners"]) == len(oracle["owners"])
    assert len(curves["owners"][0]["points"]) == 9
    realized = graph.control("GET", "eval/realized", params={"date": "2026-11-19"})
    assert realized["date"] == "2026-11-19"
    assert graph.get("__sandbox/eval/oracle").status_code == 404
    edge = graph.get("act_7010000000000001/oracle")
    assert edge.status_code == 400
    assert edge.json()["error"]["code"] == 100
