"""TikTok Dagster assets on a temp DuckDB against the sandbox: loads, checks, failures, schedule."""

from datetime import UTC, datetime

import dagster as dg
import pytest

from config.accounts import AccountsConfig, AdAccount, TikTokAccounts
from extractors.common.warehouse import DuckDBWarehouse
from orchestration.defs import tiktok as tiktok_defs
from orchestration.defs.tiktok.assets import make_tiktok_assets
from orchestration.defs.tiktok.resources import TikTokResource
from orchestration.lib.partitions import range_tags
from orchestration.lib.warehouse import WRITER_POOL, WarehouseResource
from sandbox.process import running_sandbox

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TOKEN = "dagster-tiktok-token-01"
TH, MY = "7020000000000001", "7020000000000002"
WINDOW = dg.PartitionKeyRange("2026-11-15", "2026-11-22")


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox(seed=11, days=20, now=NOW, token=TOKEN, in_process=True) as sb:
        yield sb


def resources(sandbox, tmp_path, token=TOKEN):
    return {
        "tiktok": TikTokResource(
            access_token=token,
            api_url=sandbox.base_url,
            app_id="t",
            ratelimit_dir=str(tmp_path / "rl"),
            rate_per_s=1000,
            burst=1000,
        ),
        "warehouse": WarehouseResource(duckdb_path=str(tmp_path / "w.duckdb")),
    }


def run(assets, sandbox, tmp_path, **kw):
    return dg.materialize(
        assets,
        resources=resources(sandbox, tmp_path, **kw),
        tags=range_tags(WINDOW),
        raise_on_error=False,
        instance=dg.DagsterInstance.ephemeral(),
    )


def test_entities_and_a_report_window_load_with_passing_contract_checks(sandbox, tmp_path):
    result = run(
        make_tiktok_assets([AdAccount(account_id=TH), AdAccount(account_id=MY)]), sandbox, tmp_path
    )

    assert result.success
    checks = {(e.asset_key.path[-1], e.passed) for e in result.get_asset_check_evaluations()}
    assert checks == {
        ("tiktok_advertisers", True),
        ("tiktok_campaigns", True),
        ("tiktok_ad_groups", True),
        ("tiktok_ads", True),
        ("tiktok_ads_reports_daily", True),
    }
    with DuckDBWarehouse(tmp_path / "w.duckdb", read_only=True) as wh:
        days = wh.query(
            "select account_id, min(date_day)::varchar a, max(date_day)::varchar b "
            "from raw.tiktok_ads_reports_daily group by 1 order by 1"
        ).to_pylist()
    # the window's last key (Nov 22) is clamped to each advertiser's local today (Nov 21)
    assert days == [
        {"account_id": TH, "a": "2026-11-15", "b": "2026-11-21"},
        {"account_id": MY, "a": "2026-11-15", "b": "2026-11-21"},
    ]
    report = next(m for m in result.asset_materializations_for_node("tiktok_reports"))
    assert report.metadata["rows_loaded"].value > 0


def test_an_advertiser_without_permission_fails_the_step_after_the_others_loaded(sandbox, tmp_path):
    stranger = "7029999999999999"
    result = run(
        make_tiktok_assets([AdAccount(account_id=TH), AdAccount(account_id=stranger)]),
        sandbox,
        tmp_path,
    )

    failures = [e for e in result.all_events if e.is_step_failure]
    assert not result.success and failures
    assert stranger in str(failures[0].event_specific_data.error)
    with DuckDBWarehouse(tmp_path / "w.duckdb", read_only=True) as wh:
        loaded = wh.query("select distinct account_id from raw.tiktok_ads").to_pylist()
    assert loaded == [{"account_id": TH}]


def test_a_rejected_token_fails_naming_the_variable_not_the_token(sandbox, tmp_path):
    result = run(
        make_tiktok_assets([AdAccount(account_id=TH)]),
        sandbox,
        tmp_path,
        token="rejected-token-0042",
    )
    failures = [str(e.event_specific_data.error) for e in result.all_events if e.is_step_failure]
    assert failures and all("TIKTOK_ACCESS_TOKEN" in f for f in failures)
    assert not any("rejected-token-0042" in f for f in failures)


def test_without_advertisers_the_assets_create_their_empty_tables(sandbox, tmp_path):
    defs = tiktok_defs.build_defs(AccountsConfig(), sandbox.base_url, str(tmp_path / "rl"))
    assets = list(defs.assets or [])
    result = dg.materialize(
        assets,
        resources={**resources(sandbox, tmp_path), "tiktok": defs.resources["tiktok"]},
        tags=range_tags(WINDOW),
        instance=dg.DagsterInstance.ephemeral(),
    )

    assert result.success
    with DuckDBWarehouse(tmp_path / "w.duckdb", read_only=True) as wh:
        counts = [
            wh.query(f"select count(*) n from raw.{t}").to_pylist()[0]["n"]
            for t in ("tiktok_advertisers", "tiktok_ads", "tiktok_ads_reports_daily")
        ]
    assert counts == [0, 0, 0]


def test_definitions_wire_token_pool_backfill_and_a_lookback_schedule(monkeypatch):
    accounts = AccountsConfig(
        tiktok=TikTokAccounts(app_id="app-1", lookback_days=3, accounts=[AdAccount(account_id=TH)])
    )
    defs = tiktok_defs.build_defs(accounts, "http://api.test", "data/ratelimit")
    entities, reports = defs.assets or []
    resource = defs.resources["tiktok"]
    schedule = next(iter(defs.schedules or []))
    tick = dg.build_schedule_context(scheduled_execution_time=NOW)
    request = schedule.evaluate_tick(tick).run_requests[0]

    assert isinstance(resource.access_token, dg.EnvVar)
    assert resource.access_token.env_var_name == "TIKTOK_ACCESS_TOKEN"
    assert (resource.app_id, resource.ratelimit_dir) == ("app-1", "data/ratelimit")
    assert {n.pool for n in (entities.op, reports.op)} == {WRITER_POOL}
    assert reports.backfill_policy == dg.BackfillPolicy.single_run()
    assert schedule.cron_schedule == "*/30 * * * *"
    # 12:00 UTC: the latest key is Nov 22 (UTC+14); the 3-day lookback starts Nov 19
    assert (
        range_tags(dg.PartitionKeyRange("2026-11-19", "2026-11-22")).items() <= request.tags.items()
    )
