"""Marketplace raw assets: orders (partitioned by update day), products, the SKU mapping.

Decision — orders are **partitioned daily by shop-local update day** and written by **merge on
the order key**: a run for partitions ``first..last`` re-reads every order the shops updated on
those days and replaces each order's row (and its lines) with the newest state. The schedule
requests the latest partition and the 14 days before it (``lookback_days`` of
``config/shops.yml``), so status changes weeks after placement land; a backfill of any length
runs as one run (single-run backfill) and is idempotent. An order updated again later simply
moves to a later partition's read: partitions mark what was *read*, the table holds each order
once.

Products and the SKU mapping are unpartitioned snapshots (merged on their keys). Every asset
carries the ``raw_contract`` check (the table's great-expectations suite). A shop that fails
does not stop the others; the step fails at the end naming it.
"""

from collections.abc import Callable, Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from config.shops import ShopsConfig, load_master_products, load_sku_mapping
from extractors.common.loader import LoadResult, load_table
from extractors.common.retry import ExtractError
from extractors.common.schemas import SHOP_ORDER_TABLES, SHOP_PRODUCT_TABLES, SKU_MAPPING
from extractors.common.warehouse import Warehouse
from extractors.shops.http import SignedJsonClient
from extractors.shops.sku_mapping import mapping_table
from extractors.shops.sync import ensure_shop_tables, sync_orders, sync_products
from orchestration.defs.shops.resources import ShopResource
from orchestration.lib.partitions import daily_partitions, single_run, window_of
from orchestration.lib.raw_assets import (
    contract_check_results,
    contract_check_spec,
    fail_if_any,
    load_report,
    raw_asset_spec,
)
from orchestration.lib.warehouse import WRITER_POOL, WarehouseResource

GROUP = "shops"

ShopSync = Callable[[SignedJsonClient, Warehouse], list[LoadResult]]


def _sync_shops(
    context: dg.AssetExecutionContext, keys: list[str], wh: Warehouse, sync: ShopSync
) -> tuple[dict[str, list[tuple[str, LoadResult]]], list[str]]:
    """Run ``sync`` for every shop resource; a shop that fails does not stop the others."""
    results: dict[str, list[tuple[str, LoadResult]]] = {}
    errors: list[str] = []
    for key in keys:
        shop: ShopResource = getattr(context.resources, key)
        try:
            loads = sync(shop.client(), wh)
        except ExtractError as exc:
            context.log.error(str(exc))
            errors.append(f"{shop.key}: {exc}")
            continue
        for r in loads:
            results.setdefault(r.table, []).append((shop.shop_id, r))
    return results, errors


def make_shop_assets(
    cfg: ShopsConfig, resource_keys: list[str], mapping_file: Path, master_products: Path
) -> list[dg.AssetsDefinition]:
    """The marketplace raw assets for the configured shops.

    Args:
        cfg: the validated shops file.
        resource_keys: the ``shop_<key>`` resources to sync.
        mapping_file: ``config/sku_mapping.csv``.
        master_products: the master product list the mapping is checked against.
    """
    required = {"warehouse", *resource_keys}

    @dg.multi_asset(
        name="shop_orders",
        specs=[raw_asset_spec(t, GROUP, partitioned=True) for t in SHOP_ORDER_TABLES],
        check_specs=[contract_check_spec(t) for t in SHOP_ORDER_TABLES],
        partitions_def=daily_partitions,
        backfill_policy=single_run,
        pool=WRITER_POOL,
        required_resource_keys=required,
    )
    def shop_orders(
        context: dg.AssetExecutionContext,
    ) -> Iterator[dg.AssetCheckResult | dg.MaterializeResult]:
        """Orders and order lines every shop updated on the run's shop-local days (merged)."""
        first, last = window_of(context)
        warehouse: WarehouseResource = context.resources.warehouse
        with warehouse.session() as wh:
            ensure_shop_tables(wh)
            results, errors = _sync_shops(
                context, resource_keys, wh, lambda c, w: sync_orders(c, w, first, last)
            )
            context.log.info("shop orders updated %s..%s synced", first, last)
            yield from load_report(results)
            yield from contract_check_results(wh, SHOP_ORDER_TABLES, None)
        fail_if_any(errors, "Shop orders")

    @dg.multi_asset(
        name="shop_products",
        specs=[raw_asset_spec(t, GROUP) for t in SHOP_PRODUCT_TABLES],
        check_specs=[contract_check_spec(t) for t in SHOP_PRODUCT_TABLES],
        pool=WRITER_POOL,
        required_resource_keys=required,
    )
    def shop_products(
        context: dg.AssetExecutionContext,
    ) -> Iterator[dg.AssetCheckResult | dg.MaterializeResult]:
        """Every product/SKU of every shop (snapshot merged on the SKU key)."""
        warehouse: WarehouseResource = context.resources.warehouse
        with warehouse.session() as wh:
            ensure_shop_tables(wh)
            results, errors = _sync_shops(context, resource_keys, wh, sync_products)
            yield from load_report(results)
            yield from contract_check_results(wh, SHOP_PRODUCT_TABLES, None)
        fail_if_any(errors, "Shop products")

    @dg.multi_asset(
        name="sku_mapping",
        specs=[raw_asset_spec(SKU_MAPPING, GROUP)],
        check_specs=[contract_check_spec(SKU_MAPPING)],
        pool=WRITER_POOL,
    )
    def sku_mapping(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> Iterator[dg.AssetCheckResult | dg.MaterializeResult]:
        """``config/sku_mapping.csv``, validated (line and field named on error), loaded whole."""
        rows = load_sku_mapping(
            mapping_file, shops=cfg, masters=load_master_products(master_products)
        )
        table = mapping_table([asdict(r) for r in rows], str(mapping_file), datetime.now(UTC))
        with warehouse.session() as wh:
            result = load_table(wh, SKU_MAPPING, table, source=str(mapping_file))
            context.log.info("%d SKU mapping rows loaded from %s", len(rows), mapping_file)
            yield from load_report({result.table: [("config", result)]})
            yield from contract_check_results(wh, [SKU_MAPPING], None)

    return [shop_orders, shop_products, sku_mapping]
