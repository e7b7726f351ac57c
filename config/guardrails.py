"""``config/guardrails.yml``: the limits every budget action passes before it may be applied.

Checked by ``optimizer/guardrails.py``; see the YAML for the meaning of each knob.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from config.loading import CONFIG_DIR, load_yaml_model


def account_digits(value: object) -> str:
    """An account id as digits (``act_`` prefix and dashes removed)."""
    return str(value).strip().removeprefix("act_").replace("-", "")


class GuardrailsConfig(BaseModel):
    """The whole of ``config/guardrails.yml``.

    Attributes:
        allowed_accounts: ad accounts whose objects may be changed (digits).
        max_step_pct: largest relative budget change of one action (0.3 = ±30 %).
        over_step: ``clip`` a larger move to the step, or ``block`` it.
        max_changes_per_object_per_day: applied changes per object per account-local day.
        cooldown_hours: minimum hours since the object's last applied change.
        allow_pause: whether pausing a budget owner is allowed at all.
        min_daily_budget: platform → currency (or ``default``) → floor, currency units.
        max_account_daily_budget: account → most its owners may be budgeted per day in total,
            account currency units.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    allowed_accounts: list[str] = Field(default_factory=list)
    max_step_pct: float = Field(default=0.3, gt=0, le=1)
    over_step: Literal["clip", "block"] = "clip"
    max_changes_per_object_per_day: int = Field(default=1, ge=0)
    cooldown_hours: float = Field(default=20.0, ge=0)
    allow_pause: bool = True
    min_daily_budget: dict[str, dict[str, float]] = Field(default_factory=dict)
    max_account_daily_budget: dict[str, float] = Field(default_factory=dict)

    @field_validator("allowed_accounts", mode="before")
    @classmethod
    def _digits(cls, v: object) -> object:
        return [account_digits(x) for x in v] if isinstance(v, list) else v

    @field_validator("max_account_daily_budget", mode="before")
    @classmethod
    def _account_keys(cls, v: object) -> object:
        return {account_digits(k): x for k, x in v.items()} if isinstance(v, dict) else v

    def min_budget(self, platform: str, currency: str) -> float:
        """Floor of a daily budget (currency units) on a platform in a currency (0 if unset)."""
        floors = self.min_daily_budget.get(platform, {})
        return float(floors.get(currency, floors.get("default", 0.0)))


def load_guardrails(path: Path | str | None = None) -> GuardrailsConfig:
    """Load and validate ``config/guardrails.yml``.

    Raises:
        config.loading.ConfigError: missing file, bad YAML, or a field failing validation.
    """
    return load_yaml_model(path or CONFIG_DIR / "guardrails.yml", GuardrailsConfig)
