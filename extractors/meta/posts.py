"""Facebook page posts and their lifetime metrics, as typed Arrow tables.

Endpoints (Graph API, version from ``MetaSettings``):

- ``GET /{page_id}/posts?fields=id,created_time,message,permalink_url,status_type,
  attachments{media_type,type,target{id},url},shares,comments.limit(0).summary(true)`` — the
  page's published posts, newest first, cursor paged
  (https://developers.facebook.com/docs/graph-api/reference/page/feed/);
- ``GET /{post_id}/insights?metric=post_impressions,post_impressions_unique,
  post_reactions_by_type_total,post_clicks&period=lifetime`` — lifetime post metrics
  (https://developers.facebook.com/docs/graph-api/reference/post/insights/);
- ``GET /{video_id}/video_insights?metric=total_video_views,total_video_complete_views,
  total_video_view_total_time,total_video_avg_time_watched`` — for video posts, the video node
  from ``attachments.target.id``; times arrive in milliseconds and are stored in seconds
  (https://developers.facebook.com/docs/graph-api/reference/video/video_insights/).

Tables: ``raw.meta_page_posts`` and ``raw.meta_page_post_metrics`` (one lifetime snapshot row per
post). A post whose insights call fails with a non-retriable Graph error (deleted since it was
listed, no permission on a single post) is skipped and reported; authentication errors stop.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pyarrow as pa

from extractors.common.schemas import META_PAGE_POST_METRICS, META_PAGE_POSTS
from extractors.content.common import (
    ContentAccount,
    Getter,
    content_table,
    horizon_start,
    passthrough,
    snapshot_day,
    to_int,
)
from extractors.content.ids import content_id
from extractors.meta.client import MetaApiError, MetaClient
from extractors.meta.entities import parse_graph_time

log = logging.getLogger(__name__)

POST_FIELDS = (
    "id,created_time,message,permalink_url,status_type,"
    "attachments{media_type,type,target{id},url},shares,comments.limit(0).summary(true)"
)
POST_METRICS = (
    "post_impressions",
    "post_impressions_unique",
    "post_reactions_by_type_total",
    "post_clicks",
)
VIDEO_METRICS = (
    "total_video_views",
    "total_video_complete_views",
    "total_video_view_total_time",
    "total_video_avg_time_watched",
)


def insight_values(body: dict[str, Any]) -> dict[str, Any]:
    """``{"data": [{"name", "values": [{"value"}]}]}`` → metric name → latest value."""
    out: dict[str, Any] = {}
    for entry in body.get("data") or []:
        values = entry.get("values") or []
        if entry.get("name") and values:
            out[str(entry["name"])] = values[-1].get("value")
    return out


def _attachment(post: dict[str, Any]) -> dict[str, Any]:
    data = (post.get("attachments") or {}).get("data") or []
    return data[0] if data else {}


def video_id_of(post: dict[str, Any]) -> str | None:
    """The video node of a video post (``attachments.data[0].target.id``), else None."""
    att = _attachment(post)
    if att.get("media_type") != "video":
        return None
    target = (att.get("target") or {}).get("id")
    return str(target) if target else None


POST_GETTERS: dict[str, Getter] = {
    "post_id": lambda r: str(r["id"]),
    "account_id": lambda r: str(r["id"]).split("_", 1)[0],
    "content_id": lambda r: content_id("facebook", str(r["id"])),
    "created_time": lambda r: parse_graph_time(r.get("created_time")),
    "message": lambda r: r.get("message"),
    "permalink_url": lambda r: r.get("permalink_url"),
    "status_type": lambda r: r.get("status_type"),
    "media_type": lambda r: _attachment(r).get("media_type"),
    "video_id": video_id_of,
}


def list_posts(client: MetaClient, page: ContentAccount, limit: int) -> list[dict[str, Any]]:
    """Every published post of the page (all pages of the cursor)."""
    out: list[dict[str, Any]] = []
    for p in client.pages((page.account_id, "posts"), {"fields": POST_FIELDS, "limit": limit}):
        out.extend(p.data())
    return out


def posts_table(
    client: MetaClient, page: ContentAccount, posts: list[dict[str, Any]], loaded_at: datetime
) -> pa.Table:
    """``raw.meta_page_posts`` rows of listed posts."""
    source = f"GET /{client.settings.api_version}/{page.account_id}/posts"
    return content_table(META_PAGE_POSTS, posts, POST_GETTERS, page, source, loaded_at)


@dataclass
class PostMetrics:
    """Metrics rows of one page and the posts that were skipped (with the reason)."""

    table: pa.Table
    skipped: dict[str, str] = field(default_factory=dict)


def _ms_to_s(value: Any) -> float | None:
    return None if value in (None, "") else float(value) / 1000.0


def _metrics_record(
    post: dict[str, Any],
    post_ins: dict[str, Any],
    video_ins: dict[str, Any] | None,
    snapshot_at: datetime,
) -> dict[str, Any]:
    p, v = insight_values(post_ins), insight_values(video_ins or {})
    reactions = p.get("post_reactions_by_type_total") or {}
    comments = ((post.get("comments") or {}).get("summary") or {}).get("total_count")
    return {
        "post_id": str(post["id"]),
        "snapshot_at": snapshot_at,
        "impressions": to_int(p.get("post_impressions")),
        "reach": to_int(p.get("post_impressions_unique")),
        "reactions": sum(int(x) for x in reactions.values())
        if isinstance(reactions, dict)
        else None,
        "likes": to_int(reactions.get("like", 0)) if isinstance(reactions, dict) else None,
        "clicks": to_int(p.get("post_clicks")),
        "comments": to_int(comments),
        "shares": to_int((post.get("shares") or {}).get("count", 0)),
        "video_views_3s": to_int(v.get("total_video_views")),
        "video_complete_views": to_int(v.get("total_video_complete_views")),
        "video_watch_time_s": _ms_to_s(v.get("total_video_view_total_time")),
        "video_avg_watch_time_s": _ms_to_s(v.get("total_video_avg_time_watched")),
        "_raw": {
            "post": {k: post.get(k) for k in ("id", "comments", "shares")},
            "insights": post_ins,
            "video_insights": video_ins,
        },
    }


def post_metrics(
    client: MetaClient,
    page: ContentAccount,
    posts: list[dict[str, Any]],
    snapshot_at: datetime,
    horizon_days: int,
) -> PostMetrics:
    """Lifetime metrics of the posts published within ``horizon_days`` before ``snapshot_at``.

    Args:
        client: a Graph client (its account id is the page id).
        page: the page.
        posts: records from :func:`list_posts` (they carry the comments and shares summaries).
        snapshot_at: the sync instant (aware UTC), stamped on every row.
        horizon_days: how old a post may be and still be snapshot.

    Returns:
        ``raw.meta_page_post_metrics`` rows (``snapshot_date`` filled by the caller's scope)
        and the posts skipped for a non-retriable Graph error.

    Raises:
        AuthError: the token was rejected (nothing is skipped silently).
    """
    oldest = horizon_start(page, snapshot_at, horizon_days)
    rows, skipped = [], {}
    for post in posts:
        created = parse_graph_time(post.get("created_time"))
        if created is not None and created < oldest:
            continue
        try:
            ins = client.get_json(
                (str(post["id"]), "insights"),
                {"metric": ",".join(POST_METRICS), "period": "lifetime"},
            )
            vid = video_id_of(post)
            vins = (
                client.get_json(
                    (vid, "video_insights"),
                    {"metric": ",".join(VIDEO_METRICS), "period": "lifetime"},
                )
                if vid
                else None
            )
        except MetaApiError as exc:
            log.warning("page %s: post %s skipped: %s", page.account_id, post["id"], exc)
            skipped[str(post["id"])] = str(exc)
            continue
        rows.append(_metrics_record(post, ins, vins, snapshot_at))
    return PostMetrics(metrics_table(client, page, rows, snapshot_at), skipped)


def metrics_table(
    client: MetaClient, page: ContentAccount, rows: list[dict[str, Any]], snapshot_at: datetime
) -> pa.Table:
    """``raw.meta_page_post_metrics`` from metrics records."""
    day = snapshot_day(page, snapshot_at)
    getters = passthrough(META_PAGE_POST_METRICS)
    getters["snapshot_date"] = lambda r: day
    getters["account_id"] = lambda r: page.account_id
    source = f"GET /{client.settings.api_version}/{{post_id}}/insights page={page.account_id}"
    return content_table(META_PAGE_POST_METRICS, rows, getters, page, source, snapshot_at)
