"""TikTok Shop orders, line items and products as the raw tables' Arrow batches.

Orders: ``POST /order/202309/orders/search`` by ``update_time`` (page tokens) returns full
orders, line items included → one ``raw.tiktok_shop_orders`` row per order and one
``raw.tiktok_shop_order_items`` row per line item (one per unit). Money strings (``"890"``,
``"45.90"``) become exact decimals in currency units. ``raw_json`` drops the recipient's name,
phone, full address, street and postal code (keeps region and district names).

Products: ``POST /product/202309/products/search`` → one ``raw.tiktok_shop_products`` row per
SKU.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pyarrow as pa

from extractors.common.schemas import (
    TIKTOK_SHOP_ORDER_ITEMS,
    TIKTOK_SHOP_ORDERS,
    TIKTOK_SHOP_PRODUCTS,
)
from extractors.shops.common import (
    ShopInfo,
    build_table,
    from_unix,
    latest_by_key,
    minimize_pii,
    raw,
    text,
    to_money,
    update_window,
)
from extractors.shops.tiktok_shop_client import TikTokShopClient

PII_FIELDS: dict[str, tuple[str, ...]] = {
    "recipient_address": (
        "name",
        "first_name",
        "last_name",
        "phone_number",
        "full_address",
        "address_detail",
        "address_line1",
        "address_line2",
        "address_line3",
        "address_line4",
        "postal_code",
    ),
}
"""Removed from ``raw_json`` (buyer_email and user_id stay typed for hashing)."""


def order_row(o: dict[str, Any], shop_id: str) -> dict[str, Any]:
    """One ``raw.tiktok_shop_orders`` row."""
    pay = o.get("payment") or {}
    return {
        "shop_id": shop_id,
        "order_id": text(o.get("id")),
        "status": text(o.get("status")),
        "user_id": text(o.get("user_id")),
        "buyer_email": text(o.get("buyer_email")),
        "original_total_product_price": to_money(pay.get("original_total_product_price")),
        "seller_discount": to_money(pay.get("seller_discount")),
        "platform_discount": to_money(pay.get("platform_discount")),
        "sub_total": to_money(pay.get("sub_total")),
        "shipping_fee": to_money(pay.get("shipping_fee")),
        "tax": to_money(pay.get("tax")),
        "total_amount": to_money(pay.get("total_amount")),
        "payment_method_name": text(o.get("payment_method_name")),
        "is_cod": o.get("is_cod"),
        "cancel_reason": text(o.get("cancel_reason")),
        "cancellation_initiator": text(o.get("cancellation_initiator")),
        "recipient_region_code": text((o.get("recipient_address") or {}).get("region_code")),
        "create_time": from_unix(o.get("create_time")),
        "update_time": from_unix(o.get("update_time")),
        "paid_time": from_unix(o.get("paid_time")),
        "currency_code": text(pay.get("currency")),
        "raw_json": raw(
            minimize_pii({k: v for k, v in o.items() if k != "line_items"}, PII_FIELDS)
        ),
    }


def item_rows(o: dict[str, Any], shop_id: str) -> list[dict[str, Any]]:
    """``raw.tiktok_shop_order_items`` rows of one order."""
    return [
        {
            "shop_id": shop_id,
            "line_item_id": text(li.get("id")),
            "order_id": text(o.get("id")),
            "sku_id": text(li.get("sku_id")),
            "seller_sku": text(li.get("seller_sku")),
            "product_id": text(li.get("product_id")),
            "product_name": text(li.get("product_name")),
            "sku_name": text(li.get("sku_name")),
            "original_price": to_money(li.get("original_price")),
            "sale_price": to_money(li.get("sale_price")),
            "seller_discount": to_money(li.get("seller_discount")),
            "platform_discount": to_money(li.get("platform_discount")),
            "display_status": text(li.get("display_status")),
            "is_gift": li.get("is_gift"),
            "order_update_time": from_unix(o.get("update_time")),
            "currency_code": text(li.get("currency")),
            "raw_json": raw(li),
        }
        for li in o.get("line_items") or []
    ]


def parse_orders(
    orders: list[dict[str, Any]], shop: ShopInfo, source: str, loaded_at: datetime
) -> tuple[pa.Table, pa.Table]:
    """Full 202309 orders → (orders batch, line items batch)."""
    orders = latest_by_key(orders, "id", "update_time")
    o_rows = [order_row(o, shop.shop_id) for o in orders]
    i_rows = [r for o in orders for r in item_rows(o, shop.shop_id)]
    return (
        build_table(TIKTOK_SHOP_ORDERS, o_rows, shop, source, loaded_at),
        build_table(TIKTOK_SHOP_ORDER_ITEMS, i_rows, shop, source, loaded_at),
    )


def fetch_orders(
    client: TikTokShopClient, since: date, until: date, now: datetime, loaded_at: datetime
) -> tuple[pa.Table, pa.Table] | None:
    """Orders updated on shop-local days ``since..until`` (capped at ``now``), with items.

    Returns:
        (orders, line items) batches, or None when the window is wholly in the future.
    """
    window = update_window(client.shop, since, until, now)
    if window is None:
        return None
    orders = [o for page in client.order_pages(*window) for o in page]
    source = (
        f"POST /order/{client.settings.version}/orders/search shop "
        f"{client.shop.shop_id} {since}..{until}"
    )
    return parse_orders(orders, client.shop, source, loaded_at)


def fetch_products(client: TikTokShopClient, loaded_at: datetime) -> pa.Table:
    """Every SKU of the shop as ``raw.tiktok_shop_products`` rows."""
    rows = []
    for page in client.product_pages():
        for p in page:
            for s in p.get("skus") or []:
                price = s.get("price") or {}
                rows.append(
                    {
                        "shop_id": client.shop.shop_id,
                        "sku_id": text(s.get("id")),
                        "product_id": text(p.get("id")),
                        "title": text(p.get("title")),
                        "seller_sku": text(s.get("seller_sku")),
                        "status": text(p.get("status")),
                        "sale_price": to_money(price.get("sale_price")),
                        "update_time": from_unix(p.get("update_time")),
                        "currency_code": text(price.get("currency")),
                        "raw_json": raw({**p, "skus": [s]}),
                    }
                )
    source = f"POST /product/{client.settings.version}/products/search shop {client.shop.shop_id}"
    return build_table(TIKTOK_SHOP_PRODUCTS, rows, client.shop, source, loaded_at)
