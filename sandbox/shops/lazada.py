"""Lazada Open Platform emulator: orders, order items and products of the market's seller.

Endpoints (``GET``, under ``/rest`` like ``https://api.lazada.co.th/rest``;
https://open.lazada.com/apps/doc/api):

- ``/orders/get``: ``created_after`` or ``update_after`` (ISO 8601 with offset, required one),
  ``created_before``/``update_before``, ``status``, ``sort_by`` (``created_at``|``updated_at``),
  ``sort_direction`` (``ASC``|``DESC``), ``offset``, ``limit`` (1–100) →
  ``{"count", "countTotal", "orders"}``; ``..._after`` is inclusive, ``..._before`` exclusive;
- ``/orders/items/get``: ``order_ids`` (JSON list, 1–50) →
  ``[{"order_id", "order_number", "order_items"}]``;
- ``/order/items/get``: ``order_id`` → ``[order item, ...]``;
- ``/products/get``: ``filter`` (``all``|``live``), ``offset``, ``limit`` (1–50) →
  ``{"total_products", "products"}``.

Common parameters ``app_key``, ``timestamp`` (ms), ``sign_method=sha256``, ``access_token``,
``sign`` = upper-case hex HMAC-SHA256, keyed with the app secret, of the API path followed by
every other parameter as ``key + value`` sorted by key. The access token identifies the seller
(the market has one Lazada seller). Bodies: ``{"code": "0", "data", "request_id"}``; errors
``{"type", "code", "message", "request_id"}`` with HTTP 200 (``IncompleteSignature``,
``IllegalAccessToken``, ``InvalidParameter``, ``ApiCallLimit``) or 500 (``InternalError``).

Lazada lists one order item per unit bought (a line of 3 units is 3 items). Order money is
strings (``price`` with thousands separators, ``"1,290.00"``), item money numbers, all in
currency units; times ``2026-11-20 10:00:00 +0700``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.market.clock import zone
from sandbox.market.orders import Order, OrderBook, promotion_rate, split_minor
from sandbox.market.shops import LISTINGS, Shop, shops_of
from sandbox.shops.common import (
    LAZADA_APP_KEY,
    LAZADA_APP_SECRET,
    ShopApiError,
    ShopCall,
    ShopsContext,
    hmac_sha256_hex,
    int_param,
    same,
)

STATUS = {
    "unpaid": "unpaid",
    "paid": "pending",
    "packed": "packed",
    "shipped": "shipped",
    "delivered": "delivered",
    "completed": "confirmed",
    "cancelled": "canceled",
    "refunded": "returned",
}
_ERRORS = {
    "auth": ("IllegalAccessToken", "ISV", 200),
    "sign": ("IncompleteSignature", "ISV", 200),
    "param": ("InvalidParameter", "ISV", 200),
    "rate_limit": ("ApiCallLimit", "ISP", 200),
    "server": ("InternalError", "ISP", 500),
    "not_found": ("E0001", "ISV", 200),
}


def render_error(err: ShopApiError, request_id: str) -> tuple[int, dict]:
    """Lazada's error body for an error category."""
    code, kind, status = _ERRORS[err.category]
    return status, {
        "type": kind,
        "code": err.code or code,
        "message": err.message,
        "request_id": request_id,
    }


def sign(api_path: str, params: dict[str, str], secret: str) -> str:
    """Lazada's signature (see module docstring)."""
    text = api_path + "".join(f"{k}{params[k]}" for k in sorted(params) if k != "sign")
    return hmac_sha256_hex(secret, text).upper()


def lazada_time(dt: datetime, tz: str) -> str:
    """``2026-11-20 10:00:00 +0700`` in the shop's timezone."""
    return dt.astimezone(zone(tz)).strftime("%Y-%m-%d %H:%M:%S %z")


def _money(x: float, thousands: bool = False) -> str:
    return f"{x:,.2f}" if thousands else f"{x:.2f}"


