"""``config/rules.yml``: rule thresholds with per-buyer and per-account overrides.

The optimizer mart ``budget_recommendations`` (dbt) evaluates the rules; this module validates
the file and resolves the thresholds of every ad account (``thresholds`` ← the account's buyer in
``config/accounts.yml`` ← the account's own overrides, key by key), then hands them to dbt as
``--vars '{"budget_rules": {...}}'`` (:meth:`RulesConfig.dbt_vars`). Alerts read the same file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from config.accounts import AccountsConfig
from config.alert_rules import AlertRules
from config.loading import CONFIG_DIR, load_yaml_model


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Windows(_Strict):
    """Trailing windows the rules read (account-local days).

    Attributes:
        lag_days: windows end this many days before the account-local today (1 = yesterday is
            the last day; today is partial and its conversions are still arriving).
        short_days: the short window (ROAS/CPA/CTR "now").
        long_days: the long window (the evidence most rules judge on).
    """

    lag_days: int = Field(default=1, ge=0, le=7)
    short_days: int = Field(default=3, ge=1, le=28)
    long_days: int = Field(default=7, ge=1, le=56)


class Thresholds(_Strict):
    """Thresholds of the budget rules (see ``config/rules.yml`` for each one's meaning)."""

    roas_target: float = Field(gt=0)
    min_spend_thb: float = Field(ge=0)
    min_impressions: int = Field(ge=0)
    roas_reduce_below_ratio: float = Field(gt=0)
    roas_pause_below_ratio: float = Field(ge=0)
    ctr_reduce_below: float = Field(ge=0, le=1)
    ctr_pause_below: float = Field(ge=0, le=1)
    frequency_reduce_above: float = Field(gt=0)
    content_score_increase_above: float = Field(ge=0, le=100)
    scale_up_roas_ratio: float = Field(gt=1)
    scale_up_days: int = Field(ge=1, le=28)
    scale_up_pct: float = Field(gt=0, le=5)
    cut_loss_roas_ratio: float = Field(gt=0, lt=1)
    cut_loss_days: int = Field(ge=1, le=28)
    reduce_pct: float = Field(gt=0, lt=1)
    increase_pct: float = Field(gt=0, le=5)

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.roas_pause_below_ratio > self.roas_reduce_below_ratio:
            raise ValueError("roas_pause_below_ratio must be <= roas_reduce_below_ratio")
        if self.ctr_pause_below > self.ctr_reduce_below:
            raise ValueError("ctr_pause_below must be <= ctr_reduce_below")
        return self


Overrides = dict[str, float | int]


class RulesConfig(_Strict):
    """The whole of ``config/rules.yml``."""

    windows: Windows = Field(default_factory=Windows)
    thresholds: Thresholds
    buyers: dict[str, Overrides] = Field(default_factory=dict)
    accounts: dict[str, Overrides] = Field(default_factory=dict)
    # alert thresholds (config/alert_rules.py; dbt vars through alert_rules.alert_dbt_vars)
    alerts: AlertRules = Field(default_factory=AlertRules)

    @field_validator("accounts", mode="before")
    @classmethod
    def _account_digits(cls, v: object) -> object:
        if isinstance(v, dict):
            return {str(k).removeprefix("act_").replace("-", ""): x for k, x in v.items()}
        return v

    @model_validator(mode="after")
    def _overrides_name_thresholds(self) -> RulesConfig:
        known = set(Thresholds.model_fields)
        for section, entries in (("buyers", self.buyers), ("accounts", self.accounts)):
            for name, over in entries.items():
                unknown = sorted(set(over) - known)
                if unknown:
                    raise ValueError(f"{section}.{name}: unknown thresholds {unknown}")
                self._merge(over)  # validates the merged thresholds
        return self

    def _merge(self, *layers: Overrides) -> Thresholds:
        merged: dict[str, Any] = self.thresholds.model_dump()
        for layer in layers:
            merged.update(layer)
        return Thresholds.model_validate(merged)

    def for_account(self, account_id: str, buyer: str | None = None) -> Thresholds:
        """Effective thresholds of one ad account: defaults ← buyer ← account."""
        return self._merge(self.buyers.get(buyer or "", {}), self.accounts.get(account_id, {}))

    def resolved(self, accounts: AccountsConfig | None) -> dict[str, Thresholds]:
        """Effective thresholds of every configured account (any platform) that differ."""
        out: dict[str, Thresholds] = {}
        for section in (accounts.meta, accounts.tiktok, accounts.google_ads) if accounts else ():
            for acct in section.accounts if section else ():
                t = self.for_account(acct.account_id, acct.owner)
                if t != self.thresholds:
                    out[acct.account_id] = t
        for account_id in self.accounts:
            out.setdefault(account_id, self.for_account(account_id))
        return out

    def dbt_vars(self, accounts: AccountsConfig | None = None) -> dict[str, Any]:
        """``{"budget_rules": {windows..., "thresholds": {...}, "accounts": {id: {...}}}}``.

        ``accounts`` holds, per account with overrides, only the thresholds that differ from the
        defaults (buyer and account layers already merged); dbt falls back key by key.
        """
        defaults = self.thresholds.model_dump()
        diffs = {
            account_id: {k: v for k, v in t.model_dump().items() if v != defaults[k]}
            for account_id, t in sorted(self.resolved(accounts).items())
        }
        return {
            "budget_rules": {
                **self.windows.model_dump(),
                "thresholds": defaults,
                "accounts": diffs,
            }
        }


def load_rules(path: Path | str | None = None) -> RulesConfig:
    """Load and validate ``config/rules.yml``.

    Raises:
        config.loading.ConfigError: missing file, bad YAML, or a field failing validation.
    """
    return load_yaml_model(path or CONFIG_DIR / "rules.yml", RulesConfig)
