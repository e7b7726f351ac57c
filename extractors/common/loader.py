"""Arrow table → raw table, by the table's load contract, with bad rows quarantined.

``load_table`` is the one way rows enter the raw layer:

1. conform the batch to the spec's Arrow schema (a missing column is a programming error);
2. reject rows that break the contract — a null in a key or required column, a row outside the
   extracted (account, date range), a duplicate primary key (the first occurrence is kept) — and
   keep each rejected row in ``ops.quarantine`` with the reason and where it came from;
3. write the valid rows by the spec's write mode (partition overwrite of the scope, merge on the
   key, or append), in one transaction;
4. record the load in ``ops.sync_state``.

Re-running a load for the same scope gives the same table: the scope is replaced, quarantine rows
have deterministic ids (merged, not appended again).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc

from extractors.common.schemas import QUARANTINE, SYNC_STATE, TableSpec
from extractors.common.warehouse import LoadScope, Warehouse

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rejected:
    """Rows of a batch that broke the contract, and why (one reason per row)."""

    rows: pa.Table
    reasons: list[str]


@dataclass(frozen=True)
class LoadResult:
    """What a load did.

    Attributes:
        table: ``schema.table`` written.
        rows_loaded: rows written.
        rows_deleted: rows the write replaced (previous version of the scope or keys).
        rows_quarantined: rows rejected into ``ops.quarantine``.
    """

    table: str
    rows_loaded: int
    rows_deleted: int
    rows_quarantined: int


def conform(spec: TableSpec, table: pa.Table) -> pa.Table:
    """Select and cast ``table``'s columns to ``spec.columns`` (in spec order).

    Raises:
        ValueError: a column of the spec is missing from the batch (names the columns).
    """
    missing = [n for n in spec.columns.names if n not in table.column_names]
    if missing:
        raise ValueError(f"{spec.fqn}: batch lacks columns {missing}")
    selected = table.select(spec.columns.names)
    # Nullability is checked row by row below (and rejected rows quarantined), so cast to the
    # nullable form of the schema first.
    loose = pa.schema([f.with_nullable(True) for f in spec.columns])
    return selected.cast(loose)


def _key_text(table: pa.Table, cols: tuple[str, ...]) -> pa.ChunkedArray:
    parts = [pc.fill_null(pc.cast(table[c], pa.string()), "∅") for c in cols]
    return pc.binary_join_element_wise(*parts, "|") if len(parts) > 1 else parts[0]


def split_valid(
    spec: TableSpec, table: pa.Table, scope: LoadScope | None
) -> tuple[pa.Table, Rejected]:
    """Split a conformed batch into rows to load and rows to quarantine.

    Rules, in order (a row gets the first reason that applies): null key/required column; row
    outside ``scope`` (other account, or date outside the window); duplicate primary key (first
    occurrence kept). Vectorized with Arrow compute: no per-row Python. A batch with nothing to
    reject is returned as it is (not copied).
    """
    n = table.num_rows
    reason = pa.array([None] * n, pa.string())
    for col in spec.not_null:
        bad = pc.is_null(table[col])
        reason = pc.if_else(pc.and_(bad, pc.is_null(reason)), f"{col} is null", reason)
    if scope is not None and spec.partition_column and spec.scope_column:
        acct = pc.not_equal(table[spec.scope_column], pa.scalar(scope.account_id))
        day = table[spec.partition_column]
        outside = pc.or_(
            pc.less(day, pa.scalar(scope.start, pa.date32())),
            pc.greater(day, pa.scalar(scope.end, pa.date32())),
        )
        msg = (
            f"outside the extracted window (account {scope.account_id}, {scope.start}..{scope.end})"
        )
        reason = pc.if_else(
            pc.and_(pc.fill_null(pc.or_(acct, outside), True), pc.is_null(reason)), msg, reason
        )
    # duplicates among the rows still valid: keep the first occurrence of each key
    idx = pa.array(range(n), pa.int64())
    ok_mask = pc.is_null(reason)
    keyed = pa.table({"k": _key_text(table, spec.primary_key), "i": idx}).filter(ok_mask)
    firsts = keyed.group_by("k").aggregate([("i", "min")])["i_min"]
    dup = pc.and_(ok_mask, pc.invert(pc.is_in(idx, value_set=firsts)))
    reason = pc.if_else(dup, f"duplicate primary key ({', '.join(spec.primary_key)})", reason)
    if reason.null_count == n:  # the usual batch: nothing to reject, no copy of the rows
        return table, Rejected(table.slice(0, 0), [])
    good = pc.is_null(reason)
    rejected = table.filter(pc.invert(good))
    reasons = reason.filter(pc.invert(good)).to_pylist()
    return table.filter(good), Rejected(rejected, reasons)


def quarantine_table(
    spec: TableSpec, rejected: Rejected, source: str, record_refs: list[str] | None = None
) -> pa.Table:
    """Build ``ops.quarantine`` rows for rejected rows (ids are deterministic, so re-runs merge)."""
    rows = rejected.rows
    if record_refs is None:
        record_refs = _key_text(rows, spec.primary_key).to_pylist() if rows.num_rows else []
    raw = (
        rows["raw_json"].to_pylist()
        if "raw_json" in rows.column_names
        else [str(r) for r in rows.to_pylist()]
    )
    accounts = (
        rows[spec.scope_column].to_pylist()
        if spec.scope_column and spec.scope_column in rows.column_names
        else [None] * rows.num_rows
    )
    now = datetime.now(UTC)
    ids = [
        hashlib.sha256(f"{spec.fqn}|{source}|{ref}|{why}|{r}".encode()).hexdigest()[:32]
        for ref, why, r in zip(record_refs, rejected.reasons, raw, strict=True)
    ]
    return pa.table(
        {
            "quarantine_id": ids,
            "target_table": [spec.fqn] * rows.num_rows,
            "source": [source] * rows.num_rows,
            "record_ref": record_refs,
            "account_id": pa.array(accounts, pa.string()),
            "reason": rejected.reasons,
            "raw_record": pa.array(raw, pa.string()),
            "quarantined_at": pa.array([now] * rows.num_rows, pa.timestamp("us", tz="UTC")),
        },
        schema=QUARANTINE.columns,
    )


def write_quarantine(warehouse: Warehouse, rows: pa.Table) -> int:
    """Merge quarantine rows (built by :func:`quarantine_table` or a file loader)."""
    if rows.num_rows == 0:
        return 0
    warehouse.merge(QUARANTINE, rows)
    return rows.num_rows


def load_table(
    warehouse: Warehouse,
    spec: TableSpec,
    table: pa.Table,
    *,
    source: str,
    scope: LoadScope | None = None,
) -> LoadResult:
    """Validate ``table`` against ``spec`` and write it by the spec's write mode.

    Args:
        warehouse: where to write.
        spec: the raw table's contract.
        table: the batch (columns of ``spec.columns``; extra columns are ignored).
        source: endpoint or file the batch came from (kept with quarantined rows and the log).
        scope: for ``partition_overwrite`` tables, the (account, date range) that was extracted;
            its rows are replaced even when the batch is empty (a day with no delivery any more).

    Returns:
        Counts of loaded, replaced and quarantined rows.

    Raises:
        ValueError: the batch lacks a column of the spec, or a partition-overwrite load has no
            scope.
    """
    if spec.write_mode == "partition_overwrite" and scope is None:
        raise ValueError(f"{spec.fqn} is written by partition overwrite: pass the scope")
    batch = conform(spec, table)
    good, rejected = split_valid(spec, batch, scope)
    n_bad = write_quarantine(warehouse, quarantine_table(spec, rejected, source))
    if n_bad:
        log.warning(
            "%s: %d row(s) quarantined from %s (first reason: %s)",
            spec.fqn,
            n_bad,
            source,
            rejected.reasons[0],
        )
    if spec.write_mode == "partition_overwrite":
        assert scope is not None
        res = warehouse.replace_scope(spec, good, scope)
    elif spec.write_mode == "merge":
        res = warehouse.merge(spec, good)
    else:
        res = warehouse.append(spec, good)
    _record_load(warehouse, spec, scope, res.rows_inserted, res.rows_deleted, n_bad, source)
    return LoadResult(spec.fqn, res.rows_inserted, res.rows_deleted, n_bad)


def _record_load(
    warehouse: Warehouse,
    spec: TableSpec,
    scope: LoadScope | None,
    loaded: int,
    deleted: int,
    quarantined: int,
    source: str,
) -> None:
    row = {
        "load_id": [uuid.uuid4().hex],
        "target_table": [spec.fqn],
        "account_id": [scope.account_id if scope else None],
        "window_start": pa.array([scope.start if scope else None], pa.date32()),
        "window_end": pa.array([scope.end if scope else None], pa.date32()),
        "rows_loaded": [loaded],
        "rows_deleted": [deleted],
        "rows_quarantined": [quarantined],
        "source": [source],
        "loaded_at": pa.array([datetime.now(UTC)], pa.timestamp("us", tz="UTC")),
    }
    warehouse.append(SYNC_STATE, pa.table(row, schema=SYNC_STATE.columns))
