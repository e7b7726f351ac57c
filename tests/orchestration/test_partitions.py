from datetime import UTC, date, datetime

from orchestration.lib.partitions import daily_partitions, lookback_range, range_tags
from orchestration.run import simulated_window


def test_latest_partition_exists_once_any_account_day_has_begun():
    # 10:30 UTC on Nov 21 is already Nov 22 in UTC+14, and Nov 21 17:30 in Bangkok
    keys = daily_partitions.get_partition_keys(
        current_time=datetime(2026, 11, 21, 10, 30, tzinfo=UTC)
    )
    assert keys[-1] == "2026-11-22"
    assert keys[0] == "2019-01-01"


def test_lookback_range_covers_the_attribution_window_and_today():
    r = lookback_range(datetime(2026, 11, 21, 12, tzinfo=UTC), 28)
    assert (r.start, r.end) == ("2026-10-25", "2026-11-22")
    assert (date.fromisoformat(r.end) - date.fromisoformat(r.start)).days == 28


def test_range_tags_make_a_single_run_backfill():
    tags = range_tags(lookback_range(datetime(2026, 11, 21, 12, tzinfo=UTC), 3))
    assert tags == {
        "dagster/asset_partition_range_start": "2026-11-19",
        "dagster/asset_partition_range_end": "2026-11-22",
    }


def test_make_run_window_gives_every_account_at_least_the_requested_days():
    w = simulated_window(datetime(2026, 11, 21, 12, tzinfo=UTC), 35)
    assert w.end == "2026-11-22"
    # Los Angeles is at Nov 21 04:00: its local days Oct 18 .. Nov 21 are 35 days
    assert (date(2026, 11, 21) - date.fromisoformat(w.start)).days + 1 >= 35
