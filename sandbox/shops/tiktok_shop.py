"""TikTok Shop Open API (version 202309) emulator: orders and products of the market's shop.

Endpoints (https://partner.tiktokshop.com/docv2/):

- ``POST /order/202309/orders/search``: query ``page_size`` (1–100), ``page_token``,
  ``sort_field`` (``create_time``|``update_time``), ``sort_order`` (``ASC``|``DESC``); JSON body
  ``update_time_ge``/``update_time_lt`` and/or ``create_time_ge``/``create_time_lt`` (unix
  seconds), ``order_status`` → ``{"orders", "next_page_token", "total_count"}`` with full order
  objects (line items included, as in 202309);
- ``GET /order/202309/orders``: ``ids`` (comma-separated, 1–50) → ``{"orders"}``;
- ``POST /product/202309/products/search``: query ``page_size`` (1–100), ``page_token``; body
  ``{"status": "ALL"}`` → ``{"products", "next_page_token", "total_count"}``.

Every call carries ``app_key``, ``timestamp`` (seconds), ``shop_cipher`` and ``sign`` in the
query and the access token in the ``x-tts-access-token`` header. ``sign`` = hex HMAC-SHA256,
keyed with the app secret, of ``secret + path + sorted(key + value for query parameters other
than sign and access_token) + raw body + secret``. Bodies ``{"code": 0, "message": "Success",
"request_id", "data"}``; errors carry a non-zero ``code``: 105001/105002 (token missing/expired,
HTTP 401), 106001 (signature, HTTP 401), 36009004 (invalid parameter, HTTP 400 — and, overloaded
as on TikTok Shop, rate limit with HTTP 429), 36009003 (internal error, HTTP 500).

One line item per unit bought. Money is strings in currency units (``"890"`` THB,
``"45.90"`` MYR): per unit ``sale_price = original_price - seller_discount -
platform_discount`` (seller discount = item promotion + seller voucher share);
``payment.sub_total`` is the sum of sale prices and ``total_amount = sub_total + shipping_fee``.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.market.orders import Order, OrderBook, promotion_rate, split_minor
from sandbox.market.shops import LISTINGS, Shop, shops_of
from sandbox.shops.common import (
    TIKTOK_SHOP_APP_KEY,
    TIKTOK_SHOP_APP_SECRET,
    ShopApiError,
    ShopCall,
    ShopsContext,
    hmac_sha256_hex,
    int_param,
    same,
)

STATUS = {
    "unpaid": "UNPAID",
    "paid": "AWAITING_SHIPMENT",
    "packed": "AWAITING_COLLECTION",
    "shipped": "IN_TRANSIT",
    "delivered": "DELIVERED",
    "completed": "COMPLETED",
    "cancelled": "CANCELLED",
    "refunded": "CANCELLED",
}
_ERRORS = {
    "auth": (105002, 401),
    "sign": (106001, 401),
    "param": (36009004, 400),
    "rate_limit": (36009004, 429),
    "server": (36009003, 500),
    "not_found": (36009004, 400),
}


def render_error(err: ShopApiError, request_id: str) -> tuple[int, dict]:
    """TikTok Shop's error body for an error category."""
    code, status = _ERRORS[err.category]
    if err.code and err.code.isdigit():
        code = int(err.code)
    return status, {"code": code, "message": err.message, "request_id": request_id, "data": {}}


def sign(path: str, query: dict[str, str], body: bytes, secret: str) -> str:
    """TikTok Shop's request signature (see module docstring)."""
    params = "".join(f"{k}{query[k]}" for k in sorted(query) if k not in ("sign", "access_token"))
    return hmac_sha256_hex(secret, f"{secret}{path}{params}{body.decode()}{secret}")


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def _offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
        return int(text.removeprefix("o:"))
    except ValueError:
        raise ShopApiError("param", "Invalid page_token.") from None


