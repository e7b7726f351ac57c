"""Lazada orders, order items and products as the raw tables' Arrow batches.

Orders: ``/orders/get`` by ``update_after``/``update_before`` (sorted by ``updated_at``,
offset paging) → ``/orders/items/get`` for 50 orders per call → one ``raw.lazada_orders`` row
per order and one ``raw.lazada_order_items`` row per item (Lazada: one item per unit). Order
amounts arrive as strings (``"1,290.00"``), item amounts as numbers; both become exact decimals
in currency units. ``raw_json`` drops the billing/shipping address lines, names and phones.

Products: ``/products/get`` (``filter=all``) → one ``raw.lazada_products`` row per SKU.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pyarrow as pa

from extractors.common.schemas import LAZADA_ORDER_ITEMS, LAZADA_ORDERS, LAZADA_PRODUCTS
from extractors.shops.common import (
    ShopInfo,
    build_table,
    latest_by_key,
    minimize_pii,
    raw,
    text,
    to_money,
    update_window,
)
from extractors.shops.lazada_client import LazadaClient

_ADDRESS = (
    "first_name",
    "last_name",
    "phone",
    "phone2",
    "address1",
    "address2",
    "address3",
    "address4",
    "address5",
    "post_code",
)
PII_FIELDS: dict[str, tuple[str, ...]] = {"address_billing": _ADDRESS, "address_shipping": _ADDRESS}
"""Removed from ``raw_json`` (kept: city, country; customer names stay typed for hashing)."""


def lazada_time(value: Any) -> datetime | None:
    """``2026-11-20 10:00:00 +0700`` → aware UTC datetime (None for empty)."""
    if not value:
        return None
    return datetime.strptime(str(value), "%Y-%m-%d %H:%M:%S %z").astimezone(UTC)


def order_row(o: dict[str, Any], seller_id: str) -> dict[str, Any]:
    """One ``raw.lazada_orders`` row."""
    shipping = o.get("address_shipping") or {}
    return {
        "seller_id": seller_id,
        "order_id": text(o.get("order_id")),
        "order_number": text(o.get("order_number")),
        "statuses": ",".join(sorted({str(s) for s in o.get("statuses") or []})) or None,
        "price": to_money(o.get("price")),
        "voucher": to_money(o.get("voucher")),
        "voucher_seller": to_money(o.get("voucher_seller")),
        "voucher_platform": to_money(o.get("voucher_platform")),
        "shipping_fee": to_money(o.get("shipping_fee")),
        "items_count": o.get("items_count"),
        "payment_method": text(o.get("payment_method")),
        "customer_first_name": text(o.get("customer_first_name")),
        "customer_last_name": text(o.get("customer_last_name")),
        "shipping_city": text(shipping.get("city")),
        "created_at": lazada_time(o.get("created_at")),
        "updated_at": lazada_time(o.get("updated_at")),
        "raw_json": raw(minimize_pii(o, PII_FIELDS)),
    }


def item_row(i: dict[str, Any], seller_id: str) -> dict[str, Any]:
    """One ``raw.lazada_order_items`` row."""
    return {
        "seller_id": seller_id,
        "order_item_id": text(i.get("order_item_id")),
        "order_id": text(i.get("order_id")),
        "sku": text(i.get("sku")),
        "shop_sku": text(i.get("shop_sku")),
        "sku_id": text(i.get("sku_id")),
        "product_id": text(i.get("product_id")),
        "name": text(i.get("name")),
        "variation": text(i.get("variation")),
        "item_price": to_money(i.get("item_price")),
        "paid_price": to_money(i.get("paid_price")),
        "voucher_seller": to_money(i.get("voucher_seller")),
        "voucher_platform": to_money(i.get("voucher_platform")),
        "shipping_amount": to_money(i.get("shipping_amount")),
        "tax_amount": to_money(i.get("tax_amount")),
        "status": text(i.get("status")),
        "cancel_return_initiator": text(i.get("cancel_return_initiator")),
        "reason": text(i.get("reason")),
        "created_at": lazada_time(i.get("created_at")),
        "updated_at": lazada_time(i.get("updated_at")),
        "currency_code": text(i.get("currency")),
        "raw_json": raw(i),
    }


def parse_orders(
    orders: list[dict[str, Any]],
    items: dict[str, list[dict[str, Any]]],
    shop: ShopInfo,
    source: str,
    loaded_at: datetime,
) -> tuple[pa.Table, pa.Table]:
    """Orders and their items → (orders batch, items batch)."""
    orders = latest_by_key(orders, "order_id", "updated_at")
    o_rows = [order_row(o, shop.shop_id) for o in orders]
    i_rows = [
        item_row(i, shop.shop_id) for o in orders for i in items.get(str(o.get("order_id")), [])
    ]
    return (
        build_table(LAZADA_ORDERS, o_rows, shop, source, loaded_at),
        build_table(LAZADA_ORDER_ITEMS, i_rows, shop, source, loaded_at),
    )


def fetch_orders(
    client: LazadaClient, since: date, until: date, now: datetime, loaded_at: datetime
) -> tuple[pa.Table, pa.Table] | None:
    """Orders updated on seller-local days ``since..until`` (capped at ``now``), with items.

    Returns:
        (orders, items) batches, or None when the window is wholly in the future.
    """
    window = update_window(client.shop, since, until, now)
    if window is None:
        return None
    orders = [o for page in client.order_pages(*window) for o in page]
    ids = list(dict.fromkeys(str(o["order_id"]) for o in orders))
    items = client.order_items(ids)
    source = f"GET /orders/get + /orders/items/get seller {client.shop.shop_id} {since}..{until}"
    return parse_orders(orders, items, client.shop, source, loaded_at)


def fetch_products(client: LazadaClient, loaded_at: datetime) -> pa.Table:
    """Every SKU of the seller as ``raw.lazada_products`` rows."""
    rows = []
    for page in client.product_pages():
        for p in page:
            name = (p.get("attributes") or {}).get("name")
            updated = p.get("updated_time")
            for s in p.get("skus") or []:
                rows.append(
                    {
                        "seller_id": client.shop.shop_id,
                        "sku_id": text(s.get("SkuId")),
                        "item_id": text(p.get("item_id")),
                        "seller_sku": text(s.get("SellerSku")),
                        "shop_sku": text(s.get("ShopSku")),
                        "name": text(name),
                        "status": text(s.get("Status")),
                        "price": to_money(s.get("price")),
                        "special_price": to_money(s.get("special_price")),
                        "updated_time": datetime.fromtimestamp(int(updated) / 1000, UTC)
                        if updated
                        else None,
                        "raw_json": raw({**p, "skus": [s]}),
                    }
                )
    source = f"GET /products/get seller {client.shop.shop_id}"
    return build_table(LAZADA_PRODUCTS, rows, client.shop, source, loaded_at)
