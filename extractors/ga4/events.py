"""Read one GA4 export file into rows of ``raw.ga4_events`` (Arrow), parsed by DuckDB.

Nothing is parsed row by row in Python (TOOLCHAIN.md: DuckDB's own readers are the local speed
limit). Two formats, one contract (``extractors.common.schemas.GA4_EVENTS``):

- **newline-delimited JSON** (``read_json_objects``): every record is typed by one
  ``json_transform`` with the contract's structure; ``raw_json`` is the line as exported.
  ``json_transform`` is lenient, which real exports need: a value of the wrong JSON type becomes
  NULL instead of failing the file (the recorded sample has ``"ecommerce": "null"`` — a string
  —, ``NaN`` in ``user_first_touch_timestamp``, ``stream_id`` as a number and ``event_params``
  entries whose ``value`` is null). A struct column whose JSON is not an object is NULL.
- **Parquet** (``read_parquet``): columns are cast to the contract's types by name (missing
  fields become NULL). The typed columns already hold the record, so ``raw_json`` holds what they
  do not — columns the contract does not type, and whole struct columns that carry fields it
  does not type — as a JSON object (``{}`` when nothing is left over). Together they are the full
  record, without storing every event twice (see dbt_project/DECISIONLOG.md).

Placeholders GA4 writes into strings (``<Other>``, ``(data deleted)``, ``(not set)``) are values
and stay as they are. ``event_dedupe_key`` is the md5 of the whole record, so an event exported
twice has one key (the loader keeps the first and quarantines the copy).

Units are the export's: ``event_timestamp`` in microseconds since the epoch (UTC, the client's
clock), ``event_date`` the property-local day, money in the property currency (``*_in_usd`` in
USD). Source: "[GA4] BigQuery Export schema", support.google.com/analytics/answer/7029846.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from extractors.common.schemas import GA4_EVENTS
from extractors.ga4.files import ExportDay
from extractors.ga4.settings import ExportProperty

_META = {
    "property_id",
    "event_dedupe_key",
    "account_timezone",
    "currency_code",
    "raw_json",
    "_loaded_at",
    "_source",
}
EXPORT_COLUMNS: tuple[str, ...] = tuple(n for n in GA4_EVENTS.columns.names if n not in _META)
"""Export columns typed in the raw table, in contract order."""


def _type(name: str) -> pa.DataType:
    return GA4_EVENTS.columns.field(name).type


def json_structure(dtype: pa.DataType) -> object:
    """The ``json_transform`` structure of an Arrow type (nested dicts/lists of type names).

    Raises:
        TypeError: a type the GA4 contract does not use.
    """
    if pa.types.is_struct(dtype):
        return {f.name: json_structure(f.type) for f in dtype}
    if pa.types.is_list(dtype):
        return [json_structure(dtype.value_type)]
    if pa.types.is_string(dtype) or pa.types.is_date(dtype):
        return "VARCHAR"  # event_date is 'YYYYMMDD' in the export, parsed below
    if pa.types.is_integer(dtype):
        return "BIGINT"
    if pa.types.is_floating(dtype):
        return "DOUBLE"
    if pa.types.is_boolean(dtype):
        return "BOOLEAN"
    raise TypeError(f"no json_transform type for {dtype}")


def sql_type(dtype: pa.DataType) -> str:
    """The DuckDB SQL type of an Arrow type (``STRUCT("key" VARCHAR, ...)[]``)."""
    if pa.types.is_struct(dtype):
        return "STRUCT(" + ", ".join(f'"{f.name}" {sql_type(f.type)}' for f in dtype) + ")"
    if pa.types.is_list(dtype):
        return sql_type(dtype.value_type) + "[]"
    names = {"VARCHAR": "VARCHAR", "BIGINT": "BIGINT", "DOUBLE": "DOUBLE", "BOOLEAN": "BOOLEAN"}
    return names[str(json_structure(dtype))]


# -- newline-delimited JSON ------------------------------------------------------------------

STRUCTURE = json.dumps(
    {
        n: "JSON" if pa.types.is_struct(_type(n)) else json_structure(_type(n))
        for n in EXPORT_COLUMNS
    }
)
"""The ``json_transform`` structure of one exported event. Struct columns come out as JSON
first: only a JSON object becomes a struct (``"null"``, a string, is NULL, not a struct of
NULLs), and checking the small sub-document is cheaper than probing the whole record again."""


def _json_column(name: str) -> str:
    if name == "event_date":
        return "try_strptime(e.event_date, '%Y%m%d')::date as event_date"
    if pa.types.is_struct(_type(name)):
        inner = json.dumps(json_structure(_type(name))).replace("'", "''")
        return (
            f"case when json_type(e.{name}) = 'OBJECT' "
            f"then json_transform(e.{name}, '{inner}') end as {name}"
        )
    return f"e.{name} as {name}"


_JSON_SQL = f"""
    with src as (
        select json::varchar as record
        from read_json_objects($path, format = 'newline_delimited')
    ),
    typed as (select record, json_transform(record, $structure) as e from src)
    select
        md5(record) as event_dedupe_key,
        {", ".join(_json_column(n) for n in EXPORT_COLUMNS)},
        record as raw_json
    from typed
