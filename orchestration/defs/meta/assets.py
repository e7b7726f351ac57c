"""Meta raw assets: entities (snapshot, merged) and daily insights (partition overwrite).

Asset keys match warehouse tables (``["raw", "meta_ads_insights"]``); the dbt sources that read
them declare the same keys, so Dagster shows one node per table. Each table carries the
``raw_contract`` check (its great-expectations suite).
"""

from collections.abc import Callable, Iterator

import dagster as dg

from config.accounts import AdAccount
from extractors.common.loader import LoadResult
from extractors.common.retry import ExtractError
from extractors.common.schemas import (
    META_AD_ACCOUNTS,
    META_AD_SETS,
    META_ADS,
    META_ADS_INSIGHTS,
    META_CAMPAIGNS,
    META_CAMPAIGNS_INSIGHTS,
)
from extractors.common.warehouse import Warehouse
from extractors.meta.client import MetaClient
from extractors.meta.sync import sync_entities, sync_insights
from orchestration.defs.meta.resources import MetaResource
from orchestration.lib.partitions import daily_partitions, single_run, window_of
from orchestration.lib.raw_assets import (
    contract_check_results,
    contract_check_spec,
    fail_if_any,
    load_report,
    raw_asset_spec,
)
from orchestration.lib.warehouse import WRITER_POOL, WarehouseResource

GROUP = "meta"
ENTITY_TABLES = (META_AD_ACCOUNTS, META_CAMPAIGNS, META_AD_SETS, META_ADS)
INSIGHT_TABLES = (META_ADS_INSIGHTS, META_CAMPAIGNS_INSIGHTS)

AccountSync = Callable[[MetaClient, Warehouse], list[LoadResult]]


def _sync_all(
    context: dg.AssetExecutionContext,
    accounts: list[AdAccount],
    meta: MetaResource,
    wh: Warehouse,
    sync: AccountSync,
) -> tuple[dict[str, list[tuple[str, LoadResult]]], list[str]]:
    """Run ``sync`` for every account; an account that fails does not stop the others."""
    results: dict[str, list[tuple[str, LoadResult]]] = {}
    errors: list[str] = []
    for acct in accounts:
        try:
            loads = sync(meta.client(acct.account_id), wh)
        except ExtractError as exc:
            context.log.error(str(exc))
            errors.append(str(exc))
            continue
        for r in loads:
            results.setdefault(r.table, []).append((acct.account_id, r))
    return results, errors


def make_meta_assets(accounts: list[AdAccount]) -> list[dg.AssetsDefinition]:
    """Build the Meta raw assets for the configured ad accounts."""

    @dg.multi_asset(
        name="meta_entities",
        specs=[raw_asset_spec(t, GROUP) for t in ENTITY_TABLES],
        check_specs=[contract_check_spec(t) for t in ENTITY_TABLES],
        pool=WRITER_POOL,
    )
    def meta_entities(
        context: dg.AssetExecutionContext, meta: MetaResource, warehouse: WarehouseResource
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        """Every Meta ad account, campaign, ad set and ad (snapshot merged on id).

        Per configured account: ``GET /act_{id}``, ``/campaigns``, ``/adsets``, ``/ads`` (all
        effective statuses). A failing account does not stop the others; the step fails at the
        end naming it.
        """
        with warehouse.session() as wh:
            results, errors = _sync_all(
                context, accounts, meta, wh, lambda c, w: sync_entities(c, w)[1]
            )
            yield from load_report(results)
            yield from contract_check_results(wh, ENTITY_TABLES, None)
        fail_if_any(errors, "Meta entities")

    @dg.multi_asset(
        name="meta_insights",
        specs=[raw_asset_spec(t, GROUP, partitioned=True) for t in INSIGHT_TABLES],
        check_specs=[contract_check_spec(t) for t in INSIGHT_TABLES],
        partitions_def=daily_partitions,
        backfill_policy=single_run,
        pool=WRITER_POOL,
    )
    def meta_insights(
        context: dg.AssetExecutionContext, meta: MetaResource, warehouse: WarehouseResource
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        """Daily ad- and campaign-level insights for the run's partition window.

        Each account's rows for the window (its own local days) are replaced in one transaction,
        so re-running a window never duplicates and picks up late-attributed conversions.
        """
        first, last = window_of(context)
        with warehouse.session() as wh:
            results, errors = _sync_all(
                context, accounts, meta, wh, lambda c, w: sync_insights(c, w, first, last)
            )
            context.log.info("Meta insights window %s..%s synced", first, last)
            yield from load_report(results)
            yield from contract_check_results(wh, INSIGHT_TABLES, (first, last))
        fail_if_any(errors, "Meta insights")

    return [meta_entities, meta_insights]
