"""Fixtures: one in-process sandbox per module, and clients for each of its shops."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from extractors.shops.common import ShopInfo
from extractors.shops.http import SignedJsonClient
from extractors.shops.lazada_client import LazadaClient
from extractors.shops.settings import LazadaSettings, ShopeeSettings, TikTokShopSettings
from extractors.shops.shopee_client import ShopeeClient
from extractors.shops.tiktok_shop_client import TikTokShopClient
from sandbox.process import SandboxHandle, running_sandbox
from sandbox.shops import common as creds

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TOKEN = "shops-test-token"

SHOPS: dict[str, ShopInfo] = {
    "shopee_th": ShopInfo("shopee", "810000001", "TH", "THB", "Asia/Bangkok"),
    "shopee_my": ShopInfo("shopee", "810000002", "MY", "MYR", "Asia/Kuala_Lumpur"),
    "lazada_th": ShopInfo("lazada", "1000000001", "TH", "THB", "Asia/Bangkok"),
    "tiktok_shop_th": ShopInfo(
        "tiktok_shop", "7494000000000001", "TH", "THB", "Asia/Bangkok", cipher="ROW_SIAMGLOWTH0001"
    ),
}

MakeClient = Callable[..., SignedJsonClient]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxHandle]:
    """An in-process sandbox at a fixed clock (market of 40 days), shared by a module."""
    with running_sandbox(now=NOW, days=40, token=TOKEN, in_process=True) as sb:
        yield sb


@pytest.fixture
def fresh(sandbox: SandboxHandle) -> SandboxHandle:
    """The module's sandbox with no fault rules and zeroed counters."""
    sandbox.clear_faults()
    sandbox.reset_stats()
    return sandbox


@pytest.fixture
def make_client(fresh: SandboxHandle, no_sleep: Callable[[float], None]) -> MakeClient:
    """A client for a shop key of :data:`SHOPS`, pointed at the sandbox, sleeps recorded."""

    def make(
        key: str, *, token: str = TOKEN, secret: str | None = None, **settings: object
    ) -> SignedJsonClient:
        shop = SHOPS[key]
        clock = NOW.timestamp
        if shop.platform == "shopee":
            return ShopeeClient(
                creds.SHOPEE_PARTNER_ID,
                secret or creds.SHOPEE_PARTNER_KEY,
                token,
                shop,
                ShopeeSettings(api_url=fresh.base_url, **settings),
                sleep=no_sleep,
                clock=clock,
            )
        if shop.platform == "lazada":
            return LazadaClient(
                creds.LAZADA_APP_KEY,
                secret or creds.LAZADA_APP_SECRET,
                token,
                shop,
                LazadaSettings(api_url=f"{fresh.base_url}/rest", **settings),
                sleep=no_sleep,
                clock=clock,
            )
        return TikTokShopClient(
            creds.TIKTOK_SHOP_APP_KEY,
            secret or creds.TIKTOK_SHOP_APP_SECRET,
            token,
            shop,
            TikTokShopSettings(api_url=fresh.base_url, **settings),
            sleep=no_sleep,
            clock=clock,
        )

    return make
