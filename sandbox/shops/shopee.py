"""Shopee Open Platform v2 emulator: orders and products of the market's Shopee shops.

Endpoints (``GET``, query parameters; https://open.shopee.com/documents/v2/):

- ``/api/v2/order/get_order_list``: ``time_range_field`` (``create_time``|``update_time``),
  ``time_from``/``time_to`` (unix seconds, inclusive, at most 15 days apart), ``page_size``
  (1–100), ``cursor`` (``next_cursor`` of the previous page, ``""`` first), optional
  ``order_status``, ``response_optional_fields=order_status`` →
  ``{"more", "next_cursor", "order_list": [{"order_sn"[, "order_status"]}]}``;
- ``/api/v2/order/get_order_detail``: ``order_sn_list`` (comma-separated, 1–50),
  ``response_optional_fields`` (comma-separated; optional fields are returned only when asked,
  as on Shopee) → ``{"order_list": [...]}`` in the shape of the recorded real response
  (``../shared/data/shopee/get_order_detail.response.json``);
- ``/api/v2/product/get_item_list``: ``offset``, ``page_size`` (1–100), ``item_status``
  (repeated) → ``{"item", "total_count", "has_next_page", "next_offset"}``;
- ``/api/v2/product/get_item_base_info``: ``item_id_list`` (1–50) → ``{"item_list"}``;
- ``/api/v2/product/get_model_list``: ``item_id`` → ``{"tier_variation", "model"}``.

Common parameters: ``partner_id``, ``timestamp``, ``access_token``, ``shop_id``, ``sign`` =
hex HMAC-SHA256 of ``partner_id + path + timestamp + access_token + shop_id`` keyed with the
partner key. Success bodies are ``{"error": "", "message": "", "request_id", "response"}``;
errors ``{"error", "message", "request_id"}``: ``error_sign`` (403), ``error_auth`` (403),
``error_param`` (400), ``error_too_many_request`` (429), ``error_server`` (500).
Money is in currency units (floats), times in unix seconds; buyer PII is masked as Shopee
masks it (``recipient_address.name`` ``P******n``, phone ``******64``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.market.orders import Order, OrderBook, promotion_rate
from sandbox.market.shops import LISTINGS, Listing, Shop, find_shop
from sandbox.shops.common import (
    SHOPEE_PARTNER_ID,
    SHOPEE_PARTNER_KEY,
    ShopApiError,
    ShopCall,
    ShopsContext,
    hmac_sha256_hex,
    int_param,
    mask,
    same,
)

MAX_RANGE_S = 15 * 86_400
STATUS = {
    "unpaid": "UNPAID",
    "paid": "READY_TO_SHIP",
    "packed": "PROCESSED",
    "shipped": "SHIPPED",
    "delivered": "TO_CONFIRM_RECEIVE",
    "completed": "COMPLETED",
    "cancelled": "CANCELLED",
    "refunded": "TO_RETURN",
}
_ERRORS = {
    "auth": ("error_auth", 403),
    "sign": ("error_sign", 403),
    "param": ("error_param", 400),
    "rate_limit": ("error_too_many_request", 429),
    "server": ("error_server", 500),
    "not_found": ("error_not_found", 404),
}
OPTIONAL_FIELDS = frozenset(
    {
        "buyer_user_id",
        "buyer_username",
        "estimated_shipping_fee",
        "recipient_address",
        "actual_shipping_fee",
        "goods_to_declare",
        "note",
        "note_update_time",
        "item_list",
        "pay_time",
        "dropshipper",
        "dropshipper_phone",
        "split_up",
        "buyer_cancel_reason",
        "cancel_by",
        "cancel_reason",
        "actual_shipping_fee_confirmed",
        "buyer_cpf_id",
        "fulfillment_flag",
        "pickup_done_time",
        "package_list",
        "shipping_carrier",
        "payment_method",
        "total_amount",
        "invoice_data",
    }
)


def render_error(err: ShopApiError, request_id: str) -> tuple[int, dict]:
    """Shopee's error body for an error category."""
    code, status = _ERRORS[err.category]
    return status, {"error": err.code or code, "message": err.message, "request_id": request_id}


