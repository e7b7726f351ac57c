"""Fixed facts of the brand's marketplace shops: shops, listings, and how ads feed them.

Nothing here depends on the seed: shop ids, listings, platform SKUs and prices are the same in
every run, so ``config/shops.yml`` and ``config/sku_mapping.csv`` can name them.

Shops (ids mimic each platform's formats):

========================  ===========  ==================  ========  =======================
key                       platform     shop id             currency  timezone
========================  ===========  ==================  ========  =======================
``shopee_th``             shopee       ``810000001``       THB       Asia/Bangkok
``lazada_th``             lazada       ``1000000001``      THB       Asia/Bangkok
``tiktok_shop_th``        tiktok_shop  ``7494000000000001`` THB      Asia/Bangkok
``shopee_my``             shopee       ``810000002``       MYR       Asia/Kuala_Lumpur
========================  ===========  ==================  ========  =======================

Listings carry each platform's own SKU (Shopee ``item_sku``/``model_sku``, Lazada ``SellerSku``,
TikTok Shop ``seller_sku``), never the master SKU. A few listings are deliberately not
one-to-one with a master SKU (a free gift, a two-product bundle, a relisted variant): the
committed ``config/sku_mapping.csv`` leaves them out so the pipeline's unmapped-SKU report has
something real to show (``Listing.intentionally_unmapped``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sandbox.market.catalog import FX_THB_PER_UNIT, PRODUCTS, Product

ShopPlatform = Literal["shopee", "lazada", "tiktok_shop"]
SHOP_PLATFORMS: tuple[ShopPlatform, ...] = ("shopee", "lazada", "tiktok_shop")
SHOP_CODE = 40
"""Hash-address code of the shop streams (ad platforms use 1–3; never renumber)."""

SHOP_SHARE = 0.40
"""Share of each day's ad-attributed purchases (final, fully attributed counts) that become
marketplace orders; the rest are website orders, which no shop API shows."""

AD_SHOP_SPLIT: dict[str, dict[str, dict[str, float]]] = {
    "meta": {"TH": {"shopee_th": 0.45, "lazada_th": 0.35, "tiktok_shop_th": 0.20}},
    "tiktok": {
        "TH": {"tiktok_shop_th": 0.70, "shopee_th": 0.20, "lazada_th": 0.10},
        "MY": {"shopee_my": 1.0},
    },
    "google": {"TH": {"shopee_th": 0.50, "lazada_th": 0.50}},
}
"""Where an ad platform's shop-bound purchases land, by the ad account's country. Each inner
mapping sums to 1; ad accounts of countries without shops (SG, US) send none."""


@dataclass(frozen=True)
class Shop:
    """One marketplace shop (Shopee shop, Lazada seller, TikTok Shop).

    Attributes:
        key: short stable name (``shopee_th``) used by configuration.
        platform: ``shopee``, ``lazada`` or ``tiktok_shop``.
        shop_id: the platform's id (digits; Shopee ``shop_id``, Lazada ``seller_id``, TikTok
            Shop ``shop_id``).
        name: display name.
        region: ISO country code of the marketplace (``TH``, ``MY``).
        currency: ISO 4217; every amount of the shop is in it.
        timezone: IANA name; the shop's business day is local to it.
        index: 1-based number used in hash addresses and ids.
        organic_per_day: mean orders per day that no ad drove (weekdays; weekends +15 %).
        cipher: TikTok Shop ``shop_cipher`` (required on every TikTok Shop call), else None.
    """

    key: str
    platform: ShopPlatform
    shop_id: str
    name: str
    region: str
    currency: str
    timezone: str
    index: int
    organic_per_day: float
    cipher: str | None = None

    def price(self, thb: float) -> float:
        """A THB list price in the shop currency: whole baht, or 2 decimals elsewhere."""
        value = thb / FX_THB_PER_UNIT[self.currency]
        return float(round(value)) if self.currency == "THB" else round(value, 2)

    @property
    def decimals(self) -> int:
        """Decimals the shop's amounts are rounded to (THB 0 on these marketplaces, MYR 2)."""
        return 0 if self.currency == "THB" else 2


