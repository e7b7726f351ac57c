"""Hand-made optimizer marts in a DuckDB warehouse (no dbt): owners and their daily history.

Columns follow the contracts of ``marts.budget_recommendations`` and
``marts.budget_owner_performance_daily`` (the ones the optimizer reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pyarrow as pa

from extractors.common.warehouse import DuckDBWarehouse
from optimizer.units import PLATFORM_UNITS, native_per_unit

TODAY = date(2026, 11, 21)
AS_OF = datetime(2026, 11, 21, 12)


@dataclass
class MartOwner:
    """One budget owner of the fixture and the curve its history follows."""

    object_id: str
    budget: float  # currency units
    gain: float  # gross-margin revenue at saturation, THB/day
    k: float  # THB/day
    recommendation: str = "hold"
    rules_fired: str | None = None
    change_pct: float = 0.0
    account_id: str = "7010000000000001"
    currency: str = "THB"
    fx: float = 1.0
    level: str = "ad_group"
    platform: str = "meta"
    delivering: bool = True


def write_marts(
    wh: DuckDBWarehouse, owners: list[MartOwner], days: int = 28, gm: float = 0.6, seed: int = 0
) -> None:
    """Create both marts for ``owners`` (spend varying ±30 % around 0.95 × budget)."""
    rng = np.random.default_rng(seed)
    recs, hist = [], []
    for o in owners:
        recs.append(
            {
                "budget_owner_id": f"bo-{o.object_id}",
                "object_id": o.object_id,
                "account_id": o.account_id,
                "campaign_id": f"c-{o.object_id}",
                "platform": o.platform,
                "object_level": o.level,
                "budget_owner_name": f"owner {o.object_id}",
                "product_group": "serum",
                "currency_code": o.currency,
                "account_timezone": "Asia/Bangkok",
                "budget_unit": PLATFORM_UNITS[o.platform],
                "recommendation": o.recommendation,
                "primary_rule": (o.rules_fired or "").split(",")[0] or None,
                "rules_fired": o.rules_fired,
                "recommendation_reason": o.rules_fired,
                "daily_budget_native": o.budget * native_per_unit(PLATFORM_UNITS[o.platform]),
                "daily_budget": o.budget,
                "fx_rate_to_thb": o.fx,
                "recommended_change_pct": o.change_pct,
                "roas_long": 2.0,
                "gross_margin_rate": gm,
                "is_delivering": o.delivering,
                "local_today": TODAY,
                "as_of_at": AS_OF,
            }
        )
        for age in range(1, days + 1):
            spend = 0.95 * o.budget * o.fx * (1 + 0.3 * np.sin(age))
            gm_rev = o.gain * -np.expm1(-spend / o.k)
            hist.append(
                {
                    "budget_owner_id": f"bo-{o.object_id}",
                    "date_day": TODAY - timedelta(days=age),
                    "spend_thb": spend,
                    "conversion_value_thb": float(rng.normal(1, 0.02)) * gm_rev / gm,
                }
            )
    wh.execute("create schema if not exists marts")
    for name, rows in (("budget_recommendations", recs), ("budget_owner_performance_daily", hist)):
        wh.con.register("_rows", pa.Table.from_pylist(rows))
        wh.execute(f"create or replace table marts.{name} as select * from _rows")
        wh.con.unregister("_rows")
