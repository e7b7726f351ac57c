"""GA4 through dbt on a temp DuckDB: export files (real loader) → stg_ga4__events → sessions.

Three inputs share one warehouse: the recorded public sample (property 2100450278, placeholders
and all), hand-made events of property 910000001 (THB, Asia/Bangkok) for the session rules, and
the small simulated market's export with its ad campaigns (raw Meta / TikTok / Google campaign
rows) for the UTM join. Hand-made sessions, all on 2026-03-02 (Bangkok) unless said:

- ``paid``: facebook / paid_social campaign on session_start, two page views → Paid Social;
- ``bounce``: one page view from an external google.com referrer, no source params →
  google / organic (fallback), 3 s → bounced;
- ``flag``: one page view, a ``session_engaged`` '1' (int_value 1) later → engaged;
- ``long``: one page view, 12 s of engagement → engaged;
- ``buyer``: only a gclid → google / cpc; purchases T1 890 THB and T2 10 USD (a purchase is a
  key event: engaged);
- ``night``: starts 23:50 on 03-02, second page view 00:10 on 03-03 → one session of 03-02;
- a cookieless ping (no user_pseudo_id): staged, in no session.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest

from extractors.common import schemas
from extractors.common.loader import load_table
from extractors.common.warehouse import DuckDBWarehouse, LoadScope
from extractors.ga4.events import read_export_day
from extractors.ga4.files import ExportDay
from extractors.ga4.settings import ExportProperty
from extractors.ga4.sync import sync_events
from sandbox.ga4.replay import write_replay
from sandbox.market.catalog import PLATFORMS
from tests.dbt.dbt_scenario import query, run_dbt
from tests.extractors.ga4.ga4_fixtures import (
    GLOBAL,
    SAMPLE,
    SAMPLE_PROPERTY,
    SAMPLE_ROWS,
    TH,
    small_export,
    small_market,
)

HAND = ExportProperty("910000001", "THB", "Asia/Bangkok")
BKK = 7 * 3600 * 1_000_000  # Asia/Bangkok is UTC+7 all year
SELECT = [
    "--select",
    "fx_rates",
    "currencies",
    "int_fx_rates__as_of",
    "stg_ga4__events",
    "int_ga4__sessions",
    "--indirect-selection",
    "cautious",
]
SESSIONS = "intermediate.int_ga4__sessions"
STG = "staging.stg_ga4__events"
USD_0302 = Decimal("31.50965977")  # ECB-based THB per USD on 2026-03-02 (seeds/fx_rates.csv)


def _us(day: str, hhmmss: str) -> int:
    """Bangkok wall time → UTC microseconds."""
    local = datetime.fromisoformat(f"{day}T{hhmmss}").replace(tzinfo=UTC)
    return int(local.timestamp() * 1_000_000) - BKK


def _ev(user, gsid, name, day, time, **params):
    """One export-shaped event; keyword params become event_params (ints, floats or strings)."""
    kinds = {int: "int_value", float: "double_value", str: "string_value"}
    extra = {k: params.pop(k) for k in ("ecommerce", "collected_traffic_source") if k in params}
    event_params = [{"key": "ga_session_id", "value": {"int_value": gsid}}] if gsid else []
    event_params += [{"key": k, "value": {kinds[type(v)]: v}} for k, v in params.items()]
    return {
        "event_date": day.replace("-", ""),
        "event_timestamp": _us(day, time),
        "event_name": name,
        "user_pseudo_id": user,
        "event_params": event_params,
        "stream_id": 1,
        "platform": "WEB",
        **extra,
    }


D1, D2 = "2026-03-02", "2026-03-03"
LOC = "https://glow.example"
HAND_EVENTS = {
    D1: [
        _ev(
            "paid",
            1,
            "session_start",
            D1,
            "10:00:00",
            source="facebook",
            medium="paid_social",
            campaign="TH | Serum | ABO | Sales 05",
            page_location=f"{LOC}/products/x?utm=1",
        ),
        _ev("paid", 1, "page_view", D1, "10:00:00", page_location=f"{LOC}/products/x?utm=1"),
        _ev("paid", 1, "page_view", D1, "10:00:20", page_location=f"{LOC}/cart"),
        _ev(
            "bounce",
            2,
            "page_view",
            D1,
            "11:00:00",
            page_location=f"{LOC}/",
            page_referrer="https://www.google.com/",
            engagement_time_msec=3000,
        ),
        _ev("flag", 3, "page_view", D1, "12:00:00", page_location=f"{LOC}/"),
        _ev("flag", 3, "scroll", D1, "12:00:03", session_engaged=1),
        _ev("long", 4, "page_view", D1, "13:00:00", page_location=f"{LOC}/"),
        _ev("long", 4, "user_engagement", D1, "13:00:12", engagement_time_msec=12000),
        _ev(
            "buyer",
            5,
            "page_view",
            D1,
            "14:00:00",
            page_location=f"{LOC}/products/y?gclid=G",
            gclid="G",
        ),
        _ev(
            "buyer",
            5,
            "purchase",
            D1,
            "14:05:00",
            currency="THB",
            value=890.0,
            ecommerce={"transaction_id": "T1", "purchase_revenue": 890.0},
        ),
        _ev(
            "buyer",
            5,
            "purchase",
            D1,
            "14:06:00",
            currency="USD",
            value=10.0,
            ecommerce={"transaction_id": "T2", "purchase_revenue": 10.0},
        ),
        _ev(
            "night",
            6,
            "page_view",
            D1,
            "23:50:00",
            page_location=f"{LOC}/",
            source="(direct)",
            medium="(none)",
        ),
        _ev(None, None, "page_view", D1, "15:00:00", page_location=f"{LOC}/"),
    ],
    D2: [_ev("night", 6, "page_view", D2, "00:10:00", page_location=f"{LOC}/products/z")],
}


def _write_hand(folder: Path, events: dict[str, list[dict]]) -> None:
    (folder / HAND.dataset).mkdir(parents=True, exist_ok=True)
    for day, rows in events.items():
        path = folder / HAND.dataset / f"events_{day.replace('-', '')}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def _campaign_rows() -> dict[str, list[dict]]:
    market = small_market()
    specs = {
        "meta": schemas.META_CAMPAIGNS,
        "tiktok": schemas.TIKTOK_CAMPAIGNS,
        "google": schemas.GOOGLE_ADS_CAMPAIGNS,
    }
    out = {}
    for platform in PLATFORMS:
        spec = specs[platform]
        rows = [
            {
                "campaign_id": c.id,
                "account_id": c.account_id,
                "campaign_name": c.name,
                "raw_json": "{}",
                "_loaded_at": datetime(2026, 11, 21, tzinfo=UTC),
                "_source": "tests",
            }
            for c in market.hierarchy(platform).campaigns
        ]
        out[spec.name] = pa.Table.from_pylist(
            [{n: r.get(n) for n in spec.columns.names} for r in rows], schema=spec.columns
        )
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The warehouse after loading the three inputs and building the GA4 models once."""
    work = tmp_path_factory.mktemp("dbt_ga4")
    export = tmp_path_factory.getbasetemp() / "ga4_export"
    small_export(export)
    files = work / "files"
    write_replay(SAMPLE, files)
    _write_hand(files, HAND_EVENTS)
    db = work / "warehouse.duckdb"
    with DuckDBWarehouse(db) as wh:
        for spec in schemas.RAW_TABLES:
            wh.ensure_table(spec)
        # the sample in one load (test-only: the asset loads it day by day, as make run-replay)
        sample = read_export_day(
            ExportDay(date(2020, 11, 1), SAMPLE, "json", False),
            SAMPLE_PROPERTY,
            datetime(2026, 1, 1, tzinfo=UTC),
            "sample",
        )
        load_table(
            wh,
            schemas.GA4_EVENTS,
            sample,
            source="sample",
            scope=LoadScope(SAMPLE_PROPERTY.property_id, date(2020, 11, 1), date(2021, 1, 31)),
        )
        sync_events(wh, files, HAND, date(2026, 3, 1), date(2026, 3, 3))
        for prop in (TH, GLOBAL):
            sync_events(wh, export, prop, date(2026, 11, 1), date(2026, 11, 22))
        specs = {s.name: s for s in schemas.RAW_TABLES}
        for name, table in _campaign_rows().items():
            load_table(wh, specs[name], table, source="tests")
    run = run_dbt(["build", *SELECT], db, work)
    assert run.returncode == 0, run.output[-4000:]
    return work, db, files, run


