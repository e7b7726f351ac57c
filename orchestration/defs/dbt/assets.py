"""The dbt project as Dagster assets: one ``dbt build`` per run, over the run's window."""

from collections.abc import Iterator
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from extractors.common.schemas import OPS_TABLES, RAW_TABLES
from orchestration.lib.dbt_translator import AdpilotDbtTranslator
from orchestration.lib.dbt_vars import BUILD_COMMAND, dbt_vars_arg
from orchestration.lib.partitions import daily_partitions, single_run, window_of
from orchestration.lib.settings import DBT_PROJECT_DIR
from orchestration.lib.warehouse import WRITER_POOL, WarehouseResource


def make_dbt_assets(project: DbtProject, extra_vars: dict[str, Any]) -> dg.AssetsDefinition:
    """All dbt models, seeds and tests as one partitioned multi-asset.

    Args:
        project: the prepared dbt project (its manifest must exist: ``dbt parse`` runs first).
        extra_vars: vars passed on every invocation (scoring weights from ``config/``).
    """

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=AdpilotDbtTranslator(),
        partitions_def=daily_partitions,
        backfill_policy=single_run,
        pool=WRITER_POOL,
    )
    def adpilot_dbt_assets(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
    ) -> Iterator[Any]:
        """``dbt build`` of the selected models for the run's partition window.

        Every raw and ops table of the contracts (``extractors/common/schemas.py``) is created
        first when missing (empty), as ``sql/raw`` and ``sql/ops`` do on BigQuery: a source that
        never synced (no accounts configured, replay without it) builds empty marts instead of
        failing. The window reaches incremental models as ``--vars {min_date, max_date}``; data
        tests run as asset checks, unit tests only in CI (``BUILD_COMMAND``).
        """
        with warehouse.session() as wh:
            for spec in (*RAW_TABLES, *OPS_TABLES):
                wh.ensure_table(spec)
        first, last = window_of(context)
        args = [*BUILD_COMMAND, *dbt_vars_arg(first, last, extra_vars)]
        yield from dbt.cli(args, context=context).stream()

    return adpilot_dbt_assets


def dbt_project() -> DbtProject:
    """The repository's dbt project (profiles.yml committed beside it)."""
    return DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
