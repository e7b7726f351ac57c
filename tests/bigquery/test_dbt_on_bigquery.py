"""The whole dbt project on the BigQuery emulator equals the DuckDB build of the same input.

One module-scoped run (the expensive part, a few minutes on 2 cores): the same raw rows go into a
DuckDB file and into the emulator through the real loader; ``dbt build`` on both; the next window
re-pulled into both; the incremental run over that window (``--vars {min_date, max_date}`` as
Dagster passes them: window delete + ``append`` on DuckDB, ``insert_overwrite`` with a static partition
list on BigQuery); every mart read back after each stage.

Emulator-only workarounds: contracted tables are created without the typed column list
(macros/bigquery/emulator_contracts.sql; the contract check itself runs); the emulator starts with
its bare-NUMERIC translation fixed (tests/bigquery/emulator.py). For time, the BigQuery build
leaves out dbt's own built-in generic tests (not_null, unique, accepted_values, relationships:
adapter-maintained SQL); every test the project wrote — singular, its own generic tests, unit
tests — runs on the emulator, and tests/dbt runs them all on DuckDB.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from extractors.common.bigquery import BigQueryWarehouse
from extractors.common.bigquery_ddl import requires_partition_filter
from extractors.common.bigquery_sql import BigQueryConfig
from extractors.common.schemas import RAW_TABLES
from extractors.common.warehouse import DuckDBWarehouse
from tests.bigquery import dbt_twin as twin
from tests.dbt.dbt_scenario import DbtRun, run_dbt

# The module's fixture does the slow part (two dbt runs on the emulator); on a busy 2-core machine
# it can pass pytest's default 600 s.
pytestmark = [pytest.mark.bigquery, pytest.mark.timeout(1800)]

PREFIX = "dbt_"


@dataclass
class TwinBuilds:
    """What the module run produced: the runs, and each stage's marts from both warehouses."""

    bq_runs: dict[str, DbtRun]
    duck_runs: dict[str, DbtRun]
    marts: dict[str, tuple[dict[str, twin.Mart], dict[str, twin.Mart]]]
    bq_target: Path
    bq_statuses: dict[str, str]


def _ok(run: DbtRun, what: str) -> None:
    assert run.returncode == 0, f"{what} failed:\n{run.output[-6000:]}"


@pytest.fixture(scope="module")
def builds(emulator, tmp_path_factory) -> TwinBuilds:
    work = tmp_path_factory.mktemp("dbt_twin")
    duck_dir, bq_dir = work / "duckdb", work / "bigquery"
    duck_dir.mkdir()
    bq_dir.mkdir()
    duck_path = duck_dir / "warehouse.duckdb"
    bq = BigQueryWarehouse(
        BigQueryConfig(project=emulator.project, dataset_prefix=PREFIX, api_endpoint=emulator.url)
    )
    env = twin.bigquery_env(emulator, PREFIX)
    marts: dict[str, tuple[dict[str, twin.Mart], dict[str, twin.Mart]]] = {}
    bq_runs, duck_runs = {}, {}
    try:
        with DuckDBWarehouse(duck_path) as duck:
            twin.load_window_1(duck)
        twin.load_window_1(bq)
        # DuckDB is the reference here (its tests run in tests/dbt): seeds and models only
        duck_runs["build"] = run_dbt(["build", *twin.MODELS_AND_SEEDS], duck_path, duck_dir)
        _ok(duck_runs["build"], "DuckDB dbt build")
        bq_runs["build"] = twin.run_dbt_bigquery(["build", *twin.exclude_args()], bq_dir, env)
        _ok(bq_runs["build"], "BigQuery dbt build")
        statuses = dict(bq_runs["build"].statuses)
        manifest = json.loads((bq_dir / "target" / "manifest.json").read_text())
        gaps = {uid.split(".")[-1] for uid in twin.gap_descendants(manifest)}
        duck_marts = {n: m for n, m in twin.duckdb_marts(duck_path).items() if n not in gaps}
        marts["build"] = (duck_marts, twin.bigquery_marts(bq, list(duck_marts)))

        with DuckDBWarehouse(duck_path) as duck:
            twin.load_window_2(duck)
        twin.load_window_2(bq)
        # The incremental run over the re-pulled window: the incremental facts and what is built
        # on them (the other marts cannot change: their inputs did not). Models only: the data
        # tests ran on BigQuery in the build above; here what matters is what the window rewrote.
        args = [
            "run",
            "--select",
            "config.materialized:incremental+",
            *twin.window_vars(*twin.WINDOW_2),
        ]
        duck_runs["window"] = run_dbt(args, duck_path, duck_dir)
        _ok(duck_runs["window"], "DuckDB incremental run")
        bq_runs["window"] = twin.run_dbt_bigquery([*args, *twin.exclude_args()], bq_dir, env)
        _ok(bq_runs["window"], "BigQuery incremental run")
        duck_marts = {n: m for n, m in twin.duckdb_marts(duck_path).items() if n not in gaps}
        marts["window"] = (duck_marts, twin.bigquery_marts(bq, list(duck_marts)))
    finally:
        bq.close()
    return TwinBuilds(bq_runs, duck_runs, marts, bq_dir / "target", statuses)


