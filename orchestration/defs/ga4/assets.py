"""GA4 raw asset: the export files of every configured property → ``raw.ga4_events``.

Daily partitions are property-local days (``event_date``); a run over ``first..last`` replaces
each day that has an export file, property by property (partition overwrite), so the schedule's
3-day lookback picks up the events GA4 adds to a day for 72 hours. A backfill of any length runs
as one run. The asset carries the ``raw_contract`` check (the table's great-expectations suite
over the window). A property whose files cannot be read does not stop the others; the step
fails at the end naming it.
"""

from collections.abc import Iterator

import dagster as dg
import duckdb

from extractors.common.loader import LoadResult
from extractors.common.schemas import GA4_EVENTS
from extractors.ga4.files import ExportLayoutError
from extractors.ga4.settings import ExportProperty
from extractors.ga4.sync import sync_events
from orchestration.defs.ga4.resources import Ga4ExportResource
from orchestration.lib.partitions import daily_partitions, single_run, window_of
from orchestration.lib.raw_assets import (
    contract_check_results,
    contract_check_spec,
    fail_if_any,
    raw_asset_spec,
)
from orchestration.lib.warehouse import WRITER_POOL, WarehouseResource

GROUP = "ga4"


def _report(per_property: list[tuple[str, int, LoadResult]]) -> dg.MaterializeResult:
    """Rows loaded/replaced/quarantined in total and per property (days with a file)."""
    return dg.MaterializeResult(
        asset_key=[GA4_EVENTS.schema, GA4_EVENTS.name],
        metadata={
            "rows_loaded": sum(r.rows_loaded for _, _, r in per_property),
            "rows_replaced": sum(r.rows_deleted for _, _, r in per_property),
            "rows_quarantined": sum(r.rows_quarantined for _, _, r in per_property),
            "properties": dg.MetadataValue.md(
                "| property | days | loaded | quarantined |\n|---|---|---|---|\n"
                + "\n".join(
                    f"| {p} | {d} | {r.rows_loaded} | {r.rows_quarantined} |"
                    for p, d, r in per_property
                )
            ),
        },
    )


def make_ga4_assets(properties: list[ExportProperty]) -> list[dg.AssetsDefinition]:
    """Build the GA4 raw asset for the configured properties."""

    @dg.multi_asset(
        name="ga4_events",
        specs=[raw_asset_spec(GA4_EVENTS, GROUP, partitioned=True)],
        check_specs=[contract_check_spec(GA4_EVENTS)],
        partitions_def=daily_partitions,
        backfill_policy=single_run,
        pool=WRITER_POOL,
    )
    def ga4_events(
        context: dg.AssetExecutionContext,
        ga4_export: Ga4ExportResource,
        warehouse: WarehouseResource,
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        """Every GA4 event of the run's property-local days, from the export files."""
        first, last = window_of(context)
        per_property: list[tuple[str, int, LoadResult]] = []
        errors: list[str] = []
        with warehouse.session() as wh:
            for prop in properties:
                try:
                    loads = sync_events(wh, ga4_export.path(), prop, first, last)
                except (ExportLayoutError, duckdb.Error) as exc:
                    msg = f"property {prop.property_id}: {exc}"
                    context.log.error(msg)
                    errors.append(msg)
                    continue
                total = LoadResult(
                    GA4_EVENTS.fqn,
                    *(
                        sum(getattr(r, f) for _, r in loads)
                        for f in ("rows_loaded", "rows_deleted", "rows_quarantined")
                    ),
                )
                per_property.append((prop.property_id, len(loads), total))
                if not loads:
                    context.log.warning(
                        "GA4 property %s: no export file for %s..%s in %s",
                        prop.property_id,
                        first,
                        last,
                        ga4_export.export_dir,
                    )
            yield _report(per_property)
            yield from contract_check_results(wh, [GA4_EVENTS], (first, last))
        fail_if_any(errors, "GA4 export")

    return [ga4_events]
