"""The Google Ads sync job and its schedule: every 30 minutes, re-pulling the lookback window."""

import dagster as dg

from orchestration.lib.partitions import daily_partitions, lookback_range, range_tags

google_ads_sync_job = dg.define_asset_job(
    name="google_ads_sync_job",
    selection=dg.AssetSelection.groups("google_ads").downstream(),
    partitions_def=daily_partitions,
    description="Google Ads entities and daily stats for a window, then the dbt models downstream.",
)


def make_google_ads_schedule(lookback_days: int) -> dg.ScheduleDefinition:
    """Every 30 minutes: one run over the latest partition and the ``lookback_days`` before it."""

    @dg.schedule(
        job=google_ads_sync_job, cron_schedule="*/30 * * * *", name="google_ads_sync_schedule"
    )
    def google_ads_sync_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        keys = lookback_range(context.scheduled_execution_time, lookback_days)
        return dg.RunRequest(tags=range_tags(keys))

    return google_ads_sync_schedule
