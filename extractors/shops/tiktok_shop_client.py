"""TikTok Shop (API 202309) client for one shop: signing, retries, page-token paging.

Every call sends ``app_key``, ``timestamp`` (unix seconds, fresh per attempt), ``shop_cipher``
and ``sign`` (see :func:`extractors.shops.signing.tiktok_shop_sign`, which signs the exact JSON
body bytes sent) in the query, and the access token in the ``x-tts-access-token`` header.
Bodies are ``{"code": 0, "message": "Success", "request_id", "data"}``; errors have a non-zero
``code``.

Error handling (:meth:`TikTokShopClient.platform_verdict`): HTTP 429 (TikTok Shop also reuses
code 36009004 for it) and HTTP 5xx or code 36009003 are retried; 105001–105005 (token missing,
invalid, expired, revoked) stop with an :class:`~extractors.common.retry.AuthError`; 106001
(signature) stops with a configuration error; anything else is fatal.
Source: TikTok Shop Partner Center API reference (Order 202309, Product 202309) and
"Common errors".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

import orjson
import requests

from extractors.common.retry import AuthError, ExtractError, Verdict
from extractors.shops.common import ShopInfo
from extractors.shops.http import PlatformError, Prepared, SignedJsonClient
from extractors.shops.settings import TikTokShopSettings
from extractors.shops.signing import tiktok_shop_sign

AUTH_CODES = frozenset({105001, 105002, 105003, 105004, 105005})
SIGN_CODES = frozenset({106001})
RETRY_CODES = frozenset({36009003})


class TikTokShopApiError(ExtractError):
    """A TikTok Shop error that retrying will not fix."""


class TikTokShopClient(SignedJsonClient):
    """TikTok Shop for one shop.

    Args:
        app_key: the app key.
        app_secret: the app secret (from the environment).
        access_token: the shop's access token (from the environment).
        shop: the shop's facts (``cipher`` is required).
        settings: host, version, page size, retry policy.
        sleep: sleep function (tests pass a recorder).
        clock: unix-seconds clock for request timestamps.
        session: an HTTP session to reuse.

    Raises:
        AuthError: a credential is empty.
        ValueError: the shop has no ``cipher``.
    """

    platform = "tiktok_shop"

    def __init__(
        self,
        app_key: str,
        app_secret: str,
        access_token: str,
        shop: ShopInfo,
        settings: TikTokShopSettings | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        session: requests.Session | None = None,
    ) -> None:
        if not app_secret or not access_token:
            raise AuthError(
                f"no TikTok Shop app secret or access token for shop {shop.shop_id}: "
                "set the environment variables config/shops.yml names for it"
            )
        if not shop.cipher:
            raise ValueError(f"TikTok Shop {shop.shop_id} needs its shop_cipher in config")
        self.settings = settings or TikTokShopSettings()
        super().__init__(
            secrets=(app_secret, access_token),
            retry=self.settings.retry,
            sleep=sleep,
            session=session,
        )
        self.app_key, self.shop = app_key, shop
        self._secret, self._token, self._clock = app_secret, access_token, clock

    def platform_verdict(self, err: PlatformError) -> Verdict:
        """Retriable or fatal (module docstring has the rules)."""
        label = f"TikTok Shop code {err.code} (HTTP {err.status}): {err.message}"
        shop = self.shop.shop_id
        code = int(err.code) if err.code.lstrip("-").isdigit() else -1
        if err.status == 429 or err.status >= 500 or code in RETRY_CODES:
            return Verdict(True, f"temporary, {label}", wait_s=err.retry_after_s)
        if code in AUTH_CODES:
            return Verdict(
                False,
                label,
                fatal=AuthError(
                    f"TikTok Shop rejected the access token of shop {shop} ({label}; request_id "
                    f"{err.request_id}). Refresh it (/api/v2/token/refresh) and set the shop's "
                    "access-token variable; nothing was written for this shop in this run."
                ),
            )
        if code in SIGN_CODES:
            return Verdict(
                False,
                label,
                fatal=TikTokShopApiError(
                    f"shop {shop}: {label}. Check the app key ({self.app_key}) and app secret."
                ),
            )
        return Verdict(False, label, fatal=TikTokShopApiError(f"shop {shop}: {label}"))

    @staticmethod
    def _check(doc: dict[str, Any], status: int, headers: Mapping[str, str]) -> None:
        code = doc.get("code", 0)
        if code not in (0, "0"):
            try:
                wait = float(headers.get("Retry-After", "0"))
            except ValueError:
                wait = 0.0
            raise PlatformError(
                status, str(code), str(doc.get("message") or ""), doc.get("request_id"), wait
            )

    def request(
        self,
        method: str,
        path: str,
        query: Mapping[str, Any],
        body: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """One signed call; returns the body's ``data`` object.

        Raises:
            AuthError / TikTokShopApiError: fatal errors; the last transient error otherwise.
        """
        payload = orjson.dumps(body) if body is not None else b""

        def prepare() -> Prepared:
            q: dict[str, Any] = {
                "app_key": self.app_key,
                "timestamp": str(int(self._clock())),
                "shop_cipher": self.shop.cipher,
                **{k: str(v) for k, v in query.items()},
            }
            q["sign"] = tiktok_shop_sign(self._secret, path, q, payload)
            headers = {"x-tts-access-token": self._token, "content-type": "application/json"}
            return Prepared(
                method,
                f"{self.settings.api_url.rstrip('/')}{path}",
                q,
                headers,
                payload if body is not None else None,
            )

        data = self.call(prepare, f"{method} {path} shop {self.shop.shop_id}", self._check).get(
            "data"
        )
        return data if isinstance(data, dict) else {}

    def _pages(
        self, path: str, body: Mapping[str, Any], extra: Mapping[str, Any]
    ) -> Iterator[dict[str, Any]]:
        token = ""
        while True:
            query = {"page_size": self.settings.page_size, **extra}
            if token:
                query["page_token"] = token
            data = self.request("POST", path, query, body)
            yield data
            token = str(data.get("next_page_token") or "")
            if not token:
                return

    def order_pages(self, start: datetime, end: datetime) -> Iterator[list[dict[str, Any]]]:
        """Pages of full orders updated in ``[start, end)``, oldest update first."""
        path = f"/order/{self.settings.version}/orders/search"
        body = {"update_time_ge": int(start.timestamp()), "update_time_lt": int(end.timestamp())}
        extra = {"sort_field": "update_time", "sort_order": "ASC"}
        for data in self._pages(path, body, extra):
            yield list(data.get("orders") or [])

    def orders(self, order_ids: list[str]) -> list[dict[str, Any]]:
        """Orders by id (``GET /order/202309/orders``, 50 ids per call)."""
        out: list[dict[str, Any]] = []
        for i in range(0, len(order_ids), 50):
            data = self.request(
                "GET",
                f"/order/{self.settings.version}/orders",
                {"ids": ",".join(order_ids[i : i + 50])},
            )
            out.extend(data.get("orders") or [])
        return out

    def product_pages(self) -> Iterator[list[dict[str, Any]]]:
        """Pages of every product (``POST /product/202309/products/search``)."""
        path = f"/product/{self.settings.version}/products/search"
        for data in self._pages(path, {"status": "ALL"}, {}):
            yield list(data.get("products") or [])