def _ts(dt: datetime | None) -> int:
    return int(dt.timestamp()) if dt else 0


class ShopeeApi:
    """Shopee routes over the market's order book."""

    def __init__(self, ctx: ShopsContext, book: OrderBook) -> None:
        self.ctx, self.book = ctx, book

    def routes(self) -> list[Route]:
        """Starlette routes."""
        table: dict[str, tuple[str, Callable[[Request, Shop], dict]]] = {
            "/api/v2/order/get_order_list": ("shopee.order_list", self._order_list),
            "/api/v2/order/get_order_detail": ("shopee.order_detail", self._order_detail),
            "/api/v2/product/get_item_list": ("shopee.item_list", self._item_list),
            "/api/v2/product/get_item_base_info": ("shopee.item_base_info", self._base_info),
            "/api/v2/product/get_model_list": ("shopee.model_list", self._model_list),
        }
        return [
            Route(path, self._endpoint(path, family, fn), methods=["GET"])
            for path, (family, fn) in table.items()
        ]

    def _endpoint(
        self, path: str, family: str, fn: Callable[[Request, Shop], dict]
    ) -> Callable[[Request], object]:
        async def endpoint(request: Request) -> Response:
            params = dict(request.query_params)
            call = ShopCall(family, params.get("shop_id"))

            def handle(rid: str) -> tuple[int, dict]:
                shop = self._authenticate(path, params)
                return 200, {
                    "error": "",
                    "message": "",
                    "request_id": rid,
                    "response": fn(request, shop),
                }

            return self.ctx.run(call, request.method, path, handle, render_error)

        return endpoint

    def _authenticate(self, path: str, p: dict[str, str]) -> Shop:
        for name in ("partner_id", "timestamp", "sign"):
            if not p.get(name):
                raise ShopApiError("param", f"Parameter {name} is required.")
        if p["partner_id"] != str(SHOPEE_PARTNER_ID):
            raise ShopApiError("auth", "Invalid partner_id.")
        base = (
            f"{p['partner_id']}{path}{p['timestamp']}{p.get('access_token', '')}"
            f"{p.get('shop_id', '')}"
        )
        if not same(p["sign"], hmac_sha256_hex(SHOPEE_PARTNER_KEY, base)):
            raise ShopApiError("sign", "Wrong sign.")
        if not self.ctx.token_ok(p.get("access_token")):
            raise ShopApiError("auth", "Invalid access_token.")
        shop = find_shop("shopee", p.get("shop_id", ""))
        if shop is None:
            raise ShopApiError("auth", "Invalid shop_id: the shop has not authorized the app.")
        return shop

    # --- orders ------------------------------------------------------------------------

    def _order_list(self, request: Request, shop: Shop) -> dict:
        p = dict(request.query_params)
        field = p.get("time_range_field", "")
        if field not in ("create_time", "update_time"):
            raise ShopApiError("param", "time_range_field must be create_time or update_time.")
        t_from, t_to = int_param(p, "time_from", lo=0), int_param(p, "time_to", lo=0)
        if t_to < t_from or t_to - t_from > MAX_RANGE_S:
            raise ShopApiError(
                "param", "The time range between time_from and time_to must be within 15 days."
            )
        size = int_param(p, "page_size", lo=1, hi=100)
        offset = int_param({"c": p.get("cursor") or "0"}, "c", lo=0)
        rows = self.book.updated_between(
            shop,
            datetime.fromtimestamp(t_from, UTC),
            datetime.fromtimestamp(t_to, UTC),
            by="update" if field == "update_time" else "create",
        )
        wanted = p.get("order_status")
        if wanted:
            rows = [r for r in rows if STATUS[r[1]] == wanted]
        page = rows[offset : offset + size]
        with_status = "order_status" in p.get("response_optional_fields", "")
        more = offset + size < len(rows)
        return {
            "more": more,
            "next_cursor": str(offset + size) if more else "",
            "order_list": [
                {"order_sn": o.order_id, **({"order_status": STATUS[s]} if with_status else {})}
                for o, s, _ in page
            ],
        }

    def _order_detail(self, request: Request, shop: Shop) -> dict:
        p = dict(request.query_params)
        sns = [s for s in p.get("order_sn_list", "").split(",") if s]
        if not 1 <= len(sns) <= 50:
            raise ShopApiError("param", "order_sn_list must hold 1 to 50 order_sn.")
        optional = {f for f in p.get("response_optional_fields", "").split(",") if f}
        unknown = optional - OPTIONAL_FIELDS
        if unknown:
            raise ShopApiError("param", f"Unknown response_optional_fields: {sorted(unknown)}.")
        out = []
        for sn in sns:
            order = self.book.find(shop, sn)
            if order is None:
                continue
            state = order.state_at(self.book.market.clock.now)
            assert state is not None
            out.append(order_detail(order, state[0], state[1], optional))
        return {"order_list": out}

    # --- products ----------------------------------------------------------------------

    def _items(self, shop: Shop) -> dict[str, list[Listing]]:
        items: dict[str, list[Listing]] = {}
        for x in LISTINGS[shop.key]:
            items.setdefault(x.item_id, []).append(x)
        return items

    def _item_list(self, request: Request, shop: Shop) -> dict:
        p = dict(request.query_params)
        offset = int_param(p, "offset", 0, lo=0)
        size = int_param(p, "page_size", lo=1, hi=100)
        statuses = request.query_params.getlist("item_status") or ["NORMAL"]
        ids = list(self._items(shop)) if "NORMAL" in statuses else []
        page = ids[offset : offset + size]
        more = offset + size < len(ids)
        updated = _ts(datetime.combine(self.book.market.history_start, datetime.min.time(), UTC))
        return {
            "item": [
                {"item_id": int(i), "item_status": "NORMAL", "update_time": updated} for i in page
            ],
            "total_count": len(ids),
            "has_next_page": more,
            "next_offset": offset + size if more else 0,
        }

    def _base_info(self, request: Request, shop: Shop) -> dict:
        ids = [i for i in dict(request.query_params).get("item_id_list", "").split(",") if i]
        if not 1 <= len(ids) <= 50:
            raise ShopApiError("param", "item_id_list must hold 1 to 50 item_id.")
        items = self._items(shop)
        created = _ts(
            datetime.combine(self.book.market.history_start, datetime.min.time(), UTC)
            - timedelta(days=200)
        )
        out = []
        for i in ids:
            models = items.get(i)
            if not models:
                continue
            first = models[0]
            has_model = first.model_id != "0"
            rec = {
                "item_id": int(i),
                "category_id": 100_664,
                "item_name": first.name,
                "item_sku": "" if has_model else first.platform_sku,
                "create_time": created,
                "update_time": created,
                "item_status": "NORMAL",
                "has_model": has_model,
                "condition": "NEW",
                "brand": {"brand_id": 1_150_007, "original_brand_name": "Siam Glow"},
            }
            if not has_model:
                rec["price_info"] = [self._price(shop, first)]
            out.append(rec)
        return {"item_list": out}

    def _model_list(self, request: Request, shop: Shop) -> dict:
        item_id = str(int_param(dict(request.query_params), "item_id", lo=1))
        models = [m for m in self._items(shop).get(item_id, []) if m.model_id != "0"]
        return {
            "tier_variation": [
                {"name": "Type", "option_list": [{"option": m.variation} for m in models]}
            ]
            if models
            else [],
            "model": [
                {
                    "model_id": int(m.model_id),
                    "model_sku": m.platform_sku,
                    "tier_index": [i],
                    "price_info": [self._price(shop, m)],
                }
                for i, m in enumerate(models)
            ],
        }

    def _price(self, shop: Shop, listing: Listing) -> dict:
        market = self.book.market
        today = market.clock.local_today(shop.timezone)
        rate = promotion_rate(market.config.seed, shop, listing, today)
        current = round(listing.list_price * (1 - rate), shop.decimals)
        return {
            "currency": shop.currency,
            "original_price": listing.list_price,
            "current_price": float(current),
        }


