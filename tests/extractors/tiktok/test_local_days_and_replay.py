"""Advertiser-local days for an advertiser ahead of UTC, and a sync of the recorded replay data."""

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from extractors.common.warehouse import DuckDBWarehouse
from extractors.tiktok.sync import local_today, lookback_window, sync_recent, sync_reports
from sandbox.process import running_sandbox
from tests.conftest import SHARED_DATA
from tests.extractors.tiktok.tiktok_helpers import TH, TOKEN, SimClock, make_client

# 20:00 UTC on Nov 21 is 03:00 on Nov 22 in Bangkok (UTC+7): the advertiser's day has turned
EVENING = datetime(2026, 11, 21, 20, tzinfo=UTC)


def day_rows(wh):
    rows = wh.query(
        "select date_day, count(*) n, count(distinct ad_id) ads, sum(spend) s "
        "from raw.tiktok_ads_reports_daily group by 1 order by 1"
    ).to_pylist()
    return {r["date_day"]: r for r in rows}


def test_bangkok_days_are_neither_lost_nor_doubled_across_the_utc_date_line(tmp_path):
    window = (date(2026, 11, 18), date(2026, 11, 23))
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    clock = SimClock()
    with running_sandbox(seed=3, days=20, now=EVENING, token=TOKEN, in_process=True) as sb:
        client = make_client(sb.base_url, TH, clock, tmp_path / "rl")
        sync_reports(client, wh, *window, now=EVENING)
        first = day_rows(wh)
        sb.advance(1)  # a day later: Nov 22 is complete in Bangkok, Nov 23 has begun
        sync_reports(client, wh, *window, now=EVENING + timedelta(days=1))
        second = day_rows(wh)
        market = sb.sandbox.market
        h = market.hierarchy("tiktok")
        full_22 = market.reported("tiktok", date(2026, 11, 22)).spend_minor[h.ad_account == 0]

    assert EVENING.date() == date(2026, 11, 21)
    assert local_today("Asia/Bangkok", EVENING) == date(2026, 11, 22)
    # the Bangkok day in progress is there although it is still Nov 21 in UTC
    assert sorted(first) == [date(2026, 11, d) for d in (18, 19, 20, 21, 22)]
    assert sorted(second) == [date(2026, 11, d) for d in (18, 19, 20, 21, 22, 23)]
    for rows in (first, second):  # one row per ad and day: re-pulls replace, never add
        assert all(r["n"] == r["ads"] for r in rows.values())
    assert second[date(2026, 11, 22)]["s"] > first[date(2026, 11, 22)]["s"]  # partial → whole
    assert second[date(2026, 11, 22)]["s"] == Decimal(int(full_22.sum())) / 100
    assert second[date(2026, 11, 20)]["s"] == first[date(2026, 11, 20)]["s"]  # settled days keep


def test_the_routine_sync_re_pulls_three_local_days(tmp_path):
    assert lookback_window("Asia/Bangkok", EVENING, 3) == (date(2026, 11, 19), date(2026, 11, 22))
    assert lookback_window("Asia/Kuala_Lumpur", datetime(2026, 11, 21, 15, 59, tzinfo=UTC), 3) == (
        date(2026, 11, 18),
        date(2026, 11, 21),
    )  # 23:59 in Kuala Lumpur
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    with running_sandbox(seed=3, days=20, now=EVENING, token=TOKEN, in_process=True) as sb:
        client = make_client(sb.base_url, TH, SimClock(), tmp_path / "rl")
        results = sync_recent(client, wh, now=EVENING)
    assert [r.table for r in results][-1] == "raw.tiktok_ads_reports_daily"
    assert sorted(day_rows(wh)) == [date(2026, 11, d) for d in (19, 20, 21, 22)]


def test_the_recorded_replay_data_syncs_with_ids_as_strings_and_values_unchanged(tmp_path):
    if not (SHARED_DATA / "tiktok").is_dir():
        pytest.skip("shared/data is not next to the repository")
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    with running_sandbox(replay=SHARED_DATA, token=TOKEN, in_process=True) as sb:
        client = make_client(sb.base_url, "7002238017842757633", SimClock(), tmp_path / "rl")
        sync_reports(client, wh, date(2022, 3, 1), date(2022, 5, 31), now=datetime.now(UTC))
    rows = wh.query(
        "select date_day::varchar d, ad_id, campaign_id, spend, impressions, "
        "video_watched_2s, currency_code from raw.tiktok_ads_reports_daily "
        "order by d, ad_id"
    ).to_pylist()
    with (SHARED_DATA / "tiktok" / "reports_daily.records.jsonl").open() as fh:
        recorded = [json.loads(line)["data"] for line in fh]
    ads = sorted(
        (
            r["dimensions"]["stat_time_day"][:10],
            str(r["dimensions"]["ad_id"]),
            Decimal(r["metrics"]["spend"]),
            int(r["metrics"]["impressions"]),
        )
        for r in recorded
        if "ad_id" in r["dimensions"]
    )

    assert [(r["d"], r["ad_id"], r["spend"], r["impressions"]) for r in rows] == ads
    assert {r["campaign_id"] for r in rows} == {"1728545382536225", "1714125042508817"}
    assert {r["currency_code"] for r in rows} == {"USD"}
    assert rows[0]["video_watched_2s"] == 514  # recorded as the string "514"
