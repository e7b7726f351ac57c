"""The TikTok extractor against the sandbox: every row exactly once, in currency units, per
advertiser-local day, under faults too."""

import logging
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import requests

from extractors.common.retry import AuthError
from extractors.common.warehouse import DuckDBWarehouse
from extractors.tiktok.sync import sync_advertisers, sync_entities, sync_reports
from sandbox.process import running_sandbox
from tests.extractors.tiktok.tiktok_helpers import (
    MY,
    TH,
    TOKEN,
    SimClock,
    entity_snapshot,
    make_client,
    report_snapshot,
)

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
SINCE, UNTIL = date(2026, 10, 15), date(2026, 11, 22)  # 39 days: two report requests


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox(seed=7, days=40, now=NOW, token=TOKEN, in_process=True) as sb:
        yield sb


@pytest.fixture(autouse=True)
def _clean(sandbox):
    sandbox.clear_faults()
    sandbox.reset_stats()
    yield
    sandbox.clear_faults()


def sync_all(sandbox, wh, tmp_path, clock=None, **settings):
    clock = clock or SimClock()
    for adv in (TH, MY):
        client = make_client(sandbox.base_url, adv, clock, tmp_path / "rl", **settings)
        sync_entities(client, wh, loaded_at=NOW)
        sync_reports(client, wh, SINCE, UNTIL, now=NOW)
    return clock


@pytest.fixture(scope="module")
def reference(sandbox, tmp_path_factory):
    """The tables a fault-free sync produces."""
    tmp = tmp_path_factory.mktemp("ref")
    wh = DuckDBWarehouse(tmp / "w.duckdb")
    sync_all(sandbox, wh, tmp)
    out = {"reports": report_snapshot(wh), "entities": entity_snapshot(wh)}
    wh.close()
    return out


def api_totals(sandbox, advertiser, start, end):
    """Spend and impressions per day, as the API's advertiser-level report states them."""
    body = requests.get(
        f"{sandbox.base_url}/open_api/v1.3/report/integrated/get/",
        timeout=30,
        headers={"Access-Token": TOKEN},
        params={
            "advertiser_id": advertiser,
            "report_type": "BASIC",
            "data_level": "AUCTION_ADVERTISER",
            "page_size": 1000,
            "dimensions": '["advertiser_id","stat_time_day"]',
            "metrics": '["spend","impressions"]',
            "start_date": str(start),
            "end_date": str(end),
        },
    ).json()
    return {
        r["dimensions"]["stat_time_day"][:10]: (
            Decimal(r["metrics"]["spend"]),
            int(r["metrics"]["impressions"]),
        )
        for r in body["data"]["list"]
    }


def loaded_totals(wh, advertiser):
    rows = wh.query(
        "select date_day::varchar d, sum(spend) s, sum(impressions) i from "
        "raw.tiktok_ads_reports_daily where account_id = ? group by 1",
        [advertiser],
    ).to_pylist()
    return {r["d"]: (r["s"], r["i"]) for r in rows}


def test_sync_matches_the_platform_totals_per_advertiser_and_day(sandbox, reference, tmp_path):
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    sync_all(sandbox, wh, tmp_path)
    for adv in (TH, MY):
        api = {
            **api_totals(sandbox, adv, SINCE, date(2026, 11, 13)),
            **api_totals(sandbox, adv, date(2026, 11, 14), UNTIL),
        }
        assert loaded_totals(wh, adv) == api
        assert len(api) >= 30
    keys = wh.query(
        "select count(*) n, count(distinct (date_day, account_id, ad_id)) k "
        "from raw.tiktok_ads_reports_daily"
    ).to_pylist()[0]
    assert keys["n"] == keys["k"] > 1000
    assert report_snapshot(wh) == reference["reports"]


def test_budgets_and_spend_stay_in_currency_units(sandbox, reference, tmp_path):
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    sync_all(sandbox, wh, tmp_path)
    market = sandbox.sandbox.market
    h = market.hierarchy("tiktok")
    cbo = next(c for c in h.campaigns if c.owns_budget and c.account_id == MY)
    campaign = wh.query(
        "select budget, currency_code from raw.tiktok_campaigns where campaign_id = ?", [cbo.id]
    ).to_pylist()
    day = market.reported("tiktok", date(2026, 11, 10))
    spend = wh.query(
        "select sum(spend) s from raw.tiktok_ads_reports_daily where "
        "account_id = ? and date_day = '2026-11-10'",
        [MY],
    ).to_pylist()[0]["s"]

    # e.g. 370 MYR, not 37000 sen
    assert campaign == [{"budget": Decimal(str(cbo.daily_budget)), "currency_code": "MYR"}]
    assert spend == Decimal(int(day.spend_minor[h.ad_account == 1].sum())) / 100


