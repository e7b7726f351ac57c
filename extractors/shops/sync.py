"""Sync one marketplace shop into the raw layer: orders with their lines, and products.

Plain Python (no Dagster): the Dagster assets, the tests and the demo call these functions.

Load contracts (``extractors.common.schemas``; all merged on their keys):

=============================  ====================================  =========================
table                          key                                   cursor / lookback
=============================  ====================================  =========================
raw.shopee_orders              (shop_id, order_sn)                   update_time, 14 days
raw.shopee_order_items         (shop_id, order_sn, order_item_id,    with the order
                               model_id)
raw.lazada_orders              (seller_id, order_id)                 updated_at, 14 days
raw.lazada_order_items         (seller_id, order_item_id)            with the order
raw.tiktok_shop_orders         (shop_id, order_id)                   update_time, 14 days
raw.tiktok_shop_order_items    (shop_id, line_item_id)               with the order
raw.<platform>_products        (shop, item/model or SKU id)          snapshot each sync
=============================  ====================================  =========================

Orders are selected by **update time** over shop-local days, so a window re-read later returns
each order in its newest state and the merge replaces the old row: re-running a sync is
idempotent, and status changes weeks after placement land as long as syncs re-read the
lookback (``extractors.shops.settings.ORDERS_LOOKBACK_DAYS``). Order lines are immutable
after placement on all three platforms (cancellations and returns change statuses), so merging
them per line key is enough.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pyarrow as pa

from extractors.common.loader import LoadResult, load_table
from extractors.common.schemas import (
    LAZADA_ORDER_ITEMS,
    LAZADA_ORDERS,
    LAZADA_PRODUCTS,
    SHOP_ORDER_TABLES,
    SHOP_PRODUCT_TABLES,
    SHOPEE_ORDER_ITEMS,
    SHOPEE_ORDERS,
    SHOPEE_PRODUCTS,
    TIKTOK_SHOP_ORDER_ITEMS,
    TIKTOK_SHOP_ORDERS,
    TIKTOK_SHOP_PRODUCTS,
    TableSpec,
)
from extractors.common.warehouse import LoadScope, Warehouse
from extractors.shops import lazada_extract, shopee_extract, tiktok_shop_extract
from extractors.shops.http import SignedJsonClient

log = logging.getLogger(__name__)

OrderFetch = Callable[[Any, date, date, datetime, datetime], tuple[pa.Table, pa.Table] | None]

_PLATFORMS: dict[
    str,
    tuple[OrderFetch, Callable[[Any, datetime], pa.Table], tuple[TableSpec, TableSpec, TableSpec]],
] = {
    "shopee": (
        shopee_extract.fetch_orders,
        shopee_extract.fetch_products,
        (SHOPEE_ORDERS, SHOPEE_ORDER_ITEMS, SHOPEE_PRODUCTS),
    ),
    "lazada": (
        lazada_extract.fetch_orders,
        lazada_extract.fetch_products,
        (LAZADA_ORDERS, LAZADA_ORDER_ITEMS, LAZADA_PRODUCTS),
    ),
    "tiktok_shop": (
        tiktok_shop_extract.fetch_orders,
        tiktok_shop_extract.fetch_products,
        (TIKTOK_SHOP_ORDERS, TIKTOK_SHOP_ORDER_ITEMS, TIKTOK_SHOP_PRODUCTS),
    ),
}


def ensure_shop_tables(warehouse: Warehouse) -> None:
    """Create every marketplace raw table that does not exist yet (empty).

    dbt's staging views read all of them; a deployment without, say, a Lazada seller still gets
    empty tables instead of a failing build.
    """
    for spec in (*SHOP_ORDER_TABLES, *SHOP_PRODUCT_TABLES):
        warehouse.ensure_table(spec)


def sync_orders(
    client: SignedJsonClient,
    warehouse: Warehouse,
    since: date,
    until: date,
    *,
    now: datetime | None = None,
) -> list[LoadResult]:
    """Extract and merge the orders (and lines) a shop updated on local days ``since..until``.

    Args:
        client: a Shopee, Lazada or TikTok Shop client (its ``shop`` says which).
        warehouse: where to load.
        since: first shop-local update day (inclusive).
        until: last shop-local update day (inclusive); capped at ``now``.
        now: the sync's instant (default: the wall clock), stamped as ``_loaded_at``.

    Returns:
        Load results for the orders and the lines (empty if the window is in the future).

    Raises:
        AuthError / the platform's API error: fatal errors (nothing is written for the shop).
    """
    now = now or datetime.now(UTC)
    shop = client.shop
    fetch, _, (orders_spec, items_spec, _) = _PLATFORMS[shop.platform]
    got = fetch(client, since, until, now, now)
    if got is None:
        log.info(
            "%s %s: window %s..%s is in the future; nothing to do",
            shop.platform,
            shop.shop_id,
            since,
            until,
        )
        return []
    orders, items = got
    scope = LoadScope(shop.shop_id, since, until)
    label = f"{shop.platform} shop {shop.shop_id} orders updated {since}..{until}"
    return [
        load_table(warehouse, orders_spec, orders, source=label, scope=scope),
        load_table(warehouse, items_spec, items, source=label, scope=scope),
    ]


def sync_products(
    client: SignedJsonClient, warehouse: Warehouse, *, now: datetime | None = None
) -> list[LoadResult]:
    """Extract and merge every product/SKU of a shop (a snapshot; merged on the SKU key)."""
    now = now or datetime.now(UTC)
    shop = client.shop
    _, fetch, (_, _, spec) = _PLATFORMS[shop.platform]
    table = fetch(client, now)
    return [
        load_table(warehouse, spec, table, source=f"{shop.platform} shop {shop.shop_id} products")
    ]
