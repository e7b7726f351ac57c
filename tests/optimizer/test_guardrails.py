"""Guardrails: each check blocks or clips as configured, and says why."""

from __future__ import annotations

from datetime import timedelta

import pytest

from config.guardrails import GuardrailsConfig
from optimizer.guardrails import ChangeHistory, GuardrailContext, apply_guardrails
from tests.optimizer.optimizer_factories import NOW, SG, TH, action, owner

CFG = GuardrailsConfig(
    allowed_accounts=[TH],
    max_step_pct=0.3,
    over_step="clip",
    max_changes_per_object_per_day=1,
    cooldown_hours=20,
    allow_pause=True,
    min_daily_budget={"meta": {"THB": 400.0}},
    max_account_daily_budget={TH: 3000.0},
)


def ctx(*owners, manual=None, history=None):
    return GuardrailContext(
        {(o.platform, o.object_id): o for o in owners},
        manual or {},
        history or ChangeHistory(),
        NOW,
    )


def only(actions):
    assert len(actions) == 1
    return actions[0]


def test_a_move_within_every_limit_stays_ready() -> None:
    o = owner()
    a = only(apply_guardrails([action(o, after=120_000.0)], CFG, ctx(o)))
    assert (a.status, a.after, a.notes) == ("ready", 120_000.0, ())


def test_objects_of_accounts_not_allow_listed_are_never_touched() -> None:
    o = owner(account_id=SG)
    a = only(apply_guardrails([action(o)], CFG, ctx(o)))
    assert a.status == "blocked"
    assert "not allow-listed" in a.notes[0]


def test_a_manual_override_blocks_the_object() -> None:
    o = owner()
    a = only(apply_guardrails([action(o)], CFG, ctx(o, manual={("meta", o.object_id): "wei"})))
    assert a.status == "blocked" and "manual override by wei" in a.notes[0]


def test_an_action_on_the_level_that_does_not_hold_the_budget_is_blocked() -> None:
    cbo = owner("555", object_level="campaign")
    wrong = action(cbo, object_level="ad_group")
    a = only(apply_guardrails([wrong], CFG, ctx(cbo)))
    assert a.status == "blocked" and "does not hold the budget" in a.notes[0]
    unknown = only(apply_guardrails([action(owner("777"))], CFG, ctx(cbo)))
    assert unknown.status == "blocked"


def test_pauses_are_blocked_when_pausing_is_not_allowed() -> None:
    o = owner()
    cfg = CFG.model_copy(update={"allow_pause": False})
    a = only(apply_guardrails([action(o, kind="pause")], cfg, ctx(o)))
    assert a.status == "blocked" and "pausing is not allowed" in a.notes[0]
    assert only(apply_guardrails([action(o, kind="pause")], CFG, ctx(o))).status == "ready"


def test_cooldown_and_daily_change_count_come_from_applied_changes() -> None:
    o = owner()
    recent = ChangeHistory({("meta", o.object_id): [NOW - timedelta(hours=5)]})
    a = only(apply_guardrails([action(o)], CFG, ctx(o, history=recent)))
    assert a.status == "blocked" and a.notes[0].startswith("cooldown: last change 5.0 h ago")
    # 21 h ago is past the cooldown, but it was the same Bangkok day (NOW is 19:00 local)
    same_day = ChangeHistory({("meta", o.object_id): [NOW - timedelta(hours=7)]})
    cfg = CFG.model_copy(update={"cooldown_hours": 1})
    b = only(apply_guardrails([action(o)], cfg, ctx(o, history=same_day)))
    assert b.status == "blocked" and "already changed 1x today" in b.notes[0]
    yesterday = ChangeHistory({("meta", o.object_id): [NOW - timedelta(hours=21)]})
    assert only(apply_guardrails([action(o)], CFG, ctx(o, history=yesterday))).status == "ready"


def test_a_step_larger_than_the_max_is_clipped_or_blocked() -> None:
    o = owner()
    a = only(apply_guardrails([action(o, after=200_000.0)], CFG, ctx(o)))
    assert (a.status, a.after, a.proposed_after) == ("clipped", 130_000.0, 200_000.0)
    assert "clipped to ±30%" in a.notes[0]
    down = only(apply_guardrails([action(o, after=10_000.0)], CFG, ctx(o)))
    assert down.after == 70_000.0
    blocking = CFG.model_copy(update={"over_step": "block"})
    assert (
        only(apply_guardrails([action(o, after=200_000.0)], blocking, ctx(o))).status == "blocked"
    )


def test_budgets_are_raised_to_the_platform_minimum_and_not_cut_below_it() -> None:
    o = owner(daily_budget_native=50_000.0, daily_budget=500.0)
    a = only(apply_guardrails([action(o, after=36_000.0)], CFG, ctx(o)))
    assert (a.status, a.after) == ("clipped", 40_000.0)
    at_floor = owner(daily_budget_native=40_000.0, daily_budget=400.0)
    b = only(apply_guardrails([action(at_floor, after=30_000.0)], CFG, ctx(at_floor)))
    assert b.status == "blocked" and "platform minimum" in b.notes[-1]


def test_increases_are_scaled_down_together_to_respect_the_account_cap() -> None:
    # three 1,000 THB owners, cap 3,000 THB: +20% and +10% must shrink to fit, the cut stays
    owners = [owner(str(i)) for i in range(3)]
    acts = [
        action(owners[0], after=120_000.0),
        action(owners[1], after=110_000.0),
        action(owners[2], after=90_000.0),
    ]
    out = apply_guardrails(acts, CFG, ctx(*owners))
    total = sum(a.after for a in out)
    assert total == pytest.approx(300_000.0, abs=2)
    assert out[2].status == "ready" and out[2].after == 90_000.0
    assert out[0].status == "clipped" and "capped at 3000 THB" in out[0].notes[-1]
    assert out[0].after - 100_000 == pytest.approx(2 * (out[1].after - 100_000), abs=2)


def test_vetoed_actions_pass_through_untouched() -> None:
    o = owner(account_id=SG)
    vetoed = action(o).with_status("vetoed", "vetoed by nok: no")
    assert only(apply_guardrails([vetoed], CFG, ctx(o))) == vetoed