"""


# -- Parquet ---------------------------------------------------------------------------------


def _holds(file_type: pa.DataType, contract: pa.DataType) -> bool:
    """True when every (nested) field of ``file_type`` has a place in ``contract``."""
    if pa.types.is_struct(file_type):
        if not pa.types.is_struct(contract):
            return False
        names = {f.name: f.type for f in contract}
        return all(f.name in names and _holds(f.type, names[f.name]) for f in file_type)
    if pa.types.is_list(file_type) or pa.types.is_large_list(file_type):
        return pa.types.is_list(contract) and _holds(file_type.value_type, contract.value_type)
    return not (pa.types.is_list(contract) or pa.types.is_struct(contract))


def _parquet_sql(path: Path) -> str:
    schema = pq.read_schema(path)
    present = set(schema.names)
    typed = []
    for name in EXPORT_COLUMNS:
        if name not in present:
            typed.append(f"null::{sql_type(_type(name))} as {name}")
        elif name == "event_date":
            typed.append("try_strptime(t.event_date::varchar, '%Y%m%d')::date as event_date")
        else:
            typed.append(f'try_cast(t."{name}" as {sql_type(_type(name))}) as {name}')
    rest = [
        f.name for f in schema if f.name not in EXPORT_COLUMNS or not _holds(f.type, _type(f.name))
    ]
    remainder = (
        "'{}'"
        if not rest
        else STRIP_NULLS.format(
            x="to_json(struct_pack(" + ", ".join(f'"{n}" := t."{n}"' for n in rest) + "))::varchar"
        )
    )
    return f"""
        select
            md5(to_json(t)::varchar) as event_dedupe_key,
            {", ".join(typed)},
            {remainder} as raw_json
        from read_parquet($path) as t
    """


STRIP_NULLS = (
    "regexp_replace(regexp_replace(regexp_replace({x}, '\"\\w+\":null,', '', 'g'), "
    "',\"\\w+\":null}}', '}}', 'g'), '\\{{\"\\w+\":null}}', '{{}}', 'g')"
)
"""SQL removing ``"name":null`` members from compact JSON text (``{x}``: the expression); a
member name never holds a quote, so string values are left alone."""


# -- both ------------------------------------------------------------------------------------


def read_export_day(
    export_day: ExportDay,
    prop: ExportProperty,
    loaded_at: datetime,
    source: str,
    con: duckdb.DuckDBPyConnection | None = None,
) -> pa.Table:
    """Every event of one export file as ``raw.ga4_events`` columns (Arrow, contract order).

    Args:
        export_day: the file and its format.
        prop: the property (its id, currency and time zone are stored with each row).
        loaded_at: ``_loaded_at`` of the rows (UTC).
        source: ``_source`` of the rows (the file as the caller names it).
        con: a DuckDB connection to reuse (default: a new in-memory one).

    Raises:
        duckdb.Error: the file is not readable as its format (truncated, not JSON lines).
    """
    own = con is None
    con = con or duckdb.connect()
    try:
        con.execute("SET TimeZone='UTC'")
        inner = _JSON_SQL if export_day.fmt == "json" else _parquet_sql(export_day.path)
        params: dict[str, object] = {"path": str(export_day.path)}
        if export_day.fmt == "json":
            params["structure"] = STRUCTURE
        rel = con.sql(
            f"""
            select
                $property_id as property_id,
                event_dedupe_key,
                {", ".join(EXPORT_COLUMNS)},
                $timezone as account_timezone,
                $currency as currency_code,
                raw_json,
                $loaded_at::timestamptz as _loaded_at,
                $source as _source
            from ({inner})
        """,
            params={
                **params,
                "property_id": prop.property_id,
                "timezone": prop.timezone,
                "currency": prop.currency,
                "loaded_at": loaded_at,
                "source": source,
            },
        )
        return rel.to_arrow_table()
    finally:
        if own:
            con.close()


def source_name(path: Path, export_dir: Path) -> str:
    """The file as named in ``_source`` and logs: relative to the export folder when inside it."""
    try:
        return str(path.relative_to(export_dir))
    except ValueError:
        return str(path)
