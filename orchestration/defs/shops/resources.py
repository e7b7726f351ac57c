"""Marketplace access as Dagster resources: one per configured shop (secrets from the env).

Each shop gets a resource ``shop_<key>`` (``shop_shopee_th``) holding its platform facts and
credentials. The app secret (Shopee partner key, Lazada/TikTok Shop app secret) and the shop's
access token reach it as ``dg.EnvVar`` of the variables ``config/shops.yml`` names, so Dagster
never shows their values; a variable that is not set fails the step naming it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import cast

import dagster as dg

from config.shops import Shop, ShopsConfig
from extractors.shops.common import ShopInfo, ShopPlatform
from extractors.shops.http import SignedJsonClient
from extractors.shops.lazada_client import LazadaClient
from extractors.shops.settings import LazadaSettings, ShopeeSettings, TikTokShopSettings
from extractors.shops.shopee_client import ShopeeClient
from extractors.shops.tiktok_shop_client import TikTokShopClient


class ShopResource(dg.ConfigurableResource):
    """One marketplace shop and its credentials.

    Attributes:
        platform: ``shopee``, ``lazada`` or ``tiktok_shop``.
        key: the shop key of ``config/shops.yml``.
        shop_id: the platform's shop id (Lazada: seller_id).
        region: marketplace country.
        currency: ISO 4217 code of the shop's amounts.
        timezone: IANA name of the shop's business day.
        shop_cipher: TikTok Shop's shop_cipher.
        app_id: Shopee partner_id, or Lazada/TikTok Shop app_key.
        app_secret: Shopee partner key / app secret (``dg.EnvVar``; never shown).
        access_token: the shop's access token (``dg.EnvVar``; never shown).
        api_url: API host override (the sandbox in the demo); None = the platform's host.
    """

    platform: str
    key: str
    shop_id: str
    region: str
    currency: str
    timezone: str
    shop_cipher: str | None = None
    app_id: str
    app_secret: str
    access_token: str
    api_url: str | None = None

    def info(self) -> ShopInfo:
        """The shop's facts as the extractors take them."""
        platform = cast("ShopPlatform", self.platform)
        return ShopInfo(
            platform, self.shop_id, self.region, self.currency, self.timezone, self.shop_cipher
        )

    def client(self, sleep: Callable[[float], None] = time.sleep) -> SignedJsonClient:
        """A client for this shop's platform."""
        creds = (self.app_id, self.app_secret, self.access_token, self.info())
        if self.platform == "shopee":
            shopee = ShopeeSettings(api_url=self.api_url) if self.api_url else ShopeeSettings()
            return ShopeeClient(*creds, shopee, sleep=sleep)
        if self.platform == "lazada":
            lazada = LazadaSettings(api_url=self.api_url) if self.api_url else LazadaSettings()
            return LazadaClient(*creds, lazada, sleep=sleep)
        tiktok = TikTokShopSettings(api_url=self.api_url) if self.api_url else TikTokShopSettings()
        return TikTokShopClient(*creds, tiktok, sleep=sleep)


def resource_key(shop: Shop) -> str:
    """``shop_<key>``: the resource key of a shop."""
    return f"shop_{shop.key}"


def shop_resources(cfg: ShopsConfig, api_urls: dict[str, str | None]) -> dict[str, ShopResource]:
    """One resource per enabled shop of ``cfg``.

    Args:
        cfg: the validated shops file.
        api_urls: platform → host override (None keeps the platform's production host; for
            Lazada the REST endpoint ending in ``/rest``).
    """
    out: dict[str, ShopResource] = {}
    apps = {
        "shopee": (str(cfg.shopee.partner_id), cfg.shopee.partner_key_env) if cfg.shopee else None,
        "lazada": (cfg.lazada.app_key, cfg.lazada.app_secret_env) if cfg.lazada else None,
        "tiktok_shop": (cfg.tiktok_shop.app_key, cfg.tiktok_shop.app_secret_env)
        if cfg.tiktok_shop
        else None,
    }
    for platform, shop in cfg.all_shops():
        app = apps[platform]
        if not shop.enabled or app is None:
            continue
        out[resource_key(shop)] = ShopResource(
            platform=platform,
            key=shop.key,
            shop_id=shop.shop_id,
            region=shop.region,
            currency=shop.currency,
            timezone=shop.timezone,
            shop_cipher=shop.shop_cipher,
            app_id=app[0],
            app_secret=dg.EnvVar(app[1]),
            access_token=dg.EnvVar(shop.access_token_env),
            api_url=api_urls.get(platform),
        )
    return out
