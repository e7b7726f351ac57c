"""One simulated day for every ad of a platform, vectorized with numpy.

Spend: each budget owner spends ``daily budget × pacing`` (pacing 0.9–1.0, noisy), capped by the
delivery capacity of its active ads, split over those ads by fixed delivery weights (for a
campaign-budget owner first over ad sets by their performance). Everything downstream of spend
follows :mod:`sandbox.market.params`. Noise is counter-based (seed, platform, ad, day, metric).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

import numpy as np
from scipy.special import ndtri

from sandbox.market.changes import DayControls
from sandbox.market.entities import Hierarchy
from sandbox.market.hashing import hash_more, poisson, stochastic_round, to_unit, uniform
from sandbox.market.params import AdParams

# metric codes of the noise streams (part of the hash address: never renumber)
(
    M_SPEND,
    M_CPM,
    M_IMPS,
    M_CTR,
    M_LINK,
    M_OTHER,
    M_LPV_Z,
    M_LPV,
    M_PLAY_Z,
    M_PLAY,
    M_THRU,
    M_REACH,
    M_PURCH_Z,
    M_PURCH_U,
    M_PURCH_N,
    M_AOV,
) = range(1, 17)
M_PACING = 50
M_REPORT_PART = 60
M_REPORT_LAG = 61
_N_STREAMS = 17
_NORMAL_ROWS = np.array([M_CPM, M_CTR, M_LPV_Z, M_PLAY_Z, M_PURCH_Z, M_PURCH_N, M_AOV]) - 1


@dataclass
class DayMetrics:
    """Per-ad metrics of one account-local day (arrays aligned with ``Hierarchy.ads``).

    Money is in minor units of the account currency (int64); everything else is a count.
    """

    spend_minor: np.ndarray
    impressions: np.ndarray
    reach: np.ndarray
    clicks: np.ndarray
    link_clicks: np.ndarray
    landing_page_views: np.ndarray
    video_plays: np.ndarray
    thruplays: np.ndarray
    purchases: np.ndarray
    purchase_value_minor: np.ndarray

    @classmethod
    def zeros(cls, n: int) -> DayMetrics:
        """All-zero metrics for ``n`` ads."""
        return cls(*(np.zeros(n, dtype=np.int64) for _ in fields(cls)))

    def select(self, mask: np.ndarray) -> DayMetrics:
        """The metrics of the ads where ``mask`` is true."""
        return DayMetrics(*(getattr(self, f.name)[mask] for f in fields(self)))


def cumulative_frequency(cum_impressions: np.ndarray, audience: np.ndarray) -> np.ndarray:
    """Average impressions per reached person after ``cum_impressions`` (≥ 1).

    Cumulative reach saturates at the audience: ``reach = A (1 - exp(-I / A))``.
    """
    x = cum_impressions / audience
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(x > 1e-9, x / -np.expm1(-x), 1.0 + x / 2.0)


def fatigue(cum_impressions: np.ndarray, p: AdParams) -> np.ndarray:
    """Creative fatigue multiplier on CTR (conversions take its square root)."""
    return np.exp(-p.fatigue_beta * (cumulative_frequency(cum_impressions, p.audience) - 1.0))


def weekday_factors(day: int) -> tuple[float, float]:
    """(CPM multiplier, conversion multiplier) of a date ordinal: weekends convert better."""
    weekend = date.fromordinal(day).weekday() >= 5
    return (0.95, 1.08) if weekend else (1.0, 1.0)


def ad_shares(h: Hierarchy, p: AdParams, active: np.ndarray) -> np.ndarray:
    """Each active ad's share of its budget owner's spend (0 for inactive ads).

    Within an ad set, ads split by delivery weight; a campaign-budget owner splits over its ad
    sets with active ads in proportion to their performance (``adset_perf``).
    """
    n_sets, n_owners = len(h.adsets), len(h.owners)
    w = np.where(active, p.weight, 0.0)
    w_set = np.bincount(h.ad_adset, weights=w, minlength=n_sets)
    q_set = np.where(w_set > 0, p.adset_perf, 0.0)
    q_owner = np.bincount(
        p.adset_owner[p.adset_owner >= 0], weights=q_set[p.adset_owner >= 0], minlength=n_owners
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        share = (q_set[h.ad_adset] / q_owner[h.ad_owner]) * (w / w_set[h.ad_adset])
    return np.where(active, np.nan_to_num(share), 0.0)


def owner_spend(
    h: Hierarchy, p: AdParams, active: np.ndarray, budget_minor: np.ndarray, pacing: np.ndarray
) -> np.ndarray:
    """Spend per budget owner, currency units: min(budget × pacing, capacity of active ads)."""
    cap = np.bincount(
        h.ad_owner, weights=np.where(active, p.capacity, 0.0), minlength=len(h.owners)
    )
    return np.minimum(budget_minor / 100.0 * pacing, cap)


def active_ads(h: Hierarchy, p: AdParams, ctl: DayControls, day: int) -> np.ndarray:
    """Ads that can deliver on ``day``: created, and ad, ad set and campaign all ACTIVE."""
    return (
        ctl.ad_active
        & ctl.adset_active[h.ad_adset]
        & ctl.campaign_active[h.ad_campaign]
        & (p.created_day <= day)
    )


def simulate_day(
    h: Hierarchy,
    p: AdParams,
    seed: int,
    platform_code: int,
    day: int,
    ctl: DayControls,
    cum_impressions: np.ndarray,
) -> DayMetrics:
    """Final (fully attributed, full-day) metrics of every ad on one day.

    Args:
        h: the platform's objects.
        p: hidden parameters.
        seed: market seed.
        platform_code: ``catalog.PLATFORM_CODE`` of the platform.
        day: account-local date ordinal.
        ctl: statuses and budgets in force that day.
        cum_impressions: impressions per ad before this day (drives fatigue).

    Returns:
        The day's metrics.
    """
    n = len(h.ads)
    if n == 0:
        return DayMetrics.zeros(0)
    act = active_ads(h, p, ctl, day)
    pacing = 0.9 + 0.1 * uniform(seed, platform_code, h.owner_keys, day, M_PACING)
    spend_units = owner_spend(h, p, act, ctl.owner_budget_minor, pacing)[h.ad_owner]
    spend_units = spend_units * ad_shares(h, p, act)
    day_hash = hash_more(p.noise_prefix, day)
    u = to_unit(hash_more(day_hash[None, :], np.arange(1, _N_STREAMS, dtype=np.uint64)[:, None]))
    z = np.zeros_like(u)
    z[_NORMAL_ROWS] = ndtri(u[_NORMAL_ROWS])
    spend_minor = stochastic_round(spend_units * 100.0, u[M_SPEND - 1])
    cpm_w, conv_w = weekday_factors(day)
    cpm = p.cpm * cpm_w * np.exp(0.08 * z[M_CPM - 1] - 0.0032)
    imps = stochastic_round(spend_minor / 100.0 / cpm * 1000.0, u[M_IMPS - 1])
    fat = fatigue(cum_impressions, p)
    link = stochastic_round(
        imps * p.link_ctr * fat * np.exp(0.1 * z[M_CTR - 1] - 0.005), u[M_LINK - 1]
    )
    clicks = link + stochastic_round(link * p.other_click_ratio, u[M_OTHER - 1])
    lpv = np.minimum(
        link, stochastic_round(link * p.lpv_rate * np.exp(0.05 * z[M_LPV_Z - 1]), u[M_LPV - 1])
    )
    plays = stochastic_round(imps * p.play_rate * np.exp(0.08 * z[M_PLAY_Z - 1]), u[M_PLAY - 1])
    thru = np.minimum(plays, stochastic_round(plays * p.thruplay_rate, u[M_THRU - 1]))
    freq = cumulative_frequency(cum_impressions, p.audience)
    f_day = 1.0 + imps / (2.0 * p.audience) + 0.03 * (freq - 1.0) + 0.02 * u[M_REACH - 1]
    reach = np.where(imps > 0, np.maximum(1, np.floor(imps / f_day)), 0).astype(np.int64)
    mu = (
        p.vmax
        * -np.expm1(-(spend_minor / 100.0) / p.k)
        * np.sqrt(fat)
        * conv_w
        * np.exp(0.1 * z[M_PURCH_Z - 1] - 0.005)
    )
    purchases = poisson(mu, u[M_PURCH_U - 1], z[M_PURCH_N - 1])
    unit = p.aov * np.exp(0.15 * z[M_AOV - 1] - 0.01125)
    value_minor = np.round(purchases * unit * 100.0).astype(np.int64)
    return DayMetrics(
        spend_minor, imps, reach, clicks, link, lpv, plays, thru, purchases, value_minor
    )


def report_uniforms(p: AdParams, day: int) -> tuple[np.ndarray, np.ndarray]:
    """Fixed per ad-day uniforms for partial-day and attribution-lag rounding.

    Returns:
        (u_part, u_lag): float arrays aligned with the ads.
    """
    day_hash = hash_more(p.noise_prefix, day)
    return to_unit(hash_more(day_hash, M_REPORT_PART)), to_unit(hash_more(day_hash, M_REPORT_LAG))
