"""The Meta extractor against the sandbox: every row exactly once, under faults too."""

import logging
from datetime import UTC, date, datetime

import pytest
import requests

from extractors.common.retry import AuthError, RetryPolicy
from extractors.common.warehouse import DuckDBWarehouse
from extractors.meta.client import MetaClient
from extractors.meta.settings import MetaSettings
from extractors.meta.sync import sync_entities, sync_insights
from sandbox.process import running_sandbox

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TOKEN = "sandbox-token-for-tests-0001"
ACCOUNTS = ("7010000000000001", "7010000000000002", "7010000000000003")
SINCE, UNTIL = date(2026, 10, 20), date(2026, 11, 21)


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox(seed=7, days=40, now=NOW, token=TOKEN, in_process=True) as sb:
        yield sb


@pytest.fixture(autouse=True)
def _clean(sandbox):
    sandbox.clear_faults()
    yield
    sandbox.clear_faults()


def client(sandbox, account, sleep, **settings):
    cfg = MetaSettings(
        graph_url=sandbox.base_url, retry=RetryPolicy(base_delay_s=1, max_delay_s=4), **settings
    )
    return MetaClient(TOKEN, account, cfg, sleep=sleep)


def snapshot(wh: DuckDBWarehouse, table: str) -> list[tuple]:
    key = "ad_id" if table == "meta_ads_insights" else "campaign_id"
    cols = f"date_day, account_id, {key} as id, spend, impressions, clicks, actions"
    return [
        tuple(r.values())
        for r in wh.query(f"select {cols} from raw.{table} order by all").to_pylist()
    ]


def sync_all(sandbox, wh, sleep, **settings):
    for acct in ACCOUNTS:
        c = client(sandbox, acct, sleep, **settings)
        sync_entities(c, wh, loaded_at=NOW)
        sync_insights(c, wh, SINCE, UNTIL, now=NOW)


@pytest.fixture(scope="module")
def reference(sandbox, tmp_path_factory):
    """The tables a fault-free sync produces."""
    wh = DuckDBWarehouse(tmp_path_factory.mktemp("ref") / "w.duckdb")
    sync_all(sandbox, wh, lambda s: None)
    out = {t: snapshot(wh, t) for t in ("meta_ads_insights", "meta_campaigns_insights")}
    wh.close()
    return out


def test_sync_matches_the_platform_totals_per_account_and_day(sandbox, reference, tmp_path):
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    sync_all(sandbox, wh, lambda s: None)
    for acct in ACCOUNTS:
        r = requests.get(
            f"{sandbox.base_url}/v21.0/act_{acct}/insights",
            timeout=30,
            params={
                "access_token": TOKEN,
                "level": "account",
                "fields": "spend,impressions",
                "time_range": f'{{"since":"{SINCE}","until":"{UNTIL}"}}',
                "time_increment": 1,
                "limit": 500,
            },
        ).json()["data"]
        api = {row["date_start"]: (float(row["spend"]), int(row["impressions"])) for row in r}
        ours = wh.query(
            "select date_day::varchar d, sum(spend)::double s, sum(impressions) i "
            "from raw.meta_ads_insights where account_id = ? group by 1",
            [acct],
        ).to_pylist()
        got = {x["d"]: (round(x["s"], 2), x["i"]) for x in ours}
        assert got == {d: (round(s, 2), i) for d, (s, i) in api.items()}
        assert len(got) >= 30
    # the simulated objects: 3 accounts with campaigns, ad sets and ads, CBO budgets kept
    n = wh.query("select count(*) n from raw.meta_ads")["n"][0].as_py()
    assert n > 60
    assert snapshot(wh, "meta_ads_insights") == reference["meta_ads_insights"]


def test_rerunning_a_sync_gives_the_same_table(sandbox, reference, tmp_path):
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    sync_all(sandbox, wh, lambda s: None)
    sync_all(sandbox, wh, lambda s: None)
    assert snapshot(wh, "meta_ads_insights") == reference["meta_ads_insights"]
    assert snapshot(wh, "meta_campaigns_insights") == reference["meta_campaigns_insights"]


