import json
from datetime import date

import pytest

from orchestration.lib.dbt_vars import BUILD_COMMAND, dbt_vars_arg, window_vars
from tests.dbt.dbt_scenario import run_dbt


def test_window_vars_are_iso_dates_of_the_inclusive_window():
    assert window_vars(date(2026, 10, 18), date(2026, 11, 22)) == {
        "min_date": "2026-10-18",
        "max_date": "2026-11-22",
    }


def test_window_end_before_start_is_refused():
    with pytest.raises(ValueError, match="before its start"):
        window_vars(date(2026, 11, 2), date(2026, 11, 1))


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
