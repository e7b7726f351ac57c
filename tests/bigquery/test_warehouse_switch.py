"""ADPILOT_WAREHOUSE=bigquery (+ project, prefix, emulator host) switches the loaders' resource."""

from __future__ import annotations

import pytest

from extractors.common import schemas
from extractors.common.bigquery import BigQueryWarehouse
from extractors.common.warehouse import DuckDBWarehouse
from orchestration.lib.settings import bigquery_settings, runtime_settings
from orchestration.lib.warehouse import warehouse_resource

pytestmark = pytest.mark.bigquery


def test_the_warehouse_variable_switches_the_resource_to_bigquery(emulator, tmp_path):
    env = {
        "ADPILOT_WAREHOUSE": "bigquery",
        "ADPILOT_DUCKDB_PATH": str(tmp_path / "unused.duckdb"),
        "GCP_PROJECT": emulator.project,
        "BQ_LOCATION": "US",
        "BQ_DATASET_PREFIX": "switch_",
        "BIGQUERY_EMULATOR_HOST": emulator.host,
    }
    resource = warehouse_resource(runtime_settings(env), bigquery_settings(env))
    with resource.session() as wh:
        assert isinstance(wh, BigQueryWarehouse) and wh.dialect == "bigquery"
        wh.ensure_table(schemas.META_ADS)
        assert wh.table_exists("raw.meta_ads")
        assert not wh.table_exists("raw.no_such_table")
        assert wh.table_ref(schemas.META_ADS) == f"{emulator.project}.switch_raw.meta_ads"
    assert not (tmp_path / "unused.duckdb").exists()
    duck = warehouse_resource(
        runtime_settings({**env, "ADPILOT_WAREHOUSE": "duckdb"}), bigquery_settings(env)
    )
    with duck.session() as wh:
        assert isinstance(wh, DuckDBWarehouse)


def test_bigquery_without_a_project_is_refused_at_definition_time():
    with pytest.raises(ValueError, match="GCP_PROJECT"):
        warehouse_resource(
            runtime_settings({"ADPILOT_WAREHOUSE": "bigquery"}), bigquery_settings({})
        )
