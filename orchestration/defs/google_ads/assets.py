"""Google Ads raw assets: entities (snapshot, merged) and daily stats (partition overwrite).

Asset keys match warehouse tables (``["raw", "google_ads_ad_stats_daily"]``); the dbt sources
that read them declare the same keys, so Dagster shows one node per table. Each table carries
the ``raw_contract`` check (its great-expectations suite).
"""

from collections.abc import Callable, Iterator

import dagster as dg

from config.accounts import AdAccount
from extractors.common.loader import LoadResult
from extractors.common.retry import ExtractError
from extractors.common.schemas import (
    GOOGLE_ADS_AD_GROUPS,
    GOOGLE_ADS_AD_STATS_DAILY,
    GOOGLE_ADS_ADS,
    GOOGLE_ADS_CAMPAIGN_STATS_DAILY,
    GOOGLE_ADS_CAMPAIGNS,
    GOOGLE_ADS_CUSTOMERS,
)
from extractors.common.warehouse import Warehouse
from extractors.google_ads.client import GoogleAdsApiClient
from extractors.google_ads.sync import sync_entities, sync_stats
from orchestration.defs.google_ads.resources import GoogleAdsResource
from orchestration.lib.partitions import daily_partitions, single_run, window_of
from orchestration.lib.raw_assets import (
    contract_check_results,
    contract_check_spec,
    fail_if_any,
    load_report,
    raw_asset_spec,
)
from orchestration.lib.warehouse import WRITER_POOL, WarehouseResource

GROUP = "google_ads"
ENTITY_TABLES = (GOOGLE_ADS_CUSTOMERS, GOOGLE_ADS_CAMPAIGNS, GOOGLE_ADS_AD_GROUPS, GOOGLE_ADS_ADS)
STATS_TABLES = (GOOGLE_ADS_AD_STATS_DAILY, GOOGLE_ADS_CAMPAIGN_STATS_DAILY)

CustomerSync = Callable[[GoogleAdsApiClient, Warehouse], list[LoadResult]]


def _sync_all(
    context: dg.AssetExecutionContext,
    customers: list[AdAccount],
    google_ads: GoogleAdsResource,
    wh: Warehouse,
    sync: CustomerSync,
) -> tuple[dict[str, list[tuple[str, LoadResult]]], list[str]]:
    """Run ``sync`` for every customer; a customer that fails does not stop the others."""
    results: dict[str, list[tuple[str, LoadResult]]] = {}
    errors: list[str] = []
    for customer in customers:
        try:
            loads = sync(google_ads.client(customer.account_id), wh)
        except ExtractError as exc:
            context.log.error(str(exc))
            errors.append(str(exc))
            continue
        for r in loads:
            results.setdefault(r.table, []).append((customer.account_id, r))
    return results, errors


def make_google_ads_assets(customers: list[AdAccount]) -> list[dg.AssetsDefinition]:
    """Build the Google Ads raw assets for the configured customers."""

    @dg.multi_asset(
        name="google_ads_entities",
        specs=[raw_asset_spec(t, GROUP) for t in ENTITY_TABLES],
        check_specs=[contract_check_spec(t) for t in ENTITY_TABLES],
        pool=WRITER_POOL,
    )
    def google_ads_entities(
        context: dg.AssetExecutionContext,
        google_ads: GoogleAdsResource,
        warehouse: WarehouseResource,
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        """Every Google Ads customer, campaign (with its budget), ad group and ad (merged on id).

        Per configured customer: GAQL ``FROM customer``, ``campaign``, ``ad_group``,
        ``ad_group_ad`` through SearchStream. A failing customer does not stop the others; the
        step fails at the end naming it.
        """
        with warehouse.session() as wh:
            results, errors = _sync_all(
                context, customers, google_ads, wh, lambda c, w: sync_entities(c, w)[1]
            )
            yield from load_report(results)
            yield from contract_check_results(wh, ENTITY_TABLES, None)
        fail_if_any(errors, "Google Ads entities")

    @dg.multi_asset(
        name="google_ads_stats",
        specs=[raw_asset_spec(t, GROUP, partitioned=True) for t in STATS_TABLES],
        check_specs=[contract_check_spec(t) for t in STATS_TABLES],
        partitions_def=daily_partitions,
        backfill_policy=single_run,
        pool=WRITER_POOL,
    )
    def google_ads_stats(
        context: dg.AssetExecutionContext,
        google_ads: GoogleAdsResource,
        warehouse: WarehouseResource,
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        """Daily ad- and campaign-level stats for the run's partition window.

        ``segments.date`` is each customer's own day, so partition keys map to it directly.
        Each customer's rows for the window are replaced in one transaction: re-running a window
        never duplicates and picks up late conversions.
        """
        first, last = window_of(context)
        with warehouse.session() as wh:
            results, errors = _sync_all(
                context, customers, google_ads, wh, lambda c, w: sync_stats(c, w, first, last)
            )
            context.log.info("Google Ads stats window %s..%s synced", first, last)
            yield from load_report(results)
            yield from contract_check_results(wh, STATS_TABLES, (first, last))
        fail_if_any(errors, "Google Ads stats")

    return [google_ads_entities, google_ads_stats]