def test_the_recorded_sample_stages_every_row_with_its_placeholders(built):
    _, db, _, run = built
    assert run.status("int_ga4__sessions_flags_engagement_source_and_channel") == "pass"
    pid = SAMPLE_PROPERTY.property_id
    ((n, deleted, other, sessions),) = query(
        db,
        f"""
        select count(*), count(*) filter (where first_user_source = '(data deleted)'),
            count(*) filter (where source = '<Other>'), count(distinct session_id)
        from {STG} where property_id = ?""",
        [pid],
    )
    assert n == SAMPLE_ROWS
    assert deleted == 18 and other > 0  # GA4's placeholders pass through as values
    ((built_sessions,),) = query(
        db, f"select count(*) from {SESSIONS} where property_id = ?", [pid]
    )
    assert built_sessions == sessions > 50
    ((engagement,),) = query(
        db, f"select sum(engagement_time_msec) from {STG} where property_id = ?", [pid]
    )
    raw_sum = sum(
        p["value"]["int_value"]
        for line in SAMPLE.read_text().splitlines()
        for p in json.loads(line)["event_params"]
        if p["key"] == "engagement_time_msec" and p["value"]
    )
    assert engagement == raw_sum


def test_hand_made_sessions_get_their_source_engagement_channel_and_revenue(built):
    _, db, _, _ = built
    rows = query(
        db,
        f"""
        select user_pseudo_id, source, medium, campaign, channel_group, page_views, is_engaged,
            is_bounced, transactions, purchase_revenue, purchase_revenue_thb, session_date,
            landing_page_path, engagement_time_msec
        from {SESSIONS} where property_id = ? order by user_pseudo_id""",
        [HAND.property_id],
    )
    got = {r[0]: r[1:] for r in rows}
    usd = (Decimal(10) * USD_0302).quantize(Decimal("0.000000001"))
    assert got == {
        "bounce": (
            "google",
            "organic",
            "(organic)",
            "Organic Search",
            1,
            False,
            True,
            0,
            Decimal(0),
            Decimal(0),
            date(2026, 3, 2),
            "/",
            3000,
        ),
        "buyer": (
            "google",
            "cpc",
            "(not set)",
            "Paid Search",
            1,
            True,
            False,
            2,
            Decimal(890) + usd,
            Decimal(890) + usd,
            date(2026, 3, 2),
            "/products/y",
            0,
        ),
        "flag": (
            "(direct)",
            "(none)",
            "(direct)",
            "Direct",
            1,
            True,
            False,
            0,
            Decimal(0),
            Decimal(0),
            date(2026, 3, 2),
            "/",
            0,
        ),
        "long": (
            "(direct)",
            "(none)",
            "(direct)",
            "Direct",
            1,
            True,
            False,
            0,
            Decimal(0),
            Decimal(0),
            date(2026, 3, 2),
            "/",
            12000,
        ),
        "night": (
            "(direct)",
            "(none)",
            "(direct)",
            "Direct",
            2,
            True,
            False,
            0,
            Decimal(0),
            Decimal(0),
            date(2026, 3, 2),
            "/",
            0,
        ),
        "paid": (
            "facebook",
            "paid_social",
            "TH | Serum | ABO | Sales 05",
            "Paid Social",
            2,
            True,
            False,
            0,
            Decimal(0),
            Decimal(0),
            date(2026, 3, 2),
            "/products/x",
            0,
        ),
    }
    ((cookieless,),) = query(
        db,
        f"select count(*) from {STG} where property_id = ? "
        "and user_pseudo_id is null and session_id is null",
        [HAND.property_id],
    )
    assert cookieless == 1


