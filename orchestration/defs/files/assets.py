"""The file-drop raw assets: one step loads inbox files into the three file tables.

The same step serves both paths, with the same code and exactly-once ledger
(``extractors.files.load.FileLoader``):

- the inbox sensor runs ``files_ingest_job`` with ``paths`` = the one new file;
- ``pipeline_job`` (and a hand materialization) runs it without ``paths``: every file waiting in
  the inbox is loaded, oldest first.
"""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from pydantic import Field

from extractors.files.kinds import KINDS
from extractors.files.ledger import FileLoad
from orchestration.defs.files.checks import (
    accepted_check_spec,
    accepted_results,
    contract_results,
)
from orchestration.defs.files.resources import FileDropsResource
from orchestration.lib.raw_assets import contract_check_spec, fail_if_any, raw_asset_spec
from orchestration.lib.warehouse import WRITER_POOL, WarehouseResource

GROUP = "files"
TABLES = tuple(k.table for k in KINDS.values())
ASSET_NAME = "file_drops"


class FileDropsConfig(dg.Config):
    """Run configuration of ``file_drops``.

    Attributes:
        paths: the files to load (absolute paths in the inbox); empty or omitted: every file
            waiting in the inbox.
    """

    paths: list[str] = Field(default_factory=list)


def run_config_for(path: Path) -> dg.RunConfig:
    """The run configuration that loads exactly one file."""
    return dg.RunConfig(ops={ASSET_NAME: FileDropsConfig(paths=[str(path)])})


def _materializations(loads: list[FileLoad]) -> Iterator[dg.MaterializeResult]:
    """One result per file table, also for a table no file of the run touched (``files`` = 0).

    Every table is reported, not only the touched ones: an output left out would make Dagster
    skip every downstream step of ``pipeline_job`` (the dbt build) for want of it.
    """
    for kind in KINDS.values():
        mine = [x for x in loads if x.kind == kind.name and x.status == "loaded"]
        yield dg.MaterializeResult(
            asset_key=[kind.table.schema, kind.table.name],
            metadata={
                "files": len(mine),
                "rows_loaded": sum(x.rows_loaded for x in mine),
                "rows_replaced": sum(x.rows_replaced for x in mine),
                "rows_quarantined": sum(x.rows_quarantined for x in mine),
                "loads": dg.MetadataValue.md(
                    "| file | period | loaded | quarantined |\n|---|---|---|---|\n"
                    + "\n".join(
                        f"| {x.file_name} | {x.period_start}..{x.period_end} | "
                        f"{x.rows_loaded} | {x.rows_quarantined} |"
                        for x in mine
                    )
                ),
            },
        )


def _log(context: dg.AssetExecutionContext, loads: list[FileLoad]) -> None:
    for x in loads:
        line = f"{x.file_name} [{x.kind or 'unknown kind'}]: {x.status}: {x.message}"
        if x.status in ("rejected", "failed"):
            context.log.error(line)
        else:
            context.log.info(line)


@dg.multi_asset(
    name=ASSET_NAME,
    specs=[raw_asset_spec(t, GROUP) for t in TABLES],
    check_specs=[
        *(contract_check_spec(t) for t in TABLES),
        *(accepted_check_spec(t) for t in TABLES),
    ],
    pool=WRITER_POOL,
)
def file_drops(
    context: dg.AssetExecutionContext,
    config: FileDropsConfig,
    files: FileDropsResource,
    warehouse: WarehouseResource,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """CSV files from the inbox: reconciled campaign reports, daily scans, weekly sell-out.

    Each file loads once (sha256 in ``ops.file_loads``): bad rows → ``ops.quarantine`` with file
    and line, a file with a wrong header → ``rejected/`` with a ``.why.txt`` and a failed
    ``files_accepted`` check. Files are archived under ``archive/<day>/``. A file that fails
    unexpectedly stays in the inbox and fails the step after the others loaded.
    """
    with warehouse.session() as wh, files.loader(wh) as loader:
        loads = loader.load_pending(config.paths or None)
        _log(context, loads)
        yield from _materializations(loads)
        yield from contract_results(wh, loads)
        yield from accepted_results(loads)
    fail_if_any(
        [f"{x.file_name}: {x.message}" for x in loads if x.status == "failed"], "File drops"
    )
