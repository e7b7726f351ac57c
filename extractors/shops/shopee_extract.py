"""Shopee orders, order lines and products as the raw tables' Arrow batches.

Orders: ``get_order_list`` by ``update_time`` over the window (≤ 15-day pieces, cursor paging)
→ ``get_order_detail`` in batches of 50 with the optional fields the tables need
(:data:`~extractors.shops.shopee_client.ORDER_DETAIL_FIELDS`) → one ``raw.shopee_orders`` row
per order and one ``raw.shopee_order_items`` row per ``item_list`` entry. Amounts are Shopee's
numbers in currency units (exact decimals; VND whole dong, THB baht...). ``raw_json`` is the
record without recipient name, phone and street address (see ``extractors.shops.common``).

Products: ``get_item_list`` → ``get_item_base_info`` → ``get_model_list`` for items with
variations → one ``raw.shopee_products`` row per item without models or per model.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pyarrow as pa

from extractors.common.schemas import SHOPEE_ORDER_ITEMS, SHOPEE_ORDERS, SHOPEE_PRODUCTS
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
from extractors.shops.shopee_client import ShopeeClient

PII_FIELDS: dict[str, tuple[str, ...]] = {
    "recipient_address": ("name", "phone", "full_address", "zipcode", "town"),
    "": ("dropshipper", "dropshipper_phone", "buyer_cpf_id", "invoice_data"),
}
"""Removed from ``raw_json`` before loading (kept: city, district, state, region)."""


def order_row(o: dict[str, Any]) -> dict[str, Any]:
    """One ``raw.shopee_orders`` row from a ``get_order_detail`` order."""
    address = o.get("recipient_address") or {}
    return {
        "shop_id": None,  # filled by parse_orders from the shop
        "order_sn": text(o.get("order_sn")),
        "region": text(o.get("region")),
        "order_status": text(o.get("order_status")),
        "buyer_user_id": text(o.get("buyer_user_id")),
        "buyer_username": text(o.get("buyer_username")),
        "total_amount": to_money(o.get("total_amount")),
        "estimated_shipping_fee": to_money(o.get("estimated_shipping_fee")),
        "actual_shipping_fee": to_money(o.get("actual_shipping_fee")),
        "payment_method": text(o.get("payment_method")),
        "cod": o.get("cod"),
        "cancel_by": text(o.get("cancel_by")),
        "cancel_reason": text(o.get("cancel_reason")),
        "recipient_city": text(address.get("city")),
        "recipient_state": text(address.get("state")),
        "create_time": from_unix(o.get("create_time")),
        "update_time": from_unix(o.get("update_time")),
        "pay_time": from_unix(o.get("pay_time")),
        "currency_code": text(o.get("currency")),
        "raw_json": raw(minimize_pii(o, PII_FIELDS)),
    }


def item_rows(o: dict[str, Any]) -> list[dict[str, Any]]:
    """``raw.shopee_order_items`` rows of one order (one per ``item_list`` entry)."""
    out = []
    for item in o.get("item_list") or []:
        out.append(
            {
                "order_sn": text(o.get("order_sn")),
                "order_item_id": text(item.get("order_item_id") or item.get("item_id")),
                "item_id": text(item.get("item_id")),
                "model_id": text(item.get("model_id")) or "0",
                "item_name": text(item.get("item_name")),
                "item_sku": text(item.get("item_sku")),
                "model_name": text(item.get("model_name")),
                "model_sku": text(item.get("model_sku")),
                "quantity": item.get("model_quantity_purchased"),
                "original_price": to_money(item.get("model_original_price")),
                "discounted_price": to_money(item.get("model_discounted_price")),
                "promotion_type": text(item.get("promotion_type")),
                "is_main_item": item.get("main_item"),
                "order_update_time": from_unix(o.get("update_time")),
                "currency_code": text(o.get("currency")),
                "raw_json": raw(item),
            }
        )
    return out


def parse_orders(
    details: list[dict[str, Any]], shop: ShopInfo, source: str, loaded_at: datetime
) -> tuple[pa.Table, pa.Table]:
    """``get_order_detail`` orders → (orders batch, order lines batch).

    An order listed twice (it changed while pages were read) is kept once, newest first.
    """
    orders = latest_by_key(details, "order_sn", "update_time")
    o_rows = [{**order_row(o), "shop_id": shop.shop_id} for o in orders]
    i_rows = [{**r, "shop_id": shop.shop_id} for o in orders for r in item_rows(o)]
    return (
        build_table(SHOPEE_ORDERS, o_rows, shop, source, loaded_at),
        build_table(SHOPEE_ORDER_ITEMS, i_rows, shop, source, loaded_at),
    )


def fetch_orders(
    client: ShopeeClient, since: date, until: date, now: datetime, loaded_at: datetime
) -> tuple[pa.Table, pa.Table] | None:
    """Orders updated on shop-local days ``since..until`` (capped at ``now``), with lines.

    Returns:
        (orders, lines) batches, or None when the window is wholly in the future.
    """
    window = update_window(client.shop, since, until, now)
    if window is None:
        return None
    sns: list[str] = []
    for page in client.order_sn_pages(*window):
        sns += page
    details = client.order_details(list(dict.fromkeys(sns)))
    source = f"GET /api/v2/order/get_order_detail shop {client.shop.shop_id} {since}..{until}"
    return parse_orders(details, client.shop, source, loaded_at)


def _price(info: list[dict[str, Any]] | None) -> tuple[Any, Any]:
    first = (info or [{}])[0]
    return to_money(first.get("original_price")), to_money(first.get("current_price"))


def fetch_products(client: ShopeeClient, loaded_at: datetime) -> pa.Table:
    """Every item (or model) of the shop as ``raw.shopee_products`` rows."""
    rows: list[dict[str, Any]] = []
    for item in client.item_base_info(client.item_ids()):
        base = {
            "item_id": text(item.get("item_id")),
            "item_name": text(item.get("item_name")),
            "item_sku": text(item.get("item_sku")),
            "item_status": text(item.get("item_status")),
            "update_time": from_unix(item.get("update_time")),
        }
        if not item.get("has_model"):
            original, current = _price(item.get("price_info"))
            rows.append(
                {
                    **base,
                    "model_id": "0",
                    "original_price": original,
                    "current_price": current,
                    "raw_json": raw(item),
                }
            )
            continue
        models = client.model_list(int(item["item_id"]))
        names = [
            o.get("option")
            for t in models.get("tier_variation") or []
            for o in t.get("option_list") or []
        ]
        for m in models.get("model") or []:
            original, current = _price(m.get("price_info"))
            idx = (m.get("tier_index") or [0])[0]
            rows.append(
                {
                    **base,
                    "model_id": text(m.get("model_id")),
                    "model_sku": text(m.get("model_sku")),
                    "model_name": names[idx] if idx < len(names) else None,
                    "original_price": original,
                    "current_price": current,
                    "raw_json": raw({"item": item, "model": m}),
                }
            )
    rows = [{**r, "shop_id": client.shop.shop_id} for r in rows]
    source = f"GET /api/v2/product/* shop {client.shop.shop_id}"
    return build_table(SHOPEE_PRODUCTS, rows, client.shop, source, loaded_at)
