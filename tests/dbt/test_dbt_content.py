"""dbt content marts on a hand-made raw scenario: ad ↔ content binding, snapshot differences,
status, THB costs, reconciliation, re-syncs and window runs.

The scenario (local days 2024-03-01 Fri .. 03-04 Mon, page/accounts in Asia/Bangkok):

- Meta TH (THB): ``ad_fb`` promotes page post 111_1 (100.00 on 03-01, 50.00 on 03-02),
  ``ad_ig`` uses the Instagram reel 901 (its object_story_id is the dark post 111_9; 30.00 on
  03-01), ``ad_other`` promotes 222_5 of a page that is not synced (70.00 on 03-01). Meta SG
  (SGD): ``ad_sg`` (paused now) promotes 111_2 (10.00 SGD on Saturday 03-02: Friday's ECB rate).
- TikTok TH (THB): ``tt_a`` (delivering) and ``tt_b`` (disabled) both promote video 7001
  (40.00 on 03-01, 20.00 on 03-02).
- Snapshots: 111_1 on 03-01, 03-02 and 03-04 (a missed day); 111_2 first on 03-02 (published
  in February: catch-up); reel 901 on 03-02 and 03-03; video 7001 on 03-01 and 03-02.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from extractors.common import schemas as s
from extractors.common.loader import load_table
from extractors.common.warehouse import DuckDBWarehouse, LoadScope
from extractors.content.ids import content_id
from extractors.content.sync import descriptors_table
from tests.dbt.dbt_scenario import DbtRun, run_dbt

TH, SG, TT = "7010000000000001", "7010000000000002", "7020000000000001"
PAGE, IG, TTA = "111", "1784", "5001"
D1, D2, D3, D4 = (date(2024, 3, d) for d in (1, 2, 3, 4))
LOADED_AT = datetime(2024, 3, 5, 1, tzinfo=UTC)
BKK = "Asia/Bangkok"
SGD_RATE = Decimal("26.70054247")  # ECB 2024-03-01, THB per SGD (seeds/fx_rates.csv)
THAI = "รีวิวจริง! เซรั่มวิตามินซี ผิวฉ่ำโกลว์ ✨"
SELECT = ["+fct_content_metrics_daily", "+dim_content", "+dim_content_products", "master_products"]
CONTENT_TESTS = [
    "path:models/staging/meta_content",
    "path:models/staging/tiktok_content",
    "path:models/staging/content",
    "path:models/intermediate/content",
    "path:models/marts/content",
    "path:tests/content",
]
VARS = ["--vars", json.dumps({"content_test_spend_thb": 100})]
TZ = {
    TH: (BKK, "THB"),
    SG: ("Asia/Singapore", "SGD"),
    TT: (BKK, "THB"),
    PAGE: (BKK, None),
    IG: (BKK, None),
    TTA: (BKK, None),
}


def cid(platform: str, post: str) -> str:
    return content_id(platform, post)


def table(spec: s.TableSpec, rows: list[dict[str, Any]]) -> pa.Table:
    out = []
    for row in rows:
        tz, cur = TZ.get(row.get("account_id", ""), (BKK, None))
        rec = {
            "account_timezone": tz,
            "currency_code": cur,
            **row,
            "raw_json": json.dumps(row, default=str, ensure_ascii=False),
            "_loaded_at": row.get("_loaded_at", LOADED_AT),
            "_source": "tests/dbt/content",
        }
        out.append({n: rec.get(n) for n in spec.columns.names})
    return pa.Table.from_pylist(out, schema=spec.columns)


def load(wh: DuckDBWarehouse, spec: s.TableSpec, rows: list[dict[str, Any]]) -> None:
    if spec.write_mode != "partition_overwrite":
        load_table(wh, spec, table(spec, rows), source="tests")
        return
    key = "snapshot_date" if spec.partition_column == "snapshot_date" else "date_day"
    for acct, day in sorted({(r["account_id"], r[key]) for r in rows}):
        mine = [r for r in rows if (r["account_id"], r[key]) == (acct, day)]
        res = load_table(
            wh, spec, table(spec, mine), source="tests", scope=LoadScope(acct, day, day)
        )
        assert res.rows_quarantined == 0


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def meta_day(
    ad: str, campaign: str, adset: str, day: date, spend: str, imps: int, acct: str = TH
) -> dict[str, Any]:
    return {
        "date_day": day,
        "account_id": acct,
        "campaign_id": campaign,
        "ad_set_id": adset,
        "ad_id": ad,
        "spend": Decimal(spend),
        "impressions": imps,
        "clicks": imps // 100,
        "inline_link_clicks": imps // 100,
        "reach": imps // 2,
    }


def campaign_day(campaign: str, day: date, spend: str, imps: int, acct: str = TH) -> dict:
    return {
        "date_day": day,
        "account_id": acct,
        "campaign_id": campaign,
        "spend": Decimal(spend),
        "impressions": imps,
        "clicks": imps // 100,
        "inline_link_clicks": imps // 100,
        "reach": imps // 2,
    }


def tiktok_day(ad: str, day: date, spend: str, imps: int) -> dict[str, Any]:
    return {
        "date_day": day,
        "account_id": TT,
        "campaign_id": "tc1",
        "ad_group_id": "tg1",
        "ad_id": ad,
        "spend": Decimal(spend),
        "impressions": imps,
        "clicks": imps // 100,
        "reach": imps // 2,
    }


def fb_snapshot(
    post: str,
    day: date,
    views: int | None,
    imps: int,
    reach: int,
    likes: int,
    watch: float | None = None,
) -> dict[str, Any]:
    return {
        "snapshot_date": day,
        "account_id": PAGE,
        "post_id": post,
        "snapshot_at": at(day),
        "impressions": imps,
        "reach": reach,
        "reactions": likes + 2,
        "likes": likes,
        "clicks": imps // 50,
        "comments": likes // 5,
        "shares": likes // 10,
        "video_views_3s": views,
        "video_complete_views": None if views is None else views // 5,
        "video_watch_time_s": watch,
    }


def scenario(wh: DuckDBWarehouse) -> None:
    for spec in s.RAW_TABLES:
        wh.ensure_table(spec)
    load(
        wh,
        s.META_AD_ACCOUNTS,
        [{"account_id": TH, "account_name": "TH"}, {"account_id": SG, "account_name": "SG"}],
    )
    load(
        wh,
        s.META_CAMPAIGNS,
        [
            {
                "campaign_id": "c1",
                "account_id": TH,
                "status": "ACTIVE",
                "daily_budget_minor": 50000,
            },
            {"campaign_id": "c2", "account_id": SG, "status": "ACTIVE", "daily_budget_minor": 5000},
        ],
    )
    load(
        wh,
        s.META_AD_SETS,
        [
            {"ad_set_id": "s1", "campaign_id": "c1", "account_id": TH},
            {"ad_set_id": "s2", "campaign_id": "c2", "account_id": SG},
        ],
    )
    ads = [
        ("ad_fb", "111_1", TH, "ACTIVE"),
        ("ad_ig", "111_9", TH, "ACTIVE"),
        ("ad_other", "222_5", TH, "ACTIVE"),
        ("ad_sg", "111_2", SG, "PAUSED"),
    ]
    load(
        wh,
        s.META_ADS,
        [
            {
                "ad_id": a,
                "ad_set_id": "s1" if acct == TH else "s2",
                "campaign_id": "c1" if acct == TH else "c2",
                "account_id": acct,
                "effective_status": st,
                "status": st,
                "object_story_id": story,
                "effective_object_story_id": story,
            }
            for a, story, acct, st in ads
        ],
    )
    load(
        wh,
        s.META_AD_CREATIVE_LINKS,
        [
            {
                "ad_id": a,
                "account_id": acct,
                "object_story_id": story,
                "effective_object_story_id": story,
                "effective_instagram_media_id": "901" if a == "ad_ig" else None,
            }
            for a, story, acct, _ in ads
        ],
    )
    load(
        wh,
        s.META_ADS_INSIGHTS,
        [
            meta_day("ad_fb", "c1", "s1", D1, "100.00", 1000),
            meta_day("ad_ig", "c1", "s1", D1, "30.00", 300),
            meta_day("ad_other", "c1", "s1", D1, "70.00", 700),
            meta_day("ad_fb", "c1", "s1", D2, "50.00", 500),
            meta_day("ad_sg", "c2", "s2", D2, "10.00", 100, SG),
        ],
    )
    load(
        wh,
        s.META_CAMPAIGNS_INSIGHTS,
        [
            campaign_day("c1", D1, "200.00", 2000),
            campaign_day("c1", D2, "50.00", 500),
            campaign_day("c2", D2, "10.00", 100, SG),
        ],
    )
    load(wh, s.TIKTOK_ADVERTISERS, [{"account_id": TT, "advertiser_name": "TT"}])
    load(wh, s.TIKTOK_CAMPAIGNS, [{"campaign_id": "tc1", "account_id": TT}])
    load(wh, s.TIKTOK_AD_GROUPS, [{"ad_group_id": "tg1", "campaign_id": "tc1", "account_id": TT}])
    load(
        wh,
        s.TIKTOK_ADS,
        [
            {
                "ad_id": "tt_a",
                "ad_group_id": "tg1",
                "campaign_id": "tc1",
                "account_id": TT,
                "tiktok_item_id": "7001",
                "operation_status": "ENABLE",
                "secondary_status": "AD_STATUS_DELIVERY_OK",
            },
            {
                "ad_id": "tt_b",
                "ad_group_id": "tg1",
                "campaign_id": "tc1",
                "account_id": TT,
                "tiktok_item_id": "7001",
                "operation_status": "DISABLE",
                "secondary_status": "AD_STATUS_DISABLE",
            },
        ],
    )
    load(
        wh,
        s.TIKTOK_ADS_REPORTS_DAILY,
        [tiktok_day("tt_a", D1, "40.00", 400), tiktok_day("tt_b", D2, "20.00", 200)],
    )
    content(wh)


def content(wh: DuckDBWarehouse) -> None:
    load(
        wh,
        s.META_PAGE_POSTS,
        [
            {
                "post_id": p,
                "account_id": PAGE,
                "content_id": cid("facebook", p),
                "created_time": t,
                "message": m,
                "video_id": v,
                "media_type": "video" if v else "photo",
            }
            for p, t, m, v in (
                ("111_1", at(D1, 2), THAI, "V1"),
                ("111_2", datetime(2024, 2, 20, tzinfo=UTC), "Sale", None),
                ("111_3", at(D1, 5), "Organic only", None),
            )
        ],
    )
    load(
        wh,
        s.META_INSTAGRAM_MEDIA,
        [
            {
                "media_id": m,
                "account_id": IG,
                "content_id": cid("instagram", m),
                "created_time": t,
                "caption": "reel",
                "media_type": mt,
                "media_product_type": pt,
            }
            for m, t, mt, pt in (
                ("901", datetime(2024, 2, 25, tzinfo=UTC), "VIDEO", "REELS"),
                ("902", at(D2, 1), "IMAGE", "FEED"),
            )
        ],
    )
    load(
        wh,
        s.TIKTOK_POSTS,
        [
            {
                "item_id": i,
                "account_id": TTA,
                "content_id": cid("tiktok", i),
                "created_time": at(D1, 3),
                "caption": c,
                "video_duration_s": 30.0,
            }
            for i, c in (("7001", THAI), ("7002", "trend"))
        ],
    )
    load(
        wh,
        s.META_PAGE_POST_METRICS,
        [
            fb_snapshot("111_1", D1, 100, 300, 250, 10, 500.0),
            fb_snapshot("111_1", D2, 150, 420, 330, 16, 800.0),
            fb_snapshot("111_1", D4, 300, 800, 600, 30, 1500.0),
            fb_snapshot("111_2", D2, None, 1000, 900, 40),
            fb_snapshot("111_2", D3, None, 1100, 950, 44),
        ],
    )
    load(
        wh,
        s.META_INSTAGRAM_MEDIA_METRICS,
        [
            {
                "snapshot_date": d,
                "account_id": IG,
                "media_id": "901",
                "snapshot_at": at(d),
                "views": v,
                "reach": v * 4 // 5,
                "likes": v // 10,
                "comments": v // 100,
                "shares": 3,
                "saves": 7,
                "total_interactions": 0,
                "watch_time_s": v * 4.0,
            }
            for d, v in ((D2, 500), (D3, 600))
        ],
    )
    load(
        wh,
        s.TIKTOK_POST_METRICS,
        [
            {
                "snapshot_date": d,
                "account_id": TTA,
                "item_id": "7001",
                "snapshot_at": at(d),
                "video_views": v,
                "reach": v * 4 // 5,
                "likes": v // 10,
                "comments": 10,
                "shares": 5,
                "favorites": 8,
                "total_time_watched_s": v * 9.0,
                "average_time_watched_s": 9.0,
                "full_video_watched_rate": 0.2,
            }
            for d, v in ((D1, 1000), (D2, 1500))
        ],
    )
    rows = [
        {
            "platform": "facebook",
            "platform_post_id": "111_1",
            "content_type": "REVIEW",
            "content_source": "PAGE",
            "owner": "nok",
            "products": ["SG-SER-001"],
            "source_line": 2,
        },
        {
            "platform": "instagram",
            "platform_post_id": "901",
            "content_type": "REVIEW",
            "content_source": "INFLUENCER",
            "owner": "nok",
            "products": ["SG-SUN-001", "SG-SER-001"],
            "influencer_cost_thb": Decimal("15000.00"),
            "source_line": 3,
        },
        {
            "platform": "tiktok",
            "platform_post_id": "7001",
            "content_type": "SALE",
            "content_source": "INFLUENCER",
            "products": ["SG-MSK-001"],
            "influencer_cost_thb": Decimal("8000"),
            "source_line": 4,
        },
        {
            "platform": "tiktok",
            "platform_post_id": "7002",
            "content_type": "BRANDING",
            "content_source": "UGC",
            "products": ["SG-SET-001"],
            "status_override": "EXPIRED",
            "source_line": 5,
        },
    ]
    load_table(
        wh, s.CONTENT_DESCRIPTORS, descriptors_table(rows, "content.csv", LOADED_AT), source="tests"
    )


@dataclass
class Built:
    path: Path
    workdir: Path
    build: DbtRun


def dbt(args: list[str], built: Built, db: Path | None = None) -> DbtRun:
    return run_dbt(args, db or built.path, built.workdir)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    workdir = tmp_path_factory.mktemp("dbt_content")
    path = workdir / "warehouse.duckdb"
    with DuckDBWarehouse(path) as wh:
        scenario(wh)
    # the upstream ad models are built (their own tests run in test_dbt_ad_performance ...);
    # every test of the content models runs, the reconciliations included
    run = run_dbt(
        [
            "build",
            "--select",
            *SELECT,
            "--resource-type",
            "seed",
            "--resource-type",
            "model",
            *VARS,
        ],
        path,
        workdir,
    )
    assert run.returncode == 0, run.output[-6000:]
    # cautious: tests of marts built on the content models (scores) need their other parents
    tests = run_dbt(
        ["test", "--select", *CONTENT_TESTS, "--indirect-selection", "cautious", *VARS],
        path,
        workdir,
    )
    assert tests.returncode == 0, tests.output[-6000:]
    assert len(tests.statuses) > 60
    return Built(path, workdir, tests)


def rows(db: Path, sql: str) -> list[dict[str, Any]]:
    with duckdb.connect(str(db), read_only=True) as con:
        cur = con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def cost(db: Path, platform: str, post: str) -> dict[date, Decimal]:
    got = rows(
        db,
        "select date_day, ads_cost_total from marts.fct_content_metrics_daily "
        f"where content_id = '{cid(platform, post)}' and ads_cost_total > 0",
    )
    return {r["date_day"]: r["ads_cost_total"] for r in got}


def test_each_ad_adds_its_spend_to_the_content_it_promotes_and_only_there(built: Built):
    assert cost(built.path, "facebook", "111_1") == {D1: Decimal("100"), D2: Decimal("50")}
    assert cost(built.path, "tiktok", "7001") == {D1: Decimal("40"), D2: Decimal("20")}
    assert cost(built.path, "facebook", "111_3") == {}
    total = rows(
        built.path,
        "select sum(ads_cost_total) as t, sum(ads_cost_meta_thb) as m, "
        "sum(ads_cost_tiktok_thb) as k from marts.fct_content_metrics_daily",
    )
    # every linked ad's spend once (ad_other's 70.00 promotes a page that is not synced)
    assert total == [
        {
            "t": Decimal("100") + 30 + 50 + 10 * SGD_RATE + 40 + 20,
            "m": Decimal("180") + 10 * SGD_RATE,
            "k": Decimal("60"),
        }
    ]


def test_an_instagram_ad_binds_to_its_reel_not_to_its_dark_page_post(built: Built):
    assert cost(built.path, "instagram", "901") == {D1: Decimal("30")}
    link = rows(
        built.path,
        "select content_platform, platform_post_id, has_content from "
        "intermediate.int_content__linked_to_ads where ad_id = 'ad_ig'",
    )
    assert link == [
        {"content_platform": "instagram", "platform_post_id": "901", "has_content": True}
    ]


def test_spend_in_another_currency_is_converted_to_thb(built: Built):
    assert cost(built.path, "facebook", "111_2") == {D2: (10 * SGD_RATE).quantize(Decimal("1e-9"))}


def test_ads_whose_post_is_not_synced_are_left_out_and_reconciliation_holds(built: Built):
    other = rows(
        built.path,
        "select has_content from intermediate.int_content__linked_to_ads where ad_id = 'ad_other'",
    )
    assert other == [{"has_content": False}]
    assert built.build.status("assert_content_ad_cost_reconciles_with_linked_ads") == "pass"
    assert built.build.status("assert_content_daily_metrics_add_up_to_lifetime") == "pass"


def test_organic_values_are_snapshot_differences_with_catch_up_rows(built: Built):
    got = rows(
        built.path,
        "select date_day, views, impressions, likes, saves, watch_time_s, "
        "days_covered, is_catch_up, has_organic_snapshot from "
        f"marts.fct_content_metrics_daily where content_id = "
        f"'{cid('facebook', '111_1')}' order by date_day",
    )
    assert [
        (
            r["date_day"],
            r["views"],
            r["impressions"],
            r["likes"],
            r["days_covered"],
            r["is_catch_up"],
        )
        for r in got
    ] == [(D1, 100, 300, 10, 1, False), (D2, 50, 120, 6, 1, False), (D4, 150, 380, 14, 2, True)]
    assert got[0]["saves"] is None  # Facebook has no saves
    assert got[2]["watch_time_s"] == Decimal("700")
    first = rows(
        built.path,
        "select date_day, impressions, days_covered, is_catch_up from "
        "marts.fct_content_metrics_daily where content_id = "
        f"'{cid('facebook', '111_2')}' and has_organic_snapshot "
        "order by date_day",
    )
    assert first[0] == {
        "date_day": D2,
        "impressions": 1000,
        "days_covered": 12,
        "is_catch_up": True,
    }
    tiktok = rows(
        built.path,
        "select views, thruplays, saves, impressions from "
        "marts.fct_content_metrics_daily where content_id = "
        f"'{cid('tiktok', '7001')}' order by date_day",
    )
    assert tiktok == [
        {"views": 1000, "thruplays": 200, "saves": 8, "impressions": None},
        {"views": 500, "thruplays": 100, "saves": 0, "impressions": None},
    ]


def test_status_comes_from_the_ads_unless_the_config_overrides(built: Built):
    got = {
        r["platform_post_id"]: (
            r["status"],
            r["status_source"],
            r["ads_count"],
            r["active_ads_count"],
        )
        for r in rows(built.path, "select * from marts.dim_content")
    }
    assert got == {
        "111_1": ("ACTIVE_AD", "ads", 1, 1),  # active ad, 150 THB spent >= 100
        "111_2": ("READY", "ads", 1, 0),  # its only ad is paused
        "111_3": ("READY", "ads", 0, 0),
        "901": ("TEST_AD", "ads", 1, 1),  # active ad, 30 THB < 100
        "902": ("READY", "ads", 0, 0),
        "7001": ("TEST_AD", "ads", 2, 1),
        "7002": ("EXPIRED", "config", 0, 0),
    }


def test_descriptors_and_products_reach_the_dimension(built: Built):
    dim = {r["platform_post_id"]: r for r in rows(built.path, "select * from marts.dim_content")}
    assert dim["901"]["products"] == "SG-SUN-001|SG-SER-001"
    assert dim["901"]["influencer_cost_thb"] == Decimal("15000")
    assert (dim["111_3"]["is_described"], dim["111_3"]["content_type"]) == (False, None)
    assert dim["111_1"]["content_format"] == "video" and dim["901"]["content_format"] == "reel"
    assert dim["111_1"]["content_id"] == cid("facebook", "111_1")
    bridge = rows(
        built.path,
        "select sku from marts.dim_content_products where content_id = "
        f"'{cid('instagram', '901')}' order by sku",
    )
    assert [r["sku"] for r in bridge] == ["SG-SER-001", "SG-SUN-001"]


def test_thai_captions_survive_to_the_marts(built: Built):
    got = rows(
        built.path,
        "select caption from marts.dim_content where platform_post_id in ('111_1', '7001')",
    )
    assert [r["caption"] for r in got] == [THAI, THAI]


def test_a_window_run_replaces_its_days_and_keeps_one_row_per_day_after_a_resync(
    built: Built, tmp_path
):
    db = tmp_path / "w.duckdb"
    shutil.copy(built.path, db)
    full = rows(
        db,
        "select * exclude (views, watch_time_s, three_second_plays, thruplays) from marts.fct_content_metrics_daily "
        "order by all",
    )
    with duckdb.connect(str(db)) as con:  # rows of the window that no longer match upstream
        con.execute(f"delete from marts.fct_content_metrics_daily where date_day = '{D2}'")
    with DuckDBWarehouse(db) as wh:  # a later sync on 03-04 replaces that day's snapshot
        load(wh, s.META_PAGE_POST_METRICS, [fb_snapshot("111_1", D4, 320, 800, 600, 30, 1600.0)])
    window = json.dumps({"min_date": str(D2), "max_date": str(D4), "content_test_spend_thb": 100})
    run = dbt(["run", "--select", "fct_content_metrics_daily", "--vars", window], built, db)
    assert run.returncode == 0, run.output[-3000:]
    assert (
        rows(
            db,
            "select * exclude (views, watch_time_s, three_second_plays, thruplays) from "
            "marts.fct_content_metrics_daily order by all",
        )
        == full
    )
    got = rows(
        db,
        "select date_day, views, watch_time_s from marts.fct_content_metrics_daily "
        f"where content_id = '{cid('facebook', '111_1')}' and has_organic_snapshot "
        "order by date_day",
    )
    assert [(r["date_day"], r["views"], r["watch_time_s"]) for r in got] == [
        (D1, 100, 500),
        (D2, 50, 300),
        (D4, 170, 800),
    ]


def test_reconciliation_fails_when_cost_is_attributed_twice(built: Built, tmp_path):
    compiled = next(
        built.workdir.glob(
            "target/compiled/adpilot/tests/content/assert_content_ad_cost_reconciles_with_linked_ads.sql"
        )
    )
    sql = compiled.read_text()
    assert rows(built.path, sql) == []
    db = tmp_path / "warehouse.duckdb"  # compiled SQL names the catalog
    shutil.copy(built.path, db)
    with duckdb.connect(str(db)) as con:
        con.execute(
            "update marts.fct_content_metrics_daily set ads_cost_meta_thb = "
            "ads_cost_meta_thb * 2, ads_cost_total = ads_cost_total + ads_cost_meta_thb "
            f"where content_id = '{cid('facebook', '111_1')}' and date_day = '{D1}'"
        )
    broken = rows(db, sql)
    assert [
        (r["platform"], r["date_day"], r["linked_spend_thb"], r["attributed_cost_thb"])
        for r in broken
    ] == [("meta", D1, Decimal("130"), Decimal("230"))]
