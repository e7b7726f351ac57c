"""``config/shops.yml`` (marketplace shops) and ``config/sku_mapping.csv`` (platform SKUs).

Non-secret settings only: keys and tokens are named by the environment variable that holds them
(``partner_key_env``, ``app_secret_env``, ``access_token_env``) and read at run time.

Shape of ``shops.yml``::

    lookback_days: 14
    shopee:
      partner_id: 2001887
      partner_key_env: SHOPEE_PARTNER_KEY
      shops:
        - {key: shopee_th, shop_id: "810000001", region: TH, currency: THB,
           timezone: Asia/Bangkok, access_token_env: SHOPEE_TH_ACCESS_TOKEN}
    lazada:      {app_key: ..., app_secret_env: ..., shops: [...]}   # shop_id = seller_id
    tiktok_shop: {app_key: ..., app_secret_env: ..., shops: [{..., shop_cipher: ...}]}

``sku_mapping.csv`` columns: ``platform, shop, platform_sku, master_sku, product_group[, note]``.
Marketplace rows (``shopee``, ``lazada``, ``tiktok_shop``) name the shop by its ``key`` in
``shops.yml``; other platforms (scan feeds, retailers: see ``config/files.py``) may leave
``shop`` empty. The platform SKU is the seller SKU the platform reports (Shopee ``model_sku`` or
``item_sku``, or ``item_id:model_id`` when the seller left both empty; Lazada ``SellerSku``;
TikTok Shop ``seller_sku``). :func:`load_sku_mapping` reports every problem with its line and
field.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from config.loading import CONFIG_DIR, ConfigError, load_yaml_model

SHOPS_FILE_ENV = "ADPILOT_SHOPS_FILE"
MARKETPLACES = ("shopee", "lazada", "tiktok_shop")
SKU_MAPPING_COLUMNS = ("platform", "shop", "platform_sku", "master_sku", "product_group")
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _env_name(v: str) -> str:
    if not _ENV_NAME.match(v):
        raise ValueError("must be an environment variable name (upper case, digits, _)")
    return v


EnvName = Annotated[str, AfterValidator(_env_name)]
"""The name of an environment variable (the value is read at run time, never stored)."""


class Shop(_Strict):
    """One shop (Shopee shop, Lazada seller, TikTok Shop).

    Attributes:
        key: stable short name used by ``sku_mapping.csv`` (``shopee_th``).
        shop_id: the platform's id, digits (Lazada: the seller_id).
        name: display name.
        region: marketplace country, ISO 3166 alpha-2 (``TH``).
        currency: ISO 4217 code of the shop's amounts (``THB``, ``MYR``, ``VND`` ...).
        timezone: IANA name of the shop's business day (order dates are local to it).
        access_token_env: environment variable holding the shop's access token.
        shop_cipher: TikTok Shop's ``shop_cipher`` (required there, refused elsewhere).
        enabled: set false to stop syncing without deleting history.
    """

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    shop_id: str
    name: str | None = None
    region: str = Field(pattern=r"^[A-Z]{2}$")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    timezone: str
    access_token_env: EnvName
    shop_cipher: str | None = None
    enabled: bool = True

    @field_validator("shop_id", mode="before")
    @classmethod
    def _digits(cls, v: object) -> str:
        s = str(v).strip()
        if not re.fullmatch(r"\d{1,20}", s):
            raise ValueError("must be the platform's numeric shop id (digits)")
        return s

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA timezone name such as Asia/Bangkok") from None
        return v


class _Platform(_Strict):
    shops: list[Shop] = Field(default_factory=list)

    def enabled_shops(self) -> list[Shop]:
        """The shops to sync, in file order."""
        return [s for s in self.shops if s.enabled]


class ShopeeConfig(_Platform):
    """Shopee Open Platform v2 app and shops (``partner_key_env`` names the partner key)."""

    partner_id: int = Field(gt=0)
    partner_key_env: EnvName = "SHOPEE_PARTNER_KEY"


class LazadaConfig(_Platform):
    """Lazada Open Platform app and sellers (``app_secret_env`` names the app secret)."""

    app_key: str = Field(min_length=1)
    app_secret_env: EnvName = "LAZADA_APP_SECRET"  # noqa: S105 - names the env var


class TikTokShopConfig(_Platform):
    """TikTok Shop app and shops; every shop needs its ``shop_cipher``."""

    app_key: str = Field(min_length=1)
    app_secret_env: EnvName = "TIKTOK_SHOP_APP_SECRET"  # noqa: S105 - names the env var

    @model_validator(mode="after")
    def _ciphers(self) -> TikTokShopConfig:
        for i, s in enumerate(self.shops):
            if not s.shop_cipher:
                raise ValueError(f"shops[{i}] ({s.key}): shop_cipher is required for TikTok Shop")
        return self


class ShopsConfig(_Strict):
    """The whole of ``config/shops.yml``."""

    lookback_days: int = Field(14, ge=1, le=60)
    shopee: ShopeeConfig | None = None
    lazada: LazadaConfig | None = None
    tiktok_shop: TikTokShopConfig | None = None

    @model_validator(mode="after")
    def _unique(self) -> ShopsConfig:
        keys: set[str] = set()
        for platform, shop in self.all_shops():
            if shop.key in keys:
                raise ValueError(f"shop key {shop.key!r} is used twice")
            keys.add(shop.key)
            if platform != "tiktok_shop" and shop.shop_cipher:
                raise ValueError(f"{platform} shop {shop.key}: shop_cipher is TikTok Shop only")
        return self

    def all_shops(self) -> list[tuple[str, Shop]]:
        """(platform, shop) for every shop in the file, enabled or not."""
        return [
            (p, s)
            for p in MARKETPLACES
            for s in (getattr(self, p).shops if getattr(self, p) else [])
        ]

    def by_key(self) -> dict[str, tuple[str, Shop]]:
        """Shop key → (platform, shop)."""
        return {s.key: (p, s) for p, s in self.all_shops()}


def shops_file() -> Path:
    """Path of the shops file: ``$ADPILOT_SHOPS_FILE`` or ``config/shops.yml``."""
    return Path(os.environ.get(SHOPS_FILE_ENV) or CONFIG_DIR / "shops.yml")


def load_shops(path: Path | str | None = None) -> ShopsConfig:
    """Load and validate the shops file.

    Raises:
        config.loading.ConfigError: missing file, bad YAML, or a field that fails validation
            (the message names the file and the field, e.g. ``shopee.shops[0].timezone``).
    """
    return load_yaml_model(path or shops_file(), ShopsConfig)


@dataclass(frozen=True)
class SkuMappingRow:
    """One validated line of ``sku_mapping.csv``.

    Attributes:
        platform: ``shopee``, ``lazada``, ``tiktok_shop`` or another source's name.
        shop: the shop key (marketplaces) or free text / empty (other platforms).
        shop_id: the marketplace shop's platform id (None for other platforms).
        platform_sku: the SKU as the platform reports it.
        master_sku: the brand's SKU.
        product_group: the master SKU's product group.
        note: free text.
        line: line number in the file (the header is line 1).
    """

    platform: str
    shop: str
    shop_id: str | None
    platform_sku: str
    master_sku: str
    product_group: str
    note: str | None
    line: int


@dataclass(frozen=True)
class MasterProduct:
    """One master SKU (``dbt_project/seeds/master_products.csv``)."""

    sku: str
    product_group: str


def load_master_products(path: Path | str) -> dict[str, MasterProduct]:
    """Master SKUs by SKU from the products seed (columns ``sku``, ``product_group`` ...).

    Raises:
        ConfigError: missing file or columns.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: master product list not found")
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if not {"sku", "product_group"} <= set(reader.fieldnames or []):
            raise ConfigError(f"{path}: needs columns sku and product_group")
        return {r["sku"]: MasterProduct(r["sku"], r["product_group"]) for r in reader}


