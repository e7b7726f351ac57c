"""TikTok replay: the recorded rows in shared/data/tiktok served through the v1.3 routes."""

import csv
import json
import warnings
from decimal import Decimal

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from sandbox.server import SandboxSettings, build_sandbox
from tests.sandbox.sandbox_helpers import SHARED_DATA

AIRBYTE, FIVETRAN = "7002238017842757633", "1"
TIKTOK = SHARED_DATA / "tiktok"


@pytest.fixture(scope="module")
def replay():
    if not TIKTOK.is_dir():
        pytest.skip("shared/data is not next to the repository")
    return TestClient(build_sandbox(SandboxSettings(replay=SHARED_DATA)).app)


def call(client, path, **params):
    q = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    body = client.get(f"/open_api/v1.3/{path}/", params=q, headers={"Access-Token": "t"}).json()
    assert body["code"] == 0, body
    return body["data"]


def report(
    client,
    advertiser,
    start,
    end,
    level="AUCTION_AD",
    time="stat_time_day",
    metrics=("spend", "impressions"),
):
    dim = {
        "AUCTION_AD": "ad_id",
        "AUCTION_CAMPAIGN": "campaign_id",
        "AUCTION_ADVERTISER": "advertiser_id",
    }[level]
    return call(
        client,
        "report/integrated/get",
        advertiser_id=advertiser,
        report_type="BASIC",
        data_level=level,
        dimensions=[dim, time],
        metrics=list(metrics),
        start_date=start,
        end_date=end,
        page_size=1000,
    )["list"]


def recorded_daily_ad_rows():
    with (TIKTOK / "reports_daily.records.jsonl").open() as fh:
        rows = [json.loads(line)["data"] for line in fh]
    return [r for r in rows if "ad_id" in r["dimensions"]]


def test_recorded_daily_ad_rows_are_served_unchanged(replay):
    recorded = recorded_daily_ad_rows()
    all_metrics = sorted({m for r in recorded for m in r["metrics"]})
    served = report(replay, AIRBYTE, "2022-03-28", "2022-04-06", metrics=all_metrics)

    by_key = {
        (r["dimensions"]["ad_id"], r["dimensions"]["stat_time_day"]): r
        for r in recorded
        if r["dimensions"]["stat_time_day"] < "2022-04-07"
    }
    assert len(served) == len(by_key) == 7
    for row in served:
        rec = by_key[(row["dimensions"]["ad_id"], row["dimensions"]["stat_time_day"])]
        assert row["metrics"] == rec["metrics"]  # ids stay JSON numbers, text stays text


def test_the_recorded_hourly_response_is_served_hourly_and_summed_into_its_day(replay):
    body = json.loads((TIKTOK / "report_integrated_hourly.response.json").read_text())
    hours = report(
        replay,
        AIRBYTE,
        "2024-01-01",
        "2024-01-01",
        time="stat_time_hour",
        metrics=("spend", "impressions", "clicks", "ctr"),
    )
    day = report(
        replay,
        AIRBYTE,
        "2024-01-01",
        "2024-01-01",
        metrics=("spend", "impressions", "clicks", "ctr"),
    )

    assert [h["dimensions"] for h in hours] == [r["dimensions"] for r in body["data"]["list"]]
    assert [h["metrics"]["spend"] for h in hours] == ["20.00", "20.00"]
    assert day == [
        {
            "dimensions": {"ad_id": "11111111", "stat_time_day": "2024-01-01 00:00:00"},
            "metrics": {"spend": "40.00", "impressions": "11660", "clicks": "138", "ctr": "1.18"},
        }
    ]


def test_spend_per_advertiser_and_day_equals_the_files(replay):
    expected: dict[str, Decimal] = {}
    for r in recorded_daily_ad_rows():
        day = r["dimensions"]["stat_time_day"][:10]
        expected[day] = expected.get(day, Decimal(0)) + Decimal(r["metrics"]["spend"])
    served = report(
        replay, AIRBYTE, "2022-03-28", "2022-04-26", level="AUCTION_ADVERTISER"
    ) + report(replay, AIRBYTE, "2022-04-27", "2022-05-26", level="AUCTION_ADVERTISER")
    got = {
        r["dimensions"]["stat_time_day"][:10]: Decimal(str(r["metrics"]["spend"])) for r in served
    }
    assert got == expected


def test_fivetran_objects_and_hours_map_onto_the_api_names(replay):
    campaigns = call(replay, "campaign/get", advertiser_id=FIVETRAN)["list"]
    ads = call(replay, "ad/get", advertiser_id=FIVETRAN)["list"]
    rows = report(
        replay,
        FIVETRAN,
        "2021-09-15",
        "2021-09-15",
        metrics=("spend", "impressions", "video_watched_2s", "video_views_p75"),
    )
    with (TIKTOK / "fivetran_tiktok_ads" / "tiktok_ad_report_hourly_data.csv").open() as fh:
        ad1 = next(r for r in csv.DictReader(fh) if r["AD_ID"] == "1")

    assert [(c["campaign_id"], c["budget"], c["budget_mode"]) for c in campaigns] == [
        ("1", 450.0, "BUDGET_MODE_DAY")
    ]
    assert [(a["ad_id"], a["adgroup_id"], a["modify_time"]) for a in ads] == [
        ("1", "1", "2021-09-15 04:26:28")
    ]
    assert rows == [
        {
            "dimensions": {"ad_id": "1", "stat_time_day": "2021-09-15 00:00:00"},
            "metrics": {
                "spend": ad1["SPEND"],
                "impressions": ad1["IMPRESSIONS"],
                "video_watched_2s": ad1["VIDEO_WATCHED_2_S"],
                "video_views_p75": ad1["VIDEO_VIEWS_P_75"],
            },
        }
    ]


def test_a_campaign_row_recorded_at_campaign_level_wins_over_its_ads_sum(replay):
    rows = report(replay, FIVETRAN, "2021-09-15", "2021-09-15", level="AUCTION_CAMPAIGN")
    assert rows == [
        {
            "dimensions": {"campaign_id": "1", "stat_time_day": "2021-09-15 00:00:00"},
            "metrics": {"spend": "222.12", "impressions": "22222"},
        }
    ]


def test_writes_are_refused_and_advertiser_info_declares_the_assumed_facts(replay):
    refused = replay.post(
        "/open_api/v1.3/adgroup/status/update/",
        headers={"Access-Token": "t"},
        json={"advertiser_id": FIVETRAN, "adgroup_ids": ["1"], "operation_status": "DISABLE"},
    ).json()
    info = call(replay, "advertiser/info", advertiser_ids=[AIRBYTE, FIVETRAN])["list"]

    assert refused["code"] == 40001 and "does not accept writes" in refused["message"]
    assert [(a["currency"], a["timezone"]) for a in info] == [
        ("USD", "Etc/UTC"),
        ("USD", "Etc/GMT+5"),
    ]
