"""Syncing the sandbox's shops into DuckDB: every order once, in its newest state, idempotent."""

from __future__ import annotations

from datetime import date, timedelta

import orjson
import pytest

from extractors.common.schemas import (
    LAZADA_ORDER_ITEMS,
    LAZADA_ORDERS,
    SHOP_ORDER_TABLES,
    SHOP_PRODUCT_TABLES,
    SHOPEE_ORDERS,
    TIKTOK_SHOP_ORDERS,
)
from extractors.shops.sync import ensure_shop_tables, sync_orders, sync_products
from tests.extractors.shops.conftest import NOW, SHOPS

SINCE, UNTIL = date(2026, 10, 25), date(2026, 11, 21)


def _expected(sandbox, key: str, since: date, until: date) -> set[str]:
    """Order ids the market updated on the shop-local days, read from the order book."""
    from extractors.shops.common import update_window
    from sandbox.market.shops import SHOP_BY_KEY

    start, end = update_window(SHOPS[key], since, until, NOW)
    rows = sandbox.sandbox.shops.book.updated_between(SHOP_BY_KEY[key], start, end)
    return {o.order_id for o, _, t in rows if t < end}


@pytest.mark.parametrize(
    ("key", "spec", "id_col"),
    [
        ("shopee_th", SHOPEE_ORDERS, "order_sn"),
        ("lazada_th", LAZADA_ORDERS, "order_id"),
        ("tiktok_shop_th", TIKTOK_SHOP_ORDERS, "order_id"),
    ],
)
def test_sync_loads_every_order_updated_in_the_window_once(
    make_client, fresh, warehouse, key, spec, id_col
):
    client = make_client(key)

    results = sync_orders(client, warehouse, SINCE, UNTIL, now=NOW)

    loaded = set(warehouse.query(f"select {id_col} as i from {spec.fqn}")["i"].to_pylist())
    assert loaded == _expected(fresh, key, SINCE, UNTIL)
    assert results[0].rows_loaded == len(loaded) > 300
    assert all(r.rows_quarantined == 0 for r in results)
    assert results[1].rows_loaded >= results[0].rows_loaded  # at least one line per order


def test_shopee_splits_windows_over_15_days_and_pages_with_the_cursor(
    make_client, fresh, warehouse
):
    from extractors.shops.common import split_window, update_window
    from sandbox.market.shops import SHOP_BY_KEY

    client = make_client("shopee_th", page_size=50)

    # 28 days: Shopee refuses ranges over 15 days (error_param, fatal), so success alone shows
    # the window was split; the page count shows how
    sync_orders(client, warehouse, SINCE, UNTIL, now=NOW)

    book = fresh.sandbox.shops.book
    windows = split_window(*update_window(SHOPS["shopee_th"], SINCE, UNTIL, NOW), 15)
    sizes = [
        sum(1 for *_, t in book.updated_between(SHOP_BY_KEY["shopee_th"], a, b) if t < b)
        for a, b in windows
    ]
    routes = fresh.stats()["routes"]
    n_orders = warehouse.query("select count(*) as n from raw.shopee_orders")["n"][0].as_py()
    assert len(windows) == 2 and sum(sizes) == n_orders
    assert routes["shopee.order_list"] == sum(-(-n // 50) for n in sizes)
    assert routes["shopee.order_detail"] == -(-n_orders // 50)


def test_resync_is_idempotent_and_picks_up_status_changes_after_the_clock_moves(
    make_client, fresh, warehouse
):
    client = make_client("lazada_th")
    sync_orders(client, warehouse, SINCE, UNTIL, now=NOW)
    first = warehouse.query(
        "select order_id, statuses, updated_at from raw.lazada_orders order by order_id"
    ).to_pylist()

    again = sync_orders(client, warehouse, SINCE, UNTIL, now=NOW)
    same = warehouse.query(
        "select order_id, statuses, updated_at from raw.lazada_orders order by order_id"
    ).to_pylist()
    assert same == first
    assert again[0].rows_deleted == again[0].rows_loaded == len(first)

    fresh.advance(3)
    try:
        later = NOW + timedelta(days=3)
        sync_orders(
            client, warehouse, UNTIL - timedelta(days=14), UNTIL + timedelta(days=3), now=later
        )
    finally:
        fresh.sandbox.market.clock.now = NOW  # other tests of the module expect the fixed clock
    moved = {
        r["order_id"]: r["statuses"]
        for r in warehouse.query("select order_id, statuses from raw.lazada_orders").to_pylist()
    }
    before = {r["order_id"]: r["statuses"] for r in first}
    changed = [o for o in before if moved[o] != before[o]]
    assert changed, "three days later some orders must have moved on (shipped, confirmed ...)"
    dupes = warehouse.query(
        "select count(*) - count(distinct order_id) as d from raw.lazada_orders"
    )["d"][0].as_py()
    assert dupes == 0
    items = warehouse.query(
        f"select count(*) as n from {LAZADA_ORDER_ITEMS.fqn} i "
        f"left join {LAZADA_ORDERS.fqn} o using (seller_id, order_id) "
        "where o.order_id is null"
    )["n"][0].as_py()
    assert items == 0


def test_raw_json_keeps_no_recipient_name_phone_or_street(make_client, warehouse):
    for key in ("shopee_th", "lazada_th", "tiktok_shop_th"):
        sync_orders(make_client(key), warehouse, date(2026, 11, 15), UNTIL, now=NOW)
    texts = []
    for spec in (SHOPEE_ORDERS, LAZADA_ORDERS, TIKTOK_SHOP_ORDERS):
        texts += warehouse.query(f"select raw_json from {spec.fqn}")["raw_json"].to_pylist()
    for t in texts:
        doc = orjson.loads(t)
        for addr in ("recipient_address", "address_shipping", "address_billing"):
            part = doc.get(addr) or {}
            assert not {
                "name",
                "phone",
                "phone_number",
                "full_address",
                "address1",
                "address_detail",
                "first_name",
                "last_name",
            } & set(part)
    assert not any("Rd" in t or "Jalan" in t for t in texts)  # street names never land
    emails = warehouse.query("select buyer_email from raw.tiktok_shop_orders")
    assert all(e.endswith("@example.com") for e in emails["buyer_email"].to_pylist())


def test_products_sync_one_row_per_sku_and_tables_exist_for_every_platform(make_client, warehouse):
    ensure_shop_tables(warehouse)
    for spec in (*SHOP_ORDER_TABLES, *SHOP_PRODUCT_TABLES):
        assert warehouse.table_exists(spec.fqn)

    counts = {
        key: sync_products(make_client(key), warehouse, now=NOW)[0].rows_loaded
        for key in ("shopee_th", "lazada_th", "tiktok_shop_th")
    }

    assert counts == {"shopee_th": 14, "lazada_th": 13, "tiktok_shop_th": 14}
    skus = warehouse.query(
        "select model_sku, item_sku from raw.shopee_products "
        "where item_id = '2310000001' order by model_id"
    ).to_pylist()
    assert [s["model_sku"] for s in skus] == ["SGW-SER001", "SGW-SER002", "SGW-SER003"]


def test_a_window_in_the_future_loads_nothing(make_client, warehouse):
    assert (
        sync_orders(
            make_client("shopee_th"), warehouse, date(2026, 12, 1), date(2026, 12, 2), now=NOW
        )
        == []
    )
