"""The TikTok Business API v1.3 emulator over the market: wire format, paging, errors, writes."""

import json
import math
import warnings
from datetime import date

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from sandbox.faults import parse_rules
from sandbox.market.clock import zone
from sandbox.server import SandboxSettings, build_sandbox
from tests.sandbox.sandbox_helpers import NOW

TH, MY = "7020000000000001", "7020000000000002"
TOKEN = "tiktok-test-token"
API = "/open_api/v1.3"


class TikTok:
    """A tiny TikTok client over a Starlette TestClient."""

    def __init__(self, **settings):
        settings.setdefault("now", NOW)
        self.sandbox = build_sandbox(SandboxSettings(token=TOKEN, **settings))
        self.http = TestClient(self.sandbox.app)

    def get(self, path, token=TOKEN, **params):
        q = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
        return self.http.get(f"{API}/{path}/", params=q, headers={"Access-Token": token})

    def post(self, path, body, token=TOKEN):
        return self.http.post(f"{API}/{path}/", json=body, headers={"Access-Token": token})

    def ok(self, path, **params):
        resp = self.get(path, **params)
        assert resp.status_code == 200
        body = resp.json()
        assert body["code"] == 0, body
        return body["data"]

    def report(
        self,
        start,
        end,
        level="AUCTION_AD",
        dims=("ad_id", "stat_time_day"),
        metrics=("spend", "impressions", "clicks", "ctr"),
        advertiser=TH,
        **extra,
    ):
        rows, page = [], 1
        while True:
            data = self.ok(
                "report/integrated/get",
                advertiser_id=advertiser,
                report_type="BASIC",
                data_level=level,
                dimensions=list(dims),
                metrics=list(metrics),
                start_date=str(start),
                end_date=str(end),
                page=page,
                page_size=100,
                **extra,
            )
            rows += data["list"]
            if page >= data["page_info"]["total_page"]:
                return rows
            page += 1


@pytest.fixture
def tiktok():
    return TikTok()


def test_objects_page_with_page_info_and_every_page_adds_new_ids(tiktok):
    first = tiktok.ok("ad/get", advertiser_id=TH, page_size=7)
    info = first["page_info"]
    pages = [first] + [
        tiktok.ok("ad/get", advertiser_id=TH, page_size=7, page=p)
        for p in range(2, info["total_page"] + 1)
    ]
    ids = [a["ad_id"] for p in pages for a in p["list"]]

    assert info["total_page"] == math.ceil(info["total_number"] / 7)
    assert len(ids) == len(set(ids)) == info["total_number"] > 20
    assert tiktok.ok("ad/get", advertiser_id=TH, page_size=7, page=99)["list"] == []


def test_budgets_are_currency_units_on_the_budget_owner(tiktok):
    h = tiktok.sandbox.market.hierarchy("tiktok")
    cbo = next(c for c in h.campaigns if c.owns_budget and c.account_id == MY)
    campaign = tiktok.ok("campaign/get", advertiser_id=MY, filtering={"campaign_ids": [cbo.id]})[
        "list"
    ][0]
    groups = tiktok.ok("adgroup/get", advertiser_id=MY, filtering={"campaign_ids": [cbo.id]})[
        "list"
    ]

    assert campaign["budget_mode"] == "BUDGET_MODE_DAY"
    assert campaign["budget"] == cbo.daily_budget  # MYR units, e.g. 370.0, not sen
    assert isinstance(campaign["budget"], float)
    assert {g["budget_mode"] for g in groups} == {"BUDGET_MODE_INFINITE"}
    assert {g["campaign_id"] for g in groups} == {cbo.id}


def test_ads_carry_the_tiktok_post_they_promote(tiktok):
    ads = tiktok.ok("ad/get", advertiser_id=TH, page_size=1000)["list"]
    posts = {p.post_id for p in tiktok.sandbox.market.hierarchy("tiktok").posts}
    assert all(a["tiktok_item_id"] in posts for a in ads)
    assert len({a["tiktok_item_id"] for a in ads}) < len(ads)  # posts are shared by ads


def test_filters_select_by_status_and_fields_select_keys(tiktok):
    disabled = tiktok.ok(
        "adgroup/get",
        advertiser_id=TH,
        page_size=1000,
        filtering={"primary_status": "STATUS_DISABLE"},
    )["list"]
    picked = tiktok.ok("campaign/get", advertiser_id=TH, fields=["campaign_id", "budget"])["list"]

    assert disabled and {g["operation_status"] for g in disabled} == {"DISABLE"}
    assert set(picked[0]) == {"campaign_id", "budget"}


