"""Google Ads Dagster assets, job and schedule, materialized against the sandbox on DuckDB."""

from datetime import UTC, date, datetime

import dagster as dg
import pytest

from config.accounts import AccountsConfig, AdAccount, GoogleAdsAccounts
from extractors.common.warehouse import DuckDBWarehouse
from orchestration.defs import google_ads as google_ads_defs
from orchestration.defs.google_ads.assets import make_google_ads_assets
from orchestration.defs.google_ads.resources import GoogleAdsResource
from orchestration.defs.google_ads.sandbox_env import sandbox_google_ads_env
from orchestration.lib.partitions import range_tags
from orchestration.lib.warehouse import WarehouseResource
from sandbox.process import running_sandbox

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TOKEN = "sandbox-google-token-0004"
CUSTOMERS = [AdAccount(account_id="703-000-0001"), AdAccount(account_id="703-000-0002")]
WINDOW = dg.PartitionKeyRange("2026-11-08", "2026-11-22")


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox(seed=5, days=30, now=NOW, token=TOKEN, in_process=True) as sb:
        yield sb


def resources(sandbox, db):
    return {
        "google_ads": GoogleAdsResource(
            access_token=TOKEN,
            developer_token="dev-0004",
            endpoint=sandbox.google_ads_endpoint,
            ca_cert_path=sandbox.google_ads_ca_cert,
        ),
        "warehouse": WarehouseResource(duckdb_path=str(db)),
    }


def materialize(customers, sandbox, db, *, entities=True):
    entity_assets, stats_assets = make_google_ads_assets(customers)
    first = (
        dg.materialize([entity_assets], resources=resources(sandbox, db), raise_on_error=False)
        if entities
        else None
    )
    second = dg.materialize(
        [stats_assets],
        resources=resources(sandbox, db),
        tags=range_tags(WINDOW),
        raise_on_error=False,
    )
    return first, second


def test_one_run_loads_every_customer_for_the_window_and_passes_the_contract_checks(
    sandbox, tmp_path
):
    entities, stats = materialize(CUSTOMERS, sandbox, tmp_path / "w.duckdb")
    assert entities.success and stats.success
    checks = [
        e.asset_check_evaluation_data
        for e in stats.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    assert {c.asset_key.path[1] for c in checks} == {
        "google_ads_ad_stats_daily",
        "google_ads_campaign_stats_daily",
    }
    assert all(c.passed for c in checks)
    loaded = {
        m.asset_key.path[1]: m.metadata["rows_loaded"].value
        for m in stats.asset_materializations_for_node("google_ads_stats")
    }
    with DuckDBWarehouse(tmp_path / "w.duckdb", read_only=True) as wh:
        got = wh.query(
            "select account_id, min(date_day) lo, max(date_day) hi, count(*) n "
            "from raw.google_ads_campaign_stats_daily group by 1 order by 1"
        )
        ad_rows = wh.query("select count(*) n from raw.google_ads_ad_stats_daily")["n"][0]
    assert got["account_id"].to_pylist() == ["7030000001", "7030000002"]
    assert got["lo"].to_pylist() == [date(2026, 11, 8)] * 2
    # the window's last key is 11-22, but both customers' local today is 11-21: clamped
    assert got["hi"].to_pylist() == [date(2026, 11, 21)] * 2
    assert loaded["google_ads_campaign_stats_daily"] == sum(got["n"].to_pylist())
    assert loaded["google_ads_ad_stats_daily"] == ad_rows.as_py() > 0


def test_a_customer_that_fails_does_not_stop_the_others_and_the_step_names_it(sandbox, tmp_path):
    stranger = AdAccount(account_id="7039999999")  # not accessible with these credentials
    _, stats = materialize([stranger, *CUSTOMERS], sandbox, tmp_path / "w.duckdb", entities=False)
    assert not stats.success
    failure = next(e for e in stats.all_events if e.is_step_failure)
    assert "customer 7039999999" in failure.step_failure_data.error.message
    with DuckDBWarehouse(tmp_path / "w.duckdb", read_only=True) as wh:
        accounts = wh.query(
            "select distinct account_id from raw.google_ads_ad_stats_daily order by 1"
        )["account_id"].to_pylist()
    assert accounts == ["7030000001", "7030000002"]


def test_the_schedule_requests_the_latest_partition_and_the_lookback_in_one_run():
    schedule = google_ads_defs.make_google_ads_schedule(14)
    ctx = dg.build_schedule_context(scheduled_execution_time=NOW)
    request = schedule.evaluate_tick(ctx).run_requests[0]
    # 12:00 UTC is 02:00 on 11-22 in UTC+14: the latest key exists as soon as any day begins
    assert request.tags["dagster/asset_partition_range_start"] == "2026-11-08"
    assert request.tags["dagster/asset_partition_range_end"] == "2026-11-22"
    assert schedule.cron_schedule == "*/30 * * * *"
    assert schedule.job_name == "google_ads_sync_job"


def test_the_definitions_read_both_tokens_from_the_environment_and_none_without_a_section():
    cfg = AccountsConfig(google_ads=GoogleAdsAccounts(accounts=CUSTOMERS, lookback_days=10))
    defs = google_ads_defs.build_defs(cfg, "127.0.0.1:1", "certs/sandbox-ca.pem")
    res = defs.resources["google_ads"]
    assert isinstance(res.access_token, dg.EnvVar) and res.access_token.env_var_name == (
        "GOOGLE_ADS_ACCESS_TOKEN"
    )
    assert res.developer_token.env_var_name == "GOOGLE_ADS_DEVELOPER_TOKEN"
    assert (res.endpoint, res.ca_cert_path, res.lookback_days) == (
        "127.0.0.1:1",
        "certs/sandbox-ca.pem",
        10,
    )
    assert [s.name for s in defs.schedules] == ["google_ads_sync_schedule"]
    assert list(google_ads_defs.build_defs(AccountsConfig()).assets or []) == []


def test_the_demo_environment_points_the_configured_variables_at_the_sandbox():
    cfg = AccountsConfig(
        google_ads=GoogleAdsAccounts(
            accounts=CUSTOMERS, access_token_env="GADS_TOKEN", developer_token_env="GADS_DEV"
        )
    )
    env = sandbox_google_ads_env("127.0.0.1:9", "certs/sandbox-ca.pem", "run-token", cfg)
    assert env["ADPILOT_GOOGLE_ADS_ENDPOINT"] == "127.0.0.1:9"
    assert env["ADPILOT_GOOGLE_ADS_CA_CERT"] == "certs/sandbox-ca.pem"
    assert env["GADS_TOKEN"] == "run-token" and env["GADS_DEV"]
    assert sandbox_google_ads_env(None, None, "run-token", cfg) == {}  # replay: no Google
