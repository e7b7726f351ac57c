"""The simulated market's GA4 export: web orders tied to the ads and shops, UTM campaigns of the
simulated ads, the export shape, late events, determinism, and the replay split."""

from __future__ import annotations

import json
import math
from collections import Counter
from datetime import timedelta
from pathlib import Path

import duckdb
import numpy as np
import pytest

from sandbox.ga4.export import dataset_dir, write_export
from sandbox.ga4.orders import ad_web_orders, organic_web_orders, web_share
from sandbox.ga4.properties import PROPERTIES, TRACKED_SHARE, property_of_country
from sandbox.ga4.replay import write_replay
from sandbox.market.catalog import PLATFORMS
from sandbox.market.market import Market, MarketConfig
from sandbox.market.orders import OrderBook
from sandbox.market.shops import SHOPS
from tests.extractors.ga4.ga4_fixtures import (
    NOW,
    SAMPLE,
    SAMPLE_ROWS,
    export_window,
    small_export,
    small_market,
    small_properties,
)
from tests.sandbox.sandbox_helpers import NOW as SANDBOX_NOW

PAID_SOURCE = {"facebook": "meta", "tiktok": "tiktok", "google": "google"}


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.getbasetemp() / "ga4_export"
    small_export(root)
    return root


def _events(root: Path, where: str = "true") -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    con.execute(
        "create table ev as select *, regexp_extract(filename, 'analytics_(\\d+)', 1) as pid "
        f"from read_parquet('{root}/*/*.parquet', filename = true, union_by_name = true) "
        f"where {where}"
    )
    return con


def test_every_ad_days_web_orders_are_its_purchases_times_the_web_share_rounded():
    market = Market(MarketConfig(seed=42, days=35, now=SANDBOX_NOW))
    day = SANDBOX_NOW.date() - timedelta(days=5)
    checked = 0
    for platform in PLATFORMS:
        h = market.hierarchy(platform)
        purchases = market.truth(platform, day).purchases
        for pos, account in enumerate(h.accounts):
            counts = Counter(o.ad_index for o in ad_web_orders(market, platform, account, day))
            share = web_share(platform, account.country)
            for ad in np.flatnonzero(h.ad_account == pos).tolist():
                x = purchases[ad] * share
                assert counts[ad] in (math.floor(x), math.ceil(x)), (platform, ad)
                checked += 1
    assert checked > 200
    assert web_share("meta", "TH") == pytest.approx(0.6)  # 40 % go to the Thai marketplaces
    assert web_share("meta", "SG") == 1.0  # no shop in Singapore: every buyer buys on the web


def test_web_orders_and_marketplace_orders_add_up_to_the_thai_ads_purchases():
    market = Market(MarketConfig(seed=42, days=35, now=SANDBOX_NOW))
    book = OrderBook(market)
    days = [SANDBOX_NOW.date() - timedelta(days=k) for k in range(3, 23)]
    purchases = web = shop = 0
    for day in days:
        for platform in PLATFORMS:
            h = market.hierarchy(platform)
            truth = market.truth(platform, day).purchases
            for pos, account in enumerate(h.accounts):
                if account.country == "TH":
                    purchases += int(truth[h.ad_account == pos].sum())
                    web += len(ad_web_orders(market, platform, account, day))
        shop += sum(
            o.driver != "organic"
            for s in SHOPS
            if s.region == "TH"
            for o in book.day_orders(s, day)
        )
    assert purchases > 1000
    assert (web + shop) / purchases == pytest.approx(1.0, abs=0.03)
    assert web / purchases == pytest.approx(0.6, abs=0.02)


