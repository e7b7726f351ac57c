"""Fixed facts of the simulated market: the brand, its products, ad accounts, FX and platforms.

Nothing here depends on the seed: account ids, products and prices are the same in every run so
that configuration (``config/accounts.yml``), fixtures and dashboards can name them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Platform = Literal["meta", "tiktok", "google"]
PLATFORMS: tuple[Platform, ...] = ("meta", "tiktok", "google")
PLATFORM_CODE: dict[str, int] = {"meta": 1, "tiktok": 2, "google": 3}

BRAND = "Siam Glow"

FX_THB_PER_UNIT: dict[str, float] = {
    "THB": 1.0,
    "USD": 33.7299,
    "SGD": 26.3850,
    "MYR": 8.3140,
}
"""Sandbox FX constants, THB per one unit of the currency (ECB reference rates of 2026-10-30,
crossed through EUR). Fixed so the hidden truth is reproducible; the warehouse uses its own FX."""

MINOR_PER_UNIT: dict[str, int] = {"THB": 100, "USD": 100, "SGD": 100, "MYR": 100}
"""Minor units per currency unit (satang, cents, sen) — ISO 4217 exponent 2 for all four."""

COUNTRY_OF_CURRENCY: dict[str, str] = {"THB": "TH", "SGD": "SG", "USD": "US", "MYR": "MY"}


@dataclass(frozen=True)
class Product:
    """One SKU of the brand.

    Attributes:
        sku: stock-keeping unit, e.g. ``SG-SER-001``.
        name: product name.
        group: product group (``serum``, ``sunscreen``, ``cleanser``, ``mask``, ...).
        price_thb: list price in THB (currency units).
        unit_cost_thb: landed unit cost in THB (currency units).
    """

    sku: str
    name: str
    group: str
    price_thb: float
    unit_cost_thb: float

    @property
    def gross_margin_rate(self) -> float:
        """(price − unit cost) / price, a fraction in [0.45, 0.70] for this catalogue."""
        return (self.price_thb - self.unit_cost_thb) / self.price_thb

    def price_in(self, currency: str) -> float:
        """List price converted at the sandbox FX constants, in currency units (2 decimals)."""
        return round(self.price_thb / FX_THB_PER_UNIT[currency], 2)


PRODUCTS: tuple[Product, ...] = (
    Product("SG-SER-001", "Vitamin C Brightening Serum 30ml", "serum", 890.0, 310.0),
    Product("SG-SER-002", "Niacinamide 10% Serum 30ml", "serum", 690.0, 290.0),
    Product("SG-SER-003", "Hyaluronic Hydra Serum 50ml", "serum", 990.0, 420.0),
    Product("SG-SUN-001", "Daily UV Shield SPF50+ 50ml", "sunscreen", 490.0, 230.0),
    Product("SG-SUN-002", "Tinted Sun Fluid SPF50 40ml", "sunscreen", 590.0, 300.0),
    Product("SG-CLN-001", "Gentle Foam Cleanser 150ml", "cleanser", 350.0, 140.0),
    Product("SG-CLN-002", "Rice Water Cleansing Oil 200ml", "cleanser", 450.0, 230.0),
    Product("SG-MSK-001", "Overnight Sleeping Mask 80ml", "mask", 650.0, 200.0),
    Product("SG-MSK-002", "Clay Pore Mask 100g", "mask", 420.0, 190.0),
    Product("SG-MST-001", "Ceramide Barrier Cream 50ml", "moisturizer", 790.0, 300.0),
    Product("SG-MST-002", "Aloe Gel Moisturizer 100ml", "moisturizer", 390.0, 210.0),
    Product("SG-SET-001", "Glow Starter Set", "set", 1490.0, 720.0),
)
PRODUCT_GROUPS: tuple[str, ...] = tuple(dict.fromkeys(p.group for p in PRODUCTS))


def products_in_group(group: str) -> tuple[Product, ...]:
    """The products of one product group, in catalogue order."""
    return tuple(p for p in PRODUCTS if p.group == group)


@dataclass(frozen=True)
class Account:
    """An ad account (Meta), advertiser (TikTok) or customer (Google Ads).

    Attributes:
        platform: ``meta``, ``tiktok`` or ``google``.
        account_id: digits only (no ``act_`` prefix, no dashes).
        name: display name.
        currency: ISO 4217 code; all money of the account is in it.
        timezone: IANA name; the account's reporting day is local to it.
        index: 1-based position within the platform (drives object ids).
    """

    platform: Platform
    account_id: str
    name: str
    currency: str
    timezone: str
    index: int

    @property
    def country(self) -> str:
        """ISO country code of the account's market."""
        return COUNTRY_OF_CURRENCY[self.currency]


_FIXED: dict[Platform, tuple[tuple[str, str, str, str], ...]] = {
    "meta": (
        ("7010000000000001", "Siam Glow TH", "THB", "Asia/Bangkok"),
        ("7010000000000002", "Siam Glow SG", "SGD", "Asia/Singapore"),
        ("7010000000000003", "Siam Glow US", "USD", "America/Los_Angeles"),
    ),
    "tiktok": (
        ("7020000000000001", "Siam Glow TH", "THB", "Asia/Bangkok"),
        ("7020000000000002", "Siam Glow MY", "MYR", "Asia/Kuala_Lumpur"),
    ),
    "google": (
        ("7030000001", "Siam Glow TH", "THB", "Asia/Bangkok"),
        ("7030000002", "Siam Glow SG", "SGD", "Asia/Singapore"),
    ),
}


def fixed_accounts(platform: Platform) -> tuple[Account, ...]:
    """The fixed accounts of a platform (ids never depend on the seed)."""
    return tuple(
        Account(platform, aid, name, cur, tz, i)
        for i, (aid, name, cur, tz) in enumerate(_FIXED[platform], start=1)
    )


def platform_accounts(platform: Platform, count: int | None = None) -> tuple[Account, ...]:
    """The accounts of a platform: the fixed ones, plus generated ones when ``count`` is larger.

    Generated accounts (for scale benchmarks) repeat the fixed accounts' currencies and
    timezones in turn; their ids continue the fixed numbering (``...0004`` and up).

    Args:
        platform: the platform.
        count: number of accounts wanted; ``None`` means just the fixed ones. A smaller number
            keeps the first ``count`` fixed accounts.

    Returns:
        Accounts ordered by index.
    """
    fixed = fixed_accounts(platform)
    if count is None:
        return fixed
    if count <= len(fixed):
        return fixed[:count]
    out = list(fixed)
    width = len(fixed[0].account_id)
    base = int(fixed[0].account_id) - 1
    for i in range(len(fixed) + 1, count + 1):
        template = fixed[(i - 1) % len(fixed)]
        aid = str(base + i).zfill(width)
        name = f"{BRAND} {template.country} {i}"
        out.append(Account(platform, aid, name, template.currency, template.timezone, i))
    return tuple(out)