def test_report_rows_are_strings_with_percent_ctr_and_day_timestamps(tiktok):
    rows = tiktok.report(date(2026, 11, 10), date(2026, 11, 12))
    row = rows[0]
    m = row["metrics"]

    assert set(row["dimensions"]) == {"ad_id", "stat_time_day"}
    assert row["dimensions"]["stat_time_day"] == "2026-11-10 00:00:00"
    assert all(isinstance(v, str) for v in m.values())
    assert float(m["ctr"]) == pytest.approx(
        100 * int(m["clicks"]) / int(m["impressions"]), abs=0.005
    )
    days = [r["dimensions"]["stat_time_day"] for r in rows]
    assert days == sorted(days)


def test_days_without_delivery_are_absent(tiktok):
    h = tiktok.sandbox.market.hierarchy("tiktok")
    paused = {a.id for a in h.ads if a.status == "PAUSED" and a.account_id == TH}
    rows = tiktok.report(date(2026, 11, 1), date(2026, 11, 20))
    assert paused
    assert not paused & {r["dimensions"]["ad_id"] for r in rows}
    assert all(
        int(r["metrics"]["impressions"]) > 0 or float(r["metrics"]["spend"]) > 0 for r in rows
    )


def test_report_spend_per_day_is_the_markets_spend_in_currency_units(tiktok):
    market = tiktok.sandbox.market
    h = market.hierarchy("tiktok")
    rows = tiktok.report(date(2026, 11, 15), date(2026, 11, 21), advertiser=MY)
    for day in (date(2026, 11, 15), date(2026, 11, 21)):  # a whole day and the partial today
        r = market.reported("tiktok", day)
        mine = h.ad_account == 1
        served = sum(
            float(x["metrics"]["spend"])
            for x in rows
            if x["dimensions"]["stat_time_day"].startswith(str(day))
        )
        assert served == pytest.approx(r.spend_minor[mine].sum() / 100, abs=0.005)


def test_campaign_level_rows_are_the_sums_of_their_ads(tiktok):
    ads = tiktok.report(
        date(2026, 11, 18), date(2026, 11, 18), metrics=("spend", "impressions", "campaign_id")
    )
    campaigns = tiktok.report(
        date(2026, 11, 18),
        date(2026, 11, 18),
        level="AUCTION_CAMPAIGN",
        dims=("campaign_id", "stat_time_day"),
    )
    by_campaign: dict[str, tuple[int, int]] = {}
    for r in ads:  # cents, so the sums are exact
        cents, imps = by_campaign.get(r["metrics"]["campaign_id"], (0, 0))
        by_campaign[r["metrics"]["campaign_id"]] = (
            cents + round(float(r["metrics"]["spend"]) * 100),
            imps + int(r["metrics"]["impressions"]),
        )
    assert len(by_campaign) > 1
    assert {
        r["dimensions"]["campaign_id"]: (
            round(float(r["metrics"]["spend"]) * 100),
            int(r["metrics"]["impressions"]),
        )
        for r in campaigns
    } == by_campaign


def test_report_days_are_the_advertisers_local_days(tiktok):
    # 12:00 UTC is 19:00 in Bangkok: Nov 21 has begun there and is partial; Nov 22 has not
    rows = tiktok.report(date(2026, 11, 20), date(2026, 11, 22))
    days = {r["dimensions"]["stat_time_day"][:10] for r in rows}
    assert NOW.astimezone(zone("Asia/Bangkok")).date() == date(2026, 11, 21)
    assert days == {"2026-11-20", "2026-11-21"}


def test_a_daily_range_over_30_days_is_refused_with_40067(tiktok):
    ok = tiktok.get(
        "report/integrated/get",
        advertiser_id=TH,
        report_type="BASIC",
        data_level="AUCTION_AD",
        dimensions=["ad_id", "stat_time_day"],
        start_date="2026-10-22",
        end_date="2026-11-20",
    )
    too_long = tiktok.get(
        "report/integrated/get",
        advertiser_id=TH,
        report_type="BASIC",
        data_level="AUCTION_AD",
        dimensions=["ad_id", "stat_time_day"],
        start_date="2026-10-21",
        end_date="2026-11-20",
    )

    assert ok.json()["code"] == 0
    assert too_long.status_code == 200
    assert too_long.json()["code"] == 40067
    assert too_long.json()["data"] == {}


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"metrics": ["spend", "nope"]}, "metrics"),
        ({"dimensions": ["campaign_id", "stat_time_day"]}, "dimensions"),
        ({"dimensions": ["ad_id", "stat_time_hour"]}, "stat_time_hour"),
        ({"report_type": "AUDIENCE"}, "report_type"),
    ],
)
def test_bad_report_parameters_answer_40001_naming_them(tiktok, params, fragment):
    base = {
        "advertiser_id": TH,
        "report_type": "BASIC",
        "data_level": "AUCTION_AD",
        "dimensions": ["ad_id", "stat_time_day"],
        "start_date": "2026-11-20",
        "end_date": "2026-11-20",
    }
    body = tiktok.get("report/integrated/get", **{**base, **params}).json()
    assert body["code"] == 40001
    assert fragment in body["message"]


