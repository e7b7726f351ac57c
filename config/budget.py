"""``config/budget.yml``: daily budget totals, gross margins, allocation constraints, fit knobs.

The optimizer reads it (``optimizer.allocation``, ``optimizer.response``); dbt reads the gross
margin rates (``--vars '{"product_margins": {...}}'``, :meth:`BudgetConfig.dbt_vars`) so that the
``cut_loss`` rule judges margin with the same rates the allocation maximises.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from config.loading import CONFIG_DIR, load_yaml_model


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProductGroup(_Strict):
    """One product group.

    Attributes:
        gross_margin_rate: (price − landed unit cost) / price, a fraction.
        daily_budget_thb: cap on the group's total daily budget (THB); None = no cap.
    """

    gross_margin_rate: float = Field(gt=0, lt=1)
    daily_budget_thb: float | None = Field(default=None, gt=0)


class Constraints(_Strict):
    """Allocation constraints.

    Attributes:
        min_roas: an owner's expected ROAS (revenue / spend) at its allocated budget must be at
            least this; owners that cannot reach it keep their minimum budget.
        max_campaign_daily_budget_thb: most a campaign may get per day (a CBO owner, or the sum
            of its ad sets), THB; None = no cap.
    """

    min_roas: float = Field(default=0.0, ge=0)
    max_campaign_daily_budget_thb: float | None = Field(default=None, gt=0)


class ModelSettings(_Strict):
    """Knobs of the spend → margin response fit (see ``optimizer/response.py``).

    Attributes:
        history_days: days of daily history fitted.
        half_life_days: recency weighting half-life (days).
        prior_k_ratio: prior centre of the saturation scale ``k`` / recent daily spend.
        prior_log_sd: prior standard deviation of ``log k``.
        conversion_completeness: days after a day → share of its final conversions reported by
            then (interpolated linearly; 1.0 beyond the last key).
    """

    history_days: int = Field(default=28, ge=3, le=365)
    half_life_days: float = Field(default=14.0, gt=0)
    prior_k_ratio: float = Field(default=1.0, gt=0)
    prior_log_sd: float = Field(default=0.6, gt=0)
    conversion_completeness: dict[int, float] = Field(
        default_factory=lambda: {1: 0.75, 3: 0.9, 7: 0.97, 28: 1.0}
    )

    @model_validator(mode="after")
    def _completeness(self) -> ModelSettings:
        values = [self.conversion_completeness[k] for k in sorted(self.conversion_completeness)]
        if any(not 0 < v <= 1 for v in values) or values != sorted(values):
            raise ValueError("conversion_completeness must rise with age, within (0, 1]")
        return self


class BudgetConfig(_Strict):
    """The whole of ``config/budget.yml``."""

    total_daily_budget_thb: float | None = Field(default=None, gt=0)
    policy: Literal["rules", "allocation", "rules_allocation"] = "rules_allocation"
    spend_total: Literal["exact", "up_to"] = "exact"
    default_gross_margin_rate: float = Field(default=0.55, gt=0, lt=1)
    product_groups: dict[str, ProductGroup] = Field(default_factory=dict)
    constraints: Constraints = Field(default_factory=Constraints)
    model: ModelSettings = Field(default_factory=ModelSettings)

    def margin_rate(self, product_group: str | None) -> float:
        """Gross margin rate of a product group (the default for unknown or missing groups)."""
        group = self.product_groups.get((product_group or "").lower())
        return group.gross_margin_rate if group else self.default_gross_margin_rate

    def group_caps_thb(self) -> dict[str, float]:
        """Product groups with a daily budget cap (THB)."""
        return {
            k: g.daily_budget_thb
            for k, g in self.product_groups.items()
            if g.daily_budget_thb is not None
        }

    def dbt_vars(self) -> dict[str, Any]:
        """``{"product_margins": {"default": rate, "groups": {group: rate}}}`` for dbt."""
        return {
            "product_margins": {
                "default": self.default_gross_margin_rate,
                "groups": {k: g.gross_margin_rate for k, g in sorted(self.product_groups.items())},
            }
        }


def load_budget(path: Path | str | None = None) -> BudgetConfig:
    """Load and validate ``config/budget.yml``.

    Raises:
        config.loading.ConfigError: missing file, bad YAML, or a field failing validation.
    """
    return load_yaml_model(path or CONFIG_DIR / "budget.yml", BudgetConfig)
