"""Organic content in the sandbox: the market's items, their lifetime metrics and the wire formats
(Graph page posts, video insights, Instagram media; TikTok Accounts API video list)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from sandbox.market.market import Market, MarketConfig
from sandbox.market.organic import organic_content
from sandbox.server import SandboxSettings, build_sandbox
from tests.sandbox.sandbox_helpers import NOW, SHARED_DATA, TH, Graph

PAGE_TH = "12016001000000001"
IG_TH = "17841400000000001"
TT_TH = "1726001000000000001"
VIDEO_LIST = "/open_api/v1.3/business/video/list/"
TT_FIELDS = [
    "item_id",
    "create_time",
    "caption",
    "video_views",
    "likes",
    "comments",
    "shares",
    "favorites",
    "reach",
    "total_time_watched",
    "average_time_watched",
    "full_video_watched_rate",
    "video_duration",
]


def videos(g: Graph, business_id: str = TT_TH, **params: object) -> dict:
    query = {
        "business_id": business_id,
        "fields": json.dumps(TT_FIELDS),
        **{k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()},
    }
    resp = g.http.get(VIDEO_LIST, params=query, headers={"Access-Token": "t"})
    assert resp.status_code == 200
    return resp.json()


def all_videos(g: Graph, business_id: str = TT_TH, max_count: int = 20) -> list[dict]:
    out, cursor = [], 0
    while True:
        body = videos(g, business_id, max_count=max_count, cursor=cursor)
        assert body["code"] == 0, body
        out += body["data"]["videos"]
        if not body["data"]["has_more"]:
            return out
        cursor = body["data"]["cursor"]


def test_items_are_fixed_structure_and_metrics_follow_the_seed():
    a = organic_content(Market(MarketConfig(seed=1, now=NOW)))
    b = organic_content(Market(MarketConfig(seed=2, now=NOW)))
    assert [i.item_id for i in a.items] == [i.item_id for i in b.items]
    assert {i.platform for i in a.items} == {"facebook", "instagram", "tiktok"}
    views_a = a.lifetime(a.visible(PAGE_TH))["views"]
    views_b = b.lifetime(b.visible(PAGE_TH))["views"]
    assert (views_a > 0).all()
    assert not (views_a == views_b).all()


def test_lifetime_metrics_grow_with_the_clock_and_repeat_for_the_same_clock():
    market = Market(MarketConfig(seed=42, now=NOW))
    content = organic_content(market)
    items = content.visible(TT_TH)
    before = {m: v.copy() for m, v in content.lifetime(items).items()}
    again = content.lifetime(items)
    assert all((before[m] == again[m]).all() for m in before)
    market.advance(0.5)
    after = content.lifetime(items)
    for metric in ("views", "likes", "reach", "watch_s"):
        assert (after[metric] >= before[metric]).all(), metric
        assert (after[metric] > before[metric]).any(), metric


def test_page_posts_page_newest_first_and_every_post_once(graph: Graph):
    one_page = graph.ok(f"{PAGE_TH}/posts", fields="id,created_time", limit=100)
    assert "next" not in one_page.get("paging", {})
    paged = graph.all_pages(f"{PAGE_TH}/posts", fields="id,created_time", limit=4)
    assert paged == one_page["data"]
    assert len(paged) > 8
    times = [p["created_time"] for p in paged]
    assert times == sorted(times, reverse=True)
    first = graph.ok(f"{PAGE_TH}/posts", limit=4)
    assert set(first["data"][0]) == {"id", "created_time", "message"}  # default fields


def test_reels_are_instagram_media_and_their_ads_name_the_media(graph: Graph):
    posts = {p["id"] for p in graph.all_pages(f"{PAGE_TH}/posts", limit=100)}
    media = {
        m["id"]: m
        for m in graph.all_pages(
            f"{IG_TH}/media", fields="id,media_type,media_product_type,timestamp,caption", limit=3
        )
    }
    assert {m["media_product_type"] for m in media.values()} == {"FEED", "REELS"}
    ads = graph.all_pages(
        f"act_{TH}/ads",
        limit=100,
        fields="id,creative{effective_object_story_id,effective_instagram_media_id}",
    )
    on_ig = [a for a in ads if "effective_instagram_media_id" in a["creative"]]
    on_fb = [a for a in ads if "effective_instagram_media_id" not in a["creative"]]
    assert on_ig and on_fb
    assert {a["creative"]["effective_instagram_media_id"] for a in on_ig} <= set(media)
    assert all(
        media[a["creative"]["effective_instagram_media_id"]]["media_product_type"] == "REELS"
        for a in on_ig
    )
    assert {a["creative"]["effective_object_story_id"] for a in on_fb} <= posts
    # the dark page post behind an Instagram ad is not a published page post
    assert not {a["creative"]["effective_object_story_id"] for a in on_ig} & posts


def test_post_and_video_insights_have_the_real_shape(graph: Graph):
    posts = graph.all_pages(
        f"{PAGE_TH}/posts",
        limit=100,
        fields="id,attachments{media_type,target{id}},comments.limit(0).summary(true),shares",
    )
    video = next(p for p in posts if p["attachments"]["data"][0]["media_type"] == "video")
    body = graph.ok(
        f"{video['id']}/insights",
        period="lifetime",
        metric="post_impressions,post_impressions_unique,post_reactions_by_type_total,post_clicks",
    )
    values = {d["name"]: d["values"][0]["value"] for d in body["data"]}
    assert {d["period"] for d in body["data"]} == {"lifetime"}
    assert body["data"][0]["id"] == f"{video['id']}/insights/post_impressions/lifetime"
    assert values["post_impressions"] >= values["post_impressions_unique"] > 0
    assert set(values["post_reactions_by_type_total"]) <= {
        "like",
        "love",
        "wow",
        "haha",
        "sorry",
        "anger",
    }
    assert video["comments"]["summary"]["total_count"] >= 0 and "count" in video["shares"]
    vid = video["attachments"]["data"][0]["target"]["id"]
    vbody = graph.ok(
        f"{vid}/video_insights",
        metric="total_video_views,total_video_complete_views,total_video_avg_time_watched",
    )
    v = {d["name"]: d["values"][0]["value"] for d in vbody["data"]}
    assert v["total_video_views"] >= v["total_video_complete_views"] > 0
    assert v["total_video_avg_time_watched"] > 0  # milliseconds


@pytest.mark.parametrize(
    ("path", "params", "code", "text"),
    [
        ("{post}/insights", {}, 3001, "Invalid query"),
        ("{post}/insights", {"metric": "post_fan_reach"}, 100, "valid insights metric"),
        ("{post}/insights", {"metric": "post_impressions", "period": "day"}, 100, "lifetime only"),
        ("{image}/insights", {"metric": "ig_reels_avg_watch_time"}, 100, "media product type"),
        ("{post}/comments", {}, 100, "nonexisting field (comments)"),
        ("{post}", {"fields": "id,nope"}, 100, "nonexisting field (nope)"),
    ],
)
def test_content_errors_have_graph_codes(graph: Graph, path, params, code, text):
    post = graph.ok(f"{PAGE_TH}/posts", limit=1)["data"][0]["id"]
    image = next(
        m["id"]
        for m in graph.all_pages(f"{IG_TH}/media", fields="media_type", limit=50)
        if m["media_type"] == "IMAGE"
    )
    resp = graph.get(path.format(post=post, image=image), **params)
    assert resp.status_code == 400
    err = resp.json()["error"]
    assert err["code"] == code and text in err["message"]


def test_writes_to_content_nodes_are_refused(graph: Graph):
    post = graph.ok(f"{PAGE_TH}/posts", limit=1)["data"][0]["id"]
    err = graph.post(post, message="edited").json()["error"]
    assert err["code"] == 100 and err["error_subcode"] == 33


def test_items_published_after_the_clock_are_not_served():
    market = Market(MarketConfig(seed=42, now=NOW))
    content = organic_content(market)
    future = max(content.items, key=lambda i: i.created_at)
    market.clock.now = future.created_at - timedelta(minutes=1)
    assert future not in content.visible(future.owner_id)
    market.clock.now = future.created_at
    assert future in content.visible(future.owner_id)


def test_tiktok_video_list_pages_by_cursor_and_covers_every_spark_ad(graph: Graph):
    listed = all_videos(graph, max_count=7)
    assert listed == all_videos(graph, max_count=20)
    assert len({v["item_id"] for v in listed}) == len(listed) > 14  # 3 pages of 7
    assert [v["create_time"] for v in listed] == sorted(
        (v["create_time"] for v in listed), reverse=True
    )
    market = graph.sandbox.market
    assert market is not None
    promoted = {a.post_id for a in market.hierarchy("tiktok").ads if a.account_id.endswith("1")}
    assert promoted <= {v["item_id"] for v in listed}
    sample = listed[0]
    assert set(sample) == set(TT_FIELDS)
    assert 0 <= sample["full_video_watched_rate"] <= 1
    assert "SiamGlow" in sample["caption"]


def test_tiktok_video_list_filters_by_video_ids(graph: Graph):
    ids = [v["item_id"] for v in all_videos(graph)][:3]
    body = videos(graph, filters={"video_ids": ids})
    assert [v["item_id"] for v in body["data"]["videos"]] == ids


@pytest.mark.parametrize(
    ("business_id", "params", "code"),
    [
        ("", {}, 40001),
        ("9999", {}, 40002),
        (TT_TH, {"max_count": 21}, 40001),
        (TT_TH, {"cursor": -1}, 40001),
        (TT_TH, {"fields": ["item_id", "plays"]}, 40001),
    ],
)
def test_tiktok_video_list_errors_are_body_codes(graph: Graph, business_id, params, code):
    body = videos(graph, business_id, **params)
    assert body["code"] == code and body["data"] == {}


def test_thai_captions_come_through_as_utf8(graph: Graph):
    post = graph.ok(f"{PAGE_TH}/posts", limit=1, fields="message")["data"][0]
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in post["message"])
    video = videos(graph, max_count=1)["data"]["videos"][0]
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in video["caption"])


def test_faults_hit_content_routes_and_are_counted(graph: Graph):
    graph.control(
        "POST",
        "faults",
        json=[
            {"match": {"path_regex": "/posts"}, "kind": "graph_error", "code": 17, "times": 1},
            {"match": {"path_regex": "business/video/list"}, "kind": "tiktok_error", "code": 40100},
            {"match": {"account_id": IG_TH}, "kind": "http_error", "http_status": 503},
        ],
    )
    graph.control("POST", "stats/reset")
    assert graph.get(f"{PAGE_TH}/posts").json()["error"]["code"] == 17
    assert graph.get(f"{PAGE_TH}/posts").status_code == 200
    assert videos(graph)["code"] == 40100
    assert graph.get(f"{IG_TH}/media").status_code == 503
    stats = graph.control("GET", "stats")
    assert stats["faults"] == {"graph_error": 1, "tiktok_error": 1, "http_error": 1}
    assert stats["routes"] == {"content.posts": 2, "tiktok.business_video": 1, "content.media": 1}
    assert stats["accounts"][PAGE_TH] == 2


def test_replay_mode_has_no_tiktok_accounts_api():
    if not (SHARED_DATA / "meta").is_dir():
        pytest.skip("shared/data is not next to the repository")
    g = Graph(build_sandbox(SandboxSettings(replay=SHARED_DATA)))
    assert videos(g)["code"] == 40002
