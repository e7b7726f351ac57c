"""Human overrides: files and table rows, veto/edit/manual, re-checked at apply."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from config.loading import ConfigError
from extractors.common.schemas import ACTION_OVERRIDES
from optimizer.ledger import to_table
from optimizer.overrides import (
    Override,
    apply_overrides,
    load_override_files,
    load_override_rows,
    manual_objects,
    recheck_overrides,
)
from tests.optimizer.optimizer_factories import action, owner


def write(tmp_path, name: str, text: str):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_files_are_read_in_name_order_and_each_override_remembers_its_file(tmp_path) -> None:
    write(tmp_path, "b.yml", "overrides:\n  - {action_id: x2, decision: veto, by: wei}\n")
    write(
        tmp_path, "a.yml", "overrides:\n  - {action_id: x1, decision: edit, after: 5000, by: nok}\n"
    )
    write(tmp_path, "notes.txt", "not yaml")
    got = load_override_files(tmp_path)
    assert [(o.action_id, o.decision, o.by) for o in got] == [
        ("x1", "edit", "nok"),
        ("x2", "veto", "wei"),
    ]
    assert got[0].source.endswith("a.yml")


def test_a_malformed_override_names_the_file_and_the_field(tmp_path) -> None:
    write(tmp_path, "bad.yml", "overrides:\n  - {decision: edit, action_id: x, by: nok}\n")
    with pytest.raises(ConfigError, match=r"bad\.yml.*overrides\[0\].*edit needs after"):
        load_override_files(tmp_path)


def test_the_committed_overrides_folder_loads() -> None:
    assert isinstance(load_override_files(), list)


def test_veto_and_edit_change_the_named_action_only() -> None:
    a, b, c = action(owner("1")), action(owner("2")), action(owner("3"), kind="pause")
    out = apply_overrides(
        [a, b, c],
        [
            Override(decision="veto", action_id=a.action_id, by="nok", reason="promo"),
            Override(decision="edit", action_id=b.action_id, after=111_000, by="wei"),
            Override(decision="edit", action_id=c.action_id, after=5, by="wei"),
        ],
    )
    assert (out[0].status, out[0].override_by, out[0].notes) == (
        "vetoed",
        "nok",
        ("vetoed by nok: promo",),
    )
    assert (out[1].status, out[1].after, out[1].proposed_after) == ("edited", 111_000, 120_000.0)
    assert out[2].status == "blocked" and "a pause has no amount" in out[2].notes[0]


def test_manual_overrides_hold_until_their_last_day() -> None:
    o = [
        Override(
            decision="manual", platform="meta", object_id="1", by="wei", until=date(2026, 11, 30)
        ),
        Override(decision="manual", platform="meta", object_id="2", by="nok"),
    ]
    assert manual_objects(o, date(2026, 11, 30)) == {("meta", "1"): "wei", ("meta", "2"): "nok"}
    assert manual_objects(o, date(2026, 12, 1)) == {("meta", "2"): "nok"}


def test_recheck_at_apply_catches_late_overrides_and_is_idempotent_for_earlier_ones() -> None:
    a, b = action(owner("1")), action(owner("2"))
    veto = Override(decision="veto", action_id=a.action_id, by="nok")
    planned = apply_overrides([a, b], [veto])
    late = [veto, Override(decision="manual", platform="meta", object_id="2", by="wei")]
    out = recheck_overrides(planned, late, date(2026, 11, 21))
    assert out[0] == planned[0]  # the veto already in the plan is not applied twice
    assert out[1].status == "blocked" and out[1].notes == ("manual override by wei: never touched",)


def test_rows_of_ops_action_overrides_work_like_file_entries(warehouse) -> None:
    assert load_override_rows(warehouse) == []
    o = Override(decision="edit", action_id="x9", after=150000, by="nok", reason="from the UI")
    row = {
        "override_id": o.override_id,
        "decision": "edit",
        "action_id": "x9",
        "platform": None,
        "object_id": None,
        "after_value": 150000.0,
        "decided_by": "nok",
        "reason": "from the UI",
        "valid_until": None,
        "created_at": datetime.now(UTC),
    }
    warehouse.merge(ACTION_OVERRIDES, to_table(ACTION_OVERRIDES, [row]))
    got = load_override_rows(warehouse)
    assert [(g.action_id, g.after, g.by, g.source) for g in got] == [
        ("x9", 150000.0, "nok", "ops.action_overrides")
    ]
