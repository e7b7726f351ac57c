import json
from datetime import date

import pytest

from orchestration.lib.dbt_vars import dbt_vars_arg, window_vars


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