class LazadaApi:
    """Lazada routes over the market's order book."""

    def __init__(self, ctx: ShopsContext, book: OrderBook) -> None:
        self.ctx, self.book = ctx, book

    def routes(self) -> list[Route]:
        """Starlette routes."""
        table: dict[str, tuple[str, Callable[[dict[str, str], Shop], object]]] = {
            "/orders/get": ("lazada.orders", self._orders),
            "/orders/items/get": ("lazada.orders_items", self._orders_items),
            "/order/items/get": ("lazada.order_items", self._order_items),
            "/products/get": ("lazada.products", self._products),
        }
        return [
            Route(f"/rest{api}", self._endpoint(api, family, fn), methods=["GET", "POST"])
            for api, (family, fn) in table.items()
        ]

    def _endpoint(
        self, api: str, family: str, fn: Callable[[dict[str, str], Shop], object]
    ) -> Callable[[Request], object]:
        async def endpoint(request: Request) -> Response:
            params = dict(request.query_params)
            seller = shops_of("lazada")[0]
            call = ShopCall(family, seller.shop_id)

            def handle(rid: str) -> tuple[int, dict]:
                shop = self._authenticate(api, params)
                return 200, {"code": "0", "data": fn(params, shop), "request_id": rid}

            return self.ctx.run(call, request.method, f"/rest{api}", handle, render_error)

        return endpoint

    def _authenticate(self, api: str, p: dict[str, str]) -> Shop:
        for name in ("app_key", "timestamp", "sign"):
            if not p.get(name):
                raise ShopApiError(
                    "param", f"Missing required parameter: {name}", code="MissingParameter"
                )
        if p["app_key"] != LAZADA_APP_KEY:
            raise ShopApiError("auth", "Specified app key is invalid", code="InvalidAppKey")
        if not same(p["sign"], sign(api, p, LAZADA_APP_SECRET)):
            raise ShopApiError("sign", "The request signature does not conform to lazada standards")
        if not self.ctx.token_ok(p.get("access_token")):
            raise ShopApiError("auth", "The specified access token is invalid or expired")
        return shops_of("lazada")[0]

    # --- orders ------------------------------------------------------------------------

    def _orders(self, p: dict[str, str], shop: Shop) -> dict:
        by = "update" if p.get("update_after") else "create"
        after = p.get("update_after") or p.get("created_after")
        if not after:
            raise ShopApiError(
                "param", "Either created_after or update_after is required", code="MissingParameter"
            )
        start = _parse_time(after)
        end_raw = p.get("update_before" if by == "update" else "created_before")
        end = _parse_time(end_raw) if end_raw else self.book.market.clock.now
        limit = int_param(p, "limit", 100, lo=1, hi=100)
        offset = int_param(p, "offset", 0, lo=0)
        rows = [
            r
            for r in self.book.updated_between(shop, start, end, by=by)
            if (r[2] if by == "update" else r[0].created_at) < end or not end_raw
        ]
        if p.get("status"):
            rows = [r for r in rows if STATUS[r[1]] == p["status"]]
        key = "updated_at" if p.get("sort_by", "created_at") == "updated_at" else "created_at"
        rows.sort(
            key=lambda r: (r[2] if key == "updated_at" else r[0].created_at, r[0].order_id),
            reverse=p.get("sort_direction") != "ASC",
        )
        page = rows[offset : offset + limit]
        return {
            "count": len(page),
            "countTotal": len(rows),
            "orders": [order_json(o, s, t) for o, s, t in page],
        }

    def _lookup(self, shop: Shop, order_id: str) -> Order:
        order = self.book.find(shop, order_id)
        if order is None:
            raise ShopApiError("not_found", f"Order {order_id} not found", code="E0001")
        return order

    def _orders_items(self, p: dict[str, str], shop: Shop) -> list[dict]:
        try:
            ids = [str(i) for i in orjson.loads(p.get("order_ids", "[]"))]
        except orjson.JSONDecodeError:
            raise ShopApiError("param", "order_ids must be a JSON list") from None
        if not 1 <= len(ids) <= 50:
            raise ShopApiError("param", "order_ids must hold 1 to 50 ids")
        out = []
        for oid in ids:
            o = self.book.find(shop, oid)
            if o is not None:
                out.append(
                    {"order_id": int(oid), "order_number": int(oid), "order_items": self._items(o)}
                )
        return out

    def _order_items(self, p: dict[str, str], shop: Shop) -> list[dict]:
        oid = str(int_param(p, "order_id", lo=1))
        return self._items(self._lookup(shop, oid))

    def _items(self, o: Order) -> list[dict]:
        state, updated = o.state_at(self.book.market.clock.now) or ("unpaid", o.created_at)
        return order_items(o, state, updated)

    # --- products ----------------------------------------------------------------------

    def _products(self, p: dict[str, str], shop: Shop) -> dict:
        limit = int_param(p, "limit", 20, lo=1, hi=50)
        offset = int_param(p, "offset", 0, lo=0)
        market = self.book.market
        today = market.clock.local_today(shop.timezone)
        listings = list(LISTINGS[shop.key])
        page = listings[offset : offset + limit]
        created = int(
            datetime.combine(market.history_start, datetime.min.time(), zone("UTC")).timestamp()
            * 1000
        )
        products = []
        for x in page:
            special = round(
                x.list_price * (1 - promotion_rate(market.config.seed, shop, x, today)),
                shop.decimals,
            )
            products.append(
                {
                    "item_id": int(x.item_id),
                    "primary_category": 10_001_234,
                    "status": "Active",
                    "created_time": str(created),
                    "updated_time": str(created),
                    "attributes": {"name": x.name, "brand": "Siam Glow"},
                    "skus": [
                        {
                            "SkuId": int(x.model_id),
                            "SellerSku": x.platform_sku,
                            "ShopSku": f"{x.item_id}_TH-{x.model_id}",
                            "price": x.list_price,
                            "special_price": float(special),
                            "quantity": 500,
                            "Available": 500,
                            "Status": "active",
                            "package_weight": "0.2",
                        }
                    ],
                }
            )
        return {"total_products": len(listings), "products": products}


