"""Knobs of the marketplace extractors: hosts, API versions, page sizes, windows, lookback.

Lookback: marketplace orders keep changing for weeks (payment, shipping, delivery, buyer
confirmation after 3–7 days, returns and refunds), and every change moves the order's update
time. Syncs select orders **by update time** and re-read the last :data:`ORDERS_LOOKBACK_DAYS`
days of updates on every run, so a run that failed, an update indexed late by the platform, or a
clock skew between us and the platform cannot lose a status change; rows are merged on the order
key, so re-reading costs requests, never duplicates.

Sources: Shopee Open Platform v2 ``get_order_list`` (``time_range_field``, 15-day maximum range,
``page_size`` ≤ 100) and ``get_order_detail`` (≤ 50 ``order_sn``); Lazada ``/orders/get``
(``limit`` ≤ 100) and ``/orders/items/get`` (≤ 50 ids); TikTok Shop 202309 Order API
(``page_size`` ≤ 100, ``ids`` ≤ 50) and Product API.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.common.retry import RetryPolicy

ORDERS_LOOKBACK_DAYS = 14
"""Days of order updates every scheduled sync re-reads (see module docstring)."""


@dataclass(frozen=True)
class ShopeeSettings:
    """Shopee v2 knobs.

    Attributes:
        api_url: host without trailing slash (``https://partner.shopeemobile.com``; the sandbox
            in the demo and tests).
        page_size: orders per ``get_order_list`` page (max 100).
        detail_batch: ``order_sn`` per ``get_order_detail`` call (max 50).
        max_window_days: longest ``time_from``..``time_to`` range per list call (max 15).
        item_page_size: items per ``get_item_list`` page (max 100).
        retry: backoff for every request.
    """

    api_url: str = "https://partner.shopeemobile.com"
    page_size: int = 100
    detail_batch: int = 50
    max_window_days: int = 15
    item_page_size: int = 100
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(timeout_s=60.0))


@dataclass(frozen=True)
class LazadaSettings:
    """Lazada knobs.

    Attributes:
        api_url: REST endpoint of the seller's country, without trailing slash
            (``https://api.lazada.co.th/rest``).
        page_size: orders per ``/orders/get`` page (max 100).
        items_batch: order ids per ``/orders/items/get`` call (max 50).
        product_page_size: products per ``/products/get`` page (max 50).
        retry: backoff for every request.
    """

    api_url: str = "https://api.lazada.co.th/rest"
    page_size: int = 100
    items_batch: int = 50
    product_page_size: int = 50
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(timeout_s=60.0))


@dataclass(frozen=True)
class TikTokShopSettings:
    """TikTok Shop knobs.

    Attributes:
        api_url: host without trailing slash (``https://open-api.tiktokglobalshop.com``).
        version: API version in the paths (``202309``).
        page_size: orders/products per search page (max 100).
        retry: backoff for every request.
    """

    api_url: str = "https://open-api.tiktokglobalshop.com"
    version: str = "202309"
    page_size: int = 100
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(timeout_s=60.0))
