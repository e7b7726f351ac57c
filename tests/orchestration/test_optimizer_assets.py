"""The optimizer's Dagster assets: preview always, apply only when asked, against the sandbox."""

from datetime import UTC, datetime

import dagster as dg
import pytest

from config.accounts import AccountsConfig
from extractors.common.warehouse import DuckDBWarehouse
from orchestration.defs.meta.resources import MetaResource
from orchestration.defs.optimizer import build_defs
from orchestration.defs.optimizer.assets import (
    APPLIED,
    PREVIEW,
    make_optimizer_assets,
    platform_writers,
    writer_resource_keys,
)
from orchestration.defs.tiktok.resources import TikTokResource
from orchestration.lib.warehouse import WarehouseResource
from sandbox.process import running_sandbox
from tests.optimizer.marts_fixture import MartOwner, write_marts

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TOKEN = "sandbox-token-optimizer-assets"
TH = "7010000000000001"
OWNERS = [  # real sandbox ad sets of the TH account, with their real budgets
    MartOwner("12012001000000001", 1820.0, gain=9000.0, k=2500.0),
    MartOwner("12012001000000003", 2120.0, gain=2600.0, k=2000.0),
]


def accounts(auto_apply: bool = False) -> AccountsConfig:
    return AccountsConfig.model_validate(
        {
            "meta": {
                "accounts": [
                    {"account_id": TH, "owner": "nok", "auto_apply": auto_apply},
                    {"account_id": "7010000000000002", "owner": "wei"},
                ]
            }
        }
    )


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox(seed=5, days=10, now=NOW, token=TOKEN, in_process=True) as sb:
        yield sb


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with DuckDBWarehouse(path) as wh:
        write_marts(wh, OWNERS)
    return path


def materialize(sandbox, db, cfg: AccountsConfig, apply: bool | None = None):
    run_config = (
        {"ops": {"budget_actions_applied": {"config": {"apply": apply}}}}
        if apply is not None
        else None
    )
    return dg.materialize(
        make_optimizer_assets(cfg),
        resources={
            "warehouse": WarehouseResource(duckdb_path=str(db)),
            "meta": MetaResource(
                access_token=TOKEN, graph_url=sandbox.base_url, retry_base_delay_s=0.0
            ),
        },
        run_config=run_config,
    )


def mats(result, key):
    """Materializations of one asset in a run."""
    return [
        e.materialization for e in result.get_asset_materialization_events() if e.asset_key == key
    ]


def rows(db, sql):
    with DuckDBWarehouse(db, read_only=True) as wh:
        return wh.query(sql).to_pylist()


def budget(sandbox, object_id) -> int:
    return int(
        sandbox.sandbox.market.controls("meta", NOW.date()).owner_budget_minor[
            sandbox.sandbox.market.hierarchy("meta").owner_index[object_id]
        ]
    )


def test_preview_always_plans_and_shows_the_plan_but_changes_nothing(sandbox, db) -> None:
    before = [budget(sandbox, o.object_id) for o in OWNERS]
    result = materialize(sandbox, db, accounts())
    assert result.success
    [preview] = mats(result, PREVIEW)
    md = preview.metadata["plan"].value
    assert preview.metadata["actions"].value == 2
    assert "| status | platform |" in md
    assert "owner 12012001000000001 | ad_group | 182,000 → " in md  # name, level, minor units
    planned = rows(
        db,
        "select object_id, unit, before_value, after_value, status "
        "from ops.budget_action_plans order by object_id",
    )
    assert [(r["object_id"], r["unit"], float(r["before_value"])) for r in planned] == [
        ("12012001000000001", "minor", 182000.0),
        ("12012001000000003", "minor", 212000.0),
    ]
    assert float(planned[0]["after_value"]) > 182000  # strong owner: up
    assert float(planned[1]["after_value"]) < 212000  # weak owner: down
    # apply was not requested and no account auto-applies: no materialization, no write
    assert mats(result, APPLIED) == []
    assert [budget(sandbox, o.object_id) for o in OWNERS] == before
    assert (
        rows(
            db, "select count(*) as n from information_schema.tables where table_name = 'audit_log'"
        )[0]["n"]
        == 0
    )


def test_apply_true_applies_each_action_once_and_audits_it(sandbox, db) -> None:
    result = materialize(sandbox, db, accounts(), apply=True)
    assert result.success
    [applied] = mats(result, APPLIED)
    assert applied.metadata["applied"].value == 2
    plan = rows(db, "select object_id, after_value from ops.budget_action_plans order by 1")
    assert [budget(sandbox, p["object_id"]) for p in plan] == [int(p["after_value"]) for p in plan]
    audit = rows(db, "select event, actor, observed_value from ops.audit_log order by occurred_at")
    assert [a["event"] for a in audit].count("applied") == 2
    assert all(a["actor"].startswith("adpilot-optimizer (dagster run") for a in audit)
    again = dg.materialize(
        [make_optimizer_assets(accounts())[1]],
        resources={
            "warehouse": WarehouseResource(duckdb_path=str(db)),
            "meta": MetaResource(access_token=TOKEN, graph_url=sandbox.base_url),
        },
        run_config={"ops": {"budget_actions_applied": {"config": {"apply": True}}}},
    )
    [second] = mats(again, APPLIED)
    assert second.metadata["already_applied"].value == 2
    assert len(rows(db, "select * from ops.audit_log")) == len(audit)


