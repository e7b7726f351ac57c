"""The warehouse interface the loaders write through, and its DuckDB implementation.

``Warehouse`` is deliberately small — create a table from a :class:`TableSpec`, replace the rows
of an (account, date range) scope, upsert on a key, append, query — so that the BigQuery
implementation maps each call onto one load job from Arrow/Parquet into a staging table plus one
atomic statement (DELETE+INSERT or MERGE) and no caller changes.

DuckDB allows one writer per database file: open one ``DuckDBWarehouse`` per writing process,
close it before dbt runs, and open readers with ``read_only=True``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import duckdb
import pyarrow as pa

from extractors.common.schemas import TableSpec

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def quote_ident(name: str) -> str:
    """Quote an identifier we own (schema, table, column); refuse anything else.

    Raises:
        ValueError: ``name`` is not a plain identifier.
    """
    if not _IDENT.match(name):
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return f'"{name}"'


@dataclass(frozen=True)
class LoadScope:
    """The slice of a partitioned table that one extraction owns and replaces.

    Attributes:
        account_id: the scope value (the ``TableSpec.scope_column`` value).
        start: first account-local day of the extracted window (inclusive).
        end: last account-local day of the extracted window (inclusive).
    """

    account_id: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"scope end {self.end} is before start {self.start}")


@dataclass(frozen=True)
class WriteResult:
    """What one write did: rows inserted and rows it deleted (replaced)."""

    rows_inserted: int
    rows_deleted: int


@runtime_checkable
class Warehouse(Protocol):
    """Where raw tables are written and marts are read. Implementations: DuckDB, BigQuery."""

    dialect: str

    def ensure_table(self, spec: TableSpec) -> None:
        """Create the schema and table if missing; add columns the spec gained since."""

    def replace_scope(self, spec: TableSpec, table: pa.Table, scope: LoadScope) -> WriteResult:
        """Atomically delete the scope's rows and insert ``table`` (partition overwrite)."""

    def merge(self, spec: TableSpec, table: pa.Table) -> WriteResult:
        """Upsert ``table`` on ``spec.primary_key``."""

    def append(self, spec: TableSpec, table: pa.Table) -> WriteResult:
        """Insert ``table`` as is."""

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        """Run a read query and return the result as Arrow."""

    def table_exists(self, fqn: str) -> bool:
        """True if ``schema.table`` exists."""

    def close(self) -> None:
        """Release connections."""


