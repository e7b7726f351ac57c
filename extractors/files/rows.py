"""CSV lines → typed rows of the raw table, and the rows to quarantine with their reasons.

Two vectorized passes, no per-row Python:

1. pyarrow's CSV reader reads every cell as text (so a bad number never fails the whole read);
   a line with the wrong number of fields is set aside through its ``invalid_row_handler``,
   which gives the physical line number.
2. One DuckDB SQL statement (in memory, not the warehouse) trims and converts the cells
   (``try_strptime``, regex-guarded casts), resolves SKUs, and gives each row the first reason it
   breaks the kind's contract — missing required value, wrong type, pattern, negative amount,
   unknown SKU, date outside the file's period, wrong weekday, duplicate key (the first line
   wins) — and builds ``raw_json`` from the original header names.
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
from extractors.common.warehouse import quote_ident
from extractors.files.header import FileRejectedError, HeaderMatch
from extractors.files.kinds import FileColumn, FileKind
from extractors.files.lines import BadLine, SplitFile

LINE = "__line"
_INT = "[+-]?[0-9]+"
_DECIMAL = "[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)"


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


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _text(col: FileColumn, present: bool) -> str:
    expr = f"nullif(trim(c.{quote_ident(col.header)}), '')" if present else "null::varchar"
    if col.upper:
        expr = f"upper({expr})"
    return f"coalesce({expr}, {_lit(col.default)})" if col.default is not None else expr


def _typed(col: FileColumn, t: str, cfg: KindConfig) -> str:
    if col.type == "date":
        fmts = ", ".join(_lit(f) for f in cfg.date_formats)
        return f"cast(try_strptime({t}, [{fmts}]) as date)"
    if col.type == "int":
        return f"case when regexp_full_match({t}, '{_INT}') then try_cast({t} as bigint) end"
    if col.type == "decimal":
        return (
            f"case when regexp_full_match({t}, '{_DECIMAL}') "
            f"then try_cast({t} as decimal(38, 9)) end"
        )
    return t


_TYPE_WORDS = {"int": "a whole number", "decimal": "a number"}


def _reasons(kind: FileKind, ctx: RowContext) -> list[str]:
    """``CASE`` expressions, in priority order, each giving a reason or null."""
    out = []
    for col in kind.columns:
        h, t, v = col.header, f"t.{quote_ident('t_' + col.header)}", quote_ident(col.column)
        if col.required:
            out.append(f"case when {t} is null then {_lit(h + ' is missing')} end")
        if col.type != "string":
            word = _TYPE_WORDS.get(col.type, f"a date ({' or '.join(ctx.cfg.date_formats)})")
            out.append(
                f"case when {t} is not null and {v} is null "
                f"then {_lit(f'{h} is not {word}: ')} || {t} end"
            )
        if col.pattern:
            out.append(
                f"case when not regexp_full_match({t}, {_lit(col.pattern)}) "
                f"then {_lit(f'{h} does not match {col.pattern}: ')} || {t} end"
            )
        if col.min_value is not None:
            out.append(
                f"case when {v} < {col.min_value} "
                f"then {_lit(f'{h} is below {col.min_value}: ')} || {t} end"
            )
        if col.sku:
            out.append(
                f"case when {t} is not null and master_sku is null then "
                f"'unknown SKU ' || {t} || ' (not in the master SKU list)' end"
            )
    p = quote_ident(kind.period_column)
    header = next(c.header for c in kind.columns if c.column == kind.period_column)
    if ctx.period:
        a, b = ctx.period
        out.append(
            f"case when {p} not between date '{a}' and date '{b}' then "
            f"{_lit(header + ' ')} || {p} || {_lit(f' is outside the file period {a}..{b}')} end"
        )
    dow = ctx.cfg.week_start_isodow
    if dow:
        out.append(
            f"case when isodow({p}) <> {dow} then {_lit(header + ' ')} || {p} || ' is a ' || "
            f"dayname({p}) || {_lit(f', weeks start on {ctx.cfg.week_starts_on}')} end"
        )
    return out


def _select_sql(kind: FileKind, match: HeaderMatch, header: list[str], ctx: RowContext) -> str:
    present = {c.header: name for c, name in zip(match.columns, header, strict=True) if c}
    raw = ", ".join(f"{_lit(name)}, c.{quote_ident(h)}" for h, name in present.items())
    texts = ",\n".join(
        f"{_text(c, c.header in present)} as {quote_ident('t_' + c.header)}" for c in kind.columns
    )
    typed = ",\n".join(
        f"{_typed(c, 't.' + quote_ident('t_' + c.header), ctx.cfg)} as {quote_ident(c.column)}"
        for c in kind.columns
    )
    sku = next((c for c in kind.columns if c.sku), None)
    join = f"left join sku_codes as m on m.code = t.{quote_ident('t_' + sku.header)}" if sku else ""
    master = ", m.master_sku" if sku else ""
    key = [quote_ident(k) for k in kind.key if k != kind.constant_column]
    key_names = ", ".join(k for k in kind.key if k != kind.constant_column)
    return f"""
with texts as (
    select c.{LINE}, json_object({raw}) as raw_json,
    {texts}
    from cells as c
),
typed as (
    select t.*, {typed}{master}
    from texts as t {join}
),
checked as (
    select *, coalesce({", ".join(_reasons(kind, ctx))}) as reason
    from typed as t
),
ranked as (
    select *, row_number() over w as dup_rank, min({LINE}) over w as first_line
    from checked
    window w as (partition by reason is null, {", ".join(key)} order by {LINE})
),
final as (
    select * exclude (reason, dup_rank, first_line),
        case when reason is null and dup_rank > 1
            then {_lit(f"duplicate key ({key_names}): same as line ")} || first_line
            else reason end as reason
    from ranked
)
select {_projection(kind)}, reason, raw_json as _raw_record, {LINE} as _line
from final
order by {LINE}
"""


def _projection(kind: FileKind) -> str:
    own = {c.column for c in kind.columns}
    if any(c.sku for c in kind.columns):
        own.add("master_sku")
    fixed = {
        "source_file_hash": "$file_hash",
        "source_file_line": LINE,
        "account_timezone": "$timezone",
        "currency_code": "$currency",
        "raw_json": "raw_json",
        "_loaded_at": "cast($loaded_at as timestamptz)",
        "_source": "$file_name",
    }
    if kind.constant_column:
        fixed[kind.constant_column] = "$source"
    out = []
    for name in kind.table.columns.names:
        expr = quote_ident(name) if name in own else fixed[name]
        out.append(f"{expr} as {quote_ident(name)}")
    return ", ".join(out)


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
    sql = _select_sql(kind, match, header, ctx)
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
