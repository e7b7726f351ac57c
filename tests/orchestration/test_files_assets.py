"""The file_drops asset: loads the inbox, reports per table, checks contracts and acceptance."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import dagster as dg
import pytest

from extractors.common.warehouse import DuckDBWarehouse
from extractors.files import load as load_module
from extractors.files.kinds import KINDS
from orchestration.defs.files.assets import file_drops, run_config_for
from orchestration.defs.files.checks import contract_view
from orchestration.defs.files.resources import FileDropsResource
from orchestration.lib.warehouse import WarehouseResource

FIXTURES = Path(__file__).resolve().parents[1] / "extractors" / "files" / "fixtures"
REPORT = "reconciled_campaign_report_2026-11-16.csv"
SELLOUT = "7eleven_sellout_2026-11-16.csv"


@pytest.fixture
def env(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    resources = {
        "files": FileDropsResource(inbox_dir=str(inbox)),
        "warehouse": WarehouseResource(duckdb_path=str(tmp_path / "wh.duckdb")),
    }
    return inbox, resources, tmp_path / "wh.duckdb"


def put(inbox: Path, name: str, data: bytes | None = None) -> Path:
    path = inbox / name
    if data is None:
        shutil.copy(FIXTURES / name, path)
    else:
        path.write_bytes(data)
    return path


def checks(result: dg.ExecuteInProcessResult) -> dict[tuple[str, str], dg.AssetCheckEvaluation]:
    return {(e.asset_key.path[-1], e.check_name): e for e in result.get_asset_check_evaluations()}


def test_the_pipeline_path_loads_every_waiting_file_and_reports_per_table(env):
    inbox, resources, db = env
    put(inbox, REPORT)
    put(inbox, SELLOUT)

    result = dg.materialize([file_drops], resources=resources)

    assert result.success
    events = result.get_asset_materialization_events()
    mats = {e.materialization.asset_key.path[-1]: e.materialization.metadata for e in events}
    assert set(mats) == {
        "file_reconciled_campaign_reports",
        "file_offline_sellout_weekly",
        "file_scans_daily",  # untouched, still reported: downstream steps need every output
    }
    assert mats["file_scans_daily"]["files"].value == 0
    assert mats["file_reconciled_campaign_reports"]["rows_loaded"].value == 2
    assert mats["file_reconciled_campaign_reports"]["rows_quarantined"].value == 6
    assert mats["file_offline_sellout_weekly"]["rows_loaded"].value == 2
    got = checks(result)
    assert got["file_reconciled_campaign_reports", "raw_contract"].passed
    assert got["file_offline_sellout_weekly", "raw_contract"].passed
    scans = got["file_scans_daily", "raw_contract"]
    assert scans.passed and scans.metadata["evaluated"].value is False
    assert all(
        got[t, "files_accepted"].passed
        for t in (
            "file_reconciled_campaign_reports",
            "file_scans_daily",
            "file_offline_sellout_weekly",
        )
    )
    assert list(inbox.glob("*.csv")) == []
    with DuckDBWarehouse(db, read_only=True) as wh:
        n = wh.query("select count(*) as n from raw.file_offline_sellout_weekly")["n"][0].as_py()
    assert n == 2


def test_the_sensor_path_loads_only_the_configured_file(env):
    inbox, resources, db = env
    report = put(inbox, REPORT)
    other = put(inbox, SELLOUT)

    result = dg.materialize([file_drops], resources=resources, run_config=run_config_for(report))

    assert result.success
    assert other.exists() and not report.exists()
    with DuckDBWarehouse(db, read_only=True) as wh:
        names = wh.query("select file_name from ops.file_loads")["file_name"].to_pylist()
    assert names == [REPORT]


def test_a_wrong_header_fails_the_kinds_acceptance_check_and_logs_an_error(env):
    inbox, resources, _ = env
    put(
        inbox,
        REPORT,
        b"date,campaign,owner,category,currency,spend,revenue,margin\n1,2,3,4,5,6,7,8\n",
    )
    put(inbox, SELLOUT)

    instance = dg.DagsterInstance.ephemeral()

    result = dg.materialize([file_drops], resources=resources, instance=instance)

    assert result.success  # the other file loaded; downstream still runs
    got = checks(result)
    accepted = got["file_reconciled_campaign_reports", "files_accepted"]
    assert not accepted.passed
    assert accepted.severity == dg.AssetCheckSeverity.ERROR
    report = accepted.metadata["rejected"].value
    assert "expected columns: date, campaign_id" in report
    assert "found columns: date, campaign, owner" in report
    assert got["file_offline_sellout_weekly", "files_accepted"].passed
    errors = [r.user_message for r in instance.all_logs(result.run_id)
              if r.level >= logging.ERROR]  # fmt: skip
    assert any(m.startswith(f"{REPORT} [reconciled_campaign_reports]: rejected") for m in errors)


def test_an_unexpected_failure_fails_the_step_after_the_other_files_loaded(env, monkeypatch):
    inbox, resources, db = env
    put(inbox, REPORT)
    put(inbox, SELLOUT)
    real = load_module.load_table

    def flaky(warehouse, spec, *args, **kwargs):
        if spec.name == "file_reconciled_campaign_reports":
            raise RuntimeError("disk full")
        return real(warehouse, spec, *args, **kwargs)

    monkeypatch.setattr(load_module, "load_table", flaky)

    result = dg.materialize([file_drops], resources=resources, raise_on_error=False)

    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "disk full" in failure.step_failure_data.error.message
    assert (inbox / REPORT).exists()
    with DuckDBWarehouse(db, read_only=True) as wh:
        n = wh.query("select count(*) as n from raw.file_offline_sellout_weekly")["n"][0].as_py()
    assert n == 2


def test_the_contract_leaves_out_only_money_that_may_be_negative():
    view = contract_view(KINDS["reconciled_campaign_reports"])

    assert "margin" not in view.columns.names
    assert {"spend", "revenue"} <= set(view.columns.names)
    assert "margin" in view.not_null  # still required
    assert contract_view(KINDS["offline_sellout_weekly"]).columns == (
        KINDS["offline_sellout_weekly"].table.columns
    )


def test_a_downstream_asset_still_runs_when_a_kind_had_no_file(env):
    inbox, resources, _ = env
    put(inbox, REPORT)
    ran = []

    @dg.asset(deps=[["raw", k.table.name] for k in KINDS.values()], key=["staging", "downstream"])
    def downstream() -> None:
        ran.append(True)

    result = dg.materialize([file_drops, downstream], resources=resources)

    assert result.success
    assert ran == [True]
