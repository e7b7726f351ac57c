"""Pieces every raw-table asset shares: its spec, its contract check, its run report.

Each raw asset is declared from its :class:`~extractors.common.schemas.TableSpec`: key
``[schema, name]``, the contract as metadata and column schema, and one blocking asset check
``raw_contract`` — the table's great-expectations suite (``extractors.common.expectations``) over
the run's window.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

import dagster as dg

from extractors.common.expectations import validate_table
from extractors.common.loader import LoadResult
from extractors.common.schemas import TableSpec
from extractors.common.warehouse import Warehouse
from orchestration.lib.partitions import daily_partitions

CONTRACT_CHECK = "raw_contract"


def raw_asset_spec(table: TableSpec, group: str, *, partitioned: bool = False) -> dg.AssetSpec:
    """The Dagster spec of a raw table: key ``[schema, name]``, its load contract as metadata."""
    return dg.AssetSpec(
        key=[table.schema, table.name],
        group_name=group,
        description=table.description,
        kinds={"duckdb", "python"},
        partitions_def=daily_partitions if partitioned else None,
        metadata={
            "primary_key": ", ".join(table.primary_key),
            "write_mode": table.write_mode,
            "lookback_days": table.lookback_days or 0,
            "dagster/column_schema": dg.TableSchema(
                columns=[dg.TableColumn(f.name, str(f.type)) for f in table.columns]
            ),
        },
    )


def contract_check_spec(table: TableSpec) -> dg.AssetCheckSpec:
    """The ``raw_contract`` check of a raw table (blocking: downstream dbt waits for it)."""
    return dg.AssetCheckSpec(
        name=CONTRACT_CHECK,
        asset=dg.AssetKey([table.schema, table.name]),
        blocking=True,
        description=(
            "great-expectations suite from the table contract: rows present (warning), primary "
            "key unique, key/required columns not null, money >= 0, dates inside the window."
        ),
    )


def contract_check_results(
    wh: Warehouse, tables: Iterable[TableSpec], window: tuple[date, date] | None
) -> Iterator[dg.AssetCheckResult]:
    """Run each table's suite over ``window`` and yield its check result."""
    for t in tables:
        res = validate_table(wh, t, window if t.partition_column else None)
        failed = not res.passed
        yield dg.AssetCheckResult(
            asset_key=dg.AssetKey([t.schema, t.name]),
            check_name=CONTRACT_CHECK,
            passed=res.passed and not res.warnings,
            severity=dg.AssetCheckSeverity.ERROR if failed else dg.AssetCheckSeverity.WARN,
            metadata={"rows_checked": res.rows, "result": dg.MetadataValue.md(res.describe())},
        )


def load_report(results: dict[str, list[tuple[str, LoadResult]]]) -> Iterator[dg.MaterializeResult]:
    """One ``MaterializeResult`` per table with rows loaded/replaced/quarantined per account."""
    for fqn, per_account in results.items():
        schema, name = fqn.split(".")
        yield dg.MaterializeResult(
            asset_key=[schema, name],
            metadata={
                "rows_loaded": sum(r.rows_loaded for _, r in per_account),
                "rows_replaced": sum(r.rows_deleted for _, r in per_account),
                "rows_quarantined": sum(r.rows_quarantined for _, r in per_account),
                "accounts": dg.MetadataValue.md(
                    "| account | loaded | quarantined |\n|---|---|---|\n"
                    + "\n".join(
                        f"| {a} | {r.rows_loaded} | {r.rows_quarantined} |" for a, r in per_account
                    )
                ),
            },
        )


def fail_if_any(errors: list[str], what: str) -> None:
    """Fail the step after the other accounts loaded, naming every account that failed.

    Raises:
        dagster.Failure: ``errors`` is not empty.
    """
    if errors:
        raise dg.Failure(
            description=f"{what} failed for {len(errors)} account(s); the others loaded.\n"
            + "\n".join(errors)
        )
