"""TikTok report metrics from the market's per-ad day, summed to a data level, rendered as strings.

The market models plays and completed views (:class:`~sandbox.market.simulate.DayMetrics`);
TikTok reports more steps of the same funnel. They are derived per ad with fixed ratios (drawn
per ad from the seed) and counter-based rounding, so they are deterministic and ordered like the
real funnel: ``video_play_actions >= video_watched_2s >= video_watched_6s`` and
``video_play_actions >= p25 >= p50 >= p75 >= p100``, ``p100 <= ThruPlays`` of the market.

Rendering follows the v1.3 wire format (TikTok API for Business, "Reporting metrics"): every
metric is a string; money in currency units with 2 decimals; ``ctr``, ``conversion_rate`` in
percent; ``average_video_play`` in seconds per play; ratios "0.00" when their denominator is 0.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sandbox.market.catalog import PLATFORM_CODE
from sandbox.market.hashing import between, stochastic_round, uniform
from sandbox.market.simulate import DayMetrics

_PLATFORM = PLATFORM_CODE["tiktok"]

ADDITIVE: tuple[str, ...] = (
    "spend_minor",
    "impressions",
    "reach",
    "clicks",
    "conversion",
    "complete_payment",
    "value_minor",
    "video_play_actions",
    "video_watched_2s",
    "video_watched_6s",
    "video_views_p25",
    "video_views_p50",
    "video_views_p75",
    "video_views_p100",
    "play_seconds",
    "likes",
    "comments",
    "shares",
    "follows",
    "profile_visits",
)
"""Columns summed across ads and days (money in minor units, ``play_seconds`` = avg × plays)."""

COUNT_METRICS: tuple[str, ...] = (
    "impressions",
    "reach",
    "clicks",
    "conversion",
    "complete_payment",
    "video_play_actions",
    "video_watched_2s",
    "video_watched_6s",
    "video_views_p25",
    "video_views_p50",
    "video_views_p75",
    "video_views_p100",
    "likes",
    "comments",
    "shares",
    "follows",
    "profile_visits",
)

METRICS: tuple[str, ...] = (
    "spend",
    "cpc",
    "cpm",
    "ctr",
    "frequency",
    "total_purchase_value",
    "cost_per_conversion",
    "conversion_rate",
    "value_per_complete_payment",
    "average_video_play",
    *COUNT_METRICS,
)
"""Every performance metric the market serves (attribute metrics come from the objects)."""


def derive(r: DayMetrics, ad_keys: np.ndarray, seed: int, day: int) -> dict[str, np.ndarray]:
    """The additive TikTok columns of every ad on one day.

    Args:
        r: the market's reported metrics of the day (arrays aligned with ``ad_keys``).
        ad_keys: uint64 ad ids (the noise address).
        seed: market seed.
        day: date ordinal of the account-local day.

    Returns:
        :data:`ADDITIVE` column → int64 array (``play_seconds`` float64).
    """

    def ratio(lo: float, hi: float, code: int) -> np.ndarray:
        return between(lo, hi, seed, _PLATFORM, ad_keys, code)

    def rnd(x: np.ndarray, code: int) -> np.ndarray:
        return stochastic_round(x, uniform(seed, _PLATFORM, ad_keys, day, code))

    plays = r.video_plays
    w2 = np.minimum(plays, rnd(plays * ratio(0.35, 0.55, 101), 111))
    w6 = np.minimum(w2, rnd(w2 * ratio(0.35, 0.55, 102), 112))
    p25 = np.minimum(plays, rnd(plays * ratio(0.25, 0.40, 103), 113))
    p50 = np.minimum(p25, rnd(p25 * ratio(0.45, 0.60, 104), 114))
    p75 = np.minimum(p50, rnd(p50 * ratio(0.55, 0.70, 105), 115))
    avg = np.round(
        ratio(2.5, 7.0, 106) * (0.9 + 0.2 * uniform(seed, _PLATFORM, ad_keys, day, 116)), 2
    )
    return {
        "spend_minor": r.spend_minor,
        "impressions": r.impressions,
        "reach": r.reach,
        "clicks": r.link_clicks,
        "conversion": r.purchases,
        "complete_payment": r.purchases,
        "value_minor": r.purchase_value_minor,
        "video_play_actions": plays,
        "video_watched_2s": w2,
        "video_watched_6s": w6,
        "video_views_p25": p25,
        "video_views_p50": p50,
        "video_views_p75": p75,
        "video_views_p100": np.minimum(p75, r.thruplays),
        "play_seconds": avg * plays,
        "likes": rnd(plays * ratio(0.005, 0.02, 107), 117),
        "comments": rnd(plays * ratio(0.0005, 0.002, 108), 118),
        "shares": rnd(plays * ratio(0.0005, 0.003, 109), 119),
        "follows": rnd(plays * ratio(0.0002, 0.001, 110), 120),
        "profile_visits": rnd(plays * ratio(0.002, 0.01, 121), 122),
    }


def group_sums(
    keys: np.ndarray, columns: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Sum columns by an integer group key.

    Args:
        keys: int64 group key per row.
        columns: :data:`ADDITIVE` arrays aligned with ``keys``.

    Returns:
        (sorted unique keys, index of each group's first row, summed columns per group).
    """
    uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    sums = {
        k: np.bincount(inverse, weights=v.astype(np.float64), minlength=len(uniq))
        for k, v in columns.items()
    }
    return uniq, first, sums


def _money(minor: float) -> str:
    return f"{minor / 100:.2f}"


def _ratio(num: float, den: float, scale: float = 1.0) -> str:
    return f"{num * scale / den:.2f}" if den else "0.00"


def render(s: Callable[[str], float]) -> dict[str, str]:
    """The performance metrics of one summed row, as the API sends them.

    Args:
        s: reads a summed :data:`ADDITIVE` column of the row.

    Returns:
        :data:`METRICS` → string.
    """
    spend, imps, clicks, conv = (
        s("spend_minor") / 100,
        s("impressions"),
        s("clicks"),
        s("conversion"),
    )
    out = {m: str(round(s(m))) for m in COUNT_METRICS}
    out.update(
        {
            "spend": _money(s("spend_minor")),
            "total_purchase_value": _money(s("value_minor")),
            "cpc": _ratio(spend, clicks),
            "cpm": _ratio(spend, imps, 1000.0),
            "ctr": _ratio(clicks, imps, 100.0),
            "frequency": _ratio(imps, s("reach")),
            "cost_per_conversion": _ratio(spend, conv),
            "conversion_rate": _ratio(conv, clicks, 100.0),
            "value_per_complete_payment": _ratio(s("value_minor") / 100, s("complete_payment")),
            "average_video_play": _ratio(s("play_seconds"), s("video_play_actions")),
        }
    )
    return out
