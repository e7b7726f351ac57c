"""The exactly-once ledger of file drops: ``ops.file_loads``, one row per file content (sha256).

A file is identified by the sha256 of its bytes, not its name: the same content dropped again —
under any name — is skipped, and a corrected file (new content, maybe the same name) loads. The
row is written after the file's rows are in the warehouse and before the file is moved out of
the inbox, so a crash in between leaves a file whose hash is known: the next pass skips it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Literal

import pyarrow as pa

from extractors.common.schemas import FILE_LOADS
from extractors.common.warehouse import Warehouse

Status = Literal["loaded", "rejected", "skipped", "failed"]
"""``loaded`` and ``rejected`` are recorded; ``skipped`` (content already known) and ``failed``
(an unexpected error: the file stays in the inbox for the next pass) are not."""


def content_hash(data: bytes) -> str:
    """sha256 of a file's bytes, lowercase hex (64 characters)."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class FileLoad:
    """What happened to one dropped file (a row of ``ops.file_loads`` when recorded).

    Attributes:
        file_hash: sha256 of the content.
        file_name: name it was dropped under.
        kind: its kind, or None when it matched none.
        status: see :data:`Status`.
        rows_read: data lines (blank lines excluded).
        rows_loaded: rows written to the raw table.
        rows_replaced: rows the write replaced (same keys, or the period's previous rows).
        rows_quarantined: rows sent to ``ops.quarantine``.
        period_start: first day (or week start) the file covered.
        period_end: last day (or week start) the file covered.
        message: why it was rejected or skipped, or a summary.
        stored_path: where the file went, relative to the inbox (``archive/2026-11-21/x.csv``).
        loaded_at: when (UTC).
    """

    file_hash: str
    file_name: str
    kind: str | None
    status: Status
    loaded_at: datetime
    rows_read: int = 0
    rows_loaded: int = 0
    rows_replaced: int = 0
    rows_quarantined: int = 0
    period_start: date | None = None
    period_end: date | None = None
    message: str | None = None
    stored_path: str | None = None

    @property
    def recorded(self) -> bool:
        """True for outcomes the ledger keeps (``loaded``, ``rejected``)."""
        return self.status in ("loaded", "rejected")


def _ledger_exists(warehouse: Warehouse) -> bool:
    if warehouse.dialect != "duckdb":
        return warehouse.table_exists(FILE_LOADS.fqn)
    # Not DuckDBWarehouse.table_exists: on DuckDB 2.0 it leaves its result half-fetched and the
    # next query() on the connection fails with "unfinished result".
    found = warehouse.query(
        "select count(*) as n from information_schema.tables "
        "where table_schema = ? and table_name = ?",
        [FILE_LOADS.schema, FILE_LOADS.name],
    )
    return bool(found["n"][0].as_py())


def lookup(warehouse: Warehouse, file_hash: str) -> FileLoad | None:
    """The ledger row of a content hash, or None.

    The ledger table must exist (``warehouse.ensure_table(FILE_LOADS)``).
    """
    rows = warehouse.query(
        f"select * from {FILE_LOADS.fqn} where file_hash = ?", [file_hash]
    ).to_pylist()
    return FileLoad(**rows[0]) if rows else None


def known_hashes(warehouse: Warehouse) -> set[str]:
    """Every content hash in the ledger (empty when it does not exist yet)."""
    if not _ledger_exists(warehouse):
        return set()
    return set(warehouse.query(f"select file_hash from {FILE_LOADS.fqn}")["file_hash"].to_pylist())


def record(warehouse: Warehouse, load: FileLoad) -> None:
    """Write (merge) the ledger row of a loaded or rejected file.

    Raises:
        ValueError: ``load`` is not a recorded outcome.
    """
    if not load.recorded:
        raise ValueError(f"{load.file_name}: status {load.status} is not recorded in the ledger")
    warehouse.merge(FILE_LOADS, pa.Table.from_pylist([asdict(load)], schema=FILE_LOADS.columns))
