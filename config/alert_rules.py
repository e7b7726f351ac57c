"""The ``alerts:`` section of ``config/rules.yml``: alert thresholds, per buyer and per account.

Validated here as part of :class:`config.rules.RulesConfig` (field ``alerts``). The alert mart
(``dbt_project/models/marts/alerts/alerts.sql``) and ``campaign_performance.performance_status``
read the thresholds resolved per ad account — ``alerts.thresholds`` ← ``alerts.buyers.<owner>`` ←
``alerts.accounts.<id>``, key by key — handed to dbt as ``--vars '{"alert_rules": {...}}'`` by
:func:`alert_dbt_vars`. ``scale_up`` and ``cut_loss`` are the budget rules' own (``roas_target``,
``scale_up_*``, ``cut_loss_*`` of the top-level ``thresholds``, resolved the same way), so an
alert and the optimizer's recommendation never disagree about them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

if TYPE_CHECKING:
    from config.accounts import AccountsConfig
    from config.rules import RulesConfig

SHARED_WITH_BUDGET_RULES = (
    "roas_target",
    "scale_up_roas_ratio",
    "scale_up_days",
    "scale_up_pct",
    "cut_loss_roas_ratio",
    "cut_loss_days",
)
"""Thresholds the alerts take from the budget rules (``config/rules.yml`` ``thresholds``)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AlertThresholds(_Strict):
    """Alert thresholds (see ``config/rules.yml``, section ``alerts``, for each one's meaning)."""

    roas_low_below: float = Field(2.0, gt=0)
    min_spend_thb: float = Field(300.0, ge=0)
    revenue_drop_pct: float = Field(0.20, gt=0, lt=1)
    min_revenue_thb: float = Field(1000.0, ge=0)
    cpa_high_above_thb: float = Field(400.0, gt=0)
    ctr_low_below: float = Field(0.005, ge=0, le=1)
    min_impressions: int = Field(2000, ge=0)
    frequency_high_above: float = Field(2.0, gt=0)
    content_min_items: int = Field(3, ge=1)
    content_score_above: float = Field(60.0, ge=0, le=100)
    content_min_budget_thb: float = Field(1000.0, ge=0)
    good_roas_ratio: float = Field(1.0, gt=0)
    warning_roas_ratio: float = Field(0.8, gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> AlertThresholds:
        if self.warning_roas_ratio > self.good_roas_ratio:
            raise ValueError("warning_roas_ratio must be <= good_roas_ratio")
        return self


Overrides = dict[str, float | int]


class AlertRules(_Strict):
    """The ``alerts:`` section.

    Attributes:
        window_days: trailing days summed for ``roas_low``, ``cpa_high``, ``ctr_low`` and
            ``frequency_high`` (one noisy day does not raise, one good day does not clear).
        thresholds: defaults of every ad account.
        buyers: per media buyer (``owner`` in ``config/accounts.yml``), the keys that differ.
        accounts: per ad account id (``act_`` prefix and dashes allowed), the keys that differ.
    """

    window_days: int = Field(3, ge=1, le=28)
    thresholds: AlertThresholds = Field(default_factory=AlertThresholds)
    buyers: dict[str, Overrides] = Field(default_factory=dict)
    accounts: dict[str, Overrides] = Field(default_factory=dict)

    @field_validator("accounts", mode="before")
    @classmethod
    def _account_digits(cls, v: object) -> object:
        if isinstance(v, dict):
            return {str(k).removeprefix("act_").replace("-", ""): x for k, x in v.items()}
        return v

    @model_validator(mode="after")
    def _overrides_name_thresholds(self) -> AlertRules:
        known = set(AlertThresholds.model_fields)
        for section, entries in (("buyers", self.buyers), ("accounts", self.accounts)):
            for name, over in entries.items():
                unknown = sorted(set(over) - known)
                if unknown:
                    raise ValueError(f"alerts.{section}.{name}: unknown thresholds {unknown}")
                self._merge(over)  # validates the merged thresholds
        return self

    def _merge(self, *layers: Overrides) -> AlertThresholds:
        merged: dict[str, Any] = self.thresholds.model_dump()
        for layer in layers:
            merged.update(layer)
        return AlertThresholds.model_validate(merged)

    def for_account(self, account_id: str, buyer: str | None = None) -> AlertThresholds:
        """Effective alert thresholds of one ad account: defaults ← buyer ← account."""
        return self._merge(self.buyers.get(buyer or "", {}), self.accounts.get(account_id, {}))


def account_owners(accounts: AccountsConfig | None) -> dict[str, str]:
    """Ad account id → its media buyer (``owner``), every platform of ``config/accounts.yml``."""
    out: dict[str, str] = {}
    for section in (accounts.meta, accounts.tiktok, accounts.google_ads) if accounts else ():
        for acct in section.accounts if section else ():
            if acct.owner:
                out[acct.account_id] = acct.owner
    return dict(sorted(out.items()))


def _effective(rules: RulesConfig, account_id: str, buyer: str | None) -> dict[str, Any]:
    budget = rules.for_account(account_id, buyer).model_dump()
    shared = {k: budget[k] for k in SHARED_WITH_BUDGET_RULES}
    return {**shared, **rules.alerts.for_account(account_id, buyer).model_dump()}


def alert_dbt_vars(rules: RulesConfig, accounts: AccountsConfig | None = None) -> dict[str, Any]:
    """The vars the alert and reporting marts read.

    Returns:
        ``{"alert_rules": {"window_days", "thresholds", "accounts": {id: {differing keys}}},
        "account_owners": {id: owner}}`` — thresholds are the alert defaults plus the shared
        budget-rule keys; ``accounts`` holds, per account with any override (buyer or account
        layer, alert or shared key), only the keys that differ; dbt falls back key by key.
    """
    owners = account_owners(accounts)
    defaults = _effective(rules, "", None)
    ids = sorted({*owners, *rules.accounts, *rules.alerts.accounts})
    diffs: dict[str, dict[str, Any]] = {}
    for account_id in ids:
        effective = _effective(rules, account_id, owners.get(account_id))
        changed = {k: v for k, v in effective.items() if v != defaults[k]}
        if changed:
            diffs[account_id] = changed
    return {
        "alert_rules": {
            "window_days": rules.alerts.window_days,
            "thresholds": defaults,
            "accounts": diffs,
        },
        "account_owners": owners,
    }
