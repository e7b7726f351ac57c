"""Shops Dagster assets on a temp DuckDB against the sandbox: loads, checks, failures, schedule."""

import os
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest

from config.loading import ConfigError
from config.shops import load_shops
from extractors.common.warehouse import DuckDBWarehouse
from orchestration.defs import shops as shops_defs
from orchestration.defs.shops.assets import make_shop_assets
from orchestration.defs.shops.resources import resource_key, shop_resources
from orchestration.defs.shops.sandbox_env import sandbox_shop_env
from orchestration.lib.partitions import range_tags
from orchestration.lib.warehouse import WarehouseResource
from sandbox.process import running_sandbox
from sandbox.shops import common as creds

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TOKEN = "dagster-shops-token-01"
WINDOW = dg.PartitionKeyRange("2026-11-14", "2026-11-22")
REPO = Path(__file__).resolve().parents[2]
MAPPING = REPO / "config" / "sku_mapping.csv"
MASTERS = REPO / "dbt_project" / "seeds" / "master_products.csv"


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox(seed=5, days=25, now=NOW, token=TOKEN, in_process=True) as sb:
        yield sb


@pytest.fixture(autouse=True)
def _secrets(sandbox, monkeypatch):
    """The shops' secrets in the environment, as ``make run`` sets them (dg.EnvVar reads them)."""
    for name, value in sandbox_shop_env(sandbox.base_url, TOKEN).items():
        monkeypatch.setenv(name, value)


def resources(sandbox, tmp_path, bad_token_for: str | None = None) -> dict:
    cfg = load_shops()
    urls = {
        "shopee": sandbox.base_url,
        "lazada": f"{sandbox.base_url}/rest",
        "tiktok_shop": sandbox.base_url,
    }
    out: dict = dict(shop_resources(cfg, urls))
    if bad_token_for:
        shop = cfg.by_key()[bad_token_for][1]
        os.environ[shop.access_token_env] = "revoked"  # restored by monkeypatch after the test
    out["warehouse"] = WarehouseResource(duckdb_path=str(tmp_path / "w.duckdb"))
    return out


def run(assets, sandbox, tmp_path, **kw) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        assets,
        resources=resources(sandbox, tmp_path, **kw),
        tags=range_tags(WINDOW),
        raise_on_error=False,
        instance=dg.DagsterInstance.ephemeral(),
    )


def assets(mapping: Path = MAPPING):
    cfg = load_shops()
    keys = sorted(resource_key(s) for _, s in cfg.all_shops())
    return make_shop_assets(cfg, keys, mapping, MASTERS)


def test_orders_products_and_mapping_load_with_passing_contract_checks(sandbox, tmp_path):
    result = run(assets(), sandbox, tmp_path)

    assert result.success
    checks = {e.asset_key.path[-1]: e.passed for e in result.get_asset_check_evaluations()}
    assert len(checks) == 10 and all(checks.values())
    with DuckDBWarehouse(tmp_path / "w.duckdb", read_only=True) as wh:
        counts = {
            t: wh.query(f"select count(*) as n from raw.{t}")["n"][0].as_py()
            for t in (
                "shopee_orders",
                "lazada_orders",
                "tiktok_shop_orders",
                "shopee_products",
                "sku_mapping",
            )
        }
        shops = wh.query("select distinct shop_id from raw.shopee_orders order by 1")
    assert min(counts[t] for t in ("shopee_orders", "lazada_orders", "tiktok_shop_orders")) > 50
    assert counts["shopee_products"] == 27 and counts["sku_mapping"] == 48
    assert shops["shop_id"].to_pylist() == ["810000001", "810000002"]
    orders = next(iter(result.asset_materializations_for_node("shop_orders")))
    assert orders.metadata["rows_loaded"].value > 0


def test_a_shop_with_a_revoked_token_fails_the_step_after_the_others_loaded(sandbox, tmp_path):
    result = run(assets(), sandbox, tmp_path, bad_token_for="lazada_th")

    failures = [e for e in result.all_events if e.is_step_failure]
    assert not result.success and failures
    message = str(failures[0].event_specific_data.error)
    assert "lazada_th" in message and "Refresh" in message and "revoked" not in message
    with DuckDBWarehouse(tmp_path / "w.duckdb", read_only=True) as wh:
        assert wh.query("select count(*) as n from raw.shopee_orders")["n"][0].as_py() > 0
        assert wh.query("select count(*) as n from raw.lazada_orders")["n"][0].as_py() == 0


def test_a_bad_mapping_file_fails_its_asset_naming_line_and_field(sandbox, tmp_path):
    bad = tmp_path / "sku_mapping.csv"
    bad.write_text(MAPPING.read_text() + "lazada,lazada_th,NEW-SKU,SG-XXX-999,serum,\n")

    result = run([a for a in assets(bad) if a.node_def.name == "sku_mapping"], sandbox, tmp_path)

    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "line 50, master_sku: 'SG-XXX-999' is not in the master product list" in str(
        failure.event_specific_data.error
    )


def test_schedule_requests_the_latest_partition_and_the_14_day_lookback():
    shops = shops_defs.defs_for({"shopee": None, "lazada": None, "tiktok_shop": None})
    defs = dg.Definitions.merge(shops, dg.Definitions(resources={"warehouse": WarehouseResource()}))
    schedule = defs.resolve_schedule_def("shops_sync_schedule")
    context = dg.build_schedule_context(scheduled_execution_time=NOW)

    request = schedule.evaluate_tick(context).run_requests[0]

    assert schedule.cron_schedule == "20 * * * *"
    assert request.tags["dagster/asset_partition_range_start"] == "2026-11-08"
    assert request.tags["dagster/asset_partition_range_end"] == "2026-11-22"
    job = defs.resolve_job_def("shops_sync_job")
    assert job.partitions_def is not None
    assert sorted(k for k in shops.resources) == [
        "shop_lazada_th",
        "shop_shopee_my",
        "shop_shopee_th",
        "shop_tiktok_shop_th",
    ]


def test_a_malformed_shops_file_fails_the_definitions_naming_the_field(tmp_path, monkeypatch):
    bad = tmp_path / "shops.yml"
    bad.write_text(
        "shopee:\n  partner_id: 1\n  shops:\n    - {key: a, shop_id: '1', region: TH,"
        " currency: THB, timezone: Nowhere/City, access_token_env: T}\n"
    )
    monkeypatch.setenv("ADPILOT_SHOPS_FILE", str(bad))

    with pytest.raises(ConfigError, match=r"shopee\.shops\[0\]\.timezone"):
        shops_defs.defs_for({})


def test_disabled_shops_get_no_resource_and_the_demo_env_names_every_secret():
    cfg = load_shops(REPO / "config" / "shops.replay.yml")
    assert shop_resources(cfg, {}) == {}

    env = sandbox_shop_env("http://127.0.0.1:1", "tok", load_shops())

    assert env["ADPILOT_LAZADA_API_URL"] == "http://127.0.0.1:1/rest"
    assert env["SHOPEE_PARTNER_KEY"] == creds.SHOPEE_PARTNER_KEY
    assert {
        env[k]
        for k in (
            "SHOPEE_TH_ACCESS_TOKEN",
            "SHOPEE_MY_ACCESS_TOKEN",
            "LAZADA_TH_ACCESS_TOKEN",
            "TIKTOK_SHOP_TH_ACCESS_TOKEN",
        )
    } == {"tok"}