class TikTokShopApi:
    """TikTok Shop routes over the market's order book."""

    def __init__(self, ctx: ShopsContext, book: OrderBook) -> None:
        self.ctx, self.book = ctx, book

    def routes(self) -> list[Route]:
        """Starlette routes."""
        table: dict[str, tuple[str, str, Callable[[dict, dict, Shop], dict]]] = {
            "/order/202309/orders/search": ("POST", "tiktok_shop.orders_search", self._search),
            "/order/202309/orders": ("GET", "tiktok_shop.orders", self._detail),
            "/product/202309/products/search": (
                "POST",
                "tiktok_shop.products_search",
                self._products,
            ),
        }
        return [
            Route(path, self._endpoint(path, family, fn), methods=[method])
            for path, (method, family, fn) in table.items()
        ]

    def _endpoint(
        self, path: str, family: str, fn: Callable[[dict, dict, Shop], dict]
    ) -> Callable[[Request], object]:
        async def endpoint(request: Request) -> Response:
            query = dict(request.query_params)
            raw = await request.body()
            shop = next(
                (s for s in shops_of("tiktok_shop") if s.cipher == query.get("shop_cipher")), None
            )
            call = ShopCall(family, shop.shop_id if shop else None)

            def handle(rid: str) -> tuple[int, dict]:
                self._authenticate(path, query, raw, request.headers.get("x-tts-access-token"))
                if shop is None:
                    raise ShopApiError("param", "Invalid shop_cipher.")
                try:
                    body = orjson.loads(raw) if raw else {}
                except orjson.JSONDecodeError:
                    raise ShopApiError("param", "Request body is not valid JSON.") from None
                return 200, {
                    "code": 0,
                    "message": "Success",
                    "request_id": rid,
                    "data": fn(query, body, shop),
                }

            return self.ctx.run(call, request.method, path, handle, render_error)

        return endpoint

    def _authenticate(self, path: str, q: dict[str, str], raw: bytes, token: str | None) -> None:
        for name in ("app_key", "timestamp", "sign"):
            if not q.get(name):
                raise ShopApiError("param", f"Missing credentials: {name} is required.")
        if q["app_key"] != TIKTOK_SHOP_APP_KEY:
            raise ShopApiError("param", "Invalid app_key.")
        if not same(q["sign"], sign(path, q, raw, TIKTOK_SHOP_APP_SECRET)):
            raise ShopApiError("sign", "Invalid credentials. The sign is invalid.")
        if not token:
            raise ShopApiError("auth", "Missing access token.", code="105001")
        if not self.ctx.token_ok(token):
            raise ShopApiError("auth", "Expired credentials. The access token has expired.")

    def _search(self, q: dict, body: dict, shop: Shop) -> dict:
        size = int_param(q, "page_size", lo=1, hi=100)
        offset = _offset(q.get("page_token"))
        by = "update" if "update_time_ge" in body or "update_time_lt" in body else "create"
        lo = int(body.get(f"{by}_time_ge", 0))
        hi = int(body.get(f"{by}_time_lt", int(self.book.market.clock.now.timestamp()) + 1))
        rows = [
            r
            for r in self.book.updated_between(
                shop, datetime.fromtimestamp(lo, UTC), datetime.fromtimestamp(hi, UTC), by=by
            )
            if (r[2] if by == "update" else r[0].created_at).timestamp() < hi
        ]
        if body.get("order_status"):
            rows = [r for r in rows if STATUS[r[1]] == body["order_status"]]
        if q.get("sort_order", "DESC") == "DESC":
            rows.reverse()
        page = rows[offset : offset + size]
        more = offset + size < len(rows)
        return {
            "orders": [order_json(o, s, t) for o, s, t in page],
            "next_page_token": _token(offset + size) if more else "",
            "total_count": len(rows),
        }

    def _detail(self, q: dict, body: dict, shop: Shop) -> dict:
        ids = [i for i in str(q.get("ids", "")).split(",") if i]
        if not 1 <= len(ids) <= 50:
            raise ShopApiError("param", "ids must hold 1 to 50 order ids.")
        now = self.book.market.clock.now
        out = []
        for oid in ids:
            o = self.book.find(shop, oid)
            if o is not None:
                state, updated = o.state_at(now) or ("unpaid", o.created_at)
                out.append(order_json(o, state, updated))
        return {"orders": out}

    def _products(self, q: dict, body: dict, shop: Shop) -> dict:
        size = int_param(q, "page_size", lo=1, hi=100)
        offset = _offset(q.get("page_token"))
        market = self.book.market
        today = market.clock.local_today(shop.timezone)
        listings = list(LISTINGS[shop.key])
        page = listings[offset : offset + size]
        created = int(datetime.combine(market.history_start, datetime.min.time(), UTC).timestamp())
        products = []
        for x in page:
            sale = x.list_price * (1 - promotion_rate(market.config.seed, shop, x, today))
            products.append(
                {
                    "id": x.item_id,
                    "title": x.name,
                    "status": "ACTIVATE",
                    "create_time": created,
                    "update_time": created,
                    "skus": [
                        {
                            "id": x.model_id,
                            "seller_sku": x.platform_sku,
                            "price": {
                                "currency": shop.currency,
                                "sale_price": _money(sale, shop.decimals),
                                "tax_exclusive_price": _money(sale, shop.decimals),
                            },
                            "inventory": [{"quantity": 500, "warehouse_id": "7300000000000001"}],
                        }
                    ],
                }
            )
        more = offset + size < len(listings)
        return {
            "products": products,
            "next_page_token": _token(offset + size) if more else "",
            "total_count": len(listings),
        }