def test_tokens_and_advertisers_are_checked(tiktok):
    missing = tiktok.get("campaign/get", token="", advertiser_id=TH).json()
    wrong = tiktok.get("campaign/get", token="other", advertiser_id=TH).json()
    stranger = tiktok.get("campaign/get", advertiser_id="7010000000000001").json()

    assert (missing["code"], wrong["code"], stranger["code"]) == (40104, 40105, 40002)
    assert "7010000000000001" in stranger["message"]
    assert TOKEN not in json.dumps([missing, wrong, stranger])


def test_budget_and_status_writes_reach_the_market_change_log(tiktok):
    market = tiktok.sandbox.market
    group = next(
        g
        for g in tiktok.ok("adgroup/get", advertiser_id=TH, page_size=1000)["list"]
        if g["budget_mode"] == "BUDGET_MODE_DAY"
    )
    ad = tiktok.ok("ad/get", advertiser_id=TH, filtering={"adgroup_ids": [group["adgroup_id"]]})[
        "list"
    ][0]

    updated = tiktok.post(
        "adgroup/update", {"advertiser_id": TH, "adgroup_id": group["adgroup_id"], "budget": 612.5}
    ).json()
    paused = tiktok.post(
        "ad/status/update",
        {"advertiser_id": TH, "ad_ids": [ad["ad_id"]], "operation_status": "DISABLE"},
    ).json()
    after = tiktok.ok("ad/get", advertiser_id=TH, filtering={"ad_ids": [ad["ad_id"]]})["list"][0]

    assert updated["code"] == 0 and updated["data"]["budget"] == 612.5
    assert paused["data"] == {"ad_ids": [ad["ad_id"]], "status": "DISABLE"}
    assert [(c.object_id, c.field, c.value) for c in market.changes.changes] == [
        (group["adgroup_id"], "daily_budget", 612.5),
        (ad["ad_id"], "status", "PAUSED"),
    ]
    assert after["secondary_status"] == "AD_STATUS_DISABLE"


def test_a_budget_on_an_ad_group_of_a_cbo_campaign_is_refused_naming_the_campaign(tiktok):
    group = next(
        g
        for g in tiktok.ok("adgroup/get", advertiser_id=TH, page_size=1000)["list"]
        if g["budget_mode"] == "BUDGET_MODE_INFINITE"
    )
    body = tiktok.post(
        "adgroup/update", {"advertiser_id": TH, "adgroup_id": group["adgroup_id"], "budget": 500}
    ).json()
    assert body["code"] == 40001
    assert group["campaign_id"] in body["message"]
    assert tiktok.sandbox.market.changes.changes == []


def test_injected_body_code_errors_are_http_200_and_counted_per_family():
    tiktok = TikTok(faults=[])
    tiktok.sandbox.faults.replace(
        parse_rules(
            [
                {
                    "kind": "tiktok_error",
                    "code": 40100,
                    "times": 2,
                    "match": {"path_regex": "campaign/get"},
                },
                {
                    "kind": "http_error",
                    "http_status": 503,
                    "times": 1,
                    "match": {"path_regex": "/ad/get"},
                },
                {"kind": "graph_error", "code": 17, "times": -1},
            ]
        )
    )
    codes = [tiktok.get("campaign/get", advertiser_id=TH).json()["code"] for _ in range(3)]
    failed = tiktok.get("ad/get", advertiser_id=TH)
    recovered = tiktok.get("ad/get", advertiser_id=TH).json()
    stats = tiktok.http.get("/__sandbox/stats").json()

    assert codes == [40100, 40100, 0]
    assert failed.status_code == 503
    assert recovered["code"] == 0
    assert stats["routes"] == {"tiktok.ad": 2, "tiktok.campaign": 3}
    assert stats["accounts"] == {TH: 5}
    assert stats["faults"] == {"http_error": 1, "tiktok_error": 2}  # graph_error never fires here


def test_sandbox_info_lists_the_tiktok_advertisers_as_served(tiktok):
    info = tiktok.http.get("/__sandbox/info").json()
    tiktok_accounts = [a for a in info["accounts"] if a["platform"] == "tiktok"]
    assert "tiktok" in info["served_platforms"]
    assert [(a["account_id"], a["currency"], a["served"]) for a in tiktok_accounts] == [
        (TH, "THB", True),
        (MY, "MYR", True),
    ]
