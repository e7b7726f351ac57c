"""Action ids are deterministic per run and change; rows carry units and THB amounts."""

from __future__ import annotations

import pytest

from optimizer.actions import make_action_id
from tests.optimizer.optimizer_factories import NOW, action, owner


def test_action_id_is_stable_for_the_same_run_and_change_and_differs_otherwise() -> None:
    a = make_action_id("run-1", "meta", "120", "daily_budget", 100000.0, 120000.0)
    assert a == make_action_id("run-1", "meta", "120", "daily_budget", 100000, 120000)
    assert len(a) == 24
    others = {
        make_action_id("run-2", "meta", "120", "daily_budget", 100000.0, 120000.0),
        make_action_id("run-1", "tiktok", "120", "daily_budget", 100000.0, 120000.0),
        make_action_id("run-1", "meta", "121", "daily_budget", 100000.0, 120000.0),
        make_action_id("run-1", "meta", "120", "daily_budget", 100000.0, 130000.0),
        make_action_id("run-1", "meta", "120", "status", 100000.0, "PAUSED"),
    }
    assert a not in others and len(others) == 5


def test_row_names_the_unit_and_converts_native_amounts_to_thb() -> None:
    sgd = owner(
        "9",
        currency_code="SGD",
        daily_budget_native=5000.0,
        daily_budget=50.0,
        fx_rate_to_thb=26.385,
    )
    row = action(sgd, after=6000.0).to_row(NOW)
    assert row["unit"] == "minor"
    assert row["before_value"] == 5000.0 and row["after_value"] == 6000.0
    assert row["before_thb"] == round(50.0 * 26.385, 6)
    assert row["after_thb"] == round(60.0 * 26.385, 6)
    assert row["change_pct"] == pytest.approx(0.2)
    assert row["field"] == "daily_budget"


def test_a_pause_writes_the_status_and_keeps_the_budget_it_had() -> None:
    a = action(kind="pause")
    row = a.to_row(NOW)
    assert (a.field, a.before_value, a.after_value) == ("status", "ACTIVE", "PAUSED")
    assert row["before_value"] == 100_000.0 and row["after_value"] is None
    assert row["change_pct"] == -1.0
    assert row["after_status"] == "PAUSED"
