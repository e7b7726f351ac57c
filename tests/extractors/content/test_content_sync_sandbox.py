"""The content extractors against the sandbox: every item once, lifetime snapshots per day,
paging, re-syncs, faults and every error path."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
import requests

from extractors.common.ratelimit import SharedTokenBucket
from extractors.common.retry import AuthError, ExtractError, RetryPolicy
from extractors.common.warehouse import DuckDBWarehouse
from extractors.content.common import ContentAccount
from extractors.content.settings import ContentSettings
from extractors.content.sync import (
    sync_ad_creative_links,
    sync_facebook_page,
    sync_instagram_account,
    sync_tiktok_account,
)
from extractors.meta.client import MetaClient
from extractors.meta.settings import MetaSettings
from extractors.tiktok.client import TikTokClient
from extractors.tiktok.settings import TikTokSettings
from sandbox.process import running_sandbox

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)  # 19:00 in Bangkok
TOKEN = "content-sandbox-token-0001"
PAGE = ContentAccount("12016001000000001", "Asia/Bangkok", "Siam Glow TH")
IG = ContentAccount("17841400000000001", "Asia/Bangkok", "siamglow.th")
TT = ContentAccount("1726001000000000001", "Asia/Bangkok", "@siamglow.th")
AD_ACCOUNT = ContentAccount("7010000000000001", "Asia/Bangkok")
THAI = ("\u0e00", "\u0e7f")


@pytest.fixture
def sandbox():
    with running_sandbox(
        seed=7, days=40, now=NOW, token=TOKEN, in_process=True, google_ads=False
    ) as sb:
        yield sb


def meta(sb, account: str, sleep, token: str = TOKEN) -> MetaClient:
    cfg = MetaSettings(graph_url=sb.base_url, retry=RetryPolicy(base_delay_s=1, max_delay_s=4))
    return MetaClient(token, account, cfg, sleep=sleep)


class SimClock:
    """Simulated time for the shared token bucket: sleeping moves the clock, nothing waits."""

    def __init__(self, sleep) -> None:
        self.t, self.record = 1000.0, sleep

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.record(seconds)
        self.t += seconds


def tiktok(sb, account: str, sleep, tmp: Path, token: str = TOKEN) -> TikTokClient:
    cfg = TikTokSettings(
        api_url=sb.base_url,
        app_id="content-test",
        ratelimit_dir=tmp,
        retry=RetryPolicy(base_delay_s=1, max_delay_s=4),
        rate_limit_pause_s=1,
    )
    clock = SimClock(sleep)
    bucket = SharedTokenBucket(
        tmp, "tiktok:content-test", 1000.0, 1000.0, clock=clock.now, sleep=clock.sleep
    )
    return TikTokClient(token, account, cfg, sleep=clock.sleep, limiter=bucket)


def count(wh: DuckDBWarehouse, table: str) -> int:
    """Rows of a raw table; 0 when nothing ever created it."""
    exists = wh.query(
        "select count(*) as n from information_schema.tables where "
        f"table_schema = 'raw' and table_name = '{table}'"
    ).to_pylist()[0]["n"]
    return wh.query(f"select count(*) as n from raw.{table}").to_pylist()[0]["n"] if exists else 0


def rows(wh: DuckDBWarehouse, table: str, order: str) -> list[dict]:
    return wh.query(
        f"select * exclude (_loaded_at, raw_json) from raw.{table} order by {order}"
    ).to_pylist()


def graph(sb, path: str, **params: str) -> dict:
    resp = requests.get(
        f"{sb.base_url}/v21.0/{path}", timeout=30, params={"access_token": TOKEN, **params}
    )
    resp.raise_for_status()
    return resp.json()


def test_facebook_page_posts_and_lifetime_metrics_match_the_graph_api(sandbox, warehouse, no_sleep):
    res = sync_facebook_page(
        meta(sandbox, PAGE.account_id, no_sleep),
        warehouse,
        PAGE,
        token_env="META_ACCESS_TOKEN",
        now=NOW,
    )
    posts_loaded, metrics_loaded = (r.rows_loaded for r in res.loads)
    assert posts_loaded == metrics_loaded > 10  # every post is inside the metrics horizon
    assert not res.skipped
    posts = rows(warehouse, "meta_page_posts", "post_id")
    listed = graph(sandbox, f"{PAGE.account_id}/posts", limit="100")["data"]
    assert {p["post_id"] for p in posts} == {p["id"] for p in listed}
    metrics = {r["post_id"]: r for r in rows(warehouse, "meta_page_post_metrics", "post_id")}
    assert {r["snapshot_date"].isoformat() for r in metrics.values()} == {"2026-11-21"}
    video = next(p for p in posts if p["video_id"])
    photo = next(p for p in posts if not p["video_id"])
    ins = graph(
        sandbox,
        f"{video['post_id']}/insights",
        metric="post_impressions,post_impressions_unique,post_clicks",
    )
    api = {d["name"]: d["values"][0]["value"] for d in ins["data"]}
    got = metrics[video["post_id"]]
    assert (got["impressions"], got["reach"], got["clicks"]) == (
        api["post_impressions"],
        api["post_impressions_unique"],
        api["post_clicks"],
    )
    vins = graph(
        sandbox,
        f"{video['video_id']}/video_insights",
        metric="total_video_views,total_video_view_total_time",
    )
    vapi = {d["name"]: d["values"][0]["value"] for d in vins["data"]}
    assert got["video_views_3s"] == vapi["total_video_views"]
    assert got["video_watch_time_s"] == pytest.approx(vapi["total_video_view_total_time"] / 1000)
    assert got["likes"] <= got["reactions"]
    assert metrics[photo["post_id"]]["video_views_3s"] is None
    assert photo["content_id"] != video["content_id"]


def test_instagram_media_and_insights_follow_the_media_product_type(sandbox, warehouse, no_sleep):
    res = sync_instagram_account(
        meta(sandbox, IG.account_id, no_sleep),
        warehouse,
        IG,
        token_env="META_ACCESS_TOKEN",
        now=NOW,
    )
    assert not res.skipped
    media = {m["media_id"]: m for m in rows(warehouse, "meta_instagram_media", "media_id")}
    metrics = rows(warehouse, "meta_instagram_media_metrics", "media_id")
    assert {m["media_id"] for m in metrics} == set(media)
    for m in metrics:
        reel = media[m["media_id"]]["media_product_type"] == "REELS"
        assert (m["watch_time_s"] is not None) == reel
        assert m["views"] >= m["reach"] > 0
        assert m["total_interactions"] == m["likes"] + m["comments"] + m["shares"] + m["saves"]


def test_ads_using_instagram_reels_link_to_listed_media(sandbox, warehouse, no_sleep):
    sync_instagram_account(
        meta(sandbox, IG.account_id, no_sleep),
        warehouse,
        IG,
        token_env="META_ACCESS_TOKEN",
        now=NOW,
    )
    sync_facebook_page(
        meta(sandbox, PAGE.account_id, no_sleep),
        warehouse,
        PAGE,
        token_env="META_ACCESS_TOKEN",
        now=NOW,
    )
    sync_ad_creative_links(
        meta(sandbox, AD_ACCOUNT.account_id, no_sleep),
        warehouse,
        AD_ACCOUNT,
        token_env="META_ACCESS_TOKEN",
        now=NOW,
    )
    links = rows(warehouse, "meta_ad_creative_links", "ad_id")
    media = {r["media_id"] for r in rows(warehouse, "meta_instagram_media", "media_id")}
    posts = {r["post_id"] for r in rows(warehouse, "meta_page_posts", "post_id")}
    on_ig = [r for r in links if r["effective_instagram_media_id"]]
    assert on_ig and {r["effective_instagram_media_id"] for r in on_ig} <= media
    assert {
        r["effective_object_story_id"] for r in links if not r["effective_instagram_media_id"]
    } <= posts


def test_tiktok_videos_and_metrics_in_one_walk(sandbox, warehouse, no_sleep, tmp_path):
    client = tiktok(sandbox, TT.account_id, no_sleep, tmp_path)
    sandbox.reset_stats()
    sync_tiktok_account(
        client,
        warehouse,
        TT,
        token_env="TIKTOK_ACCOUNTS_ACCESS_TOKEN",
        settings=ContentSettings(tiktok_max_count=5),
        now=NOW,
    )
    posts = rows(warehouse, "tiktok_posts", "item_id")
    metrics = rows(warehouse, "tiktok_post_metrics", "item_id")
    assert [p["item_id"] for p in posts] == [m["item_id"] for m in metrics]
    assert sandbox.stats()["routes"] == {"tiktok.business_video": -(-len(posts) // 5)}
    assert all(0 <= m["full_video_watched_rate"] <= 1 for m in metrics)
    assert all(m["total_time_watched_s"] > 0 for m in metrics)


def test_small_pages_give_the_same_tables(sandbox, tmp_path, no_sleep):
    tables = []
    for limit in (2, 100):
        wh = DuckDBWarehouse(tmp_path / f"w{limit}.duckdb")
        settings = ContentSettings(
            posts_page_limit=limit, media_page_limit=limit, tiktok_max_count=min(limit, 20)
        )
        sync_facebook_page(
            meta(sandbox, PAGE.account_id, no_sleep),
            wh,
            PAGE,
            token_env="T",
            settings=settings,
            now=NOW,
        )
        sync_instagram_account(
            meta(sandbox, IG.account_id, no_sleep),
            wh,
            IG,
            token_env="T",
            settings=settings,
            now=NOW,
        )
        sync_tiktok_account(
            tiktok(sandbox, TT.account_id, no_sleep, tmp_path),
            wh,
            TT,
            token_env="T",
            settings=settings,
            now=NOW,
        )
        tables.append(
            {
                t: rows(wh, t, "all")
                for t in (
                    "meta_page_posts",
                    "meta_page_post_metrics",
                    "meta_instagram_media",
                    "meta_instagram_media_metrics",
                    "tiktok_posts",
                    "tiktok_post_metrics",
                )
            }
        )
        wh.close()
    assert tables[0] == tables[1]
    assert all(tables[0].values())


def test_resync_replaces_the_days_snapshot_and_a_new_day_adds_one(
    sandbox, warehouse, no_sleep, tmp_path
):
    def sync(now: datetime) -> None:
        sync_tiktok_account(
            tiktok(sandbox, TT.account_id, no_sleep, tmp_path),
            warehouse,
            TT,
            token_env="T",
            now=now,
        )

    sync(NOW)
    first = rows(warehouse, "tiktok_post_metrics", "item_id")
    sandbox.advance(0.1)  # 2.4 h later, still 2026-11-21 in Bangkok
    sync(NOW + timedelta(days=0.1))
    sync(NOW + timedelta(days=0.1))
    again = rows(warehouse, "tiktok_post_metrics", "item_id")
    assert len(again) == len(first)
    assert sum(r["video_views"] for r in again) > sum(r["video_views"] for r in first)
    sandbox.advance(0.5)  # 2026-11-22 in Bangkok
    sync(NOW + timedelta(days=0.6))
    by_day = warehouse.query(
        "select snapshot_date, count(*) as n from raw.tiktok_post_metrics group by all order by 1"
    ).to_pylist()
    assert [(r["snapshot_date"].isoformat(), r["n"]) for r in by_day] == [
        ("2026-11-21", len(first)),
        ("2026-11-22", len(first)),
    ]
    assert warehouse.query("select count(*) as n from raw.tiktok_posts").to_pylist()[0]["n"] == len(
        first
    )


def test_transient_faults_are_retried_without_duplicates(sandbox, tmp_path, no_sleep):
    ref = DuckDBWarehouse(tmp_path / "ref.duckdb")
    sync_facebook_page(
        meta(sandbox, PAGE.account_id, no_sleep),
        ref,
        PAGE,
        token_env="T",
        settings=ContentSettings(posts_page_limit=3),
        now=NOW,
    )
    expected = rows(ref, "meta_page_post_metrics", "post_id")
    ref.close()
    sandbox.set_faults(
        [
            {
                "match": {"path_regex": "/posts"},
                "kind": "http_error",
                "http_status": 503,
                "times": 1,
            },
            {"match": {"path_regex": "/posts"}, "kind": "truncated_body", "times": 1, "after": 2},
            {"match": {"path_regex": "/insights"}, "kind": "graph_error", "code": 17, "times": 2},
            {"match": {"path_regex": "/video_insights"}, "kind": "graph_error", "code": 2},
        ]
    )
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    res = sync_facebook_page(
        meta(sandbox, PAGE.account_id, no_sleep),
        wh,
        PAGE,
        token_env="T",
        settings=ContentSettings(posts_page_limit=3),
        now=NOW,
    )
    assert rows(wh, "meta_page_post_metrics", "post_id") == expected
    assert not res.skipped
    fired = sandbox.stats()["faults"]
    assert fired == {"http_error": 1, "truncated_body": 1, "graph_error": 3}
    assert len(no_sleep.calls) >= 5


def test_a_post_that_cannot_be_read_is_skipped_and_reported(sandbox, warehouse, no_sleep):
    post = graph(sandbox, f"{PAGE.account_id}/posts", limit="1")["data"][0]["id"]
    sandbox.set_faults(
        [
            {
                "match": {"path_regex": f"/{post}/insights"},
                "kind": "graph_error",
                "code": 100,
                "subcode": 33,
                "times": -1,
            }
        ]
    )
    res = sync_facebook_page(
        meta(sandbox, PAGE.account_id, no_sleep), warehouse, PAGE, token_env="T", now=NOW
    )
    assert list(res.skipped) == [post]
    metric_ids = {r["post_id"] for r in rows(warehouse, "meta_page_post_metrics", "post_id")}
    post_ids = {r["post_id"] for r in rows(warehouse, "meta_page_posts", "post_id")}
    assert post not in metric_ids and post in post_ids and len(metric_ids) == len(post_ids) - 1


def test_rejected_meta_token_names_the_page_and_writes_nothing(sandbox, warehouse, no_sleep):
    client = meta(sandbox, PAGE.account_id, no_sleep, token="expired-token")
    with pytest.raises(AuthError) as err:
        sync_facebook_page(client, warehouse, PAGE, token_env="META_ACCESS_TOKEN", now=NOW)
    msg = str(err.value)
    assert PAGE.account_id in msg and "META_ACCESS_TOKEN" in msg and "read_insights" in msg
    assert "expired-token" not in msg
    assert count(warehouse, "meta_page_posts") == count(warehouse, "meta_page_post_metrics") == 0


@pytest.mark.parametrize(
    ("code", "error", "words"),
    [
        (40105, AuthError, ("TIKTOK_ACCOUNTS_ACCESS_TOKEN", "video.list")),
        (40002, ExtractError, ("code 40002",)),
        (40001, ExtractError, ("code 40001",)),
    ],
)
def test_tiktok_errors_name_the_account(sandbox, warehouse, no_sleep, tmp_path, code, error, words):
    sandbox.set_faults(
        [
            {
                "match": {"path_regex": "business/video/list"},
                "kind": "tiktok_error",
                "code": code,
                "times": -1,
            }
        ]
    )
    with pytest.raises(error) as err:
        sync_tiktok_account(
            tiktok(sandbox, TT.account_id, no_sleep, tmp_path),
            warehouse,
            TT,
            token_env="TIKTOK_ACCOUNTS_ACCESS_TOKEN",
            now=NOW,
        )
    assert f"tiktok account {TT.account_id}" in str(err.value)
    assert all(w in str(err.value) for w in words)
    assert count(warehouse, "tiktok_posts") == count(warehouse, "tiktok_post_metrics") == 0


def test_tiktok_rate_limit_is_waited_out_then_loads(sandbox, warehouse, no_sleep, tmp_path):
    sandbox.set_faults(
        [
            {
                "match": {"path_regex": "business/video/list"},
                "kind": "tiktok_error",
                "code": 40100,
                "times": 2,
            }
        ]
    )
    sync_tiktok_account(
        tiktok(sandbox, TT.account_id, no_sleep, tmp_path), warehouse, TT, token_env="T", now=NOW
    )
    assert (
        warehouse.query("select count(*) as n from raw.tiktok_post_metrics").to_pylist()[0]["n"]
        > 10
    )
    assert sandbox.stats()["faults"] == {"tiktok_error": 2}


def test_thai_captions_round_trip_into_the_warehouse(sandbox, warehouse, no_sleep, tmp_path):
    sync_facebook_page(
        meta(sandbox, PAGE.account_id, no_sleep), warehouse, PAGE, token_env="T", now=NOW
    )
    sync_tiktok_account(
        tiktok(sandbox, TT.account_id, no_sleep, tmp_path), warehouse, TT, token_env="T", now=NOW
    )
    api = {
        p["id"]: p["message"]
        for p in graph(sandbox, f"{PAGE.account_id}/posts", fields="message", limit="100")["data"]
    }
    stored = warehouse.query(
        "select post_id, message, raw_json from raw.meta_page_posts"
    ).to_pylist()
    assert {r["post_id"]: r["message"] for r in stored} == api
    assert any(THAI[0] <= ch <= THAI[1] for r in stored for ch in r["message"])
    assert all(orjson.loads(r["raw_json"])["message"] == r["message"] for r in stored)
    caption = warehouse.query("select caption from raw.tiktok_posts limit 1").to_pylist()[0]
    assert any(THAI[0] <= ch <= THAI[1] for ch in caption["caption"])
    assert json.loads(json.dumps(caption["caption"])) == caption["caption"]