def order_detail(o: Order, state: str, updated: datetime, optional: set[str]) -> dict:
    """One ``get_order_detail`` order: base fields, plus the requested optional fields."""
    shop, b = o.shop, o.buyer
    shipped = o.time_of("shipped")
    rec: dict = {
        "order_sn": o.order_id,
        "region": shop.region,
        "currency": shop.currency,
        "cod": o.cod,
        "order_status": STATUS[state],
        "create_time": _ts(o.created_at),
        "update_time": _ts(updated),
        "days_to_ship": 2,
        "message_to_seller": "",
        "ship_by_date": _ts(o.created_at + timedelta(days=2)),
        "reverse_shipping_fee": 0,
    }
    cancelled = state == "cancelled"
    paid = o.time_of("paid") if not o.cod else o.time_of("delivered")
    extra: dict = {
        "buyer_user_id": int(b.user_id),
        "buyer_username": b.username,
        "estimated_shipping_fee": o.shipping_fee,
        "actual_shipping_fee": o.shop.price(35.0) if shipped else 0.0,
        "actual_shipping_fee_confirmed": bool(shipped),
        "recipient_address": {
            "name": mask(b.full_name),
            "phone": "******" + b.phone[-2:],
            "town": "",
            "district": b.district,
            "city": b.city,
            "state": b.state,
            "region": shop.region,
            "zipcode": b.zipcode,
            "full_address": b.street[:3] + "******",
        },
        "goods_to_declare": False,
        "note": "",
        "note_update_time": 0,
        "item_list": [_item(o, i) for i in range(len(o.lines))],
        "pay_time": _ts(paid) if paid and paid <= updated else None,
        "dropshipper": None,
        "dropshipper_phone": None,
        "split_up": False,
        "buyer_cancel_reason": "Change of mind" if cancelled and o.time_of("paid") else "",
        "cancel_by": ("buyer" if o.time_of("paid") else "system") if cancelled else "",
        "cancel_reason": ("BACKEND_UNPAID" if not o.time_of("paid") else "BUYER_CANCEL")
        if cancelled
        else "",
        "buyer_cpf_id": None,
        "fulfillment_flag": "fulfilled_by_local_seller",
        "pickup_done_time": _ts(shipped) if shipped and shipped <= updated else 0,
        "package_list": [
            {
                "package_number": f"OFG{o.order_id}",
                "logistics_status": "LOGISTICS_DELIVERY_DONE"
                if state in ("completed", "delivered")
                else "LOGISTICS_READY",
                "shipping_carrier": "Flash Express",
                "item_list": [
                    {
                        "item_id": int(x.listing.item_id),
                        "model_id": int(x.listing.model_id),
                        "model_quantity": x.quantity,
                    }
                    for x in o.lines
                ],
            }
        ],
        "shipping_carrier": "Flash Express",
        "payment_method": o.payment_method,
        "total_amount": o.total_amount,
        "invoice_data": None,
    }
    rec.update({k: v for k, v in extra.items() if k in optional})
    return rec


def _item(o: Order, i: int) -> dict:
    x = o.lines[i]
    promo = x.unit_sale < x.unit_original
    return {
        "item_id": int(x.listing.item_id),
        "item_name": x.listing.name,
        "item_sku": "" if x.listing.model_id != "0" else x.listing.platform_sku,
        "model_id": int(x.listing.model_id),
        "model_name": x.listing.variation,
        "model_sku": x.listing.platform_sku if x.listing.model_id != "0" else "",
        "model_quantity_purchased": x.quantity,
        "model_original_price": x.unit_original,
        "model_discounted_price": x.unit_sale,
        "wholesale": False,
        "weight": 0.12,
        "add_on_deal": False,
        "main_item": i == 0,
        "add_on_deal_id": 0,
        "promotion_type": "discount_promotion" if promo else "",
        "promotion_id": 700_000_000_000 + int(x.listing.item_id) % 100_000 if promo else 0,
        "order_item_id": int(x.listing.item_id),
        "promotion_group_id": 0,
        "image_info": {"image_url": f"https://cf.shopee.co.th/file/sg-{x.listing.item_id}_tn"},
        "product_location_id": [f"{o.shop.region}Z"],
        "is_prescription_item": False,
        "is_b2c_owned_item": False,
    }