def test_paid_sessions_of_the_simulated_market_join_the_ad_platforms_campaigns(built):
    _, db, _, _ = built
    rows = query(
        db,
        f"""
        with campaigns as (
            select 'facebook' as source, campaign_name from raw.meta_campaigns
            union all select 'tiktok', campaign_name from raw.tiktok_campaigns
            union all select 'google', campaign_name from raw.google_ads_campaigns
        )
        select s.source, s.channel_group, count(*) as sessions,
            count(c.campaign_name) as matched, count(distinct s.campaign) as campaigns,
            sum(s.transactions) as transactions
        from {SESSIONS} as s
        left join campaigns as c on c.source = s.source and c.campaign_name = s.campaign
        where s.property_id in (?, ?) and s.medium in ('paid_social', 'cpc')
        group by 1, 2 order by 1""",
        [TH.property_id, GLOBAL.property_id],
    )
    assert [(r[0], r[1]) for r in rows] == [
        ("facebook", "Paid Social"),
        ("google", "Paid Search"),
        ("tiktok", "Paid Social"),
    ]
    for _, _, sessions, matched, campaigns, transactions in rows:
        assert sessions == matched > 50  # every paid session names a campaign of its platform
        assert campaigns >= 2 and transactions > 0
    channels = {
        r[0]
        for r in query(
            db,
            f"select distinct channel_group from {SESSIONS} where property_id in (?, ?)",
            [TH.property_id, GLOBAL.property_id],
        )
    }
    assert {
        "Organic Search",
        "Direct",
        "Email",
        "Referral",
        "Organic Social",
        "Affiliates",
        "Organic Video",
        "Organic Shopping",
        "Unassigned",
    } <= channels


def _sessions(db):
    return query(db, f"select * from {SESSIONS} order by session_id")


