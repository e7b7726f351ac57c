"""Fixtures: a warehouse the dbt project built from the tests/dbt raw scenario, and copies.

Every raw and ops table exists (empty but for the scenario's Meta rows), so dbt builds every mart
the analyst queries read; only those marts, their parents and seeds are built (no tests).
"""

import shutil
from pathlib import Path

import pytest

from extractors.common import schemas
from extractors.common.warehouse import DuckDBWarehouse
from tests.dbt.dbt_scenario import load_scenario, run_dbt

MARTS = (
    "content_impact_scores",
    "dim_content_products",
    "dim_products",
    "buyer_performance",
    "campaign_performance",
    "traffic_sources",
    "alerts",
)


@pytest.fixture(scope="session")
def analyst_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built warehouse (read it; copy it with ``warehouse_copy`` to change it)."""
    work = tmp_path_factory.mktemp("analyst_dbt")
    path = work / "warehouse.duckdb"
    load_scenario(path)
    with DuckDBWarehouse(path) as wh:
        for spec in (*schemas.RAW_TABLES, *schemas.OPS_TABLES):
            wh.ensure_table(spec)
    select = " ".join(f"+{m}" for m in MARTS)  # with the FX seed
    exclude = "resource_type:test resource_type:unit_test"
    run = run_dbt(["build", "--select", select, "--exclude", exclude], path, work)
    assert run.returncode == 0, run.output[-4000:]
    return path


@pytest.fixture
def warehouse_copy(analyst_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the built warehouse, for tests that change its marts."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(analyst_warehouse, path)
    return path