class DuckDBWarehouse:
    """The embedded default: one DuckDB file (``data/warehouse.duckdb``).

    Every write runs in one transaction, so a crash mid-load leaves the previous rows in place.
    Sessions run in UTC (``SET TimeZone='UTC'``) so timestamps read back as UTC.

    Args:
        path: database file; parent directories are created.
        read_only: open for reading only (many readers may share a file with no writer).
    """

    dialect = "duckdb"

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._con: duckdb.DuckDBPyConnection | None = None

    # -- connection -----------------------------------------------------------------------
    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection (opened on first use)."""
        if self._con is None:
            if not self.read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._con = duckdb.connect(str(self.path), read_only=self.read_only)
            self._con.execute("SET TimeZone='UTC'")
        return self._con

    def close(self) -> None:
        """Close the connection; the next call reopens it."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> DuckDBWarehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    # -- DDL ------------------------------------------------------------------------------
    @staticmethod
    def _table(spec: TableSpec) -> str:
        return f"{quote_ident(spec.schema)}.{quote_ident(spec.name)}"

    def table_exists(self, fqn: str) -> bool:
        """True if ``schema.table`` exists in this database."""
        schema, _, name = fqn.partition(".")
        # fetchall: DuckDB 2.0 keeps a result open after fetchone, which breaks the next query
        rows = self.con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = ? and table_name = ?",
            [schema, name],
        ).fetchall()
        return bool(rows and rows[0][0])

    def _duck_types(self, schema: pa.Schema) -> dict[str, str]:
        rel = self.con.from_arrow(schema.empty_table())
        return dict(zip(rel.columns, (str(t) for t in rel.types), strict=True))

    def ensure_table(self, spec: TableSpec) -> None:
        """Create ``spec``'s schema and table from its Arrow schema; add columns it gained.

        Column types follow DuckDB's own Arrow mapping (``decimal128(38, 9)`` → ``DECIMAL(38,9)``,
        ``list<struct>`` → ``STRUCT(...)[]``, ``timestamp[us, UTC]`` → ``TIMESTAMPTZ``).
        """
        con = self.con
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_ident(spec.schema)}")
        wanted = self._duck_types(spec.columns)
        if not self.table_exists(spec.fqn):
            # No PRIMARY KEY constraint: the loader enforces the key before writing (and
            # quarantines what breaks it), as BigQuery would have to; an ART index would only slow
            # bulk loads and grow memory with history.
            cols = ", ".join(f"{quote_ident(c)} {t}" for c, t in wanted.items())
            con.execute(f"CREATE TABLE {self._table(spec)} ({cols})")
            return
        have = {
            r[0]
            for r in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ?",
                [spec.schema, spec.name],
            ).fetchall()
        }
        for col, typ in wanted.items():
            if col not in have:
                con.execute(f"ALTER TABLE {self._table(spec)} ADD COLUMN {quote_ident(col)} {typ}")

    # -- writes ---------------------------------------------------------------------------
    def _insert(self, con: duckdb.DuckDBPyConnection, spec: TableSpec, table: pa.Table) -> int:
        if table.num_rows == 0:
            return 0
        con.register("_incoming", table.select(spec.columns.names))
        try:
            con.execute(f"INSERT INTO {self._table(spec)} BY NAME SELECT * FROM _incoming")
        finally:
            con.unregister("_incoming")
        return table.num_rows

    def replace_scope(self, spec: TableSpec, table: pa.Table, scope: LoadScope) -> WriteResult:
        """Delete the rows of ``scope`` and insert ``table``, in one transaction.

        Raises:
            ValueError: ``spec`` is not partitioned by date and account.
        """
        if not (spec.partition_column and spec.scope_column):
            raise ValueError(f"{spec.fqn} has no partition and scope column to overwrite by")
        self.ensure_table(spec)
        part, acct = quote_ident(spec.partition_column), quote_ident(spec.scope_column)
        with self._transaction() as con:
            deleted = con.execute(
                f"DELETE FROM {self._table(spec)} WHERE {acct} = ? AND {part} BETWEEN ? AND ?",
                [scope.account_id, scope.start, scope.end],
            ).fetchall()
            inserted = self._insert(con, spec, table)
        return WriteResult(inserted, int(deleted[0][0]) if deleted else 0)

    def merge(self, spec: TableSpec, table: pa.Table) -> WriteResult:
        """Replace rows whose primary key appears in ``table``, then insert ``table``."""
        self.ensure_table(spec)
        if table.num_rows == 0:
            return WriteResult(0, 0)
        keys = ", ".join(quote_ident(c) for c in spec.primary_key)
        with self._transaction() as con:
            con.register("_keys", table.select(list(spec.primary_key)))
            try:
                deleted = con.execute(
                    f"DELETE FROM {self._table(spec)} WHERE ({keys}) IN "
                    f"(SELECT ({keys}) FROM _keys)"
                ).fetchall()
            finally:
                con.unregister("_keys")
            inserted = self._insert(con, spec, table)
        return WriteResult(inserted, int(deleted[0][0]) if deleted else 0)

    def append(self, spec: TableSpec, table: pa.Table) -> WriteResult:
        """Insert ``table`` as is, in one transaction."""
        self.ensure_table(spec)
        with self._transaction() as con:
            inserted = self._insert(con, spec, table)
        return WriteResult(inserted, 0)

    # -- reads ----------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        """Run ``sql`` (with ``?`` parameters) and return an Arrow table."""
        return self.con.sql(sql, params=list(params) if params else None).to_arrow_table()

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        """Run a statement that returns nothing of interest (DDL, maintenance)."""
        self.con.execute(sql, list(params or []))
