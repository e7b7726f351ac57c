"""Apply: exactly once per action id, verified, audited — through crashes and conflicts."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from optimizer.apply import Applier
from optimizer.ledger import events_by_action
from optimizer.writers import ObservedState, WriteOutcome
from tests.optimizer.optimizer_factories import NOW, SG, action, owner


class FakePlatform:
    """An in-memory platform: objects with a budget and a status; counts writes."""

    platform = "meta"

    def __init__(self, budgets: dict[str, float], fail: int = 0, drop_writes: bool = False) -> None:
        self.budget = dict(budgets)
        self.status = dict.fromkeys(budgets, "ACTIVE")
        self.writes: list[str] = []
        self.fail, self.drop_writes = fail, drop_writes

    def read(self, a):
        return ObservedState(self.status[a.object_id], self.budget[a.object_id])

    def write(self, a):
        if self.fail:
            self.fail -= 1
            raise RuntimeError("Graph error 2 (HTTP 503) access_token=SECRET")
        self.writes.append(a.object_id)
        if not self.drop_writes:
            if a.action_type == "pause":
                self.status[a.object_id] = "PAUSED"
            else:
                self.budget[a.object_id] = a.after
        return WriteOutcome('{"success": true}', None)


class Crash(BaseException):  # like a kill: not caught by the apply loop
    pass


TICKS = itertools.count()


def applier(wh, platform, **kw):
    """An applier whose clock moves one second per audit event, across runs too."""
    return Applier(
        wh,
        {"meta": platform},
        actor="test-runner",
        clock=lambda: NOW + timedelta(seconds=next(TICKS)),
        scrub=lambda s: s.replace("SECRET", "***"),
        **kw,
    )


def events(wh, a):
    return [e.event for e in events_by_action(wh, [a.action_id]).get(a.action_id, [])]


def test_each_action_is_written_verified_and_audited_once_even_when_run_twice(warehouse) -> None:
    acts = [action(owner("1")), action(owner("2"), kind="pause")]
    p = FakePlatform({"1": 100_000.0, "2": 50_000.0})
    first = applier(warehouse, p).apply(acts)
    assert [r.outcome for r in first] == ["applied", "applied"]
    assert (p.budget["1"], p.status["2"]) == (120_000.0, "PAUSED")
    second = applier(warehouse, p).apply(acts)
    assert [r.outcome for r in second] == ["already_applied", "already_applied"]
    assert p.writes == ["1", "2"]
    ev = events_by_action(warehouse, [acts[0].action_id])[acts[0].action_id]
    assert [e.event for e in ev] == ["intent", "applied"]
    done = ev[-1]
    assert (done.actor, done.before_value, done.after_value, done.observed_value) == (
        "test-runner",
        "100000.00",
        "120000.00",
        "120000.00",
    )
    assert done.api_response == '{"success": true}' and done.unit == "minor"
    assert done.occurred_at > ev[0].occurred_at


def test_a_crash_after_the_call_is_reconciled_by_reading_the_object_not_by_writing_again(
    warehouse, monkeypatch
) -> None:
    a = action(owner("1"))
    p = FakePlatform({"1": 100_000.0})
    run = applier(warehouse, p)
    real_read = p.read
    monkeypatch.setattr(p, "read", lambda _a: (_ for _ in ()).throw(Crash("process killed")))
    with pytest.raises(Crash):  # dies between the write and recording its result
        run._write(a, p)
    assert p.writes == ["1"] and events(warehouse, a) == ["intent"]
    monkeypatch.setattr(p, "read", real_read)
    again = applier(warehouse, p).apply([a])
    assert [r.outcome for r in again] == ["reconciled"]
    assert p.writes == ["1"]
    assert events(warehouse, a) == ["intent", "reconciled"]


def test_an_intent_whose_call_never_happened_is_written_on_the_rerun(
    warehouse, monkeypatch
) -> None:
    a = action(owner("1"))
    p = FakePlatform({"1": 100_000.0})
    run = applier(warehouse, p)
    monkeypatch.setattr(
        p, "write", lambda _a: (_ for _ in ()).throw(Crash("killed before the call"))
    )
    with pytest.raises(Crash):
        run._write(a, p)
    monkeypatch.undo()
    assert [r.outcome for r in applier(warehouse, p).apply([a])] == ["applied"]
    assert p.writes == ["1"] and p.budget["1"] == 120_000.0
    assert events(warehouse, a) == ["intent", "intent", "applied"]


def test_an_object_changed_by_someone_else_is_a_conflict_and_is_left_alone(warehouse) -> None:
    a = action(owner("1"))
    p = FakePlatform({"1": 100_000.0}, fail=1)
    assert [r.outcome for r in applier(warehouse, p).apply([a])] == ["failed"]
    p.budget["1"] = 90_000.0  # a buyer edited it in Ads Manager meanwhile
    assert [r.outcome for r in applier(warehouse, p).apply([a])] == ["conflict"]
    assert p.writes == [] and p.budget["1"] == 90_000.0
    assert events(warehouse, a) == ["intent", "failed", "conflict"]


def test_failures_are_audited_with_the_error_and_never_the_token(warehouse) -> None:
    a = action(owner("1"))
    p = FakePlatform({"1": 100_000.0}, fail=1)
    [r] = applier(warehouse, p).apply([a])
    assert r.outcome == "failed" and "SECRET" not in r.detail
    failed = events_by_action(warehouse, [a.action_id])[a.action_id][-1]
    assert failed.event == "failed"
    assert failed.error == "RuntimeError: Graph error 2 (HTTP 503) access_token=***"
    assert [r.outcome for r in applier(warehouse, p).apply([a])] == ["applied"]  # retried later


def test_a_write_the_platform_did_not_take_is_a_verify_mismatch(warehouse) -> None:
    a = action(owner("1"))
    p = FakePlatform({"1": 100_000.0}, drop_writes=True)
    [r] = applier(warehouse, p).apply([a])
    assert (r.outcome, r.detail) == ("verify_mismatch", "100000.00")


def test_blocked_and_vetoed_actions_are_never_sent_and_overrides_are_audited_once(
    warehouse,
) -> None:
    vetoed = action(owner("1")).with_status("vetoed", "vetoed by nok: no", override_by="nok")
    blocked = action(owner("2")).with_status("blocked", "cooldown")
    edited = action(owner("3")).with_status(
        "edited", "edited by wei to 110000 minor", override_by="wei", after=110_000.0
    )
    p = FakePlatform({"1": 100_000.0, "2": 100_000.0, "3": 100_000.0})
    results = applier(warehouse, p).apply([vetoed, blocked, edited])
    assert [r.action_id for r in results] == [edited.action_id]
    assert p.writes == ["3"] and p.budget["3"] == 110_000.0
    ev = events_by_action(warehouse, [edited.action_id])[edited.action_id]
    assert [(e.event, e.actor) for e in ev] == [
        ("override", "wei"),
        ("intent", "test-runner"),
        ("applied", "test-runner"),
    ]
    applier(warehouse, p).apply([edited])
    assert events(warehouse, edited).count("override") == 1


def test_only_the_given_accounts_are_applied(warehouse) -> None:
    th, sg = action(owner("1")), action(owner("2", account_id=SG))
    p = FakePlatform({"1": 100_000.0, "2": 100_000.0})
    results = applier(warehouse, p).apply([th, sg], accounts={SG})
    assert [r.action_id for r in results] == [sg.action_id] and p.writes == ["2"]


def test_an_action_of_a_platform_without_a_writer_is_reported_not_dropped(warehouse) -> None:
    a = action(owner("1", platform="tiktok"))
    [r] = applier(warehouse, FakePlatform({})).apply([a])
    assert (r.outcome, r.detail) == ("no_writer", "no writer for tiktok")
