"""Planning from the marts: the three policies, overrides and guardrails, and the plan's table."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from config.budget import BudgetConfig
from config.guardrails import GuardrailsConfig
from optimizer.ledger import latest_run_id, read_plan, write_plan
from optimizer.planner import OptimizerSettings, default_run_id, floors_thb, make_plan
from optimizer.report import plan_markdown
from tests.optimizer.marts_fixture import AS_OF, MartOwner, write_marts
from tests.optimizer.optimizer_factories import owner

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TH = "7010000000000001"

OWNERS = [
    MartOwner("1", 1000.0, gain=4000.0, k=1500.0),  # strong: wants more
    MartOwner("2", 1000.0, gain=1400.0, k=1200.0),  # weak: wants less
    MartOwner(
        "3",
        1000.0,
        gain=1300.0,
        k=1200.0,
        recommendation="reduce",
        rules_fired="roas_low",
        change_pct=-0.2,
    ),
    MartOwner(
        "7",
        1000.0,
        gain=4000.0,
        k=1500.0,
        recommendation="reduce",
        rules_fired="ctr_low",
        change_pct=-0.2,
    ),  # strong, but a rule says no
    MartOwner(
        "4",
        1000.0,
        gain=700.0,
        k=1000.0,
        recommendation="pause",
        rules_fired="cut_loss,roas_low",
        change_pct=-1.0,
    ),
    MartOwner(
        "5",
        1000.0,
        gain=3000.0,
        k=1500.0,
        recommendation="increase",
        rules_fired="scale_up",
        change_pct=0.4,
    ),
    MartOwner("6", 800.0, gain=3000.0, k=1000.0, delivering=False),
]


def settings(**guard) -> OptimizerSettings:
    g = GuardrailsConfig(
        allowed_accounts=[TH],
        max_step_pct=0.3,
        cooldown_hours=20,
        min_daily_budget={"meta": {"THB": 40.0}},
        **guard,
    )
    return OptimizerSettings(BudgetConfig(total_daily_budget_thb=6000.0), g, None, None)


@pytest.fixture
def marts(warehouse):
    write_marts(warehouse, OWNERS)
    return warehouse


def by_object(plan):
    return {a.object_id: a for a in plan.actions}


def test_rules_policy_turns_each_recommendation_into_an_action(marts) -> None:
    plan = make_plan(marts, settings(), "rules", now=NOW)
    acts = by_object(plan)
    assert set(acts) == {"3", "4", "5", "7"}
    assert (acts["3"].after, acts["4"].action_type) == (80_000.0, "pause")
    assert acts["5"].status == "clipped" and acts["5"].after == 130_000.0  # +40 % > max step
    assert acts["5"].proposed_after == 140_000.0
    assert plan.allocation is None
    assert plan.run_id == default_run_id(AS_OF.replace(tzinfo=UTC), "rules")


def test_allocation_moves_budget_from_weak_to_strong_owners_and_keeps_the_total(marts) -> None:
    plan = make_plan(marts, settings(), "allocation", now=NOW)
    acts = by_object(plan)
    assert acts["1"].after > 100_000 and acts["2"].after < 100_000
    assert "6" not in acts  # not delivering: left alone
    assert all(0.7 * 100_000 - 1 <= a.after <= 1.3 * 100_000 + 1 for a in plan.actions)
    assert plan.allocation is not None
    assert plan.allocation.total_budget_thb == pytest.approx(6000.0, abs=1)
    assert all(a.expected_margin_change_thb != 0 and a.confidence > 0 for a in plan.actions)
    assert plan.allocation.expected_margin_thb > plan.allocation.current_expected_margin_thb


def test_rules_allocation_lets_rules_set_the_direction_and_the_allocation_the_amount(marts) -> None:
    plan = make_plan(marts, settings(), "rules_allocation", now=NOW)
    acts = by_object(plan)
    assert acts["3"].after < 100_000  # reduce: may only go down
    assert "7" not in acts  # the allocation would raise it; the rule forbids it: kept
    assert acts["4"].action_type == "budget" and acts["4"].after == 70_000.0  # pause rule: a
    assert acts["4"].rule == "cut_loss,roas_low+allocation"  # strong reduce until the floor
    assert "5" not in acts or acts["5"].after >= 100_000  # increase: never down
    total = sum((a.after if a.after is not None else 0) for a in plan.actions)
    live = [o for o in OWNERS if o.delivering]
    untouched = sum(100_000 for o in live if o.object_id not in acts)
    assert total + untouched == pytest.approx(600_000, abs=60)


def test_a_pause_rule_pauses_once_the_allocation_reaches_the_floor(warehouse) -> None:
    write_marts(
        warehouse,
        [
            MartOwner("1", 1000.0, gain=4000.0, k=1500.0),
            MartOwner(
                "4",
                45.0,
                gain=30.0,
                k=1000.0,
                recommendation="pause",
                rules_fired="cut_loss",
                change_pct=-1.0,
            ),
        ],
    )
    s = OptimizerSettings(BudgetConfig(total_daily_budget_thb=1045.0), settings().guardrails)
    acts = by_object(make_plan(warehouse, s, "rules_allocation", now=NOW))
    assert acts["4"].action_type == "pause" and acts["4"].rule == "cut_loss"


def test_overrides_and_guardrails_shape_the_plan_and_blocked_actions_stay_in_it(
    marts, tmp_path
) -> None:
    first = make_plan(marts, settings(), "rules", now=NOW)
    target = by_object(first)["3"]
    (tmp_path / "o.yml").write_text(
        f"overrides:\n  - {{action_id: {target.action_id}, decision: veto, by: nok}}\n"
        "  - {platform: meta, object_id: '5', decision: manual, by: wei}\n"
    )
    s = settings(allow_pause=False)
    s = OptimizerSettings(s.budget, s.guardrails, None, tmp_path)
    acts = by_object(make_plan(marts, s, "rules", now=NOW))
    assert (acts["3"].status, acts["3"].override_by) == ("vetoed", "nok")
    assert acts["4"].status == "blocked" and "pausing is not allowed" in acts["4"].notes[0]
    assert acts["5"].status == "blocked" and "manual override by wei" in acts["5"].notes[0]


def test_a_plan_is_stored_and_read_back_unchanged(marts) -> None:
    plan = make_plan(marts, settings(), "rules_allocation", now=NOW)
    write_plan(marts, plan.actions, plan.planned_at)
    write_plan(marts, plan.actions, plan.planned_at)  # re-previewing the same run: no duplicates
    assert latest_run_id(marts) == plan.run_id
    back = read_plan(marts, plan.run_id)
    key = lambda a: a.action_id  # noqa: E731
    assert [a.action_id for a in sorted(back, key=key)] == [
        a.action_id for a in sorted(plan.actions, key=key)
    ]
    for a, b in zip(sorted(plan.actions, key=key), sorted(back, key=key)):
        assert (b.after, b.before, b.status, b.notes, b.unit) == (
            a.after,
            a.before,
            a.status,
            a.notes,
            a.unit,
        )
        assert b.thb_per_unit == pytest.approx(a.thb_per_unit)
        assert b.expected_margin_change_thb == pytest.approx(a.expected_margin_change_thb, abs=1e-6)


def test_the_markdown_table_shows_every_action_with_its_unit_and_reason(marts) -> None:
    plan = make_plan(marts, settings(allow_pause=False), "rules", now=NOW)
    md = plan_markdown(plan)
    lines = [x for x in md.splitlines() if x.startswith("| ") and "status" not in x]
    assert len(lines) == len(plan.actions) == 4
    assert "| blocked | meta |" in md and "pausing is not allowed" in md
    assert "100,000 → 80,000 | minor" in md
    assert all(x.count(" | ") == 12 for x in lines)  # names with pipes are escaped


def test_no_marts_rows_make_an_empty_plan(warehouse) -> None:
    write_marts(warehouse, OWNERS[:1])
    warehouse.execute("delete from marts.budget_recommendations")
    plan = make_plan(warehouse, settings(), "rules_allocation", now=NOW)
    assert plan.actions == [] and plan.run_id == "opt-empty-rules_allocation"


def test_an_owner_already_below_its_platform_floor_is_never_pushed_up_to_it() -> None:
    g = GuardrailsConfig(min_daily_budget={"tiktok": {"THB": 700.0}})
    low = owner(
        "g1", platform="tiktok", budget_unit="units", daily_budget_native=440.0, daily_budget=440.0
    )
    high = owner(
        "g2", platform="tiktok", budget_unit="units", daily_budget_native=900.0, daily_budget=900.0
    )
    assert floors_thb([low, high], g) == {"bo-g1": 440.0, "bo-g2": 700.0}
