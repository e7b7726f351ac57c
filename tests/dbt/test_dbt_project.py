"""The dbt project without a warehouse: parse, BigQuery compile offline, settings kept in step."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from orchestration.lib.dbt_vars import dbt_vars_arg, window_env
from tests.dbt.dbt_scenario import REPO_ROOT, BuiltWarehouse, run_dbt

BIGQUERY_ENV = {
    "ADPILOT_WAREHOUSE": "bigquery",
    "GCP_PROJECT": "adpilot-offline",
    "BQ_METHOD": "oauth-secrets",
    "BQ_TOKEN": "not-a-token",
    "BQ_DATASET_PREFIX": "ci_",
    # nothing listens there: any API call would fail, so compiling proves none is made
    "BIGQUERY_EMULATOR_HOST": "127.0.0.1:9",
    "BQ_JOB_RETRIES": "0",
    # BigQuery refuses to hash buyer identifiers without a configured salt (never a default)
    "ADPILOT_PII_SALT": "compile-only-salt",
}


def test_dbt_parse_needs_no_database(built_warehouse: BuiltWarehouse):
    # the session fixture ran `dbt parse` before the database file existed
    parse = built_warehouse.parse

    assert parse.returncode == 0, parse.output[-3000:]
    assert parse.created_database is False


def test_bigquery_target_compiles_offline_with_static_partitions_for_the_window(tmp_path: Path):
    window = '{"min_date": "2024-03-30", "max_date": "2024-04-01"}'

    run = run_dbt(
        # no cache population and models only: unit tests would read column types from BigQuery
        ["compile", "--no-populate-cache", "--select", "resource_type:model", "--vars", window],
        tmp_path / "unused.duckdb",
        tmp_path,
        **BIGQUERY_ENV,
    )

    assert run.returncode == 0, run.output[-3000:]
    nodes = json.loads((tmp_path / "target" / "manifest.json").read_text())["nodes"]
    fact = nodes["model.adpilot.fct_ad_performance_daily"]
    assert fact["config"]["incremental_strategy"] == "insert_overwrite"
    assert fact["config"]["partitions"] == [
        "date('2024-03-30')",
        "date('2024-03-31')",
        "date('2024-04-01')",
    ]
    assert fact["config"]["partition_by"] == {
        "field": "date_day",
        "data_type": "date",
        "granularity": "day",
    }
    assert fact["schema"] == "ci_marts"
    sql = fact["compiled_code"]
    assert "`adpilot-offline`.`ci_intermediate`.`int_ads__unioned`" in sql
    assert "date_day between cast('2024-03-30' as date) and cast('2024-04-01' as date)" in sql
    staging = nodes["model.adpilot.stg_meta__ads_insights"]["compiled_code"]
    assert "from unnest(actions) as action" in staging  # BigQuery's form of the dispatch
    # sources carry BQ_DATASET_PREFIX too (macros/bigquery/source.sql)
    assert "`adpilot-offline`.`ci_raw`.`meta_ads_insights`" in staging


def _last_invocation_log(work: Path) -> str:
    log = (work / "logs" / "dbt.log").read_text()
    return log[log.rindex("Running with dbt=") :]


def test_a_window_in_the_environment_keeps_the_parse_and_compiles_as_the_vars_do(tmp_path: Path):
    """DuckDB: the sync's window changes nothing dbt parsed, so the parse before is re-used."""
    db, window = tmp_path / "compile.duckdb", (date(2024, 3, 30), date(2024, 4, 1))
    select = ["compile", "--no-populate-cache", "--select", "fct_ad_performance_daily pfm_scores"]
    parse = run_dbt(["parse"], db, tmp_path / "env")  # a run before, without a window
    in_env = run_dbt(select, db, tmp_path / "env", **window_env(*window))
    in_vars = run_dbt([*select, *dbt_vars_arg(*window)], db, tmp_path / "vars")

    assert parse.returncode == in_env.returncode == in_vars.returncode == 0, in_env.output[-3000:]
    assert "no changes found, skipping parsing" in _last_invocation_log(tmp_path / "env")
    compiled = {}
    for name in ("env", "vars"):
        nodes = json.loads((tmp_path / name / "target" / "manifest.json").read_text())["nodes"]
        compiled[name] = {k: n["compiled_code"] for k, n in nodes.items() if n.get("compiled_code")}
    assert compiled["env"] == compiled["vars"]
    assert len(compiled["env"]) > 20  # the two models and their data tests
    between = "date_day between cast('2024-03-30' as date) and cast('2024-04-01' as date)"
    assert between in compiled["env"]["model.adpilot.fct_ad_performance_daily"]


def test_bigquery_partitions_follow_the_environment_window_across_partial_parses(tmp_path: Path):
    """BigQuery: the static partitions are config, so the parse reads the window; dbt re-parses
    the files that read it whenever it changes — to another window or to none (a full build)."""
    partitions = []
    for window in ((date(2024, 3, 30), date(2024, 3, 31)), (date(2024, 4, 2), date(2024, 4, 2)), (None, None)):  # fmt: skip
        run = run_dbt(
            ["compile", "--no-populate-cache", "--select", "fct_ad_performance_daily"],
            tmp_path / "unused.duckdb",
            tmp_path,
            **BIGQUERY_ENV,
            **window_env(*window),
        )
        assert run.returncode == 0, run.output[-3000:]
        nodes = json.loads((tmp_path / "target" / "manifest.json").read_text())["nodes"]
        partitions.append(nodes["model.adpilot.fct_ad_performance_daily"]["config"]["partitions"])

    assert "Unable to do partial parsing" not in _last_invocation_log(tmp_path)
    assert partitions == [
        ["date('2024-03-30')", "date('2024-03-31')"],
        ["date('2024-04-02')"],
        None,
    ]


def test_fb_score_var_defaults_equal_config_scoring_yml():
    project = yaml.safe_load((REPO_ROOT / "dbt_project" / "dbt_project.yml").read_text())
    scoring = yaml.safe_load((REPO_ROOT / "config" / "scoring.yml").read_text())

    assert project["vars"]["fb_score"] == scoring["fb_score"]
    assert sum(scoring["fb_score"]["weights"].values()) == pytest.approx(1)


@pytest.mark.parametrize("windowed", [True, False], ids=["sync window", "full build"])
def test_data_tests_of_window_models_read_only_the_window_of_a_windowed_run(
    tmp_path: Path, windowed: bool
):
    args = ["compile", "--no-populate-cache", "--select", "int_ads__unioned dim_campaigns"]
    if windowed:
        args += ["--vars", '{"min_date": "2024-03-30", "max_date": "2024-04-01"}']

    run = run_dbt(args, tmp_path / "compile.duckdb", tmp_path)

    assert run.returncode == 0, run.output[-3000:]
    nodes = json.loads((tmp_path / "target" / "manifest.json").read_text())["nodes"].values()
    tests = [
        (n.get("attached_node"), n["compiled_code"])
        for n in nodes
        if n["resource_type"] == "test" and n.get("compiled_code")
    ]
    window = "where date_day between cast('2024-03-30' as date) and cast('2024-04-01' as date)"
    on_view = [sql for node, sql in tests if node == "model.adpilot.int_ads__unioned"]
    on_dim = [sql for node, sql in tests if node == "model.adpilot.dim_campaigns"]
    assert len(on_view) >= 3 and on_dim
    # int_ads__unioned has meta.window_column: date_day; dim_campaigns has no date to window
    assert all((window in sql) == windowed for sql in on_view)
    assert not any("date_day between" in sql for sql in on_dim)
