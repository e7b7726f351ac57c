"""Content Dagster assets, job and schedule, materialized against the sandbox on DuckDB."""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest

from config.accounts import AdAccount
from config.content import load_content
from extractors.common.warehouse import DuckDBWarehouse
from orchestration.defs.content.assets import make_content_assets
from orchestration.defs.content.resources import ContentResource
from orchestration.defs.content.sandbox_env import sandbox_content_env
from orchestration.defs.content.schedules import content_sync_job, make_content_schedule
from orchestration.lib.warehouse import WarehouseResource
from sandbox.process import running_sandbox

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TOKEN = "sandbox-content-token-0005"
REPO = Path(__file__).resolve().parents[2]
CONTENT_YML = REPO / "config" / "content.yml"
TABLES = (
    "meta_page_posts",
    "meta_page_post_metrics",
    "meta_instagram_media",
    "meta_instagram_media_metrics",
    "tiktok_posts",
    "tiktok_post_metrics",
    "meta_ad_creative_links",
    "content_descriptors",
)


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox(
        seed=5, days=30, now=NOW, token=TOKEN, in_process=True, google_ads=False
    ) as sb:
        yield sb


def resources(sandbox, db: Path, tiktok_token: str = TOKEN) -> dict:
    return {
        "content": ContentResource(
            facebook_token=TOKEN,
            instagram_token=TOKEN,
            tiktok_token=tiktok_token,
            ads_token=TOKEN,
            graph_url=sandbox.base_url,
            tiktok_api_url=sandbox.base_url,
            ratelimit_dir=str(db.parent / "ratelimit"),
            retry_base_delay_s=0.0,
            throttle_pause_pct=100.0,  # the sandbox's usage headers would make it pause
            token_envs={"tiktok": "TIKTOK_ACCOUNTS_ACCESS_TOKEN"},
        ),
        "warehouse": WarehouseResource(duckdb_path=str(db)),
    }


def only(assets: list[dg.AssetsDefinition], table: str) -> list[dg.AssetsDefinition]:
    """The asset definition that writes ``raw.<table>``."""
    found = [a for a in assets if dg.AssetKey(["raw", table]) in a.keys]
    assert len(found) == 1
    return found


def counts(db: Path) -> dict[str, int]:
    with DuckDBWarehouse(db, read_only=True) as wh:
        return {
            t: wh.query(f"select count(*) as n from raw.{t}").to_pylist()[0]["n"] for t in TABLES
        }


def test_one_run_loads_every_content_table_and_passes_the_contract_checks(sandbox, tmp_path):
    assets = make_content_assets(
        load_content(CONTENT_YML), CONTENT_YML, [AdAccount(account_id="act_7010000000000001")]
    )
    result = dg.materialize(assets, resources=resources(sandbox, tmp_path / "w.duckdb"))
    assert result.success
    checks = [
        e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    assert {c.asset_key.path[1] for c in checks} == set(TABLES)
    assert all(c.passed for c in checks)
    got = counts(tmp_path / "w.duckdb")
    assert all(n > 0 for n in got.values()), got
    assert got["meta_page_posts"] == got["meta_page_post_metrics"]
    assert got["content_descriptors"] == 105


def test_a_failing_account_fails_the_step_after_the_others_loaded(sandbox, tmp_path):
    sandbox.set_faults(
        [
            {
                "match": {"account_id": "1726002000000000001"},
                "kind": "tiktok_error",
                "code": 40105,
                "times": -1,
            }
        ]
    )
    try:
        assets = make_content_assets(load_content(CONTENT_YML), CONTENT_YML, [])
        result = dg.materialize(
            only(assets, "tiktok_posts"),
            resources=resources(sandbox, tmp_path / "w.duckdb"),
            raise_on_error=False,
        )
    finally:
        sandbox.clear_faults()
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    text = str(failure.step_failure_data.error)
    assert "tiktok account 1726002000000000001" in text and "TIKTOK_ACCOUNTS_ACCESS_TOKEN" in text
    with DuckDBWarehouse(tmp_path / "w.duckdb", read_only=True) as wh:
        accounts = wh.query("select distinct account_id from raw.tiktok_posts").to_pylist()
    assert accounts == [{"account_id": "1726001000000000001"}]


def test_without_accounts_the_assets_create_empty_tables(sandbox, tmp_path):
    replay = load_content(REPO / "config" / "content.replay.yml")
    assets = make_content_assets(replay, REPO / "config" / "content.replay.yml", [])
    assert dg.materialize(assets, resources=resources(sandbox, tmp_path / "w.duckdb")).success
    assert counts(tmp_path / "w.duckdb") == dict.fromkeys(TABLES, 0)


def test_a_bad_descriptor_line_fails_its_asset_naming_the_line(sandbox, tmp_path):
    yml = tmp_path / "content.yml"
    yml.write_text("descriptors_file: bad.csv\n", encoding="utf-8")
    (tmp_path / "bad.csv").write_text(
        "platform,platform_post_id,content_type,source,owner,products,influencer_cost_thb,"
        "status_override,note\ntiktok,1,SALE,PAGE,,SG-NOPE,,,\n",
        encoding="utf-8",
    )
    assets = make_content_assets(load_content(yml), yml, [])
    result = dg.materialize(
        only(assets, "content_descriptors"),
        resources=resources(sandbox, tmp_path / "w.duckdb"),
        raise_on_error=False,
    )
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "line 2: products: unknown SKU SG-NOPE" in str(failure.step_failure_data)


def test_schedule_runs_hourly_over_the_lookback_and_the_job_reaches_the_content_marts():
    schedule = make_content_schedule(7)
    assert schedule.cron_schedule == "15 * * * *"
    ctx = dg.build_schedule_context(scheduled_execution_time=NOW)
    request = schedule.evaluate_tick(ctx).run_requests[0]
    assert request.tags["dagster/asset_partition_range_start"] == "2026-11-15"
    assert request.tags["dagster/asset_partition_range_end"] == "2026-11-22"
    assert content_sync_job.name == "content_sync_job"


def test_sandbox_env_sets_every_content_token_and_the_tiktok_host():
    env = sandbox_content_env("http://127.0.0.1:1", "tok", load_content(CONTENT_YML))
    assert env == {
        "ADPILOT_TIKTOK_API_URL": "http://127.0.0.1:1",
        "META_ACCESS_TOKEN": "tok",
        "TIKTOK_ACCOUNTS_ACCESS_TOKEN": "tok",
    }
