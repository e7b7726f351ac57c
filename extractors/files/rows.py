"""CSV lines → typed rows of the raw table, and the rows to quarantine with their reasons.

Two vectorized passes, no per-row Python:

1. pyarrow's CSV reader reads every cell as text (so a bad number never fails the whole read);
   a line with the wrong number of fields is set aside through its ``invalid_row_handler``,
   which gives the physical line number.
2. One DuckDB SQL statement (in memory, not the warehouse) trims and converts the cells
   (``try_strptime``, regex-guarded casts), resolves SKUs, and gives each row the first reason it
   breaks the kind's contract — missing required value, wrong type, pattern, negative amount,
   unknown SKU, date outside the file's period, wrong weekday, duplicate key (the first line
   wins) — and builds ``raw_json`` from the original header names (:mod:`extractors.files.row_sql`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from config.files import KindConfig
from extractors.files.header import FileRejectedError, HeaderMatch
from extractors.files.lines import BadLine, SplitFile
from extractors.files.row_sql import LINE, select_sql


@dataclass(frozen=True)
class RowContext:
    """What the rows of one file are checked against and stamped with.

    Attributes:
        file_name: the dropped file's name (``_source``; quarantine refs ``name:line``).
        file_hash: its sha256 (``source_file_hash``).
        loaded_at: load time (UTC).
        cfg: the kind's configuration.
        sku_codes: accepted SKU code (upper case) → master SKU.
        period: the file's declared period; rows outside it are quarantined. None: no check.
    """

    file_name: str
    file_hash: str
    loaded_at: datetime
    cfg: KindConfig
    sku_codes: dict[str, str]
    period: tuple[date, date] | None


@dataclass(frozen=True)
class TypedRows:
    """A file's rows after typing.

    Attributes:
        good: rows in the raw table's columns (valid for its contract).
        bad_lines: file line of each rejected row.
        bad_reasons: why each was rejected.
        bad_records: each rejected row as JSON (header name → text).
    """

    good: pa.Table
    bad_lines: list[int]
    bad_reasons: list[str]
    bad_records: list[str]


def read_cells(split: SplitFile, match: HeaderMatch) -> tuple[pa.Table, list[BadLine]]:
    """Every cell as text, named by the kind's header names, plus the file line (``__line``).

    Raises:
        FileRejectedError: the reader's rows cannot be aligned with the file's lines.
    """
    names = [c.header if c else f"_unused_{i}" for i, c in enumerate(match.columns)]
    bad: list[BadLine] = []
    width = len(names)

    def handler(row: pacsv.InvalidRow) -> str:
        number = (row.number or 0) - 2  # physical row 1 is the header
        bad.append(
            BadLine(
                split.file_line(number),
                f"line has {row.actual_columns} fields, the header has {width}",
                row.text,
            )
        )
        return "skip"

    table = pacsv.read_csv(
        io.BytesIO(split.body),
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, use_threads=False),
        parse_options=pacsv.ParseOptions(invalid_row_handler=handler),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    kept = split.data_lines - len(split.bad_lines)
    if table.num_rows + len(bad) != kept:
        raise FileRejectedError(
            f"could not align the CSV records with the file's {kept} lines (a quoted value "
            "with a line break?): export one record per line",
            match.kind.name,
        )
    skipped = {b.line for b in bad}
    lines = [split.file_line(i) for i in range(kept)]
    lines = [n for n in lines if n not in skipped]
    return table.append_column(LINE, pa.array(lines, pa.int64())), bad


def type_rows(
    con: duckdb.DuckDBPyConnection,
    cells: pa.Table,
    match: HeaderMatch,
    header: list[str],
    ctx: RowContext,
) -> TypedRows:
    """Type and check a file's cells (from :func:`read_cells`) against its kind.

    Args:
        con: an in-memory DuckDB connection (session time zone UTC).
        cells: text cells named by header name, plus ``__line``.
        match: the header's mapping onto the kind.
        header: the header cells as written in the file (keys of ``raw_json``).
        ctx: the file's context.

    Returns:
        Good rows in the raw table's columns, and the rejected rows with line and reason.
    """
    kind = match.kind
    con.register("cells", cells)
    codes = pa.table(
        {"code": list(ctx.sku_codes), "master_sku": list(ctx.sku_codes.values())},
        schema=pa.schema([("code", pa.string()), ("master_sku", pa.string())]),
    )
    con.register("sku_codes", codes)
    sql = select_sql(kind, match, header, ctx.cfg, ctx.period)
    values = {
        "file_hash": ctx.file_hash,
        "file_name": ctx.file_name,
        "timezone": ctx.cfg.timezone,
        "loaded_at": ctx.loaded_at,
        "currency": ctx.cfg.currency,
        "source": ctx.cfg.source or kind.name,
    }
    params = {k: v for k, v in values.items() if f"${k}" in sql}
    try:
        result = con.sql(sql, params=params).to_arrow_table()
    finally:
        con.unregister("cells")
        con.unregister("sku_codes")
    ok = pc.is_null(result["reason"])
    bad = result.filter(pc.invert(ok))
    return TypedRows(
        good=result.filter(ok).select(kind.table.columns.names),
        bad_lines=bad["_line"].to_pylist(),
        bad_reasons=bad["reason"].to_pylist(),
        bad_records=bad["_raw_record"].to_pylist(),
    )
