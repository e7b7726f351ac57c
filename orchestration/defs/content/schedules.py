"""The content sync job and its schedule: every hour, then the content marts for the lookback."""

import dagster as dg

from orchestration.lib.partitions import daily_partitions, lookback_range, range_tags

content_sync_job = dg.define_asset_job(
    name="content_sync_job",
    selection=dg.AssetSelection.groups("content").downstream(),
    partitions_def=daily_partitions,
    description="Organic posts, videos and media with today's metrics snapshot, the content "
    "each ad uses and the descriptors; then every dbt model downstream (the content marts).",
)


def make_content_schedule(lookback_days: int) -> dg.ScheduleDefinition:
    """Hourly (minute 15): one run over the latest partition and the ``lookback_days`` before.

    Organic numbers keep growing for days after publication; each sync replaces today's
    lifetime snapshot, and dbt rebuilds the daily content facts of the lookback.
    """

    @dg.schedule(job=content_sync_job, cron_schedule="15 * * * *", name="content_sync_schedule")
    def content_sync_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        keys = lookback_range(context.scheduled_execution_time, lookback_days)
        return dg.RunRequest(tags=range_tags(keys))

    return content_sync_schedule