FAULTS = [
    {
        "kind": "graph_error",
        "code": 17,
        "subcode": 2446079,
        "match": {"path_regex": "/insights"},
        "times": 2,
    },
    {
        "kind": "graph_error",
        "code": 613,
        "match": {"method": "GET", "path_regex": "/insights"},
        "times": 1,
        "after": 3,
    },
    {"kind": "http_error", "http_status": 500, "match": {"path_regex": "/ads$"}, "times": 1},
    {"kind": "http_error", "http_status": 503, "body": "html", "times": 2, "after": 5},
    {"kind": "async_job_failed", "times": 2},
    {"kind": "truncated_body", "match": {"path_regex": "/insights"}, "times": 2, "after": 2},
    {"kind": "async_slow", "polls": 4, "times": 1},
    {"kind": "graph_error", "code": 80004, "times": 1, "after": 9},
]


def test_every_row_arrives_exactly_once_under_faults(sandbox, reference, tmp_path, no_sleep):
    sandbox.set_faults(FAULTS)
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    sync_all(sandbox, wh, no_sleep, insights_page_limit=200)
    fired = sandbox.stats()["faults"]
    assert sum(fired.values()) >= 10, fired
    assert snapshot(wh, "meta_ads_insights") == reference["meta_ads_insights"]
    assert snapshot(wh, "meta_campaigns_insights") == reference["meta_campaigns_insights"]
    assert not wh.table_exists("ops.quarantine"), "no row may be rejected"
    assert no_sleep.calls, "retries must have waited (through the injected sleep)"
    assert max(no_sleep.calls) <= 30 * 60


def test_failed_report_jobs_are_split_by_campaign(sandbox, reference, tmp_path, no_sleep, caplog):
    sandbox.set_faults([{"kind": "async_job_failed", "times": 3}])
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    with caplog.at_level(logging.WARNING):
        sync_all(sandbox, wh, no_sleep)
    assert "splitting into 2 smaller jobs" in caplog.text
    assert snapshot(wh, "meta_ads_insights") == reference["meta_ads_insights"]


def test_expired_token_stops_with_account_and_advice_and_no_token_in_logs(
    sandbox, tmp_path, no_sleep, caplog
):
    sandbox.set_faults(
        [
            {
                "kind": "graph_error",
                "code": 190,
                "subcode": 463,
                "times": -1,
                "match": {"account_id": ACCOUNTS[1]},
            }
        ]
    )
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    c = client(sandbox, ACCOUNTS[1], no_sleep)
    with caplog.at_level(logging.DEBUG), pytest.raises(AuthError) as err:
        sync_insights(c, wh, SINCE, UNTIL, now=NOW)
    msg = str(err.value)
    assert ACCOUNTS[1] in msg and "META_ACCESS_TOKEN" in msg and "190" in msg
    assert TOKEN not in msg and TOKEN not in caplog.text
    assert not no_sleep.calls, "an expired token is not retried"
    assert not wh.table_exists("raw.meta_ads_insights")


def test_connection_errors_are_retried_without_leaking_the_token(no_sleep, caplog):
    cfg = MetaSettings(graph_url="http://127.0.0.1:9", retry=RetryPolicy(max_attempts=2))
    c = MetaClient(TOKEN, "1", cfg, sleep=no_sleep)
    with caplog.at_level(logging.WARNING), pytest.raises(requests.ConnectionError) as err:
        c.get_json(("act_1",), {"fields": "name"})
    assert len(no_sleep.calls) == 1
    assert "network" in caplog.text and TOKEN not in caplog.text
    assert "access_token=***" in caplog.text or "access_token" not in caplog.text
    assert err.type.__name__ == "ConnectionError"


def test_high_usage_headers_slow_the_client_down(sandbox, tmp_path, no_sleep):
    sandbox.set_faults(
        [{"kind": "usage", "app_id_util_pct": 95, "acc_id_util_pct": 20, "times": 1}]
    )
    c = client(sandbox, ACCOUNTS[0], no_sleep)
    c.get_json((f"act_{ACCOUNTS[0]}",), {"fields": "name"})
    c.get_json((f"act_{ACCOUNTS[0]}",), {"fields": "name"})
    assert no_sleep.calls == [pytest.approx(60 * 20 / 25)]
