"""The shops sync job and its schedule: hourly, re-reading the lookback of order updates."""

import dagster as dg

from orchestration.lib.partitions import daily_partitions, lookback_range, range_tags

shops_sync_job = dg.define_asset_job(
    name="shops_sync_job",
    selection=dg.AssetSelection.groups("shops").downstream(),
    partitions_def=daily_partitions,
    description=(
        "Marketplace orders updated in a window (plus products and the SKU mapping), then every "
        "dbt model downstream."
    ),
)


def make_shops_schedule(lookback_days: int) -> dg.ScheduleDefinition:
    """Hourly at :20, one run over the latest partition and the ``lookback_days`` before it."""

    @dg.schedule(job=shops_sync_job, cron_schedule="20 * * * *", name="shops_sync_schedule")
    def shops_sync_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        keys = lookback_range(context.scheduled_execution_time, lookback_days)
        return dg.RunRequest(tags=range_tags(keys))

    return shops_sync_schedule