def _parse_time(text: str) -> datetime:
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ShopApiError("param", f"Invalid ISO 8601 time: {text!r}") from None
    if dt.tzinfo is None:
        raise ShopApiError("param", f"Time needs an offset: {text!r}")
    return dt


def order_json(o: Order, state: str, updated: datetime) -> dict:
    """One ``/orders/get`` order."""
    b, tz = o.buyer, o.shop.timezone
    units = sum(x.quantity for x in o.lines)
    address = {
        "first_name": b.first_name,
        "last_name": b.last_name,
        "phone": b.phone,
        "phone2": "",
        "address1": b.street,
        "address2": "",
        "address3": b.district,
        "address4": b.city,
        "address5": b.state,
        "city": b.city,
        "post_code": b.zipcode,
        "country": "Thailand",
    }
    return {
        "order_id": int(o.order_id),
        "order_number": int(o.order_id),
        "created_at": lazada_time(o.created_at, tz),
        "updated_at": lazada_time(updated, tz),
        "statuses": [STATUS[state]],
        "items_count": units,
        "price": _money(o.subtotal, thousands=True),
        "voucher": _money(o.seller_voucher + o.platform_voucher),
        "voucher_seller": _money(o.seller_voucher),
        "voucher_platform": _money(o.platform_voucher),
        "voucher_code": "",
        "shipping_fee": _money(o.shipping_fee),
        "shipping_fee_original": _money(o.shipping_fee),
        "shipping_fee_discount_seller": "0.00",
        "shipping_fee_discount_platform": "0.00",
        "payment_method": o.payment_method,
        "customer_first_name": b.first_name,
        "customer_last_name": b.last_name,
        "address_billing": address,
        "address_shipping": dict(address),
        "gift_option": False,
        "gift_message": "",
        "remarks": "",
        "delivery_info": "",
        "promised_shipping_times": "",
        "warehouse_code": "dropshipping",
        "national_registration_number": "",
        "tax_code": "",
        "branch_number": "",
        "extra_attributes": '{"TaxInvoiceRequested":false}',
    }


def order_items(o: Order, state: str, updated: datetime) -> list[dict]:
    """The order's items, one per unit, vouchers and shipping split exactly over the units."""
    tz, dec = o.shop.timezone, o.shop.decimals
    units = sum(x.quantity for x in o.lines)
    shipping = split_minor(o.shipping_fee, [1.0] * units, dec)
    status = STATUS[state]
    out, n = [], 0
    for x in o.lines:
        seller = split_minor(x.seller_voucher, [1.0] * x.quantity, dec)
        platform = split_minor(x.platform_voucher, [1.0] * x.quantity, dec)
        for u in range(x.quantity):
            voucher = seller[u] + platform[u]
            out.append(
                {
                    "order_item_id": int(o.order_id) * 100 + n + 1,
                    "order_id": int(o.order_id),
                    "name": x.listing.name,
                    "sku": x.listing.platform_sku,
                    "shop_sku": f"{x.listing.item_id}_TH-{x.listing.model_id}",
                    "sku_id": x.listing.model_id,
                    "product_id": x.listing.item_id,
                    "variation": x.listing.variation,
                    "item_price": x.unit_sale,
                    "paid_price": round(x.unit_sale - voucher, 2),
                    "currency": o.shop.currency,
                    "tax_amount": 0.0,
                    "shipping_amount": shipping[n],
                    "shipping_service_cost": 0,
                    "voucher_amount": round(voucher, 2),
                    "voucher_seller": seller[u],
                    "voucher_platform": platform[u],
                    "voucher_code": "",
                    "status": status,
                    "created_at": lazada_time(o.created_at, tz),
                    "updated_at": lazada_time(updated, tz),
                    "cancel_return_initiator": {
                        "cancelled": "buyer-cancel",
                        "refunded": "buyer-return",
                    }.get(state, ""),
                    "reason": {
                        "cancelled": "Change of mind",
                        "refunded": "Item not as described",
                    }.get(state, ""),
                    "is_digital": 0,
                    "shipping_type": "Dropshipping",
                    "order_type": "Normal",
                    "product_main_image": f"https://th-live.slatic.net/p/{x.listing.item_id}.jpg",
                    "tracking_code": f"TH{o.order_id[-10:]}"
                    if state not in ("unpaid", "paid", "cancelled")
                    else "",
                    "package_id": f"FP{o.order_id}" if state != "unpaid" else "",
                }
            )
            n += 1
    return out
