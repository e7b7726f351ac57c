"""Replay mode: recorded real Meta data through the same Graph routes, values unchanged."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from decimal import Decimal

import pytest

from tests.sandbox.sandbox_helpers import SHARED_DATA, Graph

META = SHARED_DATA / "meta"
BR, US2, FIVETRAN = "239804476908866", "249732255070226", "1700252260223815"


def _file_totals() -> dict[tuple[str, str], tuple[Decimal, int]]:
    """Spend and impressions per (account, day), computed straight from the files."""
    out: dict[tuple[str, str], list] = defaultdict(lambda: [Decimal(0), 0])
    camps = json.loads((META / "two_accounts_2019_campaigns.json").read_text())
    for c in camps:
        if "insights" in c:
            key = (c["account_id"].removeprefix("act_"), c["insights"]["date_start"])
            out[key][0] += Decimal(str(c["insights"]["spend"]))
            out[key][1] += int(c["insights"]["impressions"])
    with (META / "fivetran_facebook_ads" / "facebook_ads_basic_ad_data.csv").open() as fh:
        for r in csv.DictReader(fh):
            out[(r["account_id"], r["date"])][0] += Decimal(r["spend"])
            out[(r["account_id"], r["date"])][1] += int(r["impressions"])
    return {k: (v[0], v[1]) for k, v in out.items()}


def _served(graph: Graph, account: str, level: str, fields: str = "spend,impressions"):
    return graph.all_pages(
        f"act_{account}/insights", level=level, fields=fields, time_increment="1", limit=3
    )


def test_account_day_totals_served_equal_the_files(replay_graph: Graph) -> None:
    files = _file_totals()
    served = {}
    for account in (BR, US2, FIVETRAN):
        for r in _served(replay_graph, account, "account"):
            served[(account, r["date_start"])] = (Decimal(r["spend"]), int(r["impressions"]))
    assert served == files
    assert served[(BR, "2019-11-13")] == (Decimal("67.83"), 23188)
    assert served[(US2, "2019-11-13")] == (Decimal("43.89"), 15004)
    assert served[(FIVETRAN, "2020-12-02")] == (Decimal("144"), 10701)


def test_each_embedded_insights_object_belongs_to_its_own_object(replay_graph: Graph) -> None:
    camps = _served(replay_graph, BR, "campaign", "campaign_id,campaign_name,spend,account_id")
    recorded = json.loads((META / "two_accounts_2019_campaigns.json").read_text())
    with_insights = {
        c["id"] for c in recorded if "insights" in c and c["account_id"] == f"act_{BR}"
    }
    assert {r["campaign_id"] for r in camps} == with_insights
    assert {(r["spend"], r["account_id"]) for r in camps} == {("3.99", BR)}
    ads = _served(
        replay_graph,
        BR,
        "ad",
        "ad_id,adset_id,campaign_id,spend,impressions,reach,outbound_clicks,actions",
    )
    assert [(r["ad_id"], r["spend"], r["impressions"], r["reach"]) for r in ads] == [
        ("23843647046000104", "3.31", "3496", "3389")
    ]
    assert ads[0]["campaign_id"] == "23843647045980104"  # the ad's own campaign
    assert {a["action_type"]: a["value"] for a in ads[0]["outbound_clicks"]} == {
        "outbound_click": "125"
    }
    assert _served(replay_graph, US2, "ad") == []


def test_recorded_actions_keep_their_values_and_both_purchase_types(replay_graph: Graph) -> None:
    row = _served(replay_graph, BR, "campaign", "campaign_id,actions,action_values,frequency")[0]
    acts = {a["action_type"]: a["value"] for a in row["actions"]}
    values = {a["action_type"]: a["value"] for a in row["action_values"]}
    assert acts["omni_purchase"] == acts["offsite_conversion.fb_pixel_purchase"] == "1"
    assert values["omni_purchase"] == "23.05"
    assert values["add_payment_info"] == "0"
    assert row["frequency"] == "1.074016"


def test_fivetran_rows_carry_actions_matched_on_ad_and_date(replay_graph: Graph) -> None:
    rows = _served(replay_graph, FIVETRAN, "ad", "ad_id,spend,inline_link_clicks,reach,actions")
    assert len(rows) == 10
    day = {(r["ad_id"], r["date_start"]): r for r in rows}
    hit = day[("6229007992271", "2020-12-13")]
    assert (hit["spend"], hit["inline_link_clicks"], hit["reach"]) == ("51.56", "14", "76")
    assert {a["action_type"]: a["value"] for a in hit["actions"]} == {
        "offsite_conversion.fb_pixel_lead": "4"
    }
    assert "actions" not in day[("6229007992271", "2020-12-08")]
    campaigns = _served(replay_graph, FIVETRAN, "campaign", "campaign_id,spend")
    assert sum(Decimal(r["spend"]) for r in campaigns) == sum(Decimal(r["spend"]) for r in rows)


def test_objects_are_served_as_recorded_in_the_wire_shape(replay_graph: Graph) -> None:
    camps = replay_graph.all_pages(
        f"act_{BR}/campaigns", fields="id,daily_budget,start_time", limit=5
    )
    recorded = {
        c["id"]: c for c in json.loads((META / "two_accounts_2019_campaigns.json").read_text())
    }
    assert len(camps) == 17
    for c in camps:
        budget = recorded[c["id"]]["daily_budget"]
        assert c.get("daily_budget") == (None if budget is None else str(budget))
        assert c["start_time"] == recorded[c["id"]]["start_time"]
    assert len(replay_graph.all_pages(f"act_{US2}/ads", fields="id", limit=100)) == 298
    one = replay_graph.ok("23843676632450104", fields="name,objective,budget_remaining")
    assert one == {
        "id": "23843676632450104",
        "objective": "CONVERSIONS",
        "budget_remaining": "697",
        "name": recorded["23843676632450104"]["name"],
    }
    embedded = replay_graph.get("23843676632450104", fields="insights")
    assert embedded.json()["error"]["code"] == 100  # served on the insights edge instead
    ad = replay_graph.ok("6215762744671", fields="updated_time,creative,adset_id")
    assert ad["updated_time"] == "2020-12-31T07:30:04-0800"
    assert ad["creative"] == {"id": "6215762732071"}


def test_replay_info_reports_accounts_facts_and_spans(replay_graph: Graph) -> None:
    info = replay_graph.control("GET", "info")
    assert info["mode"] == "replay"
    facts = {
        a["account_id"]: (a["currency"], a["timezone"], a["insights_since"], a["insights_until"])
        for a in info["accounts"]
        if a["platform"] == "meta"
    }
    # the span covers every served platform: the TikTok recordings run to 2024-01-01
    assert info["insights_span"] == {"start": "2019-11-13", "end": "2024-01-01"}
    assert facts == {
        BR: ("USD", "America/Sao_Paulo", "2019-11-13", "2019-11-13"),
        US2: ("USD", "America/Los_Angeles", "2019-11-13", "2019-11-13"),
        FIVETRAN: ("USD", "America/Los_Angeles", "2020-12-02", "2020-12-14"),
    }
    node = replay_graph.ok(f"act_{BR}", fields="currency,timezone_offset_hours_utc,name")
    assert node == {
        "id": f"act_{BR}",
        "currency": "USD",
        "timezone_offset_hours_utc": -3.0,
        "name": "Leila Barcellos",
    }


def test_replay_refuses_writes_and_has_no_clock(replay_graph: Graph) -> None:
    err = replay_graph.post("23843676632450104", daily_budget="5000").json()["error"]
    assert err["code"] == 100
    assert "does not accept writes" in err["message"]
    assert replay_graph.http.get("/__sandbox/clock").status_code == 404
    assert replay_graph.http.get("/__sandbox/eval/oracle").status_code == 404


@pytest.mark.parametrize("preset", ["maximum", "last_30d"])
def test_replay_date_presets_anchor_on_the_recorded_days(replay_graph: Graph, preset: str) -> None:
    rows = replay_graph.ok(
        f"act_{FIVETRAN}/insights",
        fields="spend",
        date_preset=preset,
        time_increment="1",
        limit=100,
    )["data"]
    assert rows[0]["date_start"] == "2020-12-02"
    assert rows[-1]["date_start"] == "2020-12-14"


def test_a_window_without_recorded_rows_is_an_empty_page_not_an_error(replay_graph: Graph) -> None:
    rows = replay_graph.all_pages(
        f"act_{BR}/insights",
        level="ad",
        fields="ad_id,spend,impressions,actions",
        time_increment="1",
        time_range='{"since":"2020-01-01","until":"2020-01-31"}',
    )
    assert rows == []