SHOPS: tuple[Shop, ...] = (
    Shop(
        "shopee_th",
        "shopee",
        "810000001",
        "Siam Glow Official Store",
        "TH",
        "THB",
        "Asia/Bangkok",
        1,
        12.0,
    ),
    Shop(
        "lazada_th",
        "lazada",
        "1000000001",
        "Siam Glow LazMall",
        "TH",
        "THB",
        "Asia/Bangkok",
        2,
        8.0,
    ),
    Shop(
        "tiktok_shop_th",
        "tiktok_shop",
        "7494000000000001",
        "Siam Glow TikTok Shop",
        "TH",
        "THB",
        "Asia/Bangkok",
        3,
        6.0,
        cipher="ROW_SIAMGLOWTH0001",
    ),
    Shop(
        "shopee_my",
        "shopee",
        "810000002",
        "Siam Glow Official Store MY",
        "MY",
        "MYR",
        "Asia/Kuala_Lumpur",
        4,
        4.0,
    ),
)
SHOP_BY_KEY: dict[str, Shop] = {s.key: s for s in SHOPS}


@dataclass(frozen=True)
class Listing:
    """One sellable unit of a shop: a Shopee item (or model), a Lazada SKU, a TikTok Shop SKU.

    Attributes:
        shop_key: the shop.
        item_id: Shopee ``item_id`` / Lazada ``item_id`` / TikTok Shop product ``id``.
        model_id: Shopee ``model_id`` (0 without variations) / Lazada ``SkuId`` / TikTok SKU id.
        platform_sku: the seller SKU the platform reports (may be empty on Shopee).
        name: listing title.
        variation: Shopee model name / Lazada variation / TikTok ``sku_name`` (or "").
        master_sku: the brand's SKU behind the listing, or None (gift, bundle).
        list_price: original price in the shop currency (currency units).
        popularity: relative weight for organic demand and basket add-ons.
        intentionally_unmapped: left out of ``config/sku_mapping.csv`` on purpose.
        is_gift: a free item (price 0), only ever added to other orders.
    """

    shop_key: str
    item_id: str
    model_id: str
    platform_sku: str
    name: str
    variation: str
    master_sku: str | None
    list_price: float
    popularity: float
    intentionally_unmapped: bool = False
    is_gift: bool = False

    @property
    def mapping_sku(self) -> str:
        """The SKU a mapping row names: the seller SKU, else ``item_id:model_id``.

        Shopee allows an empty seller SKU; the listing is then named by its ids.
        """
        return self.platform_sku or f"{self.item_id}:{self.model_id}"


_POPULARITY: dict[str, float] = {
    "SG-SER-001": 3.0,
    "SG-SER-002": 2.0,
    "SG-SER-003": 1.5,
    "SG-SUN-001": 3.0,
    "SG-SUN-002": 1.5,
    "SG-CLN-001": 2.5,
    "SG-CLN-002": 1.2,
    "SG-MSK-001": 1.5,
    "SG-MSK-002": 1.0,
    "SG-MST-001": 1.5,
    "SG-MST-002": 1.5,
    "SG-SET-001": 0.8,
}


def _code(p: Product) -> str:
    return p.sku.removeprefix("SG-").replace("-", "")  # SG-SER-001 -> SER001


def _shopee(shop: Shop, base: int, prefix: str) -> list[Listing]:
    """Shopee: serums are one item with three models (model_sku), the rest one item each."""
    out: list[Listing] = []
    serums = [p for p in PRODUCTS if p.group == "serum"]
    for m, p in enumerate(serums, start=1):
        out.append(
            Listing(
                shop.key,
                str(base + 1),
                str(base * 10 + m),
                f"{prefix}-{_code(p)}",
                "Siam Glow Serum Collection",
                p.name,
                p.sku,
                shop.price(p.price_thb),
                _POPULARITY[p.sku],
            )
        )
    rest = [p for p in PRODUCTS if p.group != "serum"]
    for i, p in enumerate(rest, start=2):
        # the seller never filled in a SKU for the cleansing oil: mapped by item_id:model_id
        sku = "" if p.sku == "SG-CLN-002" else f"{prefix}-{_code(p)}"
        out.append(
            Listing(
                shop.key,
                str(base + i),
                "0",
                sku,
                p.name,
                "",
                p.sku,
                shop.price(p.price_thb),
                _POPULARITY[p.sku],
            )
        )
    return out