def _check_row(
    row: dict[str, str], shops: ShopsConfig | None, masters: dict[str, MasterProduct] | None
) -> tuple[list[str], str | None]:
    """Problems of one row as ``field: message`` and the resolved shop id."""
    problems: list[str] = []
    platform, shop = row["platform"], row["shop"]
    if not re.fullmatch(r"[a-z0-9][a-z0-9_\-]*", platform):
        problems.append(f"platform: must be a lower-case name like shopee, got {platform!r}")
    shop_id = None
    if platform in MARKETPLACES:
        known = shops.by_key() if shops else None
        if not shop:
            problems.append("shop: required for marketplace rows (a shop key of shops.yml)")
        elif known is not None and (shop not in known or known[shop][0] != platform):
            problems.append(f"shop: {shop!r} is not a {platform} shop key in shops.yml")
        elif known is not None:
            shop_id = known[shop][1].shop_id
    if not row["platform_sku"]:
        problems.append("platform_sku: empty")
    master, group = row["master_sku"], row["product_group"]
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9\-_.]*", master):
        problems.append(f"master_sku: must be an upper-case SKU code, got {master!r}")
    elif masters is not None and master not in masters:
        problems.append(f"master_sku: {master!r} is not in the master product list")
    elif masters is not None and masters[master].product_group != group:
        problems.append(
            f"product_group: {group!r} differs from the master product's "
            f"{masters[master].product_group!r}"
        )
    if not group:
        problems.append("product_group: empty")
    return problems, shop_id


