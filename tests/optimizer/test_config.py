"""The optimizer's config files: they load, dbt's defaults equal them, mistakes name the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from config.accounts import load_accounts
from config.budget import load_budget
from config.guardrails import load_guardrails
from config.loading import ConfigError
from config.rules import load_rules
from optimizer.units import PLATFORM_UNITS

DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project" / "dbt_project.yml"


def test_dbt_defaults_equal_the_resolved_rules_and_the_product_margins() -> None:
    dbt_vars = yaml.safe_load(DBT_PROJECT.read_text())["vars"]
    assert dbt_vars["budget_rules"] == load_rules().dbt_vars(load_accounts())["budget_rules"]
    assert dbt_vars["product_margins"] == load_budget().dbt_vars()["product_margins"]


def test_thresholds_resolve_defaults_then_buyer_then_account(tmp_path) -> None:
    text = Path("config/rules.yml").read_text()
    text = text.replace("accounts: {}", "accounts:\n  act_7010000000000003: {cut_loss_days: 7}", 1)
    path = tmp_path / "rules.yml"
    path.write_text(text)
    rules = load_rules(path)
    us = rules.for_account("7010000000000003", "alex")
    assert (us.roas_target, us.cut_loss_days) == (1.8, 7)  # buyer alex, then the account
    th = rules.for_account("7010000000000001", "nok")
    assert th == rules.thresholds
    diffs = rules.dbt_vars(load_accounts())["budget_rules"]["accounts"]
    assert diffs["7010000000000003"] == {"roas_target": 1.8, "cut_loss_days": 7}
    assert "7010000000000001" not in diffs


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "accounts: {}",
            "accounts: {'1': {roas_targt: 2}}",
            r"\(top level\): Value error, accounts\.1: unknown thresholds \['roas_targt'\]",
        ),
        (
            "roas_pause_below_ratio: 0.5",
            "roas_pause_below_ratio: 0.95",
            "roas_pause_below_ratio must be <= roas_reduce_below_ratio",
        ),
    ],
)
def test_rule_mistakes_are_refused_naming_what_is_wrong(tmp_path, old, new, message) -> None:
    path = tmp_path / "rules.yml"
    path.write_text(Path("config/rules.yml").read_text().replace(old, new, 1))
    with pytest.raises(ConfigError, match=message):
        load_rules(path)


def test_guardrails_floor_falls_back_to_the_platform_default_and_ids_lose_act() -> None:
    g = load_guardrails()
    assert g.allowed_accounts == [
        "7010000000000001",
        "7010000000000002",
        "7010000000000003",
        "7020000000000001",
        "7020000000000002",
        "7030000001",  # written 703-000-0001: dashes go too
        "7030000002",
    ]
    assert g.min_budget("meta", "THB") == 40.0
    assert g.min_budget("meta", "USD") == 1.0  # default of the platform
    assert g.min_budget("pinterest", "THB") == 0.0


def test_guardrails_floors_cover_every_platform_the_optimizer_writes_to() -> None:
    g = load_guardrails()
    assert set(g.min_daily_budget) == set(PLATFORM_UNITS) == {"meta", "tiktok", "google_ads"}
    assert g.min_budget("tiktok", "MYR") == 100.0
    assert g.min_budget("google_ads", "SGD") == 1.5


def test_budget_margin_rates_and_completeness_curve_are_validated(tmp_path) -> None:
    b = load_budget()
    assert b.margin_rate("Serum") == 0.60
    assert b.margin_rate(None) == b.margin_rate("unknown") == 0.55
    path = tmp_path / "budget.yml"
    path.write_text("model:\n  conversion_completeness: {1: 0.9, 3: 0.8}\n")
    with pytest.raises(ConfigError, match="conversion_completeness must rise with age"):
        load_budget(path)
