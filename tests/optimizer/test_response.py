"""Response-curve fit: recovers known curves, falls back on its prior, corrects conversion lag."""

from __future__ import annotations

import math

import numpy as np
import pytest

from config.budget import ModelSettings
from optimizer.response import OwnerHistory, completeness, fit_curve, pacing_ratio

SETTINGS = ModelSettings()
GM = 0.6


def history(
    spend: np.ndarray,
    gain: float,
    k: float,
    rng: np.random.Generator | None = None,
    lagged: bool = False,
    aov: float = 400.0,
) -> OwnerHistory:
    """Daily history of an owner whose gross-margin revenue is gain·(1 − e^(−s/k))."""
    ages = np.arange(1, len(spend) + 1)
    revenue = gain * -np.expm1(-spend / k) / GM
    if rng is not None:  # purchases are Poisson, each worth aov
        revenue = rng.poisson(revenue / aov) * aov
    if lagged:
        revenue = revenue * completeness(ages, SETTINGS.conversion_completeness)
    return OwnerHistory(ages, spend, revenue, spend / 0.95)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fit_recovers_a_known_curve_when_spend_varies(seed: int) -> None:
    rng = np.random.default_rng(seed)
    spend = np.tile([800.0, 1600.0, 3200.0, 2400.0], 7)  # ~50-100 purchases a day
    curve = fit_curve(history(spend, 6000.0, 2000.0, rng, aov=100.0), GM, SETTINGS, pacing=1.0)
    assert curve is not None
    assert curve.k_thb == pytest.approx(2000.0, rel=0.25)
    assert curve.gain_thb == pytest.approx(6000.0, rel=0.15)
    assert curve.k_identified > 0.6
    assert curve.confidence > 0.4


def test_constant_spend_leaves_k_at_its_prior_and_says_so() -> None:
    rng = np.random.default_rng(3)
    spend = np.full(28, 1500.0)
    curve = fit_curve(history(spend, 6000.0, 2000.0, rng), GM, SETTINGS, pacing=1.0)
    assert curve is not None
    assert curve.k_thb == pytest.approx(SETTINGS.prior_k_ratio * 1500.0, rel=0.05)
    assert curve.k_identified < 0.2
    # the level is still pinned: the curve goes through the observed gross-margin revenue
    observed = 6000.0 * -math.expm1(-1500.0 / 2000.0)
    assert curve.gain_thb * -math.expm1(-1500.0 / curve.k_thb) == pytest.approx(observed, rel=0.1)


def test_young_days_are_scaled_up_by_the_share_of_conversions_still_to_come() -> None:
    spend = np.tile([1000.0, 2000.0, 3000.0], 5)
    exact = fit_curve(history(spend, 5000.0, 1500.0, lagged=True), GM, SETTINGS, pacing=1.0)
    naive = ModelSettings(conversion_completeness={1: 1.0, 28: 1.0})
    biased = fit_curve(history(spend, 5000.0, 1500.0, lagged=True), GM, naive, pacing=1.0)
    assert exact is not None and biased is not None
    truth = 5000.0 * -math.expm1(-2000.0 / 1500.0) - 2000.0
    assert float(exact.margin(2000.0)) == pytest.approx(truth, rel=0.01)
    assert float(biased.margin(2000.0)) < 0.9 * truth  # ignoring the lag under-rates the owner


def test_no_curve_from_fewer_than_three_days_with_spend() -> None:
    spend = np.array([1000.0, 0.0, 1200.0, 0.0])
    assert fit_curve(history(spend, 5000.0, 1500.0), GM, SETTINGS) is None


def test_an_owner_without_conversions_gets_a_curve_of_pure_cost() -> None:
    h = OwnerHistory(np.arange(1, 15), np.full(14, 800.0), np.zeros(14), np.full(14, 850.0))
    curve = fit_curve(h, GM, SETTINGS)
    assert curve is not None
    assert curve.gain_thb == 0.0
    assert float(curve.margin(1000.0)) == pytest.approx(-1000.0 * curve.pacing)
    assert float(curve.marginal(1000.0)) < 0


def test_curve_derivative_and_roas_are_consistent_with_its_margin() -> None:
    rng = np.random.default_rng(1)
    curve = fit_curve(
        history(np.tile([900.0, 1800.0], 10), 4000.0, 1200.0, rng), GM, SETTINGS, pacing=0.9
    )
    assert curve is not None
    b, eps = 1500.0, 1e-3
    numeric = (float(curve.margin(b + eps)) - float(curve.margin(b - eps))) / (2 * eps)
    assert float(curve.marginal(b)) == pytest.approx(numeric, rel=1e-5)
    assert float(curve.spend(b)) == pytest.approx(0.9 * b)
    assert float(curve.roas(500.0)) > float(curve.roas(5000.0))  # diminishing returns


def test_pacing_is_spend_per_unit_of_the_budget_in_force_recently() -> None:
    ages = np.arange(0, 10)
    spend = np.array([100.0, *[900.0] * 9])  # today (age 0) is partial: ignored
    budget = np.array([1000.0] * 10)
    assert pacing_ratio(OwnerHistory(ages, spend, spend, budget)) == pytest.approx(0.9)
    unknown = OwnerHistory(ages, spend, spend, np.full(10, np.nan))
    assert pacing_ratio(unknown, default=0.95) == 0.95