def test_ga4_transactions_are_the_tracked_web_orders_and_no_marketplace_order(export):
    market = small_market()
    settled = NOW - timedelta(hours=49)  # every late event of an older order has arrived
    orders = []
    for platform in PLATFORMS:
        for account in market.accounts(platform):
            day = market.history_start
            while day <= NOW.date():
                orders += ad_web_orders(market, platform, account, day)
                day += timedelta(days=1)
    for prop in small_properties():
        day = market.history_start
        while day <= NOW.date():
            orders += organic_web_orders(prop, market.config.seed, day)
            day += timedelta(days=1)
    expected = {o.order_id for o in orders if o.tracked and o.created_at < settled}
    con = _events(export, "event_name = 'purchase'")
    got = {
        r[0]
        for r in con.sql(
            "select ecommerce.transaction_id from ev where event_timestamp < ?",
            params=[int(settled.timestamp() * 1e6)],
        ).fetchall()
    }
    assert len(expected) > 100
    assert got == expected
    share = sum(o.tracked for o in orders) / len(orders)
    assert share == pytest.approx(TRACKED_SHARE, abs=0.08)
    shop_ids = {
        o.order_id
        for s in SHOPS
        for d in range(5)
        for o in OrderBook(market).day_orders(s, NOW.date() - timedelta(days=d))
    }
    assert shop_ids and not got & shop_ids
    revenue = dict(
        con.sql("select ecommerce.transaction_id, ecommerce.purchase_revenue from ev").fetchall()
    )
    by_id = {o.order_id: o.total for o in orders}
    assert all(revenue[t] == pytest.approx(by_id[t]) for t in got)


def test_paid_sessions_carry_the_campaign_and_ad_names_of_the_simulated_ads(export):
    market = small_market()
    con = _events(export, "event_name = 'session_start'")
    rows = con.sql("""
        select pid,
            list_filter(event_params, lambda p: p.key = 'source')[1].value.string_value,
            list_filter(event_params, lambda p: p.key = 'medium')[1].value.string_value,
            collected_traffic_source.manual_campaign_name,
            collected_traffic_source.manual_content,
            list_filter(event_params, lambda p: p.key = 'page_location')[1].value.string_value
        from ev
        where collected_traffic_source.manual_medium in ('paid_social', 'cpc')
    """).fetchall()
    names = {}
    for platform in PLATFORMS:
        h = market.hierarchy(platform)
        for ad in h.ads:
            country = next(a.country for a in h.accounts if a.account_id == ad.account_id)
            campaign = h.campaigns[h.index[ad.campaign_id][1]].name
            names.setdefault((property_of_country(country).property_id, platform), set()).add(
                (campaign, ad.name)
            )
    assert len(rows) > 500
    sources = Counter(r[1] for r in rows)
    assert set(sources) == {"facebook", "tiktok", "google"}
    for pid, source, medium, campaign, content, location in rows:
        assert (campaign, content) in names[(pid, PAID_SOURCE[source])]
        assert medium == ("cpc" if source == "google" else "paid_social")
        assert "utm_campaign=" + campaign.replace(" ", "+").replace("|", "%7C") in location


def test_export_rows_have_the_bigquery_export_shape(export):
    con = _events(export)
    cols = [c[0] for c in con.sql("describe ev").fetchall()]
    assert cols[:5] == [
        "event_date",
        "event_timestamp",
        "event_name",
        "event_params",
        "event_previous_timestamp",
    ]
    assert {
        "user_pseudo_id",
        "device",
        "geo",
        "traffic_source",
        "collected_traffic_source",
        "ecommerce",
        "items",
        "stream_id",
    } <= set(cols)
    tz = {p.property_id: p.timezone for p in PROPERTIES}
    for pid, zone in tz.items():
        bad = con.sql(f"""
            select count(*) from ev where pid = '{pid}' and event_date <> strftime(
                timezone('{zone}', make_timestamptz(event_timestamp)), '%Y%m%d')
        """).fetchall()[0][0]
        assert bad == 0, pid  # event_date is the property-local day of the µs timestamp
    # a session starts at ga_session_id seconds; its session_start is stamped then (µs)
    mismatch = con.sql("""
        select count(*) from ev where event_name = 'session_start'
        and list_filter(event_params, lambda p: p.key = 'ga_session_id')[1].value.int_value
            <> event_timestamp // 1000000
    """).fetchall()[0][0]
    assert mismatch == 0
    purchase = con.sql(
        "select ecommerce, items from ev where event_name = 'purchase' limit 1"
    ).fetchall()[0]
    assert purchase[0]["transaction_id"].startswith("W")
    assert purchase[0]["purchase_revenue"] == pytest.approx(
        sum(i["item_revenue"] for i in purchase[1]) + purchase[0]["shipping_value"]
    )


