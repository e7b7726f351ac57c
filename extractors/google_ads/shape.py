"""GAQL result tables → raw tables, in one DuckDB statement (casts and ``raw_json`` in SQL).

The query result arrives as Arrow with GAQL column names (``campaign.id``...). One SQL pass
renames and casts them to the raw contract, adds the account columns, and builds ``raw_json``:
the row's selected fields nested as in ``GoogleAdsRow`` with proto field names
(``{"campaign": {"id": 101}, "metrics": {"cost_micros": 2100000000}}``; enums as names, int64 as
numbers) — what the API returned, derived column-wise instead of serialising each row in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa

from extractors.common.schemas import TableSpec


@dataclass(frozen=True)
class CustomerInfo:
    """What every row of a customer needs: id, name, currency and timezone (from the API)."""

    account_id: str
    name: str | None
    currency_code: str
    timezone: str


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def raw_json_sql(fields: tuple[str, ...]) -> str:
    """A DuckDB expression: ``to_json`` of the GAQL columns nested by their dotted paths."""
    tree: dict = {}
    for name in fields:
        node = tree
        parts = name.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = name

    def render(node: dict) -> str:
        items = [
            f"'{k}': " + (render(v) if isinstance(v, dict) else _quote(v)) for k, v in node.items()
        ]
        return "{" + ", ".join(items) + "}"

    return f"to_json({render(tree)})::varchar"


def to_raw(
    result: pa.Table,
    spec: TableSpec,
    columns: dict[str, str],
    customer: CustomerInfo,
    source: str,
    loaded_at: datetime,
) -> pa.Table:
    """Shape a GAQL result into ``spec``'s raw table.

    Args:
        result: the query result (GAQL-named columns, from ``GoogleAdsApiClient.search``).
        spec: the raw table.
        columns: raw column → DuckDB expression over the GAQL columns (quote them:
            ``"campaign.id"::varchar``); every typed column of ``spec`` must be here.
        customer: the customer's facts (``account_id``, currency and timezone columns).
        source: the ``_source`` value (the query's description).
        loaded_at: the sync's UTC timestamp.

    Returns:
        An Arrow table with ``spec``'s columns, in order, cast to its schema.
    """
    meta = {
        "account_timezone": "$timezone",
        "currency_code": "$currency",
        "raw_json": raw_json_sql(tuple(result.column_names)) if result.num_columns else "'{}'",
        "_loaded_at": "$loaded_at",
        "_source": "$source",
    }
    exprs = columns | meta
    select = ", ".join(f"{exprs[f.name]} as {_quote(f.name)}" for f in spec.columns)
    params = {
        "timezone": customer.timezone,
        "currency": customer.currency_code,
        "loaded_at": loaded_at,
        "source": source,
        "account_id": customer.account_id,
    }
    used = {k: v for k, v in params.items() if f"${k}" in select}
    with duckdb.connect() as con:
        con.execute("SET TimeZone='UTC'")
        con.register("result", result)
        out = con.sql(f"select {select} from result", params=used).to_arrow_table()
    loose = pa.schema([f.with_nullable(True) for f in spec.columns])
    return out.cast(loose)
