"""great-expectations suites for raw tables, derived from each table's :class:`TableSpec`.

One suite per table, built from its contract, so every raw table — present and future — is checked
the same way:

- the rows of the checked scope are not empty (a warning: a paused account has no delivery);
- the primary key is unique (``expect_compound_columns_to_be_unique``);
- key and required columns are never null;
- money is never negative (decimal columns and ``*_minor`` / ``*_micros`` integers);
- report dates lie inside the extracted window.

Validation runs on a pandas DataFrame read from the warehouse (TOOLCHAIN.md: GE's SQL datasource
fails on DuckDB). great-expectations imports take seconds, so it is imported lazily.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
import pyarrow as pa

from extractors.common.schemas import TableSpec
from extractors.common.warehouse import Warehouse, quote_ident

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's result.

    Attributes:
        expectation: GE expectation type (``expect_column_values_to_not_be_null``).
        column: the column(s) it is about.
        success: whether it held.
        unexpected: how many rows broke it.
        examples: a few offending values.
        blocking: an error (True) or a warning (False).
    """

    expectation: str
    column: str
    success: bool
    unexpected: int
    examples: list[Any]
    blocking: bool = True


@dataclass(frozen=True)
class SuiteResult:
    """A table's validation: the outcomes and the number of rows checked."""

    table: str
    rows: int
    outcomes: list[ExpectationOutcome] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when no blocking expectation failed."""
        return all(o.success for o in self.outcomes if o.blocking)

    @property
    def warnings(self) -> list[ExpectationOutcome]:
        """Non-blocking expectations that failed."""
        return [o for o in self.outcomes if not o.success and not o.blocking]

    def describe(self) -> str:
        """One line per failed expectation (for check metadata and logs)."""
        bad = [o for o in self.outcomes if not o.success]
        if not bad:
            return f"{self.table}: all {len(self.outcomes)} expectations hold on {self.rows} rows"
        return "\n".join(
            f"{self.table}: {o.expectation}({o.column}) failed on {o.unexpected} row(s), "
            f"e.g. {o.examples[:3]}"
            for o in bad
        )


def money_columns(spec: TableSpec) -> list[str]:
    """Columns holding money: decimals, and integers named ``*_minor`` or ``*_micros``."""
    out = []
    for f in spec.columns:
        if pa.types.is_decimal(f.type) or (
            pa.types.is_integer(f.type) and f.name.endswith(("_minor", "_micros"))
        ):
            out.append(f.name)
    return out


def build_suite(spec: TableSpec, window: tuple[date, date] | None) -> list[Any]:
    """The GE expectations of ``spec`` (see module docstring), without running them."""
    import great_expectations as gx

    ex = gx.expectations
    exps: list[Any] = [
        ex.ExpectTableRowCountToBeBetween(min_value=1, meta={"blocking": False}),
        ex.ExpectCompoundColumnsToBeUnique(column_list=list(spec.primary_key))
        if len(spec.primary_key) > 1
        else ex.ExpectColumnValuesToBeUnique(column=spec.primary_key[0]),
    ]
    exps += [ex.ExpectColumnValuesToNotBeNull(column=c) for c in spec.not_null]
    exps += [ex.ExpectColumnValuesToBeBetween(column=c, min_value=0) for c in money_columns(spec)]
    if window and spec.partition_column:
        exps.append(
            ex.ExpectColumnValuesToBeBetween(
                column=spec.partition_column, min_value=window[0], max_value=window[1]
            )
        )
    return exps


def validate_frame(
    spec: TableSpec, df: pd.DataFrame, window: tuple[date, date] | None = None
) -> SuiteResult:
    """Run ``spec``'s suite on ``df`` (the rows of one load scope, money cast to float)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    ctx = gx.get_context(mode="ephemeral")
    batch = (
        ctx.data_sources.add_pandas("raw")
        .add_dataframe_asset(spec.name)
        .add_batch_definition_whole_dataframe("scope")
    )
    suite = ctx.suites.add(gx.ExpectationSuite(name=f"{spec.fqn}.contract"))
    for e in build_suite(spec, window):
        suite.add_expectation(e)
    vd = ctx.validation_definitions.add(
        gx.ValidationDefinition(data=batch, suite=suite, name=f"{spec.fqn}.validation")
    )
    res = vd.run(batch_parameters={"dataframe": df})
    outcomes = []
    for r in res.results:
        kw = r.expectation_config.kwargs
        col = kw.get("column") or ",".join(kw.get("column_list") or []) or "(table)"
        outcomes.append(
            ExpectationOutcome(
                expectation=r.expectation_config.type,
                column=col,
                success=bool(r.success),
                unexpected=int(r.result.get("unexpected_count") or (0 if r.success else len(df))),
                examples=list(r.result.get("partial_unexpected_list") or [])[:5],
                blocking=bool((r.expectation_config.meta or {}).get("blocking", True)),
            )
        )
    return SuiteResult(spec.fqn, len(df), outcomes)


def validate_table(
    warehouse: Warehouse, spec: TableSpec, window: tuple[date, date] | None = None
) -> SuiteResult:
    """Validate ``spec``'s rows as they now stand in the warehouse.

    Args:
        warehouse: where the table lives.
        spec: the table's contract.
        window: for date-partitioned tables, the run's window (inclusive): only those rows are
            read, so the cost follows the window, not the history.

    Only the checked columns are read; money is cast to DOUBLE for pandas.
    """
    money = money_columns(spec)
    cols = list(dict.fromkeys([*spec.primary_key, *spec.not_null, *money]))
    if spec.partition_column and spec.partition_column not in cols:
        cols.append(spec.partition_column)
    select = ", ".join(
        f"cast({quote_ident(c)} as double) as {quote_ident(c)}" if c in money else quote_ident(c)
        for c in cols
    )
    sql = f"select {select} from {quote_ident(spec.schema)}.{quote_ident(spec.name)}"
    params: list[Any] = []
    if window is not None and spec.partition_column:
        sql += f" where {quote_ident(spec.partition_column)} between ? and ?"
        params = [window[0], window[1]]
    df = warehouse.query(sql, params).to_pandas()
    return validate_frame(spec, df, window if spec.partition_column else None)
