"""Attribution lag: a day's conversions are reported progressively over the following weeks.

Platforms attribute a purchase to the day of the ad interaction, but learn about it later (the
7-day click window, delayed pixel/CAPI events, modelled conversions). A sync therefore sees
recent days grow. The curve below is the share of a day's final purchases reported when the
account-local today is ``age`` days after that day (age 0 = the same day); between knots it is
linear, from 28 days on it is 1. Reported counts are ``floor(final × share + u)`` with one fixed
uniform ``u`` per ad-day (stochastic rounding, so small counts are not lost to flooring):
integers, unbiased, never above the final count, and monotone in the as-of time.
"""

from __future__ import annotations

import numpy as np

LAG_KNOTS_DAYS = np.array([0, 1, 2, 3, 7, 14, 28], dtype=np.float64)
LAG_SHARE = np.array([0.55, 0.75, 0.83, 0.90, 0.97, 0.99, 1.0])


def reported_share(age_days: np.ndarray) -> np.ndarray:
    """Share of final conversions reported at an age (days after the conversion day).

    Args:
        age_days: ages in days (negative ages — future days — report nothing).

    Returns:
        float array in [0, 1].
    """
    age = np.asarray(age_days, dtype=np.float64)
    share = np.interp(age, LAG_KNOTS_DAYS, LAG_SHARE)
    return np.where(age < 0, 0.0, share)


def reported_count(final: np.ndarray, age_days: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Reported integer conversions, exact once settled.

    Args:
        final: final conversion counts (int).
        age_days: days between the conversion day and the account-local today.
        u: one uniform in (0, 1) per element, fixed for the ad-day across as-of times.

    Returns:
        int64 counts ``floor(final × share(age) + u)`` (``final`` itself once share is 1).
    """
    share = reported_share(age_days)
    final = np.asarray(final, dtype=np.int64)
    out = np.floor(final * share + u).astype(np.int64)
    return np.where(share >= 1.0, final, np.where(share <= 0.0, 0, out))
