"""The Meta Graph emulator over the market: wire format, paging, insights, writes, auth."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.sandbox.sandbox_helpers import NOW, SG, TH, Graph

DAYS = {"since": "2026-11-14", "until": "2026-11-21"}
AD_FIELDS = (
    "account_id,campaign_id,adset_id,ad_id,ad_name,spend,impressions,clicks,"
    "inline_link_clicks,reach,frequency,ctr,cpm,actions,action_values,"
    "video_play_actions,video_thruplay_watched_actions,account_currency"
)


def _actions(row: dict, field: str = "actions") -> dict[str, str]:
    return {a["action_type"]: a["value"] for a in row.get(field, [])}


def test_ad_account_node_returns_requested_fields_plus_id(graph: Graph) -> None:
    body = graph.ok(
        f"act_{TH}",
        fields="name,currency,timezone_name,timezone_offset_hours_utc,account_status,account_id",
    )
    assert body == {
        "id": f"act_{TH}",
        "account_id": TH,
        "name": "Siam Glow TH",
        "currency": "THB",
        "timezone_name": "Asia/Bangkok",
        "timezone_offset_hours_utc": 7.0,
        "account_status": 1,
    }
    assert graph.ok(f"act_{SG}", fields="currency") == {"id": f"act_{SG}", "currency": "SGD"}


@pytest.mark.parametrize("edge", ["campaigns", "adsets", "ads"])
def test_cursor_pages_cover_every_object_exactly_once(graph: Graph, edge: str) -> None:
    everything = graph.ok(f"act_{TH}/{edge}", fields="id", limit=500)["data"]
    paged = graph.all_pages(f"act_{TH}/{edge}", fields="id", limit=3)
    assert len(everything) > 3
    assert [o["id"] for o in paged] == [o["id"] for o in everything]
    assert len({o["id"] for o in paged}) == len(paged)


def test_objects_have_the_real_wire_shape(graph: Graph) -> None:
    camps = graph.ok(
        f"act_{TH}/campaigns",
        fields="id,name,daily_budget,status,effective_status,objective,buying_type,start_time",
    )["data"]
    cbo = [c for c in camps if "daily_budget" in c]
    assert cbo
    assert all(isinstance(c["daily_budget"], str) and c["daily_budget"].isdigit() for c in cbo)
    assert camps[0]["start_time"].endswith("+0700")
    assert set(camps[0]) <= {
        "id",
        "name",
        "daily_budget",
        "status",
        "effective_status",
        "objective",
        "buying_type",
        "start_time",
    }
    ads = graph.ok(
        f"act_{TH}/ads",
        fields="id,adset_id,creative{id,object_story_id,effective_object_story_id}",
        limit=100,
    )["data"]
    creative = ads[0]["creative"]
    assert set(creative) == {"id", "object_story_id", "effective_object_story_id"}
    page, _, post = creative["object_story_id"].partition("_")
    assert page.isdigit() and post.isdigit()
    one = graph.ok(ads[0]["id"], fields="name,campaign_id")
    assert set(one) == {"id", "name", "campaign_id"}


def test_effective_status_filters_objects_and_parents_pause_children(graph: Graph) -> None:
    ads = graph.ok(f"act_{TH}/ads", fields="effective_status,status", limit=500)["data"]
    statuses = {a["effective_status"] for a in ads}
    assert "ACTIVE" in statuses
    assert statuses - {"ACTIVE"}
    active = graph.ok(f"act_{TH}/ads", fields="id", limit=500, effective_status=["ACTIVE"])["data"]
    assert len(active) == sum(a["effective_status"] == "ACTIVE" for a in ads)


def test_unknown_objects_fields_and_versions_give_graph_errors(graph: Graph) -> None:
    missing = graph.get("12345")
    assert missing.status_code == 400
    err = missing.json()["error"]
    assert (err["code"], err["error_subcode"], err["type"]) == (100, 33, "GraphMethodException")
    assert len(err["fbtrace_id"]) == 23
    bad_field = graph.get(f"act_{TH}/campaigns", fields="id,colour").json()["error"]
    assert bad_field["code"] == 100
    assert "colour" in bad_field["message"]
    bad_version = graph.http.get(f"/latest/act_{TH}", params={"access_token": "t"})
    assert bad_version.json()["error"]["code"] == 2500


def test_token_is_read_from_query_form_or_header_and_checked(make_graph: Callable) -> None:
    g = make_graph(token="secret")
    ok = g.http.get(f"/v21.0/act_{TH}", params={"access_token": "secret"})
    bearer = g.http.get(f"/v21.0/act_{TH}", headers={"Authorization": "Bearer secret"})
    oauth = g.http.get(f"/v21.0/act_{TH}", headers={"Authorization": "OAuth secret"})
    assert [r.status_code for r in (ok, bearer, oauth)] == [200, 200, 200]
    wrong = g.http.get(f"/v21.0/act_{TH}", params={"access_token": "other"}).json()["error"]
    assert (wrong["code"], wrong["error_subcode"]) == (190, 463)
    assert "Session has expired" in wrong["message"]
    none = g.http.get(f"/v21.0/act_{TH}").json()["error"]
    assert none["code"] == 104


def test_insights_rows_use_strings_and_both_purchase_action_types(graph: Graph) -> None:
    rows = graph.all_pages(
        f"act_{TH}/insights",
        level="ad",
        fields=AD_FIELDS,
        time_range=DAYS,
        time_increment="1",
        action_breakdowns=[],
        limit=50,
    )
    assert len(rows) > 100
    row = next(r for r in rows if "omni_purchase" in _actions(r))
    acts = _actions(row)
    assert acts["omni_purchase"] == acts["offsite_conversion.fb_pixel_purchase"]
    assert (
        _actions(row, "action_values")["omni_purchase"]
        == _actions(row, "action_values")["offsite_conversion.fb_pixel_purchase"]
    )
    assert {"link_click", "landing_page_view"} <= set(acts)
    assert all(isinstance(row[k], str) for k in ("spend", "impressions", "ctr", "frequency"))
    assert int(row["clicks"]) >= int(row["inline_link_clicks"])
    assert int(row["inline_link_clicks"]) == int(acts["link_click"])
    assert float(row["ctr"]) == pytest.approx(
        100 * int(row["clicks"]) / int(row["impressions"]), abs=1e-5
    )
    assert row["account_currency"] == "THB"
    assert row["date_start"] == row["date_stop"]
    keys = [(r["date_start"], len(r["ad_id"]), r["ad_id"]) for r in rows]
    assert keys == sorted(keys)
    assert all(int(r["impressions"]) > 0 or Decimal(r["spend"]) > 0 for r in rows)


def test_campaign_and_account_rows_are_exact_sums_of_ad_rows(graph: Graph) -> None:
    def pull(level: str) -> list[dict]:
        return graph.all_pages(
            f"act_{TH}/insights",
            level=level,
            time_increment="1",
            fields="campaign_id,spend,impressions,clicks,actions",
            time_range=DAYS,
            limit=500,
        )

    ads, camps, acct = pull("ad"), pull("campaign"), pull("account")
    sums: dict[tuple, list] = defaultdict(lambda: [Decimal(0), 0, 0, 0])
    for r in ads:
        for key in ((r["date_start"], r["campaign_id"]), (r["date_start"], None)):
            s = sums[key]
            s[0] += Decimal(r["spend"])
            s[1] += int(r["impressions"])
            s[2] += int(r["clicks"])
            s[3] += int(_actions(r).get("omni_purchase", 0))
    for r in camps:
        assert sums[(r["date_start"], r["campaign_id"])] == [
            Decimal(r["spend"]),
            int(r["impressions"]),
            int(r["clicks"]),
            int(_actions(r).get("omni_purchase", 0)),
        ]
    assert len(acct) == 8
    for r in acct:
        assert "campaign_id" not in r
        assert sums[(r["date_start"], None)][:2] == [Decimal(r["spend"]), int(r["impressions"])]


def test_all_days_rows_sum_the_daily_rows_and_filtering_limits_objects(graph: Graph) -> None:
    daily = graph.all_pages(
        f"act_{TH}/insights",
        level="campaign",
        time_increment="1",
        fields="campaign_id,spend",
        time_range=DAYS,
        limit=500,
    )
    total = graph.ok(
        f"act_{TH}/insights",
        level="campaign",
        time_increment="all_days",
        fields="campaign_id,spend",
        time_range=DAYS,
    )["data"]
    by_campaign: dict[str, Decimal] = defaultdict(Decimal)
    for r in daily:
        by_campaign[r["campaign_id"]] += Decimal(r["spend"])
    assert {r["campaign_id"]: Decimal(r["spend"]) for r in total} == dict(by_campaign)
    assert all((r["date_start"], r["date_stop"]) == ("2026-11-14", "2026-11-21") for r in total)
    chosen = sorted(by_campaign)[:2]
    filtered = graph.all_pages(
        f"act_{TH}/insights",
        level="ad",
        time_increment="1",
        fields="campaign_id",
        time_range=DAYS,
        limit=500,
        filtering=[{"field": "campaign.id", "operator": "IN", "value": chosen}],
    )
    assert filtered
    assert {r["campaign_id"] for r in filtered} == set(chosen)
    bad = graph.get(f"act_{TH}/insights", filtering=[{"field": "spend", "operator": "GREATER"}])
    assert bad.json()["error"]["code"] == 100


def test_sync_and_async_insights_are_identical(graph: Graph) -> None:
    params = {
        "level": "ad",
        "fields": AD_FIELDS,
        "time_range": DAYS,
        "time_increment": "1",
        "action_breakdowns": [],
    }
    sync = graph.all_pages(f"act_{TH}/insights", limit=40, **params)
    run_id = graph.post(f"act_{TH}/insights", **params).json()["report_run_id"]
    first = graph.ok(run_id)
    assert (first["async_status"], first["async_percent_completion"]) == ("Job Running", 50)
    early = graph.get(f"{run_id}/insights")
    assert early.status_code == 400
    second = graph.ok(run_id)
    assert (second["async_status"], second["async_percent_completion"]) == ("Job Completed", 100)
    assert (second["date_start"], second["date_stop"]) == ("2026-11-14", "2026-11-21")
    assert second["account_id"] == TH
    assert graph.all_pages(f"{run_id}/insights", limit=40) == sync


def test_usage_headers_grow_with_calls(graph: Graph) -> None:
    def acc_pct() -> float:
        resp = graph.get(f"act_{TH}/insights", fields="spend")
        throttle = json.loads(resp.headers["x-fb-ads-insights-throttle"])
        buc = json.loads(resp.headers["x-business-use-case-usage"])
        assert throttle["ads_api_access_tier"] == "standard_access"
        assert buc[TH][0]["type"] == "ads_insights"
        assert set(json.loads(resp.headers["x-app-usage"])) == {
            "call_count",
            "total_cputime",
            "total_time",
        }
        return throttle["acc_id_util_pct"]

    first = acc_pct()
    for _ in range(20):
        last = acc_pct()
    assert last > first > 0


def test_same_seed_gives_byte_identical_responses_and_another_seed_differs(
    make_graph: Callable,
) -> None:
    a, b, c = make_graph(seed=5), make_graph(seed=5), make_graph(seed=6)
    paths = [
        (
            f"act_{TH}/insights",
            {
                "level": "ad",
                "fields": AD_FIELDS,
                "time_range": DAYS,
                "time_increment": "1",
                "limit": 5000,
            },
        ),
        (f"act_{TH}/ads", {"fields": "id,name,creative{id,object_story_id}", "limit": 500}),
    ]
    for path, params in paths:
        assert a.get(path, **params).content == b.get(path, **params).content
    assert (
        a.get(*paths[0][:1], **paths[0][1]).content != c.get(*paths[0][:1], **paths[0][1]).content
    )
    assert a.get(paths[1][0], **paths[1][1]).content == c.get(paths[1][0], **paths[1][1]).content


def _adset_spend(graph: Graph, adset_id: str) -> dict[str, Decimal]:
    rows = graph.all_pages(
        f"act_{TH}/insights",
        level="adset",
        time_increment="1",
        fields="adset_id,spend",
        time_range=DAYS,
        limit=500,
        filtering=[{"field": "adset.id", "operator": "IN", "value": [adset_id]}],
    )
    return {r["date_start"]: Decimal(r["spend"]) for r in rows}


def test_budget_post_changes_spend_from_that_local_day_on(graph: Graph) -> None:
    adsets = graph.ok(f"act_{TH}/adsets", fields="id,daily_budget,effective_status", limit=500)[
        "data"
    ]
    target = next(s for s in adsets if "daily_budget" in s and s["effective_status"] == "ACTIVE")
    before = _adset_spend(graph, target["id"])
    new_budget = int(target["daily_budget"]) * 3
    resp = graph.http.post(
        f"/v21.0/{target['id']}/", data={"access_token": "t", "daily_budget": str(new_budget)}
    )
    assert resp.json() == {"success": True}
    assert graph.ok(target["id"], fields="daily_budget")["daily_budget"] == str(new_budget)
    after = _adset_spend(graph, target["id"])
    today = NOW.date().isoformat()
    assert {d: v for d, v in after.items() if d != today} == {
        d: v for d, v in before.items() if d != today
    }
    assert after[today] > 2 * before[today]
    graph.control("POST", "clock/advance", params={"days": "1"})
    tomorrow = (NOW.date() + timedelta(days=1)).isoformat()
    nxt = graph.ok(
        f"act_{TH}/insights",
        level="adset",
        time_increment="1",
        fields="spend",
        time_range={"since": tomorrow, "until": tomorrow},
        filtering=[{"field": "adset.id", "operator": "IN", "value": [target["id"]]}],
    )
    assert Decimal(nxt["data"][0]["spend"]) > Decimal(before[today]) * 2


def test_pausing_a_campaign_stops_its_spend_today_and_is_read_back(graph: Graph) -> None:
    camp = graph.ok(
        f"act_{TH}/campaigns", fields="id,effective_status", effective_status=["ACTIVE"]
    )["data"][0]["id"]
    assert graph.post(camp, status="PAUSED").json() == {"success": True}
    assert graph.ok(camp, fields="status,effective_status") == {
        "id": camp,
        "status": "PAUSED",
        "effective_status": "PAUSED",
    }
    ads = graph.ok(f"{camp}/ads", fields="effective_status", limit=100)["data"]
    assert ads
    assert {a["effective_status"] for a in ads} <= {"CAMPAIGN_PAUSED", "PAUSED"}
    today = NOW.date().isoformat()
    rows = graph.ok(
        f"{camp}/insights",
        time_increment="1",
        fields="spend",
        time_range={"since": "2026-11-20", "until": today},
    )["data"]
    assert [r["date_start"] for r in rows] == ["2026-11-20"]


def test_invalid_budget_writes_return_code_100_with_a_clear_message(graph: Graph) -> None:
    camps = graph.ok(f"act_{TH}/campaigns", fields="id,daily_budget")["data"]
    cbo = next(c["id"] for c in camps if "daily_budget" in c)
    abo = next(c["id"] for c in camps if "daily_budget" not in c)
    cbo_adset = graph.ok(f"{cbo}/adsets", fields="id")["data"][0]["id"]
    err = graph.post(cbo_adset, daily_budget="50000").json()["error"]
    assert err["code"] == 100
    assert "campaign budget optimization" in err["message"]
    err = graph.post(abo, daily_budget="50000").json()["error"]
    assert "ad set budgets" in err["message"]
    abo_adset = graph.ok(f"{abo}/adsets", fields="id")["data"][0]["id"]
    assert "minimum" in graph.post(abo_adset, daily_budget="99").json()["error"]["message"]
    assert graph.post(abo_adset, status="ARCHIVED").json()["error"]["code"] == 100
    assert graph.post("999", status="PAUSED").json()["error"]["error_subcode"] == 33
    stats = graph.control("GET", "stats")
    assert stats["routes"]["meta.write"] == 5
    assert stats["statuses"]["400"] == 5


def test_clock_and_info_describe_the_market(graph: Graph) -> None:
    clock = graph.control("GET", "clock")
    assert clock["now"] == "2026-11-21T12:00:00Z"
    assert clock["history_start"] == "2026-10-17"
    local = {a["account_id"]: a["local_today"] for a in clock["accounts"]}
    assert local[TH] == "2026-11-21"
    info = graph.control("GET", "info")
    assert info["mode"] == "market"
    served = [a for a in info["accounts"] if a["served"]]
    assert [a["account_id"] for a in served] == [
        TH,
        SG,
        "7010000000000003",
        "7020000000000001",
        "7020000000000002",
    ]
    assert info["insights_span"] == {"start": "2026-10-17", "end": "2026-11-21"}
    modelled = {a["account_id"] for a in info["accounts"] if not a["served"]}
    assert modelled == {"7030000001", "7030000002"}
    moved = graph.control("POST", "clock/advance", params={"days": "2"})
    assert moved["now"] == "2026-11-23T12:00:00Z"
    assert date.fromisoformat(moved["history_start"]) == date(2026, 10, 17)
