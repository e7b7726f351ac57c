"""Lazada Open Platform client for one seller: signing, retries, paging.

Every call is ``GET {api_url}{api_path}`` (``api_url`` ends in ``/rest``) with ``app_key``,
``timestamp`` (ms, fresh per attempt), ``sign_method=sha256``, ``access_token`` and ``sign``
(see :func:`extractors.shops.signing.lazada_sign`) plus the API's parameters. Bodies are
``{"code": "0", "data", "request_id"}``; errors ``{"type", "code", "message", "request_id"}``,
usually with HTTP 200.

Error handling (:meth:`LazadaClient.platform_verdict`): ``IllegalAccessToken``,
``MissingAccessToken``, ``AccessTokenExpired`` → :class:`~extractors.common.retry.AuthError`
(refresh the seller's token); ``IncompleteSignature``, ``InvalidAppKey`` → configuration error;
``ApiCallLimit``, ``SellerCallLimit``, ``ServiceTimeout``, ``ServiceUnavailable``,
``InternalError``, any HTTP 5xx or 429 → retried; anything else fatal.
Source: Lazada Open Platform API reference (Order, Product) and "Error codes".
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
from extractors.shops.settings import LazadaSettings
from extractors.shops.signing import lazada_sign

AUTH_CODES = frozenset(
    {"IllegalAccessToken", "MissingAccessToken", "AccessTokenExpired", "AccessDenied"}
)
CONFIG_CODES = frozenset({"IncompleteSignature", "InvalidAppKey", "AppKeyNotExist"})
RETRY_CODES = frozenset(
    {
        "ApiCallLimit",
        "SellerCallLimit",
        "ServiceTimeout",
        "ServiceUnavailable",
        "InternalError",
        "ISP.SERVICE_TIMEOUT",
    }
)


class LazadaApiError(ExtractError):
    """A Lazada error that retrying will not fix."""


def iso(dt: datetime) -> str:
    """ISO 8601 with offset, seconds precision (``2026-11-20T17:00:00+00:00``)."""
    return dt.isoformat(timespec="seconds")


class LazadaClient(SignedJsonClient):
    """Lazada for one seller.

    Args:
        app_key: the app key.
        app_secret: the app secret (from the environment).
        access_token: the seller's access token (from the environment).
        shop: the seller's facts (``shop_id`` = Lazada ``seller_id``).
        settings: endpoint, page sizes, retry policy.
        sleep: sleep function (tests pass a recorder).
        clock: unix-seconds clock for request timestamps.
        session: an HTTP session to reuse.

    Raises:
        AuthError: a credential is empty.
    """

    platform = "lazada"

    def __init__(
        self,
        app_key: str,
        app_secret: str,
        access_token: str,
        shop: ShopInfo,
        settings: LazadaSettings | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        session: requests.Session | None = None,
    ) -> None:
        if not app_secret or not access_token:
            raise AuthError(
                f"no Lazada app secret or access token for seller {shop.shop_id}: "
                "set the environment variables config/shops.yml names for it"
            )
        self.settings = settings or LazadaSettings()
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
        label = f"Lazada {err.code} (HTTP {err.status}): {err.message}"
        seller = self.shop.shop_id
        if err.code in AUTH_CODES:
            return Verdict(
                False,
                label,
                fatal=AuthError(
                    f"Lazada rejected the access token of seller {seller} ({label}; request_id "
                    f"{err.request_id}). Refresh it (/auth/token/refresh) and set the seller's "
                    "access-token variable; nothing was written for this seller in this run."
                ),
            )
        if err.code in CONFIG_CODES:
            return Verdict(
                False,
                label,
                fatal=LazadaApiError(
                    f"seller {seller}: {label}. Check the app key ({self.app_key}) and the app "
                    "secret in the environment."
                ),
            )
        if err.code in RETRY_CODES or err.status >= 500 or err.status == 429:
            return Verdict(True, f"temporary, {label}", wait_s=err.retry_after_s)
        return Verdict(False, label, fatal=LazadaApiError(f"seller {seller}: {label}"))

    @staticmethod
    def _check(doc: dict[str, Any], status: int, headers: Mapping[str, str]) -> None:
        code = str(doc.get("code", "0"))
        if code != "0":
            raise PlatformError(status, code, str(doc.get("message") or ""), doc.get("request_id"))

    def get(self, api_path: str, params: Mapping[str, Any]) -> Any:
        """One signed GET; returns the body's ``data``.

        Raises:
            AuthError / LazadaApiError: fatal errors; the last transient error otherwise.
        """

        def prepare() -> Prepared:
            query: dict[str, Any] = {
                "app_key": self.app_key,
                "timestamp": str(int(self._clock() * 1000)),
                "sign_method": "sha256",
                "access_token": self._token,
                **{k: str(v) for k, v in params.items()},
            }
            query["sign"] = lazada_sign(self._secret, api_path, query)
            return Prepared("GET", f"{self.settings.api_url.rstrip('/')}{api_path}", query)

        return self.call(prepare, f"GET {api_path} seller {self.shop.shop_id}", self._check).get(
            "data"
        )

    def order_pages(self, start: datetime, end: datetime) -> Iterator[list[dict[str, Any]]]:
        """Pages of orders updated in ``[start, end)``, oldest update first (offset paging)."""
        offset = 0
        while True:
            data = self.get(
                "/orders/get",
                {
                    "update_after": iso(start),
                    "update_before": iso(end),
                    "sort_by": "updated_at",
                    "sort_direction": "ASC",
                    "offset": offset,
                    "limit": self.settings.page_size,
                },
            )
            orders = list((data or {}).get("orders") or [])
            yield orders
            offset += len(orders)
            if not orders or offset >= int((data or {}).get("countTotal") or 0):
                return

    def order_items(self, order_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Items of each order (``/orders/items/get``, ``items_batch`` orders per call)."""
        out: dict[str, list[dict[str, Any]]] = {}
        step = self.settings.items_batch
        for i in range(0, len(order_ids), step):
            ids = orjson.dumps([int(x) for x in order_ids[i : i + step]]).decode()
            for entry in self.get("/orders/items/get", {"order_ids": ids}) or []:
                out[str(entry["order_id"])] = list(entry.get("order_items") or [])
        return out

    def product_pages(self) -> Iterator[list[dict[str, Any]]]:
        """Pages of every product (``/products/get``, ``filter=all``)."""
        offset = 0
        while True:
            data = (
                self.get(
                    "/products/get",
                    {"filter": "all", "offset": offset, "limit": self.settings.product_page_size},
                )
                or {}
            )
            products = list(data.get("products") or [])
            yield products
            offset += len(products)
            if not products or offset >= int(data.get("total_products") or 0):
                return
