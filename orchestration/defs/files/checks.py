"""Check results of a file-drop run: each table's contract, and whether its files were accepted.

- ``raw_contract`` (blocking): the table's great-expectations suite over the period its files
  of this run covered. Money columns the kind lets go negative (``margin``) are left out of the
  ``>= 0`` expectation. A table no file of the run touched passes unevaluated (it is unchanged).
- ``files_accepted`` (not blocking, error severity): fails when a file taken for this kind was
  rejected whole (wrong header, not UTF-8, bad period); the metadata gives the expected and found
  columns. The other files still load, and downstream models still run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import dagster as dg
import pyarrow as pa

from extractors.common.schemas import TableSpec
from extractors.common.warehouse import Warehouse
from extractors.files.kinds import KINDS, FileKind
from extractors.files.ledger import FileLoad
from orchestration.lib.raw_assets import CONTRACT_CHECK, contract_check_results

ACCEPTED_CHECK = "files_accepted"


def accepted_check_spec(table: TableSpec) -> dg.AssetCheckSpec:
    """The ``files_accepted`` check of a file table."""
    return dg.AssetCheckSpec(
        name=ACCEPTED_CHECK,
        asset=dg.AssetKey([table.schema, table.name]),
        blocking=False,
        description=(
            "Every file of this kind in the run was accepted: none rejected whole for a wrong "
            "header, a non-UTF-8 body or a bad period (rejected files are in data/inbox/rejected/ "
            "with a .why.txt and in ops.file_loads)."
        ),
    )


def contract_view(kind: FileKind) -> TableSpec:
    """The kind's table spec without the money columns that may be negative (for the suite)."""
    signed = {c.column for c in kind.columns if c.type == "decimal" and c.min_value is None}
    fields = [f for f in kind.table.columns if f.name not in signed]
    return replace(kind.table, columns=pa.schema(fields))


def period_of(loads: list[FileLoad]) -> tuple[date, date] | None:
    """The span of the periods the loaded files covered, or None."""
    starts = [x.period_start for x in loads if x.period_start]
    ends = [x.period_end for x in loads if x.period_end]
    return (min(starts), max(ends)) if starts and ends else None


def contract_results(wh: Warehouse, loads: list[FileLoad]) -> Iterator[dg.AssetCheckResult]:
    """``raw_contract`` of every file table (see module docstring)."""
    for kind in KINDS.values():
        mine = [x for x in loads if x.kind == kind.name and x.status == "loaded" and x.rows_loaded]
        window = period_of(mine)
        if window is None:
            yield dg.AssetCheckResult(
                asset_key=dg.AssetKey([kind.table.schema, kind.table.name]),
                check_name=CONTRACT_CHECK,
                passed=True,
                metadata={"evaluated": False, "result": "no rows of this kind loaded: unchanged"},
            )
            continue
        yield from contract_check_results(wh, [contract_view(kind)], window)


def accepted_results(loads: list[FileLoad]) -> Iterator[dg.AssetCheckResult]:
    """``files_accepted`` of every file table (see module docstring)."""
    for kind in KINDS.values():
        mine = [x for x in loads if x.kind == kind.name]
        rejected = [x for x in mine if x.status == "rejected"]
        report = "\n\n".join(f"**{x.file_name}**: {x.message}" for x in rejected)
        yield dg.AssetCheckResult(
            asset_key=dg.AssetKey([kind.table.schema, kind.table.name]),
            check_name=ACCEPTED_CHECK,
            passed=not rejected,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "files_seen": len(mine),
                "files_rejected": len(rejected),
                "rejected": dg.MetadataValue.md(report or "none"),
            },
        )