def test_small_pages_give_the_same_tables_with_more_requests(sandbox, reference, tmp_path):
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    sync_all(sandbox, wh, tmp_path, page_size=4, report_page_size=60)
    routes = sandbox.stats()["routes"]

    assert report_snapshot(wh) == reference["reports"]
    assert entity_snapshot(wh) == reference["entities"]
    assert routes["tiktok.ad"] >= 2 * 8  # 31 and 34 ads in pages of 4
    assert routes["tiktok.report"] > 2 * 2 * 5


def test_rerunning_a_sync_gives_identical_tables(sandbox, reference, tmp_path):
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    sync_all(sandbox, wh, tmp_path)
    sync_all(sandbox, wh, tmp_path)
    assert report_snapshot(wh) == reference["reports"]
    assert entity_snapshot(wh) == reference["entities"]


FAULTS = [
    {"kind": "tiktok_error", "code": 40100, "times": 2, "match": {"path_regex": "report"}},
    {"kind": "tiktok_error", "code": 60001, "times": 1, "match": {"path_regex": "campaign/get"}},
    {"kind": "http_error", "http_status": 503, "times": 1, "match": {"path_regex": "/ad/get"}},
    {"kind": "truncated_body", "times": 2, "after": 3, "match": {"path_regex": "report"}},
    {
        "kind": "tiktok_error",
        "code": 40067,
        "times": 1,
        "after": 6,
        "match": {"path_regex": "report"},
    },
    {"kind": "http_error", "http_status": 500, "body": "empty", "times": 1, "after": 9},
    {
        "kind": "tiktok_error",
        "code": 40100,
        "times": 1,
        "after": 2,
        "match": {"path_regex": "adgroup/get"},
    },
]


def test_every_row_arrives_exactly_once_under_faults(sandbox, reference, tmp_path, caplog):
    sandbox.set_faults(FAULTS)
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    with caplog.at_level(logging.WARNING):
        clock = sync_all(sandbox, wh, tmp_path, report_page_size=200)
    fired = sandbox.stats()["faults"]

    assert sum(fired.values()) >= 8, fired
    assert report_snapshot(wh) == reference["reports"]
    assert entity_snapshot(wh) == reference["entities"]
    assert not wh.table_exists("ops.quarantine"), "no row may be rejected"
    assert "refused as too long" in caplog.text  # the 40067 was answered by halving the range
    assert 5.0 in clock.calls  # a 40100 paused for the platform's pause
    assert TOKEN not in caplog.text


def test_a_range_beyond_the_api_limit_is_halved_until_accepted(
    sandbox, reference, tmp_path, caplog
):
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    with caplog.at_level(logging.WARNING):
        sync_all(sandbox, wh, tmp_path, max_report_days=39)
    assert report_snapshot(wh) == reference["reports"]
    assert caplog.text.count("refused as too long") == 2  # once per advertiser: 39 → 19 + 20


def test_an_advertiser_without_permission_is_skipped_and_named(sandbox, tmp_path):
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    clock = SimClock()
    stranger = "7029999999999999"
    outcome = sync_advertisers(
        [TH, stranger, MY],
        lambda adv: make_client(sandbox.base_url, adv, clock, tmp_path / "rl"),
        lambda c: sync_reports(c, wh, date(2026, 11, 18), date(2026, 11, 20), now=NOW),
    )

    assert outcome.skipped == [stranger]
    assert len(outcome.errors) == 1
    assert f"advertiser {stranger}" in outcome.errors[0]
    assert "code 40002" in outcome.errors[0]
    assert {adv for adv, _ in outcome.results} == {TH, MY}


def test_a_rejected_token_stops_with_advice_and_writes_nothing(sandbox, tmp_path, caplog):
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    client = make_client(sandbox.base_url, TH, SimClock(), tmp_path / "rl", token="expired-0001")
    with caplog.at_level(logging.DEBUG), pytest.raises(AuthError) as err:
        sync_entities(client, wh, loaded_at=NOW)

    assert TH in str(err.value) and "TIKTOK_ACCESS_TOKEN" in str(err.value)
    assert "expired-0001" not in str(err.value) + caplog.text
    assert not wh.table_exists("raw.tiktok_advertisers")
