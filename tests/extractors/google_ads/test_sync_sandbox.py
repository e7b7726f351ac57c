"""The Google Ads extractor against the sandbox's gRPC server: every row exactly once."""

import logging
from datetime import UTC, date, datetime, timedelta

import pytest

from extractors.common.retry import AuthError, RetryPolicy
from extractors.common.warehouse import DuckDBWarehouse
from extractors.google_ads.client import GoogleAdsApiClient, GoogleAdsApiError
from extractors.google_ads.settings import GoogleAdsSettings
from extractors.google_ads.sync import sync_entities, sync_stats
from sandbox.process import running_sandbox

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TOKEN, DEV = "sandbox-google-token-0002", "developer-token-0002"
CUSTOMERS = ("7030000001", "7030000002")
SINCE, UNTIL = date(2026, 11, 1), date(2026, 11, 25)  # until lies in the future: clamped
STATS = ("google_ads_ad_stats_daily", "google_ads_campaign_stats_daily")


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox(seed=11, days=40, now=NOW, token=TOKEN, in_process=True) as sb:
        yield sb


@pytest.fixture(autouse=True)
def _clean(sandbox):
    sandbox.clear_faults()
    sandbox.sandbox.google.batch_rows = 10_000
    yield
    sandbox.clear_faults()


def client(sandbox, customer, sleep=lambda s: None, token=TOKEN):
    settings = GoogleAdsSettings(
        endpoint=sandbox.google_ads_endpoint,
        ca_cert_path=sandbox.google_ads_ca_cert,
        retry=RetryPolicy(base_delay_s=1, max_delay_s=4, timeout_s=60),
    )
    return GoogleAdsApiClient(token, DEV, customer, settings, sleep=sleep)


def sync_all(sandbox, wh, sleep=lambda s: None, now=NOW, since=SINCE, until=UNTIL):
    for customer in CUSTOMERS:
        c = client(sandbox, customer, sleep)
        sync_entities(c, wh, loaded_at=now)
        sync_stats(c, wh, since, until, now=now)


def snapshot(wh, table):
    cols = [
        c for c in wh.query(f"select * from raw.{table} limit 0").column_names if c != "_loaded_at"
    ]
    return wh.query(f"select {', '.join(cols)} from raw.{table} order by all").to_pylist()


def market_cost_by_day(sandbox, customer, days):
    """Cost in micros per account-local day straight from the market (the hidden truth)."""
    market = sandbox.sandbox.market
    h = market.hierarchy("google")
    pos = next(i for i, a in enumerate(h.accounts) if a.account_id == customer)
    out = {}
    for day in days:
        spend = int(market.reported("google", day).spend_minor[h.ad_account == pos].sum())
        if spend:
            out[day] = spend * 10_000
    return out


@pytest.fixture(scope="module")
def reference(sandbox, tmp_path_factory):
    wh = DuckDBWarehouse(tmp_path_factory.mktemp("gref") / "w.duckdb")
    sync_all(sandbox, wh)
    out = {t: snapshot(wh, t) for t in (*STATS, "google_ads_campaigns", "google_ads_ads")}
    wh.close()
    return out


def test_campaign_stats_hold_every_customers_daily_cost_including_pmax(sandbox, reference):
    rows = reference["google_ads_campaign_stats_daily"]
    days = [SINCE + timedelta(days=i) for i in range(21)]  # 11-01 .. 11-21 (local today)
    for customer in CUSTOMERS:
        got = {}
        for r in rows:
            if r["account_id"] == customer:
                got[r["date_day"]] = got.get(r["date_day"], 0) + r["cost_micros"]
        assert got == market_cost_by_day(sandbox, customer, days)
    assert max(r["date_day"] for r in rows) == date(2026, 11, 21)  # clamped to local today
    campaigns = {
        r["campaign_id"]: r["advertising_channel_type"] for r in reference["google_ads_campaigns"]
    }
    pmax = {c for c, ch in campaigns.items() if ch == "PERFORMANCE_MAX"}
    assert pmax
    assert pmax & {r["campaign_id"] for r in rows if r["cost_micros"] > 0}
    assert not pmax & {r["campaign_id"] for r in reference["google_ads_ad_stats_daily"]}
    assert not pmax & {r["campaign_id"] for r in reference["google_ads_ads"]}


def test_ad_stats_of_search_campaigns_add_up_to_their_campaign_rows(reference):
    ads: dict = {}
    for r in reference["google_ads_ad_stats_daily"]:
        k = (r["date_day"], r["campaign_id"])
        cost, conv = ads.get(k, (0, 0.0))
        ads[k] = (cost + r["cost_micros"], conv + r["conversions"])
    camp = {
        (r["date_day"], r["campaign_id"]): (r["cost_micros"], r["conversions"])
        for r in reference["google_ads_campaign_stats_daily"]
    }
    assert ads
    for k, (cost, conv) in ads.items():
        assert camp[k][0] == cost
        assert camp[k][1] == pytest.approx(conv, abs=1e-6)


def test_rerunning_a_sync_gives_the_same_tables(sandbox, reference, tmp_path):
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    sync_all(sandbox, wh)
    sync_all(sandbox, wh)
    for t in (*STATS, "google_ads_campaigns", "google_ads_ads"):
        assert snapshot(wh, t) == reference[t], t
    wh.close()


