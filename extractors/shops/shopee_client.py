"""Shopee Open Platform v2 client for one shop: signing, retries, paging.

Every shop-level call is ``GET {api_url}{path}`` with ``partner_id``, ``timestamp`` (unix
seconds, fresh per attempt), ``access_token``, ``shop_id`` and ``sign`` (see
:func:`extractors.shops.signing.shopee_sign`) in the query. Bodies are
``{"error": "", "message": "", "request_id", "response": {...}}``; an error has a non-empty
``error``.

Error handling (see :meth:`ShopeeClient.platform_verdict`): ``error_auth`` and the token errors
(``invalid_access_token``, Shopee's own spelling ``invalid_acceess_token``,
``error_permission``) stop with an :class:`~extractors.common.retry.AuthError` naming the shop
and what to do; ``error_sign`` stops with a configuration error (partner id/key); HTTP 429 or a
``too_many``/``rate_limit`` code and HTTP 5xx or ``error_server``/``error_inner``/``error_busy``
are retried with backoff; anything else (``error_param`` ...) is fatal.
Source: Shopee Open Platform v2 API reference (order, product) and developer guide.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

import requests

from extractors.common.retry import AuthError, ExtractError, Verdict
from extractors.shops.common import ShopInfo, split_window
from extractors.shops.http import PlatformError, Prepared, SignedJsonClient
from extractors.shops.settings import ShopeeSettings
from extractors.shops.signing import shopee_sign

AUTH_CODES = frozenset(
    {
        "error_auth",
        "invalid_access_token",
        "invalid_acceess_token",
        "error_permission",
        "error_invalid_token",
    }
)
SERVER_CODES = frozenset({"error_server", "error_inner", "error_busy", "error_system"})

ORDER_DETAIL_FIELDS = (
    "buyer_user_id",
    "buyer_username",
    "estimated_shipping_fee",
    "actual_shipping_fee",
    "recipient_address",
    "item_list",
    "pay_time",
    "cancel_by",
    "cancel_reason",
    "buyer_cancel_reason",
    "payment_method",
    "total_amount",
    "shipping_carrier",
)
"""``response_optional_fields`` of ``get_order_detail``: what the raw tables need, no more."""


class ShopeeApiError(ExtractError):
    """A Shopee error that retrying will not fix (bad parameter, wrong signature...)."""


class ShopeeClient(SignedJsonClient):
    """Shopee v2 for one shop.

    Args:
        partner_id: the app's partner id.
        partner_key: the app's partner key (secret, from the environment).
        access_token: the shop's access token (secret, from the environment).
        shop: the shop's facts.
        settings: host, page sizes, retry policy.
        sleep: sleep function (tests pass a recorder).
        clock: unix-seconds clock for request timestamps.
        session: an HTTP session to reuse.

    Raises:
        AuthError: a credential is empty.
    """

    platform = "shopee"

    def __init__(
        self,
        partner_id: int | str,
        partner_key: str,
        access_token: str,
        shop: ShopInfo,
        settings: ShopeeSettings | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        session: requests.Session | None = None,
    ) -> None:
        if not partner_key or not access_token:
            raise AuthError(
                f"no Shopee partner key or access token for shop {shop.shop_id}: set "
                "the environment variables config/shops.yml names for it"
            )
        self.settings = settings or ShopeeSettings()
        super().__init__(
            secrets=(partner_key, access_token),
            retry=self.settings.retry,
            sleep=sleep,
            session=session,
        )
        self.partner_id, self.shop = str(partner_id), shop
        self._key, self._token, self._clock = partner_key, access_token, clock

    # -- errors --------------------------------------------------------------------------
    def platform_verdict(self, err: PlatformError) -> Verdict:
        """Retriable or fatal (module docstring has the rules)."""
        label = f"Shopee {err.code} (HTTP {err.status}): {err.message}"
        shop = self.shop.shop_id
        if err.code == "error_sign":
            return Verdict(
                False,
                label,
                fatal=ShopeeApiError(
                    f"shop {shop}: {label}. Shopee rejected the request signature: check the "
                    f"partner id ({self.partner_id}) and the partner key in the environment."
                ),
            )
        if err.code in AUTH_CODES:
            return Verdict(
                False,
                label,
                fatal=AuthError(
                    f"Shopee rejected the access token of shop {shop} ({label}; request_id "
                    f"{err.request_id}). Refresh it (POST /api/v2/auth/access_token/get with the "
                    "shop's refresh token) and set the shop's access-token variable; nothing was "
                    "written for this shop in this run."
                ),
            )
        if err.status == 429 or "too_many" in err.code or "rate_limit" in err.code:
            return Verdict(True, f"rate limit, {label}", wait_s=err.retry_after_s)
        if err.status >= 500 or err.code in SERVER_CODES:
            return Verdict(True, f"temporary, {label}", wait_s=err.retry_after_s)
        return Verdict(False, label, fatal=ShopeeApiError(f"shop {shop}: {label}"))

    @staticmethod
    def _check(doc: dict[str, Any], status: int, headers: Mapping[str, str]) -> None:
        if doc.get("error"):
            try:
                wait = float(headers.get("Retry-After", "0"))
            except ValueError:
                wait = 0.0
            raise PlatformError(
                status,
                str(doc["error"]),
                str(doc.get("message") or ""),
                doc.get("request_id"),
                wait,
            )

    # -- calls ---------------------------------------------------------------------------
    def get(self, path: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """One signed shop-level GET; returns the body's ``response`` object.

        Raises:
            AuthError / ShopeeApiError: fatal errors (see module docstring); the last transient
                error when retries run out.
        """

        def prepare() -> Prepared:
            ts = int(self._clock())
            sign = shopee_sign(self._key, self.partner_id, path, ts, self._token, self.shop.shop_id)
            query = {
                "partner_id": self.partner_id,
                "timestamp": ts,
                "access_token": self._token,
                "shop_id": self.shop.shop_id,
                "sign": sign,
                **params,
            }
            return Prepared("GET", f"{self.settings.api_url.rstrip('/')}{path}", query)

        doc = self.call(prepare, f"GET {path} shop {self.shop.shop_id}", self._check)
        response = doc.get("response")
        return response if isinstance(response, dict) else {}

    def order_sn_pages(self, start: datetime, end: datetime) -> Iterator[list[str]]:
        """Pages of ``order_sn`` of orders updated in ``[start, end)``, in windows ≤ 15 days.

        ``time_to`` is inclusive on Shopee, so each window asks up to ``end - 1 s``.
        """
        for a, b in split_window(start, end, self.settings.max_window_days):
            cursor = ""
            while True:
                resp = self.get(
                    "/api/v2/order/get_order_list",
                    {
                        "time_range_field": "update_time",
                        "time_from": int(a.timestamp()),
                        "time_to": int(b.timestamp()) - 1,
                        "page_size": self.settings.page_size,
                        "cursor": cursor,
                        "response_optional_fields": "order_status",
                    },
                )
                yield [str(o["order_sn"]) for o in resp.get("order_list") or []]
                cursor = str(resp.get("next_cursor") or "")
                if not resp.get("more") or not cursor:
                    break

    def order_details(self, order_sns: list[str]) -> list[dict[str, Any]]:
        """Full orders (``get_order_detail``), ``detail_batch`` order_sn per call."""
        out: list[dict[str, Any]] = []
        step = self.settings.detail_batch
        for i in range(0, len(order_sns), step):
            resp = self.get(
                "/api/v2/order/get_order_detail",
                {
                    "order_sn_list": ",".join(order_sns[i : i + step]),
                    "response_optional_fields": ",".join(ORDER_DETAIL_FIELDS),
                },
            )
            out.extend(resp.get("order_list") or [])
        return out

    def item_ids(self) -> list[int]:
        """Every item id of the shop (``get_item_list``, statuses NORMAL and UNLIST)."""
        ids: list[int] = []
        offset = 0
        while True:
            resp = self.get(
                "/api/v2/product/get_item_list",
                {
                    "offset": offset,
                    "page_size": self.settings.item_page_size,
                    "item_status": ["NORMAL", "UNLIST"],
                },
            )
            ids += [int(i["item_id"]) for i in resp.get("item") or []]
            if not resp.get("has_next_page"):
                return ids
            offset = int(resp.get("next_offset") or offset + self.settings.item_page_size)

    def item_base_info(self, item_ids: list[int]) -> list[dict[str, Any]]:
        """``get_item_base_info`` for the items, 50 per call."""
        out: list[dict[str, Any]] = []
        for i in range(0, len(item_ids), 50):
            resp = self.get(
                "/api/v2/product/get_item_base_info",
                {"item_id_list": ",".join(str(x) for x in item_ids[i : i + 50])},
            )
            out.extend(resp.get("item_list") or [])
        return out

    def model_list(self, item_id: int) -> dict[str, Any]:
        """``get_model_list`` of one item with variations."""
        return self.get("/api/v2/product/get_model_list", {"item_id": item_id})
