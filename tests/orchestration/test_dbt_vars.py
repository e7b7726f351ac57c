import json
import os
from datetime import date

import pytest

from orchestration.defs.dbt.assets import keep_partial_parse
from orchestration.lib.dbt_vars import (
    BUILD_COMMAND,
    WINDOW_ENV,
    dbt_vars_arg,
    window_env,
    window_environment,
    window_vars,
)
from tests.dbt.dbt_scenario import run_dbt


def test_window_vars_are_iso_dates_of_the_inclusive_window():
    assert window_vars(date(2026, 10, 18), date(2026, 11, 22)) == {
        "min_date": "2026-10-18",
        "max_date": "2026-11-22",
    }


def test_window_end_before_start_is_refused():
    with pytest.raises(ValueError, match="before its start"):
        window_vars(date(2026, 11, 2), date(2026, 11, 1))


def test_window_env_names_the_same_days_as_the_vars():
    assert window_env(date(2026, 10, 18), date(2026, 11, 22)) == {
        "ADPILOT_WINDOW_MIN_DATE": "2026-10-18",
        "ADPILOT_WINDOW_MAX_DATE": "2026-11-22",
    }
    assert window_env(None, None) == {}
    with pytest.raises(ValueError, match="both ends"):
        window_env(date(2026, 1, 1), None)
    with pytest.raises(ValueError, match="before its start"):
        window_env(date(2026, 1, 2), date(2026, 1, 1))


def test_window_environment_sets_then_restores_and_clears_a_stale_window(monkeypatch):
    monkeypatch.setenv(WINDOW_ENV[0], "2020-01-01")  # left over from someone's shell
    monkeypatch.delenv(WINDOW_ENV[1], raising=False)
    with window_environment(date(2026, 1, 1), date(2026, 1, 3)) as values:
        assert {name: os.environ[name] for name in WINDOW_ENV} == values
        assert values[WINDOW_ENV[1]] == "2026-01-03"
    assert os.environ[WINDOW_ENV[0]] == "2020-01-01" and WINDOW_ENV[1] not in os.environ
    with window_environment(None, None):  # an unpartitioned run: no window at all
        assert not any(name in os.environ for name in WINDOW_ENV)
    assert os.environ[WINDOW_ENV[0]] == "2020-01-01"


def test_keep_partial_parse_replaces_the_project_parse_with_the_run_s(tmp_path, monkeypatch):
    monkeypatch.delenv("DBT_TARGET_PATH", raising=False)
    run_target, project = tmp_path / "run", tmp_path / "project"
    run_target.mkdir()
    (run_target / "partial_parse.msgpack").write_bytes(b"run's parse")
    (project / "target").mkdir(parents=True)
    (project / "target" / "partial_parse.msgpack").write_bytes(b"make's parse")

    assert keep_partial_parse(run_target, project) == project / "target" / "partial_parse.msgpack"
    assert (project / "target" / "partial_parse.msgpack").read_bytes() == b"run's parse"
    assert sorted(p.name for p in (project / "target").iterdir()) == ["partial_parse.msgpack"]

    # dagster-dbt seeds each run from DBT_TARGET_PATH when it is set: the file goes there
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "elsewhere"))
    assert (
        keep_partial_parse(run_target, project) == tmp_path / "elsewhere" / "partial_parse.msgpack"
    )


def test_keep_partial_parse_without_a_parse_or_a_writable_target_keeps_nothing(
    tmp_path, monkeypatch
):
    monkeypatch.delenv("DBT_TARGET_PATH", raising=False)
    (tmp_path / "run").mkdir()
    assert keep_partial_parse(tmp_path / "run", tmp_path / "project") is None  # dbt never parsed
    (tmp_path / "run" / "partial_parse.msgpack").write_bytes(b"parse")
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "target").write_text("a file where the directory should be")
    assert keep_partial_parse(tmp_path / "run", tmp_path / "project") is None


def test_vars_arg_merges_scoring_vars_with_the_window():
    args = dbt_vars_arg(date(2026, 1, 1), date(2026, 1, 3), {"fb_score": {"window_days": 7}})
    assert args[0] == "--vars"
    assert json.loads(args[1]) == {
        "fb_score": {"window_days": 7},
        "min_date": "2026-01-01",
        "max_date": "2026-01-03",
    }


def test_no_window_and_no_extras_pass_nothing():
    assert dbt_vars_arg(None, None) == []
    assert json.loads(dbt_vars_arg(None, None, {"a": 1})[1]) == {"a": 1}


def test_the_dagster_build_command_selects_data_tests_but_no_unit_test(tmp_path):
    """``BUILD_COMMAND``'s flag, as this dbt understands it (``dbt ls`` of the same selection)."""
    listed = {}
    for name, flags in (("all", []), ("dagster", BUILD_COMMAND[1:])):
        run = run_dbt(["ls", "--output", "json", "--output-keys", "resource_type", *flags],
                      tmp_path / "unused.duckdb", tmp_path / name)  # fmt: skip
        assert run.returncode == 0, run.output[-2000:]
        listed[name] = {json.loads(line)["resource_type"] for line in run.output.splitlines()
                        if line.startswith("{")}  # fmt: skip

    assert "unit_test" in listed["all"]
    assert listed["dagster"] == listed["all"] - {"unit_test"}
    assert {"model", "test", "seed"} <= listed["dagster"]
