"""The Meta sync job and its schedule: every 30 minutes, re-pulling the attribution window."""

import dagster as dg

from orchestration.lib.partitions import daily_partitions, lookback_range, range_tags

meta_sync_job = dg.define_asset_job(
    name="meta_sync_job",
    selection=dg.AssetSelection.groups("meta").downstream(),
    partitions_def=daily_partitions,
    description="Meta entities and insights for a window, then every dbt model downstream.",
)


def make_meta_schedule(lookback_days: int) -> dg.ScheduleDefinition:
    """Every 30 minutes: one run over the latest partition and the ``lookback_days`` before it."""

    @dg.schedule(job=meta_sync_job, cron_schedule="*/30 * * * *", name="meta_sync_schedule")
    def meta_sync_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        keys = lookback_range(context.scheduled_execution_time, lookback_days)
        return dg.RunRequest(tags=range_tags(keys))

    return meta_sync_schedule
