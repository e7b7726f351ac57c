"""Sessions → GA4 events in the BigQuery export shape, expanded in DuckDB SQL (``events.sql``).

The expansion is set-based (tens of thousands of events per property-day in well under a
second): sessions, their purchased lines and the catalogue are registered as Arrow tables and
one query yields every event with nested ``event_params``, ``device``, ``geo``,
``traffic_source``, ``collected_traffic_source``, ``ecommerce`` and ``items`` exactly as the
export nests them (field names and order from Google's "[GA4] BigQuery Export schema",
support.google.com/analytics/answer/7029846), plus ``arrival_us`` — when GA4 received the event
(microseconds, UTC), which the export writer compares with the clock.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from sandbox.ga4.properties import WebProperty
from sandbox.ga4.sessions import Block
from sandbox.ga4.traffic import landing_query
from sandbox.market.catalog import FX_THB_PER_UNIT, PRODUCTS
from sandbox.market.clock import zone

EVENTS_SQL = (Path(__file__).with_name("events.sql")).read_text()

_MACROS = """
create or replace temp macro param(k, s, i, d) as {'key': k, 'value': {
    'string_value': s::varchar, 'int_value': i::bigint, 'float_value': null::double,
    'double_value': d::double}};
create or replace temp macro item(sku, name, grp, price, qty, usd, with_revenue) as {
    'item_id': sku, 'item_name': name, 'item_brand': 'Siam Glow', 'item_variant': null::varchar,
    'item_category': grp, 'item_category2': null::varchar, 'item_category3': null::varchar,
    'item_category4': null::varchar, 'item_category5': null::varchar,
    'price_in_usd': round(price * usd, 6)::double, 'price': price::double,
    'quantity': qty::bigint,
    'item_revenue_in_usd': (case when with_revenue then round(price * qty * usd, 6) end)::double,
    'item_revenue': (case when with_revenue then price * qty end)::double,
    'item_refund_in_usd': null::double, 'item_refund': null::double, 'coupon': null::varchar,
    'affiliation': 'Siam Glow web store', 'location_id': null::varchar,
    'item_list_id': null::varchar, 'item_list_name': null::varchar,
    'item_list_index': null::varchar, 'promotion_id': null::varchar,
    'promotion_name': null::varchar, 'creative_name': null::varchar,
    'creative_slot': null::varchar};
"""

_LINES_SCHEMA = pa.schema(
    [
        ("transaction_id", pa.string()),
        ("line_no", pa.int64()),
        ("sku", pa.string()),
        ("quantity", pa.int64()),
        ("unit_price", pa.float64()),
    ]
)


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB session in UTC with the ``param``/``item`` macros defined.

    One thread: a property-day is small, a single thread is as fast on a busy machine, and it
    makes the row order of the output (and so the written files) the same on every run.
    """
    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    con.execute("SET threads=1")
    con.execute(_MACROS)
    return con


def session_table(blocks: list[Block]) -> tuple[pa.Table, pa.Table]:
    """Blocks → (sessions, lines) Arrow tables.

    Sessions gain ``sid``, the landing query string and ``cart_sku`` (the landing product, or a
    browsed one for home-page visits).
    """
    blocks = [b for b in blocks if len(b)]
    lines = pa.Table.from_pylist(
        [dict(zip(_LINES_SCHEMA.names, r, strict=True)) for b in blocks for r in b.lines],
        schema=_LINES_SCHEMA,
    )
    if not blocks:
        return pa.table({"sid": pa.array([], pa.int64())}), lines
    cols = {k: np.concatenate([b.columns[k] for b in blocks]) for k in blocks[0].columns}
    n = len(cols["start_us"])
    browsed = np.array([p.sku for p in PRODUCTS], dtype=object)[cols["browse_base"] % len(PRODUCTS)]
    cols["cart_sku"] = np.where(cols["landing_sku"] != None, cols["landing_sku"], browsed)  # noqa: E711
    cols["landing_query"] = landing_query(cols)
    cols["sid"] = np.arange(n, dtype=np.int64)
    arrays = {}
    for k, v in cols.items():
        if v.dtype == object:
            arrays[k] = pa.array(v.tolist(), pa.string())
        elif v.dtype.kind == "f":
            arrays[k] = pa.array(v, pa.float64(), mask=np.isnan(v))
        else:
            arrays[k] = pa.array(v)
    return pa.table(arrays), lines


def products_table(prop: WebProperty) -> pa.Table:
    """The catalogue with prices in the property currency (whole baht, or cents)."""
    rate = FX_THB_PER_UNIT[prop.currency]
    price = [
        float(round(p.price_thb)) if prop.currency == "THB" else round(p.price_thb / rate, 2)
        for p in PRODUCTS
    ]
    return pa.table(
        {
            "idx": list(range(len(PRODUCTS))),
            "sku": [p.sku for p in PRODUCTS],
            "name": [p.name for p in PRODUCTS],
            "grp": [p.group for p in PRODUCTS],
            "price": price,
        }
    )


def day_bounds(prop: WebProperty, day: date) -> tuple[int, int]:
    """[start, end) of a property-local day in UTC microseconds."""
    tz = zone(prop.timezone)
    start = datetime.combine(day, time(0), tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tz)
    return int(start.timestamp()) * 1_000_000, int(end.timestamp()) * 1_000_000


def expand(
    con: duckdb.DuckDBPyConnection,
    prop: WebProperty,
    day: date,
    sessions: pa.Table,
    lines: pa.Table,
) -> duckdb.DuckDBPyRelation:
    """The events of ``sessions`` on the property-local ``day``, as a DuckDB relation.

    Columns: the export's, plus ``arrival_us``. The relation reads the inputs registered on
    ``con``: keep it open while using the relation.
    """
    con.register("sessions", sessions)
    con.register("lines", lines)
    con.register("products", products_table(prop))
    usd = FX_THB_PER_UNIT[prop.currency] / FX_THB_PER_UNIT["USD"]
    lo, hi = day_bounds(prop, day)
    return con.sql(
        EVENTS_SQL,
        params={
            "hostname": prop.hostname,
            "currency": prop.currency,
            "usd_per_unit": usd,
            "stream_id": prop.stream_id,
            "event_date": f"{day:%Y%m%d}",
            "day_start_us": lo,
            "day_end_us": hi,
        },
    )
