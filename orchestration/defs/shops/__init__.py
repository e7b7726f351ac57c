"""Marketplaces (Shopee, Lazada, TikTok Shop): raw assets, sync job and schedule, resources."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from config.loading import CONFIG_DIR
from config.shops import ShopsConfig, load_shops
from orchestration.defs.shops.assets import make_shop_assets
from orchestration.defs.shops.resources import shop_resources
from orchestration.defs.shops.schedules import make_shops_schedule, shops_sync_job
from orchestration.lib.settings import DBT_PROJECT_DIR

SKU_MAPPING_FILE = CONFIG_DIR / "sku_mapping.csv"
MASTER_PRODUCTS_FILE = DBT_PROJECT_DIR / "seeds" / "master_products.csv"


def build_defs(
    cfg: ShopsConfig,
    api_urls: dict[str, str | None],
    mapping_file: Path,
    master_products: Path,
) -> dg.Definitions:
    """Shops definitions for the configured shops.

    Args:
        cfg: the validated ``config/shops.yml``.
        api_urls: platform → API host override (None = production hosts).
        mapping_file: ``config/sku_mapping.csv``.
        master_products: the master product list the mapping is checked against.
    """
    resources = shop_resources(cfg, api_urls)
    return dg.Definitions(
        assets=make_shop_assets(cfg, sorted(resources), mapping_file, master_products),
        jobs=[shops_sync_job],
        schedules=[make_shops_schedule(cfg.lookback_days)],
        resources=dict(resources),
    )


def defs_for(api_urls: dict[str, str | None]) -> dg.Definitions:
    """Shops definitions from ``config/shops.yml`` (or ``$ADPILOT_SHOPS_FILE``).

    The SKU mapping is ``config/sku_mapping.csv``, checked against the master product list.

    Raises:
        config.loading.ConfigError: the shops file is malformed (the message names the field).
    """
    return build_defs(load_shops(), api_urls, SKU_MAPPING_FILE, MASTER_PRODUCTS_FILE)
