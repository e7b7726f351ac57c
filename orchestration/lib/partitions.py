"""Daily partitions in account-local days, shared by every platform's raw assets and dbt.

A partition key ``2026-11-20`` means *each account's own local day* 2026-11-20: the Bangkok
account's day runs 17:00–17:00 UTC, the Los Angeles account's 08:00–08:00 UTC. So that the key for
a day exists as soon as the first account enters it, the partition set is laid out in UTC+14
(``Etc/GMT-14``, the earliest timezone on Earth) and includes the day in progress
(``end_offset=1``); extractors clamp each account's window to its own local today.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import dagster as dg

PARTITIONS_TIMEZONE = "Etc/GMT-14"
PARTITIONS_START = "2019-01-01"  # covers the recorded replay data (2019-11, 2020-12)

daily_partitions = dg.DailyPartitionsDefinition(
    start_date=PARTITIONS_START,
    timezone=PARTITIONS_TIMEZONE,
    end_offset=1,
)

single_run = dg.BackfillPolicy.single_run()
"""Backfills of any length run as one run (one extraction and one dbt build per window)."""


def window_of(context: dg.AssetExecutionContext) -> tuple[date, date]:
    """The inclusive (first, last) account-local days of the run's partition range."""
    keys = context.partition_key_range
    return date.fromisoformat(keys.start), date.fromisoformat(keys.end)


def lookback_range(now: datetime, lookback_days: int) -> dg.PartitionKeyRange:
    """The partition range a scheduled sync requests: the latest partition and the days before.

    The attribution window (``lookback_days``) is re-pulled on every sync.

    Args:
        now: the tick time (any timezone-aware instant).
        lookback_days: days before the latest partition to include.
    """
    keys = daily_partitions.get_partition_keys(current_time=now)
    last = date.fromisoformat(keys[-1])
    first = max(date.fromisoformat(PARTITIONS_START), last - timedelta(days=lookback_days))
    return dg.PartitionKeyRange(first.isoformat(), last.isoformat())


def range_tags(keys: dg.PartitionKeyRange) -> dict[str, str]:
    """Run tags that make a run cover a partition range in one go (single-run backfill)."""
    return {
        "dagster/asset_partition_range_start": keys.start,
        "dagster/asset_partition_range_end": keys.end,
    }