def test_auto_apply_accounts_apply_without_being_asked(sandbox, db) -> None:
    result = materialize(sandbox, db, accounts(auto_apply=True))
    [applied] = mats(result, APPLIED)
    assert applied.metadata["scope"].value == TH
    assert applied.metadata["applied"].value == 2


def test_the_definitions_name_the_assets_job_and_schedule() -> None:
    resources = {
        "warehouse": WarehouseResource(duckdb_path="unused.duckdb"),
        "meta": MetaResource(access_token=TOKEN),
    }
    defs = dg.Definitions.merge(build_defs(accounts()), dg.Definitions(resources=resources))
    keys = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {PREVIEW.to_user_string(), APPLIED.to_user_string()} <= keys
    assert defs.resolve_job_def("budget_actions_job").name == "budget_actions_job"
    schedule = defs.resolve_schedule_def("budget_actions_schedule")
    assert schedule.cron_schedule == "15 */3 * * *"


TT = "7020000000000001"
TIKTOK_OWNERS = [  # real sandbox ad groups of the THB advertiser, budgets in currency units
    MartOwner(
        "1722001000000000006", 1910.0, gain=9000.0, k=2500.0, account_id=TT, platform="tiktok"
    ),
    MartOwner(
        "1722001000000000009", 1340.0, gain=1800.0, k=1500.0, account_id=TT, platform="tiktok"
    ),
]


def tiktok_accounts() -> AccountsConfig:
    return AccountsConfig.model_validate(
        {
            "meta": {"accounts": [{"account_id": TH, "owner": "nok"}]},
            "tiktok": {"app_id": "test", "accounts": [{"account_id": TT, "owner": "ploy"}]},
        }
    )


def test_the_apply_step_requires_only_the_resources_of_configured_platforms() -> None:
    assert writer_resource_keys(accounts()) == set()
    assert writer_resource_keys(tiktok_accounts()) == {"tiktok"}
    both = tiktok_accounts().model_copy(
        update={
            "google_ads": AccountsConfig.model_validate(
                {"google_ads": {"accounts": [{"account_id": "7030000001"}]}}
            ).google_ads
        }
    )
    assert writer_resource_keys(both) == {"tiktok", "google_ads"}
    applied = make_optimizer_assets(both)[1]
    assert {"tiktok", "google_ads", "meta", "warehouse"} <= applied.required_resource_keys
    assert set(platform_writers(MetaResource(access_token=TOKEN), object())) == {"meta"}


def test_apply_true_writes_tiktok_budgets_in_currency_units_once(sandbox, tmp_path) -> None:
    db = tmp_path / "warehouse.duckdb"
    with DuckDBWarehouse(db) as wh:
        write_marts(wh, TIKTOK_OWNERS)
    resources = {
        "warehouse": WarehouseResource(duckdb_path=str(db)),
        "meta": MetaResource(access_token=TOKEN, graph_url=sandbox.base_url),
        "tiktok": TikTokResource(
            access_token=TOKEN,
            api_url=sandbox.base_url,
            app_id="test",
            ratelimit_dir=str(tmp_path / "ratelimit"),
            retry_base_delay_s=0.0,
        ),
    }
    run_config = {"ops": {"budget_actions_applied": {"config": {"apply": True}}}}
    result = dg.materialize(
        make_optimizer_assets(tiktok_accounts()), resources=resources, run_config=run_config
    )
    assert result.success
    [applied] = mats(result, APPLIED)
    plan = rows(
        db, "select object_id, unit, after_value, status from ops.budget_action_plans order by 1"
    )
    written = [p for p in plan if p["status"] in ("ready", "clipped")]
    assert written and all(p["unit"] == "units" for p in plan)
    assert applied.metadata["applied"].value == len(written)
    h = sandbox.sandbox.market.hierarchy("tiktok")
    controls = sandbox.sandbox.market.controls("tiktok", NOW.date())
    for p in written:  # the market holds the new budget, in minor units (×100 of THB)
        assert int(controls.owner_budget_minor[h.owner_index[p["object_id"]]]) == round(
            float(p["after_value"]) * 100
        )
    again = dg.materialize(
        [make_optimizer_assets(tiktok_accounts())[1]], resources=resources, run_config=run_config
    )
    [second] = mats(again, APPLIED)
    assert second.metadata["already_applied"].value == len(written)
