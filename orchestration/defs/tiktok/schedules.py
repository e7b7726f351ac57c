"""The TikTok sync job and its schedule: every 30 minutes, re-pulling the 3-day lookback."""

import dagster as dg

from orchestration.lib.partitions import daily_partitions, lookback_range, range_tags

tiktok_sync_job = dg.define_asset_job(
    name="tiktok_sync_job",
    selection=dg.AssetSelection.groups("tiktok").downstream(),
    partitions_def=daily_partitions,
    description="TikTok entities and daily ad reports for a window, then every dbt model "
    "downstream.",
)


def make_tiktok_schedule(lookback_days: int) -> dg.ScheduleDefinition:
    """Every 30 minutes: one run over the latest partition and the ``lookback_days`` before it.

    TikTok finalizes a day's numbers within about 11 hours, so the last days are re-pulled on
    every tick; each advertiser's window is clamped to its own local today by the extractor.
    """

    @dg.schedule(job=tiktok_sync_job, cron_schedule="*/30 * * * *", name="tiktok_sync_schedule")
    def tiktok_sync_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        keys = lookback_range(context.scheduled_execution_time, lookback_days)
        return dg.RunRequest(tags=range_tags(keys))

    return tiktok_sync_schedule
