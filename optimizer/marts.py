"""Read the optimizer marts: one :class:`OwnerState` per budget owner and its daily history.

The only place the optimizer reads the warehouse's marts (``marts.budget_recommendations``,
``marts.budget_owner_performance_daily``; contracts in
``dbt_project/models/marts/optimizer/_optimizer__models.yml``). Everything downstream works on
these plain dataclasses, whatever the platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np

from extractors.common.warehouse import Warehouse
from optimizer.units import BudgetUnit, minor_exponent_of

_REC_COLUMNS = (
    "budget_owner_id",
    "object_id",
    "account_id",
    "campaign_id",
    "platform",
    "object_level",
    "budget_owner_name",
    "product_group",
    "currency_code",
    "account_timezone",
    "budget_unit",
    "recommendation",
    "primary_rule",
    "rules_fired",
    "recommendation_reason",
    "daily_budget_native",
    "daily_budget",
    "fx_rate_to_thb",
    "recommended_change_pct",
    "roas_long",
    "gross_margin_rate",
    "is_delivering",
    "local_today",
    "as_of_at",
)


@dataclass(frozen=True)
class OwnerState:
    """A budget owner now, with its rule-based recommendation (``budget_recommendations``).

    Money: ``daily_budget`` in currency units of ``currency_code``; ``daily_budget_native`` in
    ``budget_unit`` (Meta ``minor``, TikTok ``units``, Google ``micros``); THB via
    ``fx_rate_to_thb`` (THB per currency unit).
    """

    budget_owner_id: str
    object_id: str
    account_id: str
    campaign_id: str
    platform: str
    object_level: str
    name: str | None
    product_group: str | None
    currency_code: str
    account_timezone: str
    budget_unit: BudgetUnit
    recommendation: str
    primary_rule: str | None
    rules_fired: str | None
    recommendation_reason: str | None
    daily_budget_native: float
    daily_budget: float
    fx_rate_to_thb: float
    recommended_change_pct: float
    roas_long: float | None
    gross_margin_rate: float | None
    is_delivering: bool
    local_today: date
    as_of_at: datetime

    @property
    def minor_exponent(self) -> int:
        """ISO 4217 exponent of the currency (for ``minor`` units)."""
        return minor_exponent_of(self.daily_budget, self.daily_budget_native, self.budget_unit)

    @property
    def daily_budget_thb(self) -> float:
        """Current daily budget, THB."""
        return self.daily_budget * self.fx_rate_to_thb

    @property
    def thb_per_native(self) -> float:
        """THB per native budget unit (e.g. 0.01 for a THB budget in satang)."""
        if self.daily_budget_native:
            return self.daily_budget_thb / self.daily_budget_native
        return self.fx_rate_to_thb


def _num(v: Any) -> float | None:
    return None if v is None else float(v) if isinstance(v, Decimal | int | float) else None


def _owner(row: dict[str, Any]) -> OwnerState:
    return OwnerState(
        budget_owner_id=row["budget_owner_id"],
        object_id=row["object_id"],
        account_id=row["account_id"],
        campaign_id=row["campaign_id"],
        platform=row["platform"],
        object_level=row["object_level"],
        name=row["budget_owner_name"],
        product_group=row["product_group"],
        currency_code=row["currency_code"],
        account_timezone=row["account_timezone"] or "UTC",
        budget_unit=row["budget_unit"],
        recommendation=row["recommendation"],
        primary_rule=row["primary_rule"],
        rules_fired=row["rules_fired"],
        recommendation_reason=row["recommendation_reason"],
        daily_budget_native=_num(row["daily_budget_native"]) or 0.0,
        daily_budget=_num(row["daily_budget"]) or 0.0,
        fx_rate_to_thb=_num(row["fx_rate_to_thb"]) or 0.0,
        recommended_change_pct=_num(row["recommended_change_pct"]) or 0.0,
        roas_long=_num(row["roas_long"]),
        gross_margin_rate=_num(row["gross_margin_rate"]),
        is_delivering=bool(row["is_delivering"]),
        local_today=row["local_today"],
        as_of_at=row["as_of_at"],
    )


def read_owner_states(wh: Warehouse, platforms: tuple[str, ...] | None = None) -> list[OwnerState]:
    """Every budget owner of ``marts.budget_recommendations`` (all platforms by default).

    Owners without an FX rate (a currency the seed lacks) are left out: their THB amounts would
    be unknown.
    """
    cols = ", ".join(_REC_COLUMNS)
    rows = wh.query(
        f"select {cols} from marts.budget_recommendations "
        "where fx_rate_to_thb is not null order by platform, object_id"
    ).to_pylist()
    owners = [_owner(r) for r in rows]
    return [o for o in owners if platforms is None or o.platform in platforms]


@dataclass(frozen=True)
class DailyHistory:
    """Daily spend and revenue (THB) of one owner: date → (spend_thb, conversion_value_thb)."""

    days: list[date]
    spend_thb: np.ndarray
    revenue_thb: np.ndarray


def read_histories(wh: Warehouse, since: date) -> dict[str, DailyHistory]:
    """``marts.budget_owner_performance_daily`` from ``since`` on, per budget owner."""
    rows = wh.query(
        "select budget_owner_id, date_day, spend_thb, conversion_value_thb "
        "from marts.budget_owner_performance_daily where date_day >= ? "
        "order by budget_owner_id, date_day",
        [since],
    ).to_pylist()
    grouped: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        grouped.setdefault(r["budget_owner_id"], []).append(r)
    return {
        k: DailyHistory(
            [r["date_day"] for r in v],
            np.array([_num(r["spend_thb"]) or 0.0 for r in v]),
            np.array([_num(r["conversion_value_thb"]) or 0.0 for r in v]),
        )
        for k, v in grouped.items()
    }
