"""Hidden per-ad response parameters (the market's truth; never served to the pipeline).

Every parameter is drawn from the market seed with counter-based hashing keyed by the ad's id,
so an ad's parameters do not change when other ads are added. All money is in the ad account's
currency units (not minor units); rates are fractions.

Response model of one ad on one day (see :mod:`sandbox.market.simulate`)::

    impressions        = spend / CPM * 1000
    link clicks        = impressions * link_ctr * fatigue
    expected purchases = vmax * (1 - exp(-spend / k)) * fatigue ** 0.5
    revenue            = purchases * aov
    fatigue            = exp(-fatigue_beta * (cumulative frequency - 1))
    cumulative freq.   = cum_impressions / (audience * (1 - exp(-cum_impressions / audience)))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from sandbox.market.catalog import FX_THB_PER_UNIT, PLATFORM_CODE, PRODUCTS
from sandbox.market.entities import Hierarchy
from sandbox.market.hashing import between, hash_keys, log_between

CPM_RANGE: dict[str, tuple[float, float]] = {
    "THB": (60.0, 180.0),
    "SGD": (4.0, 10.0),
    "USD": (5.0, 15.0),
    "MYR": (8.0, 25.0),
}
"""Base CPM ranges, account currency units per 1,000 impressions (Meta feed placements)."""

_PLATFORM_MULT: dict[str, tuple[float, float]] = {
    "meta": (1.0, 1.0),  # (CPM multiplier, CTR multiplier)
    "tiktok": (0.7, 1.3),  # cheaper reach, more clicks, see TikTok's auction benchmarks
    "google": (2.5, 3.0),  # search: few, expensive, high-intent impressions
}
MAX_DAILY_REACH_SHARE = 0.2
"""Delivery capacity: at most this share of an ad's audience can be reached in one day."""

(
    P_CPM,
    P_CTR,
    P_OTHER,
    P_LPV,
    P_PLAY,
    P_THRU,
    P_AUD,
    P_BETA,
    P_WEIGHT,
    P_BASKET,
    P_K,
    P_ROAS,
    P_AGE,
) = range(100, 113)


@dataclass(frozen=True)
class AdParams:
    """Hidden response parameters, one array element per ad of a :class:`Hierarchy`.

    Attributes:
        cpm: base CPM, account currency units per 1,000 impressions.
        link_ctr: link clicks per impression before fatigue (0.4–3%).
        other_click_ratio: non-link clicks per link click (all clicks = link × (1 + ratio)).
        lpv_rate: landing page views per link click.
        play_rate: 3-second video plays per impression (0 for image ads).
        thruplay_rate: ThruPlays (15 s or complete) per 3-second play.
        audience: reachable people.
        fatigue_beta: CTR decay per unit of cumulative frequency above 1.
        weight: fixed delivery weight of the ad within its ad set.
        aov: average order value, account currency units.
        gm_rate: gross margin rate of the promoted SKUs (fraction of revenue).
        k: spend scale of the saturating curve, account currency units per day.
        vmax: purchases per day at infinite spend.
        capacity: most the ad can spend per day, account currency units.
        initial_cum_impressions: impressions served before the history starts.
        adset_perf: per ad set (not per ad): CBO delivery weight, the ad set's mean initial
            marginal ROAS.
        adset_owner: per ad set: index of its budget owner.
        fx_thb: per ad: THB per unit of the account currency.
        created_day: per ad: account-local date ordinal of creation (no delivery before).
        noise_prefix: per ad: hash of (seed, platform, ad id), the fixed part of every noise
            address (see :func:`hashing.hash_more`).
    """

    cpm: np.ndarray
    link_ctr: np.ndarray
    other_click_ratio: np.ndarray
    lpv_rate: np.ndarray
    play_rate: np.ndarray
    thruplay_rate: np.ndarray
    audience: np.ndarray
    fatigue_beta: np.ndarray
    weight: np.ndarray
    aov: np.ndarray
    gm_rate: np.ndarray
    k: np.ndarray
    vmax: np.ndarray
    capacity: np.ndarray
    initial_cum_impressions: np.ndarray
    adset_perf: np.ndarray
    adset_owner: np.ndarray
    fx_thb: np.ndarray
    created_day: np.ndarray
    noise_prefix: np.ndarray


