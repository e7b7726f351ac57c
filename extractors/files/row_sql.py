"""The one SQL statement that types and checks a dropped file's rows (DuckDB, in memory).

Input relations: ``cells`` (every cell as text, named by the kind's header names, plus
``__line``) and ``sku_codes`` (``code`` → ``master_sku``). Output: one row per input row, in line
order, with the raw table's columns, ``reason`` (null when the row is valid), ``_raw_record``
(the row as JSON with the file's own header names) and ``_line``.

A row gets the first reason that applies, column by column in the kind's order: missing required
value, not the column's type, pattern, below the minimum, unknown SKU; then outside the file's
period, wrong weekday; then a key already seen on an earlier valid line (that line is named).
Only identifiers we own and literals escaped by :func:`_lit` are spliced into the SQL.
"""

from __future__ import annotations

from datetime import date

from config.files import KindConfig
from extractors.common.warehouse import quote_ident
from extractors.files.header import HeaderMatch
from extractors.files.kinds import FileColumn, FileKind

LINE = "__line"
_INT = "[+-]?[0-9]+"
_DECIMAL = "[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)"


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


def _reasons(kind: FileKind, cfg: KindConfig, period: tuple[date, date] | None) -> list[str]:
    """``CASE`` expressions, in priority order, each giving a reason or null."""
    out = []
    for col in kind.columns:
        h, t, v = col.header, f"t.{quote_ident('t_' + col.header)}", quote_ident(col.column)
        if col.required:
            out.append(f"case when {t} is null then {_lit(h + ' is missing')} end")
        if col.type != "string":
            word = _TYPE_WORDS.get(col.type, f"a date ({' or '.join(cfg.date_formats)})")
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
    if period:
        a, b = period
        out.append(
            f"case when {p} not between date '{a}' and date '{b}' then "
            f"{_lit(header + ' ')} || {p} || {_lit(f' is outside the file period {a}..{b}')} end"
        )
    dow = cfg.week_start_isodow
    if dow:
        out.append(
            f"case when isodow({p}) <> {dow} then {_lit(header + ' ')} || {p} || ' is a ' || "
            f"dayname({p}) || {_lit(f', weeks start on {cfg.week_starts_on}')} end"
        )
    return out


def select_sql(
    kind: FileKind,
    match: HeaderMatch,
    header: list[str],
    cfg: KindConfig,
    period: tuple[date, date] | None,
) -> str:
    """The statement over ``cells`` and ``sku_codes`` that types, checks and stamps every row.

    Its named parameters (``$file_hash``, ``$file_name``, ``$timezone``, ``$loaded_at``, and
    ``$currency`` / ``$source`` where the table has them) are bound by the caller.
    """
    present = {c.header: name for c, name in zip(match.columns, header, strict=True) if c}
    raw = ", ".join(f"{_lit(name)}, c.{quote_ident(h)}" for h, name in present.items())
    texts = ",\n".join(
        f"{_text(c, c.header in present)} as {quote_ident('t_' + c.header)}" for c in kind.columns
    )
    typed = ",\n".join(
        f"{_typed(c, 't.' + quote_ident('t_' + c.header), cfg)} as {quote_ident(c.column)}"
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
    select *, coalesce({", ".join(_reasons(kind, cfg, period))}) as reason
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