def _money(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}"


def order_json(o: Order, state: str, updated: datetime) -> dict:
    """One 202309 order object (as search and detail return it)."""
    shop, b, dec = o.shop, o.buyer, o.shop.decimals
    lines, totals = _line_items(o, state)
    sub_total = sum(float(x["sale_price"]) for x in lines)
    paid = o.time_of("paid")
    return {
        "id": o.order_id,
        "status": STATUS[state],
        "create_time": int(o.created_at.timestamp()),
        "update_time": int(updated.timestamp()),
        "paid_time": int(paid.timestamp()) if paid and paid <= updated else None,
        "user_id": f"74{b.user_id.zfill(17)}",
        "buyer_email": b.email,
        "buyer_message": "",
        "cancel_reason": "Buyer changed mind" if state == "cancelled" else "",
        "cancellation_initiator": "BUYER" if state == "cancelled" else "",
        "is_cod": o.cod,
        "payment_method_name": o.payment_method,
        "payment": {
            "currency": shop.currency,
            "original_total_product_price": _money(totals[0], dec),
            "seller_discount": _money(totals[1], dec),
            "platform_discount": _money(totals[2], dec),
            "sub_total": _money(sub_total, dec),
            "original_shipping_fee": _money(o.shipping_fee, dec),
            "shipping_fee": _money(o.shipping_fee, dec),
            "total_amount": _money(sub_total + o.shipping_fee, dec),
            "tax": "0",
        },
        "recipient_address": {
            "name": b.full_name,
            "phone_number": f"(+66){b.phone[1:]}",
            "full_address": b.full_address,
            "address_detail": b.street,
            "postal_code": b.zipcode,
            "region_code": shop.region,
            "district_info": [
                {"address_level_name": "Country", "address_name": "Thailand"},
                {"address_level_name": "Province", "address_name": b.state},
                {"address_level_name": "District", "address_name": b.district},
            ],
        },
        "fulfillment_type": "FULFILLMENT_BY_SELLER",
        "shipping_type": "TIKTOK",
        "delivery_option_name": "Standard shipping",
        "warehouse_id": "7300000000000001",
        "line_items": lines,
    }


def _line_items(o: Order, state: str) -> tuple[list[dict], tuple[float, float, float]]:
    dec = o.shop.decimals
    out: list[dict] = []
    original = seller_total = platform_total = 0.0
    for x in o.lines:
        seller = split_minor(x.seller_voucher, [1.0] * x.quantity, dec)
        platform = split_minor(x.platform_voucher, [1.0] * x.quantity, dec)
        for u in range(x.quantity):
            seller_discount = round(x.unit_original - x.unit_sale + seller[u], 2)
            sale = round(x.unit_original - seller_discount - platform[u], 2)
            original += x.unit_original
            seller_total += seller_discount
            platform_total += platform[u]
            out.append(
                {
                    "id": f"{o.order_id}{len(out) + 1:02d}",
                    "sku_id": x.listing.model_id,
                    "seller_sku": x.listing.platform_sku,
                    "product_id": x.listing.item_id,
                    "product_name": x.listing.name,
                    "sku_name": x.listing.variation,
                    "original_price": _money(x.unit_original, dec),
                    "sale_price": _money(sale, dec),
                    "seller_discount": _money(seller_discount, dec),
                    "platform_discount": _money(platform[u], dec),
                    "currency": o.shop.currency,
                    "display_status": STATUS[state],
                    "is_gift": x.listing.is_gift,
                    "sku_type": "NORMAL",
                    "package_id": f"11{o.order_id[2:]}",
                    "sku_image": f"https://p16-oec-va.ibyteimg.com/tos/{x.listing.item_id}.jpg",
                }
            )
    return out, (original, seller_total, platform_total)