def _lazada(shop: Shop) -> list[Listing]:
    out = []
    for i, p in enumerate(PRODUCTS, start=1):
        out.append(
            Listing(
                shop.key,
                str(3_100_000_000 + i),
                str(15_000_000_000 + i),
                f"SIAMGLOW-{_code(p)}-TH",
                p.name,
                "Default",
                p.sku,
                shop.price(p.price_thb),
                _POPULARITY[p.sku],
            )
        )
    return out


def _tiktok(shop: Shop) -> list[Listing]:
    out = []
    for i, p in enumerate(PRODUCTS, start=1):
        out.append(
            Listing(
                shop.key,
                f"17295{i:014d}",
                f"17296{i:014d}",
                p.sku.lower().replace("-", "_"),
                p.name,
                "Default",
                p.sku,
                shop.price(p.price_thb),
                _POPULARITY[p.sku],
            )
        )
    return out


def _extras(shop: Shop) -> list[Listing]:
    """Listings that are not one master SKU: each shop's free gift, plus one of a kind."""
    ids = {
        "shopee": ("2310009901", "0"),
        "lazada": ("3100009901", "15000009901"),
        "tiktok_shop": ("1729500000000009901", "1729600000000009901"),
    }
    item, model = ids[shop.platform]
    if shop.key == "shopee_my":
        item = "2320009901"
    out = [
        Listing(
            shop.key,
            item,
            model,
            f"GIFT-POUCH-{shop.region}",
            "Siam Glow Travel Pouch",
            "",
            None,
            0.0,
            0.0,
            intentionally_unmapped=True,
            is_gift=True,
        )
    ]
    if shop.key == "shopee_th":
        duo = next(p for p in PRODUCTS if p.sku == "SG-SER-001").price_thb + 490.0
        out.append(
            Listing(
                shop.key,
                "2310009902",
                "0",
                "SGW-DUO-SERSUN",
                "Vitamin C Serum + UV Shield Duo",
                "",
                None,
                shop.price(duo * 0.9),
                1.0,
                intentionally_unmapped=True,
            )
        )
    if shop.key == "tiktok_shop_th":
        vc = next(p for p in PRODUCTS if p.sku == "SG-SER-001")
        out.append(
            Listing(
                shop.key,
                "1729500000000009902",
                "1729600000000009902",
                "sg_ser_001_live",
                f"{vc.name} (LIVE exclusive)",
                "Default",
                "SG-SER-001",
                shop.price(vc.price_thb * 0.85),
                1.2,
                intentionally_unmapped=True,
            )
        )
    return out


def shop_listings(shop: Shop) -> tuple[Listing, ...]:
    """Every listing of a shop, in a fixed order (primary listings first, extras last)."""
    if shop.platform == "shopee":
        base = 2_310_000_000 if shop.region == "TH" else 2_320_000_000
        main = _shopee(shop, base, "SGW" if shop.region == "TH" else "SGWMY")
    elif shop.platform == "lazada":
        main = _lazada(shop)
    else:
        main = _tiktok(shop)
    return (*main, *_extras(shop))


LISTINGS: dict[str, tuple[Listing, ...]] = {s.key: shop_listings(s) for s in SHOPS}


def primary_listing(shop: Shop, master_sku: str) -> Listing:
    """The listing an ad for ``master_sku`` sends buyers to (the first that carries it)."""
    return next(x for x in LISTINGS[shop.key] if x.master_sku == master_sku)


def shops_of(platform: ShopPlatform) -> tuple[Shop, ...]:
    """The shops of one marketplace platform."""
    return tuple(s for s in SHOPS if s.platform == platform)


def find_shop(platform: ShopPlatform, shop_id: str) -> Shop | None:
    """A shop by platform and id (None if unknown)."""
    return next((s for s in SHOPS if s.platform == platform and s.shop_id == shop_id), None)
