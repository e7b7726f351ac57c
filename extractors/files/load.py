"""Load dropped CSV files, each exactly once: the one code path of the sensor and the pipeline.

For one file (:meth:`FileLoader.load_file`):

1. hash the bytes; a hash already in ``ops.file_loads`` → skipped, moved to
   ``archive/<day>/duplicates/`` (nothing is written);
2. recognise the kind (name, then header) — a wrong header, unknown kind, unreadable header, a
   mostly non-UTF-8 file or a bad period in the name → rejected whole: ledger row ``rejected``,
   file moved to ``rejected/`` with ``<name>.why.txt``;
3. type and check every row; bad rows → ``ops.quarantine`` (``record_ref`` = ``<file>:<line>``);
4. good rows → ``load_table`` by the table's contract (merge, or overwrite of the feed's period);
5. ledger row ``loaded``, then the file moves to ``archive/<day>/``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from config.files import FilesConfig, SkuCatalog
from extractors.common.loader import Rejected, load_table, quarantine_table, write_quarantine
from extractors.common.schemas import FILE_LOADS
from extractors.common.warehouse import LoadScope, Warehouse
from extractors.files import ledger
from extractors.files.header import FileRejectedError, period_from_name, recognise
from extractors.files.inbox import Inbox
from extractors.files.kinds import KINDS, FileKind
from extractors.files.ledger import FileLoad
from extractors.files.lines import BadLine, SplitFile, UnreadableFileError, split_lines
from extractors.files.rows import RowContext, TypedRows, read_cells, type_rows

log = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class FileLoader:
    """Loads inbox files into the warehouse.

    Attributes:
        warehouse: where rows, quarantine and ledger are written.
        inbox: the inbox folder.
        config: ``config/files.yml``.
        catalog: the master SKU list.
        now: clock (UTC); injected in tests.
    """

    warehouse: Warehouse
    inbox: Inbox
    config: FilesConfig
    catalog: SkuCatalog
    now: Callable[[], datetime] = field(default=_utc_now)
    _con: duckdb.DuckDBPyConnection | None = field(default=None, init=False, repr=False)
    _ready: bool = field(default=False, init=False, repr=False)

    def ensure_tables(self) -> None:
        """Create the ledger and every file table (empty tables keep dbt's views buildable)."""
        for spec in (FILE_LOADS, *(k.table for k in KINDS.values())):
            self.warehouse.ensure_table(spec)
        self._ready = True

    def close(self) -> None:
        """Close the in-memory DuckDB connection used to type rows (reopened when needed)."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> FileLoader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def typing_connection(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB (UTC) for typing rows; opening one costs ~80 ms, so it is kept."""
        if self._con is None:
            self._con = duckdb.connect()
            self._con.execute("SET TimeZone='UTC'")
        return self._con

    def load_pending(self, paths: Iterable[Path | str] | None = None) -> list[FileLoad]:
        """Load ``paths`` (default: every waiting file), oldest first; one failure stops none.

        Creates the file tables and the ledger first, even when nothing waits.

        A path that no longer exists (another run took it) is skipped silently. An unexpected
        error leaves its file in the inbox and comes back as a ``failed`` outcome.
        """
        if not self._ready:
            self.ensure_tables()
        todo = self.inbox.pending() if paths is None else [Path(p) for p in paths]
        out = []
        for path in todo:
            if not path.is_file():
                log.info("%s: gone from the inbox (already taken), skipped", path.name)
                continue
            try:
                out.append(self.load_file(path))
            except Exception as exc:
                log.exception("%s: load failed; the file stays in the inbox", path.name)
                out.append(FileLoad("", path.name, None, "failed", self.now(), message=str(exc)))
        return out

    def load_file(self, path: Path) -> FileLoad:
        """Load one file (see the module docstring) and move it out of the inbox.

        Returns:
            The outcome (``loaded``, ``rejected`` or ``skipped``).

        Raises:
            Exception: whatever the warehouse raises; the file then stays in the inbox.
        """
        if not self._ready:
            self.ensure_tables()
        data = path.read_bytes()
        file_hash, now = ledger.content_hash(data), self.now()
        seen = ledger.lookup(self.warehouse, file_hash)
        if seen is not None:
            return self._skip(path, file_hash, seen, now)
        try:
            result = self._load(path.name, data, file_hash, now)
            target = self.inbox.archive_target(path, now.date(), file_hash)
            why: str | None = None
        except FileRejectedError as exc:
            result = FileLoad(file_hash, path.name, exc.kind, "rejected", now, message=str(exc))
            target = self.inbox.rejected_target(path, file_hash)
            why = f"{path.name} was rejected (sha256 {file_hash}):\n{exc}"
            log.error("%s rejected: %s", path.name, exc)
        result = replace(result, stored_path=self.inbox.relative(target))
        ledger.record(self.warehouse, result)
        self.inbox.move(path, target, why)
        return result

    def _skip(self, path: Path, file_hash: str, seen: FileLoad, now: datetime) -> FileLoad:
        """Set aside a file whose content the ledger knows (no row is written)."""
        why = (
            f"identical content (sha256 {file_hash}) was already {seen.status} as "
            f"{seen.file_name} at {seen.loaded_at:%Y-%m-%d %H:%M} UTC: skipped"
        )
        target = self.inbox.duplicate_target(path, now.date(), file_hash)
        self.inbox.move(path, target, why)
        log.info("%s: %s", path.name, why)
        return FileLoad(
            file_hash, path.name, seen.kind, "skipped", now, message=why,
            stored_path=self.inbox.relative(target),
        )  # fmt: skip

    def _load(self, name: str, data: bytes, file_hash: str, now: datetime) -> FileLoad:
        try:
            split = split_lines(data)
        except UnreadableFileError as exc:
            raise FileRejectedError(str(exc)) from exc
        match = recognise(name, split.header, self.config)
        kind = match.kind
        cfg = self.config.kinds[kind.name]  # type: ignore[index]
        self._check_encoding(split, kind)
        ctx = RowContext(
            file_name=name,
            file_hash=file_hash,
            loaded_at=now,
            cfg=cfg,
            sku_codes=self.catalog.codes(cfg.sku_platform),
            period=period_from_name(name, cfg),
        )
        cells, shape_bad = read_cells(split, match)
        typed = type_rows(self.typing_connection, cells, match, split.header, ctx)
        n_bad = self._quarantine(kind, name, [*split.bad_lines, *shape_bad], typed)
        period = ctx.period or _span(typed.good, kind.period_column)
        loaded = replaced = 0
        if typed.good.num_rows:
            scope = None
            if kind.table.write_mode == "partition_overwrite":
                assert period is not None
                scope = LoadScope(cfg.source or kind.name, *period)
            res = load_table(self.warehouse, kind.table, typed.good, source=name, scope=scope)
            loaded, replaced = res.rows_loaded, res.rows_deleted
            n_bad += res.rows_quarantined
        message = f"{loaded} row(s) loaded, {replaced} replaced, {n_bad} quarantined"
        if not typed.good.num_rows:
            message += "; no valid row: nothing written, the previous rows stay"
        log.info("%s (%s): %s", name, kind.name, message)
        return FileLoad(
            file_hash, name, kind.name, "loaded", now,
            rows_read=split.data_lines, rows_loaded=loaded, rows_replaced=replaced,
            rows_quarantined=n_bad, period_start=period[0] if period else None,
            period_end=period[1] if period else None, message=message,
        )  # fmt: skip

    def _check_encoding(self, split: SplitFile, kind: FileKind) -> None:
        bad, total = len(split.bad_lines), split.data_lines
        if total and bad / total > self.config.max_bad_encoding_share:
            raise FileRejectedError(
                f"{bad} of {total} lines are not valid UTF-8 ({split.bad_lines[0].reason}); "
                "re-export the file as UTF-8",
                kind.name,
            )

    def _quarantine(self, kind: FileKind, name: str, lines: list[BadLine], typed: TypedRows) -> int:
        """Write every rejected line and row to ``ops.quarantine``; returns how many."""
        entries = sorted(
            [(b.line, b.reason, b.record) for b in lines]
            + list(zip(typed.bad_lines, typed.bad_reasons, typed.bad_records, strict=True))
        )
        if not entries:
            return 0
        rows = pa.table({"raw_json": pa.array([e[2] for e in entries], pa.string())})
        rejected = Rejected(rows, [e[1] for e in entries])
        refs = [f"{name}:{e[0]}" for e in entries]
        q = quarantine_table(kind.table, rejected, name, record_refs=refs)
        log.warning(
            "%s: %d row(s) quarantined (first: line %d, %s)",
            name,
            len(entries),
            entries[0][0],
            entries[0][1],
        )
        return write_quarantine(self.warehouse, q)


def _span(table: pa.Table, column: str) -> tuple[date, date] | None:
    """(min, max) of a date column, or None for an empty table."""
    if table.num_rows == 0:
        return None
    mm = pc.min_max(table[column])
    return mm["min"].as_py(), mm["max"].as_py()