FAULTS = [
    {
        "kind": "grpc_error",
        "grpc_status": "RESOURCE_EXHAUSTED",
        "retry_delay_s": 30,
        "match": {"path_regex": "SearchStream .*FROM ad_group_ad WHERE"},
        "times": 2,
    },
    {
        "kind": "grpc_error",
        "grpc_status": "INTERNAL",
        "after_messages": 1,
        "match": {"path_regex": "SearchStream .*FROM campaign WHERE"},
        "times": 1,
    },
    {
        "kind": "grpc_error",
        "grpc_status": "UNAVAILABLE",
        "match": {"path_regex": "FROM customer$", "account_id": "7030000002"},
        "times": 1,
    },
    {
        "kind": "grpc_error",
        "grpc_status": "DEADLINE_EXCEEDED",
        "match": {"path_regex": "FROM ad_group$"},
        "times": 1,
    },
]


def test_a_sync_under_faults_loads_every_row_exactly_once(sandbox, reference, tmp_path, no_sleep):
    sandbox.sandbox.google.batch_rows = 40  # streams of several messages, one breaks mid-way
    sandbox.set_faults(FAULTS)
    sandbox.reset_stats()
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    sync_all(sandbox, wh, no_sleep)
    for t in (*STATS, "google_ads_campaigns", "google_ads_ads"):
        assert snapshot(wh, t) == reference[t], t
    wh.close()
    stats = sandbox.stats()
    assert stats["faults"] == {"grpc_error": 5}
    assert stats["statuses"]["429"] == 2 and stats["statuses"]["500"] == 1
    assert stats["statuses"]["503"] == 1 and stats["statuses"]["504"] == 1
    assert no_sleep.calls.count(30.0) == 2  # Google's retry delay, honoured


def test_rejected_credentials_stop_the_customer_and_write_nothing(sandbox, tmp_path, no_sleep):
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    c = client(sandbox, CUSTOMERS[0], no_sleep, token="stale-token-9999")
    with pytest.raises(AuthError, match=r"customer 7030000001.*GOOGLE_ADS_ACCESS_TOKEN"):
        sync_entities(c, wh, loaded_at=NOW)
    assert not wh.table_exists("raw.google_ads_customers")
    assert no_sleep.calls == []
    wh.close()


def test_a_query_the_api_refuses_is_fatal_and_not_retried(sandbox, no_sleep):
    c = client(sandbox, CUSTOMERS[0], no_sleep)
    with pytest.raises(GoogleAdsApiError, match=r"query_error\.UNRECOGNIZED_FIELD"):
        c.search("SELECT metrics.video_views FROM ad_group_ad", ("metrics.clicks",), what="bad")
    assert no_sleep.calls == []


def test_tokens_never_reach_the_logs(sandbox, tmp_path, caplog, no_sleep):
    sandbox.set_faults([FAULTS[0]])
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    with caplog.at_level(logging.DEBUG):
        c = client(sandbox, CUSTOMERS[0], no_sleep)
        sync_stats(c, wh, SINCE, UNTIL, now=NOW)
        with pytest.raises(AuthError):
            sync_stats(
                client(sandbox, CUSTOMERS[0], no_sleep, token="leaky-token-4242"),
                wh,
                SINCE,
                UNTIL,
                now=NOW,
            )
    wh.close()
    assert "attempt 1/6 failed" in caplog.text  # the retry was logged...
    for secret in (TOKEN, DEV, "leaky-token-4242"):
        assert secret not in caplog.text  # ...without any token


def test_a_window_wholly_in_the_local_future_loads_nothing(sandbox, tmp_path):
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    c = client(sandbox, CUSTOMERS[0])
    assert sync_stats(c, wh, date(2026, 11, 22), date(2026, 11, 30), now=NOW) == []
    wh.close()


def test_bangkok_days_are_kept_whole_across_local_midnight(tmp_path):
    """17:30 UTC is 00:30 next day in Bangkok (UTC+7): the new local day is its own partition.

    Synced at 17:30 UTC on 11-21, then again a day later for an overlapping window: every
    account-local day appears once, with the market's full cost for that local day.
    """
    late = datetime(2026, 11, 21, 17, 30, tzinfo=UTC)
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    with running_sandbox(seed=11, days=20, now=late, token=TOKEN, in_process=True) as sb:
        th = client(sb, CUSTOMERS[0])
        sync_stats(th, wh, date(2026, 11, 15), date(2026, 11, 22), now=late)
        first = {
            r["d"]: r["c"]
            for r in wh.query(
                "select date_day d, sum(cost_micros) c from raw.google_ads_campaign_stats_daily "
                "group by 1"
            ).to_pylist()
        }
        assert max(first) == date(2026, 11, 22)  # Bangkok's new day, 30 minutes old
        sb.advance(1)
        later = late + timedelta(days=1)
        sync_stats(th, wh, date(2026, 11, 20), date(2026, 11, 23), now=later)
        dupes = wh.query(
            "select count(*) n from (select date_day, campaign_id, count(*) k "
            "from raw.google_ads_campaign_stats_daily group by all having k > 1)"
        )
        got = {
            r["d"]: r["c"]
            for r in wh.query(
                "select date_day d, sum(cost_micros) c from raw.google_ads_campaign_stats_daily "
                "group by 1"
            ).to_pylist()
        }
        days = [date(2026, 11, 15) + timedelta(days=i) for i in range(9)]
        assert dupes["n"][0].as_py() == 0
        assert got == market_cost_by_day(sb, CUSTOMERS[0], days)
        assert got[date(2026, 11, 22)] > first[date(2026, 11, 22)]  # the day filled up
        assert got[date(2026, 11, 19)] == first[date(2026, 11, 19)]  # outside: untouched
    wh.close()
