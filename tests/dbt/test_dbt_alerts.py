"""marts.alerts under windowed runs (DECISIONLOG 23), on the built scenario (see conftest.py).

The scenario raises content_needed for one product group on each of its three days.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from orchestration.lib.dbt_vars import BUILD_COMMAND
from tests.dbt.dbt_scenario import DAY1, DAY2, DAY3, BuiltWarehouse, query, run_dbt

ALERTS = "marts.alerts"


def test_a_windowed_run_clears_is_current_only_where_no_time_zone_can_still_be_on_that_day(
    built_warehouse: BuiltWarehouse, warehouse_copy: Path, tmp_path: Path
):
    """Clock 2024-03-03 12:00 UTC: at UTC−12 the last complete day is 03-02, so a row of 03-01
    outside the window can no longer be current; one of 03-02 can, and is left alone."""
    days = [r[0] for r in query(built_warehouse.path, f"select date_day from {ALERTS}")]
    assert {DAY1, DAY2, DAY3} <= set(days)
    with duckdb.connect(str(warehouse_copy)) as con:  # as a run of an earlier clock left them
        con.execute(f"update {ALERTS} set is_current = true where date_day in (?, ?)", [DAY1, DAY2])

    window = {"min_date": DAY3.isoformat(), "max_date": DAY3.isoformat()}
    run = run_dbt(
        [*BUILD_COMMAND, "--select", "alerts",
         "--vars", json.dumps({**window, "alerts_as_of": "2024-03-03T12:00:00Z"})],
        warehouse_copy,
        tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.output[-3000:]

    current = dict(query(warehouse_copy, f"select date_day, is_current from {ALERTS}"))
    assert current == {DAY1: False, DAY2: True, DAY3: False}