def _currency_arrays(h: Hierarchy) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    cur = [a.currency for a in h.accounts]
    lo = np.array([CPM_RANGE[c][0] for c in cur])[h.ad_account]
    hi = np.array([CPM_RANGE[c][1] for c in cur])[h.ad_account]
    fx = np.array([FX_THB_PER_UNIT[c] for c in cur])[h.ad_account]
    by_sku = {p.sku: p for p in PRODUCTS}
    price_thb = np.array([np.mean([by_sku[s].price_thb for s in a.skus]) for a in h.ads])
    gm = np.array([np.mean([by_sku[s].gross_margin_rate for s in a.skus]) for a in h.ads])
    return lo, hi, fx, np.stack([price_thb, gm])


def _typical_spend(h: Hierarchy, weight: np.ndarray) -> np.ndarray:
    """Each ad's share of its owner's budget when everything runs (currency units per day)."""
    n_adsets = len(h.adsets)
    w_adset = np.bincount(h.ad_adset, weights=weight, minlength=n_adsets)
    n_sets_in_owner = np.bincount(
        h.ad_owner, weights=1.0 / np.bincount(h.ad_adset)[h.ad_adset], minlength=len(h.owners)
    )
    budget_minor = np.array(
        [h.spec.to_minor(h.owner_object(o).daily_budget or 0) for o in range(len(h.owners))],
        dtype=np.float64,
    )
    share = weight / w_adset[h.ad_adset] / n_sets_in_owner[h.ad_owner]
    return budget_minor[h.ad_owner] / 100.0 * share


def _adset_arrays(h: Hierarchy, marginal_roas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per ad set: its budget owner, and its mean initial marginal ROAS (CBO weight)."""
    adset_owner = np.full(len(h.adsets), -1, dtype=np.int64)
    adset_owner[h.ad_adset] = h.ad_owner
    counts = np.maximum(np.bincount(h.ad_adset, minlength=len(h.adsets)), 1)
    perf = np.bincount(h.ad_adset, weights=marginal_roas, minlength=len(h.adsets)) / counts
    return adset_owner, perf


def build_params(
    h: Hierarchy, seed: int, local_created: list[date], history_start: date
) -> AdParams:
    """Draw every ad's hidden parameters.

    Args:
        h: the platform's objects.
        seed: market seed.
        local_created: per ad, the account-local date it was created.
        history_start: first simulated day; ads created before it start with some fatigue.

    Returns:
        The parameters (arrays aligned with ``h.ads``).
    """
    p, keys = PLATFORM_CODE[h.spec.platform], h.ad_keys
    cpm_lo, cpm_hi, fx, (price_thb, gm) = _currency_arrays(h)
    cpm_mult, ctr_mult = _PLATFORM_MULT[h.spec.platform]
    video = np.array([a.video for a in h.ads], dtype=bool)
    cpm = cpm_lo + (cpm_hi - cpm_lo) * between(0, 1, seed, p, keys, P_CPM)
    audience = log_between(2e5, 3e6, seed, p, keys, P_AUD) * np.where(fx > 30, 3.0, 1.0)
    weight = log_between(0.5, 2.0, seed, p, keys, P_WEIGHT)
    aov = price_thb / fx * between(1.0, 1.5, seed, p, keys, P_BASKET)
    typical = np.maximum(_typical_spend(h, weight), 1.0)
    k = typical * log_between(0.6, 2.5, seed, p, keys, P_K)
    roas = log_between(1.0, 4.5, seed, p, keys, P_ROAS)
    vmax = roas * typical / (aov * (1.0 - np.exp(-typical / k)))
    created = np.array([d.toordinal() for d in local_created], dtype=np.int64)
    adset_owner, adset_perf = _adset_arrays(h, vmax * aov / k)
    return AdParams(
        cpm=cpm * cpm_mult,
        link_ctr=log_between(0.004, 0.03, seed, p, keys, P_CTR) * ctr_mult,
        other_click_ratio=between(0.2, 0.9, seed, p, keys, P_OTHER),
        lpv_rate=between(0.65, 0.9, seed, p, keys, P_LPV),
        play_rate=np.where(video, between(0.15, 0.45, seed, p, keys, P_PLAY), 0.0),
        thruplay_rate=between(0.2, 0.5, seed, p, keys, P_THRU),
        audience=audience,
        fatigue_beta=between(0.05, 0.3, seed, p, keys, P_BETA),
        weight=weight,
        aov=aov,
        gm_rate=gm,
        k=k,
        vmax=vmax,
        capacity=audience * MAX_DAILY_REACH_SHARE * cpm * cpm_mult / 1000.0,
        initial_cum_impressions=np.where(
            created < history_start.toordinal(),
            audience * between(0.0, 1.5, seed, p, keys, P_AGE),
            0.0,
        ),
        adset_perf=adset_perf,
        adset_owner=adset_owner,
        fx_thb=fx,
        created_day=created,
        noise_prefix=hash_keys(seed, p, keys),
    )
