"""GA4 Dagster asset, job and schedule, materialized over the sandbox export on a temp DuckDB."""

import shutil
from datetime import date, timedelta

import dagster as dg
import pytest

from config.ga4 import Ga4Config, Ga4Property
from extractors.common.warehouse import DuckDBWarehouse
from orchestration.defs import ga4 as ga4_defs
from orchestration.defs.ga4.assets import make_ga4_assets
from orchestration.defs.ga4.resources import Ga4ExportResource
from orchestration.lib.partitions import range_tags
from orchestration.lib.warehouse import WarehouseResource
from tests.extractors.ga4.ga4_fixtures import GLOBAL, NOW, SAMPLE, TH, small_export

WINDOW = dg.PartitionKeyRange("2026-11-19", "2026-11-22")


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    root = tmp_path_factory.getbasetemp() / "ga4_export"
    small_export(root)
    return root


def _materialize(properties, export_dir, db, window=WINDOW):
    return dg.materialize(
        make_ga4_assets(properties),
        resources={
            "ga4_export": Ga4ExportResource(export_dir=str(export_dir)),
            "warehouse": WarehouseResource(duckdb_path=str(db)),
        },
        tags=range_tags(window),
        raise_on_error=False,
    )


def test_one_run_loads_every_property_for_the_window_and_passes_the_contract_check(
    export, tmp_path
):
    result = _materialize([TH, GLOBAL], export, tmp_path / "w.duckdb")
    assert result.success
    check = next(
        e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    )
    assert check.asset_key.path == ["raw", "ga4_events"] and check.passed
    meta = result.asset_materializations_for_node("ga4_events")[0].metadata
    with DuckDBWarehouse(tmp_path / "w.duckdb", read_only=True) as wh:
        got = wh.query(
            "select property_id, min(event_date) lo, max(event_date) hi, count(*) n "
            "from raw.ga4_events group by 1 order by 1"
        ).to_pylist()
    assert [r["property_id"] for r in got] == [TH.property_id, GLOBAL.property_id]
    # the last key is 11-22, but it is 11-21 in Bangkok and Singapore: no file for 11-22 yet
    assert {(r["lo"], r["hi"]) for r in got} == {(date(2026, 11, 19), date(2026, 11, 21))}
    assert meta["rows_loaded"].value == sum(r["n"] for r in got) > 1000
    assert meta["rows_quarantined"].value == 0
    assert "| 410000001 | 3 |" in meta["properties"].value


def test_a_property_whose_files_cannot_be_read_fails_the_step_after_the_others_loaded(
    export, tmp_path
):
    folder = tmp_path / "export"
    shutil.copytree(export, folder)
    day = NOW.date() - timedelta(days=1)
    shutil.copy(SAMPLE, folder / TH.dataset / f"events_{day:%Y%m%d}.jsonl")
    result = _materialize([TH, GLOBAL], folder, tmp_path / "w.duckdb")
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    message = failure.step_failure_data.error.message
    assert "GA4 export failed for 1 account(s)" in message and "property 410000001" in message
    with DuckDBWarehouse(tmp_path / "w.duckdb", read_only=True) as wh:
        ids = wh.query("select distinct property_id from raw.ga4_events")["property_id"]
    assert ids.to_pylist() == [GLOBAL.property_id]


def test_a_window_without_files_materializes_nothing_and_warns(export, tmp_path):
    window = dg.PartitionKeyRange("2026-10-01", "2026-10-03")
    result = _materialize([TH], export, tmp_path / "w.duckdb", window)
    assert result.success
    meta = result.asset_materializations_for_node("ga4_events")[0].metadata
    assert meta["rows_loaded"].value == 0
    check = next(
        e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    )
    assert not check.passed and check.severity == dg.AssetCheckSeverity.WARN  # no rows: a warning


def test_the_schedule_requests_the_latest_partition_and_the_3_day_lookback_in_one_run():
    schedule = ga4_defs.make_ga4_schedule(3)
    ctx = dg.build_schedule_context(scheduled_execution_time=NOW)
    request = schedule.evaluate_tick(ctx).run_requests[0]
    assert request.tags["dagster/asset_partition_range_start"] == "2026-11-19"
    assert request.tags["dagster/asset_partition_range_end"] == "2026-11-22"
    assert schedule.cron_schedule == "45 * * * *"
    assert schedule.job_name == "ga4_sync_job"


def test_the_definitions_follow_the_config_and_none_without_an_enabled_property(tmp_path):
    cfg = Ga4Config(
        lookback_days=2,
        properties=[
            Ga4Property(property_id="410000001", currency="THB", timezone="Asia/Bangkok"),
            Ga4Property(property_id="410000009", currency="USD", timezone="UTC", enabled=False),
        ],
    )
    defs = dg.Definitions.merge(
        ga4_defs.build_defs(cfg, tmp_path),
        dg.Definitions(resources={"warehouse": WarehouseResource(duckdb_path=str(tmp_path / "w"))}),
    )
    graph = defs.resolve_asset_graph()
    assert [k.path for k in graph.get_all_asset_keys()] == [["raw", "ga4_events"]]
    node = graph.get(dg.AssetKey(["raw", "ga4_events"]))
    assert node.group_name == "ga4" and node.partitions_def is not None
    assert defs.resources["ga4_export"].export_dir == str(tmp_path)
    assert defs.resolve_job_def("ga4_sync_job").name == "ga4_sync_job"
    assert ga4_defs.export_properties(cfg) == [TH]
    empty = ga4_defs.build_defs(Ga4Config(properties=[]), tmp_path)
    assert not list(empty.assets or [])