def test_the_whole_project_builds_on_bigquery_with_every_test_and_unit_test(builds):
    # exposures (the dashboards) are documentation: dbt reports them as no-op
    statuses = {u: s for u, s in builds.bq_statuses.items() if not u.startswith("exposure.")}
    kinds = {uid.split(".")[0] for uid in statuses}
    assert {"model", "seed", "test", "unit_test"} <= kinds, kinds
    failing = {uid: s for uid, s in statuses.items() if s not in ("success", "pass", "warn")}
    assert not failing, failing
    # every node of the project ran, less dbt's built-in generic tests and the emulator gaps
    manifest = _manifest(builds)
    gaps = twin.gap_descendants(manifest)
    wanted = {
        uid
        for uid, node in {**manifest["nodes"], **manifest.get("unit_tests", {})}.items()
        if node["resource_type"] in ("model", "seed", "test", "unit_test")
        and node["package_name"] == "adpilot"
        and uid not in gaps
        and not (
            node["resource_type"] == "test"
            and (node.get("test_metadata") or {}).get("name") in twin.BUILTIN_TEST_NAMES
        )
    }
    assert wanted and set(statuses) == wanted, sorted(set(statuses) ^ wanted)[:20]


@pytest.mark.parametrize("stage", ["build", "window"])
def test_every_mart_equals_the_duckdb_build_row_for_row_money_to_the_cent(builds, stage):
    duck, bq = builds.marts[stage]
    assert {"fct_ad_performance_daily", "campaign_performance", "fb_scores"} <= set(duck)
    problems = [p for name in duck for p in twin.differences(name, duck[name], bq[name])]
    assert not problems, "\n".join(problems[:40])
    for name in ("fct_ad_performance_daily", "campaign_performance", "fb_scores"):
        assert duck[name].rows, f"{name} is empty: the comparison would prove nothing"


def test_the_incremental_window_rewrote_the_late_day_and_added_the_new_one(builds):
    _, before = builds.marts["build"]
    _, after = builds.marts["window"]

    def spend(mart: twin.Mart, ad_id: str, day) -> list[Decimal]:
        return [r["spend"] for r in mart.rows if r["ad_id"] == ad_id and r["date_day"] == day]

    fct_before, fct_after = before["fct_ad_performance_daily"], after["fct_ad_performance_daily"]
    assert spend(fct_before, "ad_adsets", twin.sc.DAY3) == [Decimal("30")]
    assert spend(fct_after, "ad_adsets", twin.sc.DAY3) == [Decimal("32.5")]
    assert spend(fct_after, "ad_sg", twin.DAY4) == [Decimal("12.34")]
    # days outside the window were not touched
    untouched = [r for r in fct_before.rows if r["date_day"] < twin.sc.DAY3]
    assert untouched
    assert untouched == [r for r in fct_after.rows if r["date_day"] < twin.sc.DAY3]


def test_incremental_facts_overwrite_a_static_partition_list_on_bigquery(builds):
    run_dir = builds.bq_target / "run" / "adpilot" / "models" / "marts"
    compiled = (run_dir / "core" / "fct_ad_performance_daily.sql").read_text().lower()
    assert "merge into" in compiled and "when not matched by source" in compiled
    assert "date('2024-03-03'), date('2024-03-04')" in compiled
    assert "declare dbt_partitions_for_replacement" not in compiled  # not the dynamic form


def _manifest(builds) -> dict:
    return json.loads((builds.bq_target / "manifest.json").read_text())


def test_every_daily_mart_table_is_partitioned_by_day_and_clustered(builds):
    nodes = _manifest(builds)["nodes"].values()
    daily = [
        n
        for n in nodes
        if n["resource_type"] == "model"
        and n["fqn"][1] == "marts"
        and n["config"]["materialized"] in ("table", "incremental")
        and "date_day" in n["columns"]
    ]
    assert {n["name"] for n in daily} >= {"fct_ad_performance_daily", "campaign_performance"}
    for node in daily:
        partition = node["config"].get("partition_by") or {}
        assert partition.get("field") == "date_day", node["name"]
        assert partition.get("granularity") == "day", node["name"]
        # one row per day: nothing to cluster inside a day's partition
        if node["name"] not in twin.DAY_GRAIN_MARTS:
            assert node["config"].get("cluster_by"), node["name"]


def test_every_read_of_a_filter_required_raw_table_filters_its_partition_column(builds):
    required = {
        (s.schema, s.name): s.partition_column for s in RAW_TABLES if requires_partition_filter(s)
    }
    compiled = builds.bq_target / "compiled" / "adpilot"
    checked = 0
    for path in compiled.rglob("*.sql"):
        tree = sqlglot.parse_one(path.read_text(), read="bigquery")
        for table in tree.find_all(exp.Table):
            key = (table.db.removeprefix(PREFIX), table.name)
            if key not in required:
                continue
            select = table.find_ancestor(exp.Select)
            where = select.args.get("where") if select else None
            columns = {c.name for c in where.find_all(exp.Column)} if where else set()
            assert required[key] in columns, f"{path.name} reads {key} without a partition filter"
            checked += 1
    assert checked >= 4  # both Meta staging views and the reconciliation test's two reads