def test_a_window_run_picks_up_late_events_and_reruns_change_nothing(built, tmp_path):
    work, db0, files0, _ = built
    db, files = tmp_path / "warehouse.duckdb", tmp_path / "files"
    shutil.copy(db0, db)
    shutil.copytree(files0, files)
    late = {
        D1: [
            *HAND_EVENTS[D1],
            _ev(
                "paid",
                1,
                "purchase",
                D1,
                "10:09:00",
                currency="THB",
                value=490.0,
                ecommerce={"transaction_id": "T9", "purchase_revenue": 490.0},
            ),
        ],
        D2: [
            *HAND_EVENTS[D2],
            _ev("night", 6, "user_engagement", D2, "00:11:00", engagement_time_msec=15000),
        ],
    }
    _write_hand(files, late)
    with DuckDBWarehouse(db) as wh:  # the 3-day lookback re-sync of the asset
        sync_events(wh, files, HAND, date(2026, 3, 1), date(2026, 3, 4))
    window = ["--vars", json.dumps({"min_date": "2026-03-03", "max_date": "2026-03-04"})]
    first = run_dbt(["run", "--select", "int_ga4__sessions", *window], db, work)
    assert first.returncode == 0, first.output[-3000:]
    got = {
        r[0]: r[1:]
        for r in query(
            db,
            f"select user_pseudo_id, transactions, "
            "purchase_revenue, engagement_time_msec, events "
            f"from {SESSIONS} where property_id = ?",
            [HAND.property_id],
        )
    }
    # 'paid' started 03-02, the day before the window: rebuilt, its late purchase counted
    assert got["paid"][:2] == (1, Decimal(490))
    # 'night' started 03-02 and its late event is on 03-03: rebuilt from both days
    assert got["night"][2:] == (15000, 3)
    once = _sessions(db)
    again = run_dbt(["run", "--select", "int_ga4__sessions", *window], db, work)
    assert again.returncode == 0
    assert _sessions(db) == once
    full = run_dbt(["run", "--select", "int_ga4__sessions", "--full-refresh"], db, work)
    assert full.returncode == 0
    assert _sessions(db) == once  # the window run left exactly what a full rebuild makes


CHANNEL_CASES = [
    ("(direct)", "(none)", "", "Direct"),
    ("(direct)", "(not set)", "", "Direct"),
    ("google", "cpc", "TH | Serum | Search | Sales 01", "Paid Search"),
    ("bing", "ppc", "", "Paid Search"),
    ("facebook", "paid_social", "TH | Mask | CBO | Sales 02", "Paid Social"),
    ("Facebook", "CPC", "", "Paid Social"),
    ("tiktok", "paid_social", "", "Paid Social"),
    ("instagram", "paid", "", "Paid Social"),
    ("youtube", "cpc", "", "Paid Video"),
    ("shopee", "cpc", "", "Paid Shopping"),
    ("newsletter", "cpc", "Summer shopping days", "Paid Shopping"),
    ("criteo", "display", "", "Display"),
    ("gdn", "cpm", "", "Display"),
    ("partner", "retargeting", "", "Paid Other"),
    ("google", "organic", "(organic)", "Organic Search"),
    ("naver", "referral", "", "Organic Search"),
    ("l.facebook.com", "referral", "(referral)", "Organic Social"),
    ("line", "social", "LINE OA", "Organic Social"),
    ("anything", "social-network", "", "Organic Social"),
    ("youtube.com", "referral", "", "Organic Video"),
    ("shopee.co.th", "referral", "", "Organic Shopping"),
    ("pantip.com", "referral", "(referral)", "Referral"),
    ("newsletter", "email", "Weekly", "Email"),
    ("e-mail", "blast", "", "Email"),
    ("involve_asia", "affiliate", "", "Affiliates"),
    ("spotify", "audio", "", "Audio"),
    ("sms", "(none)", "", "SMS"),
    ("onesignal", "web-push", "", "Mobile Push Notifications"),
    ("x", "y", "cross-network promo", "Cross-network"),
    ("flyer", "qr", "Store QR Codes", "Unassigned"),
    ("<Other>", "(data deleted)", "(data deleted)", "Unassigned"),
]


def test_the_default_channel_group_follows_the_ga4_rules_in_their_order(built):
    work, db, _, _ = built
    values = ", ".join(
        f"({i}, '{s}', '{m}', '{c}')" for i, (s, m, c, _) in enumerate(CHANNEL_CASES)
    )
    inline = (
        "select i, {{ ga4_default_channel_group('s', 'm', 'c') }} as channel "
        f"from (values {values}) as t(i, s, m, c) order by i"
    )
    run = run_dbt(["show", "--inline", inline, "--limit", "100", "--output", "json"], db, work)
    assert run.returncode == 0, run.output[-3000:]
    start = run.output.rindex("{", 0, run.output.index('"show"'))
    shown = json.JSONDecoder().raw_decode(run.output[start:])[0]["show"]
    got = [(CHANNEL_CASES[r["i"]][:3], r["channel"]) for r in shown]
    assert got == [(c[:3], c[3]) for c in CHANNEL_CASES]
