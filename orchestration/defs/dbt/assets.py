"""The dbt project as Dagster assets: one ``dbt build`` per run, over the run's window."""

import contextlib
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from extractors.common.schemas import OPS_TABLES, RAW_TABLES
from orchestration.lib.dbt_translator import AdpilotDbtTranslator
from orchestration.lib.dbt_vars import (
    BUILD_COMMAND,
    PARTIAL_PARSE_FILE,
    dbt_vars_arg,
    window_environment,
)
from orchestration.lib.partitions import daily_partitions, single_run, window_of
from orchestration.lib.settings import DBT_PROJECT_DIR
from orchestration.lib.warehouse import WRITER_POOL, WarehouseResource

log = logging.getLogger(__name__)


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
        failing. The window reaches incremental models in the dbt process's environment
        (``ADPILOT_WINDOW_MIN_DATE`` / ``_MAX_DATE``), the scoring weights as ``--vars``, so
        the parse of the run before is kept (:func:`keep_partial_parse`); data tests run as
        asset checks, unit tests only in CI (``BUILD_COMMAND``).
        """
        with warehouse.session() as wh:
            for spec in (*RAW_TABLES, *OPS_TABLES):
                wh.ensure_table(spec)
        first, last = window_of(context)
        args = [*BUILD_COMMAND, *dbt_vars_arg(None, None, extra_vars)]
        with window_environment(first, last):
            invocation = dbt.cli(args, context=context)  # dbt starts here, with this environment
        try:
            yield from invocation.stream()
        finally:  # a failed model or test leaves a good parse: keep it too
            keep_partial_parse(invocation.target_path, project.project_dir)

    return adpilot_dbt_assets


def keep_partial_parse(run_target: Path, project_dir: Path) -> Path | None:
    """Make a finished run's parse the one the next run starts from; return where it went.

    dagster-dbt gives every invocation its own target directory and seeds it with the project's
    ``<DBT_TARGET_PATH or target>/partial_parse.msgpack`` (``DbtCliInvocation.run``, 0.29). That
    file comes from ``make``'s ``dbt parse``, without this code location's ``--vars`` (scoring
    weights), and dbt re-parses the whole project when vars differ (about 7 s here). Copying the
    run's own file back (atomically: write beside, then rename) lets the next run re-use this
    parse; dbt still re-parses whatever changed since (files, vars, the environment variables
    a file read), so a stale file costs a parse, never a wrong build.

    Args:
        run_target: the finished invocation's target directory.
        project_dir: the dbt project directory.

    Returns:
        The file written, or None when the run left no parse or the project directory is
        read-only (logged; the next run parses the project in full).
    """
    source = run_target / PARTIAL_PARSE_FILE
    if not source.exists():
        return None
    target_dir = Path(os.getenv("DBT_TARGET_PATH", "target"))
    target_dir = target_dir if target_dir.is_absolute() else project_dir / target_dir
    kept = target_dir / PARTIAL_PARSE_FILE
    partial = target_dir / f".{PARTIAL_PARSE_FILE}.{os.getpid()}.tmp"
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, partial)
        os.replace(partial, kept)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        log.warning("could not keep dbt's partial parse in %s: %s", target_dir, exc)
        return None
    return kept


def dbt_project() -> DbtProject:
    """The repository's dbt project (profiles.yml committed beside it)."""
    return DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