def test_the_same_market_writes_the_same_bytes(tmp_path):
    day = NOW.date() - timedelta(days=1)
    a = write_export(small_market(), tmp_path / "a", day, day, properties=small_properties()[:1])
    b = write_export(small_market(), tmp_path / "b", day, day, properties=small_properties()[:1])
    assert [f.events for f in a] == [f.events for f in b] and a[0].events > 500
    assert a[0].path.read_bytes() == b[0].path.read_bytes()


def test_late_events_join_their_day_when_the_clock_moves_and_the_intraday_file_retires(tmp_path):
    th = small_properties()[:1]
    yesterday, today = NOW.date() - timedelta(days=1), NOW.date()
    before = write_export(small_market(), tmp_path, yesterday, today, properties=th)
    folder = dataset_dir(tmp_path, th[0].property_id)
    assert [(f.day, f.intraday) for f in before] == [(yesterday, False), (today, True)]
    keys = _keys(folder / f"events_{yesterday:%Y%m%d}.parquet")
    after = write_export(
        small_market(NOW + timedelta(days=1)), tmp_path, yesterday, today, properties=th
    )
    assert [(f.day, f.intraday) for f in after] == [(yesterday, False), (today, False)]
    later = _keys(folder / f"events_{yesterday:%Y%m%d}.parquet")
    assert keys < later  # late events were added; nothing exported before changed or vanished
    assert sorted(p.name for p in folder.iterdir()) == [
        f"events_{yesterday:%Y%m%d}.parquet",
        f"events_{today:%Y%m%d}.parquet",
    ]


def _keys(path: Path) -> set[str]:
    return {
        r[0]
        for r in duckdb.sql(
            f"select md5(to_json(t)::varchar) from read_parquet('{path}') t"
        ).fetchall()
    }


def test_the_jsonl_export_holds_the_same_events_as_one_json_object_per_line(tmp_path):
    day = NOW.date() - timedelta(days=2)
    prop = small_properties()[1:]
    pq = write_export(small_market(), tmp_path / "pq", day, day, properties=prop)
    js = write_export(small_market(), tmp_path / "js", day, day, properties=prop, fmt="jsonl")
    lines = js[0].path.read_text().splitlines()
    assert js[0].path.name == f"events_{day:%Y%m%d}.jsonl"
    assert len(lines) == pq[0].events == js[0].events
    first = json.loads(lines[0])
    assert first["event_date"] == f"{day:%Y%m%d}" and isinstance(first["event_timestamp"], int)


def test_the_window_skips_days_before_the_history_and_after_the_property_today(tmp_path):
    market = small_market()
    first, last = export_window(market)
    files = write_export(
        market, tmp_path, first - timedelta(days=3), last, properties=small_properties()[:1]
    )
    assert files[0].day == market.history_start
    assert files[-1].day == NOW.date()  # 19:00 in Bangkok: 11-22 has not begun there


def test_the_replay_splits_the_sample_by_day_with_every_line_unchanged(tmp_path):
    files = write_replay(SAMPLE, tmp_path)
    assert len(files) == 92
    lines = [line for p in files.values() for line in p.read_bytes().splitlines()]
    assert sorted(lines) == sorted(SAMPLE.read_bytes().splitlines())
    assert len(lines) == SAMPLE_ROWS
    for day, path in files.items():
        dates = {json.loads(line)["event_date"] for line in path.read_bytes().splitlines()}
        assert dates == {f"{day:%Y%m%d}"}


def test_a_line_without_an_event_date_names_its_line_number(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"event_date": "20201101"}\n{"event_name": "x"}\n')
    with pytest.raises(ValueError, match=r"bad.jsonl:2: no event_date"):
        write_replay(bad, tmp_path / "out")


def test_config_ga4_yml_names_the_sandbox_properties_with_their_currency_and_time_zone():
    from config.ga4 import load_ga4

    cfg = load_ga4(Path(__file__).resolve().parents[2] / "config" / "ga4.yml")
    assert [(p.property_id, p.currency, p.timezone) for p in cfg.enabled_properties()] == [
        (p.property_id, p.currency, p.timezone) for p in PROPERTIES
    ]
    assert cfg.lookback_days == 3
