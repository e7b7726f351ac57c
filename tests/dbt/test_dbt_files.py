"""dbt staging of the file drops: built on files loaded by the real loader, and on none at all."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from config.files import load_files_config, load_sku_catalog
from extractors.common.warehouse import DuckDBWarehouse
from extractors.files.inbox import Inbox
from extractors.files.load import FileLoader
from sandbox.files import market_drops, write_drops
from sandbox.market import Market, MarketConfig
from tests.dbt.dbt_scenario import query, run_dbt

FIXTURES = Path(__file__).resolve().parents[1] / "extractors" / "files" / "fixtures"
NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
MODELS = "path:models/staging/files"
CORRECTED = b"date,sku,scans\n2026-11-16,SG-SER-001,999\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """Two weeks of market drops, the hand-made fixtures and a correction, loaded then built."""
    root = tmp_path_factory.mktemp("dbt_files")
    db, inbox = root / "warehouse.duckdb", Inbox(root / "inbox")
    market = Market(MarketConfig(seed=42, days=35, now=NOW))
    write_drops(market_drops(market, date(2026, 11, 9), date(2026, 11, 20)), inbox.root, mtime=1e9)
    for name in ("saversure_scans_2026-11-16.csv", "7eleven_sellout_2026-11-16.csv"):
        shutil.copy(FIXTURES / name, inbox.root / name.replace(".csv", "_extra.csv"))
    with DuckDBWarehouse(db) as wh:
        cfg = load_files_config()
        with FileLoader(wh, inbox, cfg, load_sku_catalog(), now=lambda: NOW) as loader:
            loader.load_pending()
            (inbox.root / "saversure_scans_2026-11-16_fix.csv").write_bytes(CORRECTED)
            loader.load_pending()
    seed = run_dbt(["seed", "--select", "currencies"], db, root)
    assert seed.returncode == 0, seed.output[-3000:]
    build = run_dbt(["build", "--select", MODELS], db, root)
    assert build.returncode == 0, build.output[-4000:]
    return db, build.statuses


def test_every_staging_model_and_test_of_the_file_drops_passes(built):
    _, statuses = built

    models = {k for k in statuses if k.startswith("model.adpilot.stg_files__")}
    tests = {k: v for k, v in statuses.items() if k.startswith("test.")}
    assert models == {
        "model.adpilot.stg_files__reconciled_campaign_reports",
        "model.adpilot.stg_files__scans_daily",
        "model.adpilot.stg_files__offline_sellout_weekly",
    }
    assert len(tests) >= 30
    assert set(tests.values()) == {"pass"}


def test_staging_has_one_row_per_raw_row(built):
    db, _ = built

    for raw, stg in (
        ("file_reconciled_campaign_reports", "stg_files__reconciled_campaign_reports"),
        ("file_scans_daily", "stg_files__scans_daily"),
        ("file_offline_sellout_weekly", "stg_files__offline_sellout_weekly"),
    ):
        (n_raw,) = query(db, f"select count(*) from raw.{raw}")[0]
        (n_stg,) = query(db, f"select count(*) from staging.{stg}")[0]
        assert n_stg == n_raw > 0, stg


def test_a_corrected_scan_delivery_replaced_the_day_in_staging(built):
    db, _ = built

    rows = query(
        db,
        "select master_sku, region, scans, source_file_name from staging.stg_files__scans_daily "
        "where date_day = date '2026-11-16'",
    )

    assert rows == [("SG-SER-001", "ALL", 999, "saversure_scans_2026-11-16_fix.csv")]


def test_thai_text_reaches_staging_intact(built):
    db, _ = built

    stores = {
        r[0] for r in query(db, "select store_name from staging.stg_files__offline_sellout_weekly")
    }
    regions = {
        r[0] for r in query(db, "select distinct region from staging.stg_files__scans_daily")
    }

    assert "เซเว่น อีเลฟเว่น สาขาป่าตอง ภูเก็ต" in stores
    assert "ภาคตะวันออกเฉียงเหนือ" in regions


def test_week_end_is_six_days_after_week_start(built):
    db, _ = built

    weeks = query(
        db, "select distinct week_start, week_end from staging.stg_files__offline_sellout_weekly"
    )

    assert weeks
    assert all(end - start == timedelta(days=6) for start, end in weeks)


def test_reconciled_reports_keep_owners_categories_and_signed_margin(built):
    db, _ = built

    owners = {
        r[0]
        for r in query(
            db, "select distinct owner from staging.stg_files__reconciled_campaign_reports"
        )
    }
    (negative,) = query(
        db, "select count(*) from staging.stg_files__reconciled_campaign_reports where margin < 0"
    )[0]

    assert owners == {"nok", "wei", "alex"}
    assert negative > 0


def test_the_key_test_catches_a_duplicate_that_bypassed_the_loader(built, tmp_path):
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(built[0], db)
    with DuckDBWarehouse(db) as wh:
        wh.execute("insert into raw.file_scans_daily select * from raw.file_scans_daily limit 1")

    run = run_dbt(["test", "--select", "stg_files__scans_daily"], db, tmp_path)

    assert run.returncode != 0
    failed = {k for k, v in run.statuses.items() if v == "fail"}
    assert any("unique_combination_of_columns_stg_files__scans_daily" in k for k in failed)


def test_staging_builds_empty_before_any_file_arrived(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    DuckDBWarehouse(db).close()

    run = run_dbt(["run", "--select", MODELS], db, tmp_path)

    assert run.returncode == 0, run.output[-3000:]
    for model in ("stg_files__reconciled_campaign_reports", "stg_files__scans_daily",
                  "stg_files__offline_sellout_weekly"):  # fmt: skip
        assert query(db, f"select count(*) from staging.{model}") == [(0,)]