def load_sku_mapping(
    path: Path | str | None = None,
    *,
    shops: ShopsConfig | None = None,
    masters: dict[str, MasterProduct] | None = None,
) -> list[SkuMappingRow]:
    """Read and validate ``sku_mapping.csv``.

    Args:
        path: the CSV (default ``config/sku_mapping.csv``).
        shops: when given, marketplace rows must name one of its shop keys of that platform.
        masters: when given, master SKUs must exist in it with the same product group.

    Returns:
        The rows in file order (cells stripped of surrounding spaces).

    Raises:
        ConfigError: listing every problem as ``<file>: line N, <field>: <what is wrong>``
            (missing columns, empty cells, unknown shop or master SKU, a different product
            group, the same platform SKU twice).
    """
    path = Path(path or CONFIG_DIR / "sku_mapping.csv")
    if not path.is_file():
        raise ConfigError(f"{path}: SKU mapping file not found")
    out: list[SkuMappingRow] = []
    problems: list[str] = []
    seen: dict[tuple[str, str, str], int] = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in SKU_MAPPING_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ConfigError(
                f"{path}: line 1: missing columns {missing} (found {reader.fieldnames})"
            )
        for raw in reader:
            line = reader.line_num
            row = {k: (raw.get(k) or "").strip() for k in (*SKU_MAPPING_COLUMNS, "note")}
            bad, shop_id = _check_row(row, shops, masters)
            key = (row["platform"], row["shop"], row["platform_sku"])
            if key in seen:
                bad.append(
                    f"platform_sku: {row['platform_sku']!r} of {row['platform']} "
                    f"{row['shop'] or '(no shop)'} is already mapped on line {seen[key]}"
                )
            seen.setdefault(key, line)
            problems += [f"{path}: line {line}, {p}" for p in bad]
            out.append(
                SkuMappingRow(
                    row["platform"],
                    row["shop"],
                    shop_id,
                    row["platform_sku"],
                    row["master_sku"],
                    row["product_group"],
                    row["note"] or None,
                    line,
                )
            )
    if problems:
        raise ConfigError(f"{path}: {len(problems)} problem(s)\n  " + "\n  ".join(problems))
    return out
