"""Spend → margin response curve of one budget owner, fitted on its daily history.

Model (THB per day)::

    spend(b)   = ρ · b                          ρ: pacing, spend per unit of daily budget
    gm_rev(s)  = G · (1 − exp(−s / k))          gross-margin revenue (revenue × margin rate)
    margin(b)  = gm_rev(ρ b) − ρ b

the usual saturating (diminishing-returns) response of paid media (e.g. Jin et al., "Bayesian
Methods for Media Mix Modeling with Carryover and Shape Effects", Google 2017, §2.2; the
exponential form is the Hill curve's limit used by Robyn's "exponential" saturation).

Fit per owner (:func:`fit_curve`):

- days: complete account-local days (age ≥ 1) of the last ``history_days`` with spend > 0;
  each day's revenue is divided by the share of conversions already reported at its age
  (``conversion_completeness``), and weighted by that share × a recency weight
  ``0.5 ** ((age − 1) / half_life_days)``;
- for a given ``k``, ``G`` is the quasi-Poisson maximum-likelihood ratio
  ``Σ w·y / Σ w·(1 − e^(−s/k))`` (variance ∝ mean, as for counts of purchases);
- ``log k`` has a normal prior centred on ``prior_k_ratio ×`` the recent daily spend with sd
  ``prior_log_sd``: with little variation in spend the data cannot tell ``k`` and the prior
  holds it; as budgets move, the quasi-Poisson deviance (dispersion estimated from the
  residuals) pulls it to the data. The MAP ``log k`` is found with
  ``scipy.optimize.minimize_scalar`` (bounded, ±3 prior sd);
- confidence in [0, 1] = data volume ``n_eff / (n_eff + 7)`` × level precision
  ``1 − relative standard error of G`` × identification ``0.5 + 0.5 · (1 − posterior var /
  prior var of log k)`` (Laplace approximation of the profile posterior).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar

from config.budget import ModelSettings

MIN_DAYS = 3
"""Fewer complete days with spend than this: no curve (the owner keeps its budget)."""

_VOLUME_HALF = 7.0


@dataclass(frozen=True)
class OwnerHistory:
    """Daily history of one budget owner, arrays aligned by day.

    Attributes:
        age_days: days before the account-local today (0 = today, partial).
        spend_thb: spend per day, THB.
        revenue_thb: platform-attributed conversion value per day, THB.
        budget_thb: daily budget in force that day, THB (NaN when unknown).
    """

    age_days: np.ndarray
    spend_thb: np.ndarray
    revenue_thb: np.ndarray
    budget_thb: np.ndarray


@dataclass(frozen=True)
class ResponseCurve:
    """A fitted spend → margin curve (see module docstring for the formulas).

    Attributes:
        gain_thb: G, gross-margin revenue per day at saturation, THB.
        k_thb: k, spend scale of the saturation, THB per day.
        pacing: ρ, expected spend per unit of daily budget.
        gross_margin_rate: margin rate of the owner's products (revenue = gm_rev / rate).
        confidence: 0–1, from data volume and fit quality.
        n_days: days fitted.
        spend_level_thb: recency-weighted mean daily spend (the prior's anchor), THB.
        k_identified: 0–1, how much the data (not the prior) determined k.
    """

    gain_thb: float
    k_thb: float
    pacing: float
    gross_margin_rate: float
    confidence: float
    n_days: int
    spend_level_thb: float
    k_identified: float

    def spend(self, budget_thb: np.ndarray | float) -> np.ndarray:
        """Expected spend (THB/day) at a daily budget (THB)."""
        return self.pacing * np.asarray(budget_thb, dtype=np.float64)

    def margin(self, budget_thb: np.ndarray | float) -> np.ndarray:
        """Expected margin (THB/day) at a daily budget (THB)."""
        s = self.spend(budget_thb)
        return self.gain_thb * -np.expm1(-s / self.k_thb) - s

    def marginal(self, budget_thb: np.ndarray | float) -> np.ndarray:
        """d margin / d budget: THB of margin per extra THB of budget."""
        s = self.spend(budget_thb)
        return self.pacing * (self.gain_thb / self.k_thb * np.exp(-s / self.k_thb) - 1.0)

    def roas(self, budget_thb: np.ndarray | float) -> np.ndarray:
        """Expected revenue / spend at a daily budget (the limit G/(k·rate) at zero)."""
        s = np.maximum(self.spend(budget_thb), 1e-9)
        return self.gain_thb * -np.expm1(-s / self.k_thb) / s / self.gross_margin_rate


def completeness(age_days: np.ndarray, table: dict[int, float]) -> np.ndarray:
    """Share of final conversions reported at each age (linear between the table's ages)."""
    ages = np.array(sorted(table), dtype=np.float64)
    shares = np.array([table[int(a)] for a in ages])
    return np.interp(np.asarray(age_days, dtype=np.float64), ages, shares, right=1.0)


def pacing_ratio(h: OwnerHistory, default: float = 0.95, days: int = 7) -> float:
    """Spend per unit of budget over the last complete days with a known budget, in [0.2, 1.05].

    Falls back to ``default`` when no such day exists.
    """
    ok = (h.age_days >= 1) & (h.age_days <= days) & (h.budget_thb > 0) & (h.spend_thb > 0)
    if not ok.any():
        return default
    ratio = float(h.spend_thb[ok].sum() / h.budget_thb[ok].sum())
    return min(1.05, max(0.2, ratio))


@dataclass(frozen=True)
class _Data:
    s: np.ndarray
    y: np.ndarray
    w: np.ndarray


def _prepare(h: OwnerHistory, gm_rate: float, m: ModelSettings) -> _Data:
    keep = (h.age_days >= 1) & (h.age_days <= m.history_days) & (h.spend_thb > 0)
    age = h.age_days[keep].astype(np.float64)
    c = completeness(age, m.conversion_completeness)
    w = c * 0.5 ** ((age - 1.0) / m.half_life_days)
    y = h.revenue_thb[keep] * gm_rate / c
    return _Data(h.spend_thb[keep].astype(np.float64), y, w / w.max() if len(w) else w)


def _profile(d: _Data, log_k: float) -> tuple[float, np.ndarray]:
    f = -np.expm1(-d.s / math.exp(log_k))
    gain = float((d.w * d.y).sum() / max((d.w * f).sum(), 1e-12))
    return gain, gain * f


def _deviance(d: _Data, mu: np.ndarray) -> float:
    mu = np.maximum(mu, 1e-9)
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(d.y > 0, d.y * np.log(d.y / mu), 0.0) - (d.y - mu)
    return float(2.0 * (d.w * term).sum())


def fit_curve(
    h: OwnerHistory,
    gm_rate: float,
    m: ModelSettings,
    pacing: float | None = None,
    prior_k_ratio: float | None = None,
) -> ResponseCurve | None:
    """Fit one owner's curve (module docstring); None with fewer than :data:`MIN_DAYS` days.

    Args:
        h: the owner's daily history.
        gm_rate: gross margin rate of its products.
        m: fit settings (``config/budget.yml`` ``model``).
        pacing: spend per unit of budget (default: :func:`pacing_ratio` of ``h``).
        prior_k_ratio: overrides ``m.prior_k_ratio`` (the portfolio fit pools it).
    """
    d = _prepare(h, gm_rate, m)
    if len(d.s) < MIN_DAYS:
        return None
    rho = pacing_ratio(h) if pacing is None else pacing
    level = float((d.w * d.s).sum() / d.w.sum())  # recency-weighted daily spend
    mu0, tau = math.log((prior_k_ratio or m.prior_k_ratio) * level), m.prior_log_sd
    n_eff = float(d.w.sum() ** 2 / (d.w**2).sum())
    volume = n_eff / (n_eff + _VOLUME_HALF)
    if (d.w * d.y).sum() <= 0:  # nothing converts: margin = −spend, as sure as the volume
        return ResponseCurve(0.0, math.exp(mu0), rho, gm_rate, volume, len(d.s), level, 0.0)
    _, mu_prior = _profile(d, mu0)
    dof = max(float(d.w.sum()) - 1.0, 1.0)
    phi = max(float((d.w * (d.y - mu_prior) ** 2 / np.maximum(mu_prior, 1e-9)).sum()) / dof, 1e-6)

    def objective(log_k: float) -> float:
        return _deviance(d, _profile(d, log_k)[1]) / (2 * phi) + (log_k - mu0) ** 2 / (2 * tau**2)

    best = minimize_scalar(
        objective, bounds=(mu0 - 3 * tau, mu0 + 3 * tau), method="bounded", options={"xatol": 1e-4}
    )
    log_k = float(best.x)
    eps = 0.05
    curvature = (objective(log_k + eps) - 2 * objective(log_k) + objective(log_k - eps)) / eps**2
    post_var = 1.0 / max(curvature, 1.0 / tau**2)
    identified = max(0.0, 1.0 - post_var / tau**2)
    gain, _ = _profile(d, log_k)
    f_sum = float((d.w * -np.expm1(-d.s / math.exp(log_k))).sum())
    rel_se = math.sqrt(phi / max(gain * f_sum, 1e-12))
    confidence = volume * max(0.0, 1.0 - rel_se) * (0.5 + 0.5 * identified)
    return ResponseCurve(
        gain, math.exp(log_k), rho, gm_rate, confidence, len(d.s), level, identified
    )
