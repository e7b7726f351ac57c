"""The GA4 sync job and its schedule: hourly, re-reading the last 3 days of the export."""

import dagster as dg

from orchestration.lib.partitions import daily_partitions, lookback_range, range_tags

ga4_sync_job = dg.define_asset_job(
    name="ga4_sync_job",
    selection=dg.AssetSelection.groups("ga4").downstream(),
    partitions_def=daily_partitions,
    description="GA4 export files for a window, then every dbt model downstream.",
)


def make_ga4_schedule(lookback_days: int) -> dg.ScheduleDefinition:
    """Hourly at :45: one run over the latest partition and the ``lookback_days`` before it.

    GA4 writes a day's daily table a few hours after the day ends and keeps adding late events
    to it for 72 hours, so each run re-reads those days (and the intraday file of today).
    """

    @dg.schedule(job=ga4_sync_job, cron_schedule="45 * * * *", name="ga4_sync_schedule")
    def ga4_sync_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        keys = lookback_range(context.scheduled_execution_time, lookback_days)
        return dg.RunRequest(tags=range_tags(keys))

    return ga4_sync_schedule
