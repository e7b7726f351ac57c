"""Budget units of each platform, and conversions between them and currency units.

Every budget amount the optimizer sends to a platform is in that platform's native unit, and every
action names it (``unit``):

==========  =========  ====================================================================
platform    unit       meaning
==========  =========  ====================================================================
meta        minor      integer minor units of the account currency (cents, satang; ISO 4217
                       exponent: ×100 for THB/USD/SGD, ×1 for JPY/VND)
tiktok      units      currency units with 2 decimals (TikTok Business API ``budget``)
google_ads  micros     integer millionths of a currency unit (``amount_micros``), multiples of
                       10,000 (Google Ads rejects finer budgets)
==========  =========  ====================================================================

Sources: Marketing API AdSet/Campaign ``daily_budget`` ("in your account's currency, in cents"
for 2-decimal currencies); TikTok ``/adgroup/update/`` ``budget``; Google Ads
``CampaignBudget.amount_micros``.
"""

from __future__ import annotations

from typing import Literal

BudgetUnit = Literal["minor", "units", "micros"]

PLATFORM_UNITS: dict[str, BudgetUnit] = {
    "meta": "minor",
    "tiktok": "units",
    "google_ads": "micros",
}
"""Native budget unit per platform. A new platform adds its unit here."""

_MICROS = 1_000_000
_GOOGLE_STEP_MICROS = 10_000


def native_per_unit(unit: BudgetUnit, minor_exponent: int = 2) -> int:
    """How many native units make one currency unit (100 for ``minor`` THB, 10^6 for micros)."""
    if unit == "minor":
        return 10**minor_exponent
    if unit == "units":
        return 1
    return _MICROS


def to_native(amount: float, unit: BudgetUnit, minor_exponent: int = 2) -> float:
    """Currency units → the platform's native unit, rounded the way the platform accepts.

    Returns:
        An integral value for ``minor`` and ``micros`` (as float, exact), 2 decimals for
        ``units``.
    """
    if unit == "units":
        return round(amount, 2)
    if unit == "micros":
        return float(round(amount * _MICROS / _GOOGLE_STEP_MICROS) * _GOOGLE_STEP_MICROS)
    return float(round(amount * native_per_unit(unit, minor_exponent)))


def from_native(amount: float, unit: BudgetUnit, minor_exponent: int = 2) -> float:
    """The platform's native unit → currency units."""
    return amount / native_per_unit(unit, minor_exponent)


def minor_exponent_of(daily_budget: float, daily_budget_native: float, unit: BudgetUnit) -> int:
    """The ISO 4217 exponent implied by a budget in both units (2 when it cannot be told)."""
    if unit != "minor" or daily_budget <= 0:
        return 2
    ratio = daily_budget_native / daily_budget
    for exponent in (0, 2, 3):
        if abs(ratio - 10**exponent) < 1e-6 * ratio:
            return exponent
    return 2


def tolerance(unit: BudgetUnit) -> float:
    """Half the smallest step of a unit: two native amounts closer than this are the same budget.

    0.5 for ``minor`` (integers), 0.005 for ``units`` (2 decimals), 5,000 for ``micros``
    (multiples of 10,000).
    """
    if unit == "units":
        return 0.005
    if unit == "micros":
        return _GOOGLE_STEP_MICROS / 2
    return 0.5


def format_native(amount: float, unit: BudgetUnit) -> str:
    """The wire form of a native amount (integers for minor/micros, 2 decimals for units)."""
    return f"{amount:.2f}" if unit == "units" else str(round(amount))
