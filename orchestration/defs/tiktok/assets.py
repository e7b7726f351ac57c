"""TikTok raw assets: entities (snapshot, merged) and daily ad reports (partition overwrite).

Asset keys match warehouse tables (``["raw", "tiktok_ads_reports_daily"]``); the dbt sources that
read them declare the same keys, so Dagster shows one node per table. Each table carries the
``raw_contract`` check (its great-expectations suite).

Concurrency: both assets write the warehouse, so they run in the ``warehouse_writer`` pool (one
writer per DuckDB file; Dagster gives a step exactly one pool, so this is also the pool that
serializes TikTok steps across runs). The TikTok API's rate is guarded across processes by the
app's shared token bucket (see :class:`~orchestration.defs.tiktok.resources.TikTokResource`).

With no advertiser configured the assets still create their (empty) tables: the dbt models read
every raw table, and an empty one is the honest state of "nothing from TikTok".
"""

from collections.abc import Callable, Iterator

import dagster as dg

from config.accounts import AdAccount
from extractors.common.loader import LoadResult
from extractors.common.schemas import (
    TIKTOK_AD_GROUPS,
    TIKTOK_ADS,
    TIKTOK_ADS_REPORTS_DAILY,
    TIKTOK_ADVERTISERS,
    TIKTOK_CAMPAIGNS,
    TableSpec,
)
from extractors.common.warehouse import Warehouse
from extractors.tiktok.client import TikTokClient
from extractors.tiktok.sync import sync_advertisers, sync_entities, sync_reports
from orchestration.defs.tiktok.resources import TikTokResource
from orchestration.lib.partitions import daily_partitions, single_run, window_of
from orchestration.lib.raw_assets import (
    contract_check_results,
    contract_check_spec,
    fail_if_any,
    load_report,
    raw_asset_spec,
)
from orchestration.lib.warehouse import WRITER_POOL, WarehouseResource

GROUP = "tiktok"
ENTITY_TABLES = (TIKTOK_ADVERTISERS, TIKTOK_CAMPAIGNS, TIKTOK_AD_GROUPS, TIKTOK_ADS)
REPORT_TABLES = (TIKTOK_ADS_REPORTS_DAILY,)

AdvertiserSync = Callable[[TikTokClient], list[LoadResult]]


def _sync_all(
    context: dg.AssetExecutionContext,
    advertisers: list[AdAccount],
    tiktok: TikTokResource,
    wh: Warehouse,
    tables: tuple[TableSpec, ...],
    sync: AdvertiserSync,
) -> tuple[dict[str, list[tuple[str, LoadResult]]], list[str]]:
    """Run ``sync`` per advertiser (a failing one does not stop the others); per-table results.

    Every table of ``tables`` is created if missing and appears in the results, so each asset
    of the step is materialized even when no advertiser loaded into it.
    """
    for spec in tables:
        wh.ensure_table(spec)
    outcome = sync_advertisers([a.account_id for a in advertisers], tiktok.client, sync)
    for message in outcome.errors:
        context.log.error(message)
    results: dict[str, list[tuple[str, LoadResult]]] = {t.fqn: [] for t in tables}
    for advertiser_id, r in outcome.results:
        results[r.table].append((advertiser_id, r))
    return results, outcome.errors


def make_tiktok_assets(advertisers: list[AdAccount]) -> list[dg.AssetsDefinition]:
    """Build the TikTok raw assets for the configured advertisers (may be none)."""

    @dg.multi_asset(
        name="tiktok_entities",
        specs=[raw_asset_spec(t, GROUP) for t in ENTITY_TABLES],
        check_specs=[contract_check_spec(t) for t in ENTITY_TABLES],
        pool=WRITER_POOL,
    )
    def tiktok_entities(
        context: dg.AssetExecutionContext, tiktok: TikTokResource, warehouse: WarehouseResource
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        """Every TikTok advertiser, campaign, ad group and ad (snapshot merged on id).

        Per configured advertiser: ``GET advertiser/info/``, ``campaign/get/``,
        ``adgroup/get/``, ``ad/get/`` (every status). An advertiser that fails (no permission:
        40002, token rejected: 40105) does not stop the others; the step fails at the end naming
        it.
        """
        with warehouse.session() as wh:
            results, errors = _sync_all(
                context, advertisers, tiktok, wh, ENTITY_TABLES, lambda c: sync_entities(c, wh)[1]
            )
            yield from load_report(results)
            yield from contract_check_results(wh, ENTITY_TABLES, None)
        fail_if_any(errors, "TikTok entities")

    @dg.multi_asset(
        name="tiktok_reports",
        specs=[raw_asset_spec(t, GROUP, partitioned=True) for t in REPORT_TABLES],
        check_specs=[contract_check_spec(t) for t in REPORT_TABLES],
        partitions_def=daily_partitions,
        backfill_policy=single_run,
        pool=WRITER_POOL,
    )
    def tiktok_reports(
        context: dg.AssetExecutionContext, tiktok: TikTokResource, warehouse: WarehouseResource
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        """Daily ad reports for the run's partition window (advertiser-local days).

        Each advertiser's rows for the window are replaced in one transaction (its window
        clamped to its own local today), so re-running a window never duplicates and picks up
        numbers that settled late. Ranges longer than the API's 30 days are split.
        """
        first, last = window_of(context)
        with warehouse.session() as wh:
            results, errors = _sync_all(
                context,
                advertisers,
                tiktok,
                wh,
                REPORT_TABLES,
                lambda c: sync_reports(c, wh, first, last),
            )
            context.log.info("TikTok reports window %s..%s synced", first, last)
            yield from load_report(results)
            yield from contract_check_results(wh, REPORT_TABLES, (first, last))
        fail_if_any(errors, "TikTok reports")

    return [tiktok_entities, tiktok_reports]
