"""TikTok account videos and their lifetime metrics (Accounts API), as typed Arrow tables.

Endpoint: ``GET /open_api/v1.3/business/video/list/`` with ``business_id`` (the TikTok account),
``fields`` (JSON array), ``cursor`` and ``max_count`` (1–20); the answer's ``data`` is
``{"videos": [...], "has_more", "cursor"}`` (TikTok API for Business, Accounts API "Get account
media", https://business-api.tiktok.com/portal/docs). Metrics come with the list and are
lifetime totals as of the call (the API has no per-day video metrics): one list walk gives both
tables, ``raw.tiktok_posts`` and ``raw.tiktok_post_metrics``. Errors follow
:class:`~extractors.tiktok.client.TikTokClient` (body codes; the cursor of a failed page is kept,
so a retry neither skips nor repeats videos).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from extractors.common.retry import TruncatedResponseError
from extractors.common.schemas import TIKTOK_POST_METRICS, TIKTOK_POSTS
from extractors.content.common import (
    ContentAccount,
    Getter,
    content_table,
    snapshot_day,
    to_float,
    to_int,
)
from extractors.content.ids import content_id
from extractors.tiktok.client import TikTokClient

VIDEO_LIST = "business/video/list"
VIDEO_FIELDS: tuple[str, ...] = (
    "item_id",
    "create_time",
    "caption",
    "share_url",
    "video_duration",
    "video_views",
    "reach",
    "likes",
    "comments",
    "shares",
    "favorites",
    "total_time_watched",
    "average_time_watched",
    "full_video_watched_rate",
)
_METRIC_KEYS = (
    "video_views",
    "reach",
    "likes",
    "comments",
    "shares",
    "favorites",
    "total_time_watched",
    "average_time_watched",
    "full_video_watched_rate",
)


def video_pages(client: TikTokClient, business_id: str, max_count: int) -> Iterator[list[dict]]:
    """Yield each page of videos, newest first, following ``cursor`` while ``has_more``.

    Raises:
        TruncatedResponseError: the API says there is more but returns no cursor.
        TikTokApiError / AuthError: see the client.
    """
    cursor: Any = None
    n = 0
    while True:
        n += 1
        params: dict[str, Any] = {
            "business_id": business_id,
            "fields": list(VIDEO_FIELDS),
            "max_count": max_count,
        }
        if cursor is not None:
            params["cursor"] = cursor
        data = client.call(
            "GET", VIDEO_LIST, params, what=f"GET {VIDEO_LIST} business {business_id} page {n}"
        )
        yield list(data.get("videos") or [])
        if not data.get("has_more"):
            return
        if data.get("cursor") in (None, "", cursor):
            raise TruncatedResponseError(
                f"{VIDEO_LIST} business {business_id}: has_more without a new cursor"
            )
        cursor = data["cursor"]


def _created(r: dict[str, Any]) -> datetime | None:
    ts = r.get("create_time")
    return None if ts is None or ts == "" else datetime.fromtimestamp(int(ts), UTC)


POST_GETTERS: dict[str, Getter] = {
    "item_id": lambda r: str(r["item_id"]),
    "account_id": lambda r: r["_account"],
    "content_id": lambda r: content_id("tiktok", str(r["item_id"])),
    "created_time": _created,
    "caption": lambda r: r.get("caption"),
    "share_url": lambda r: r.get("share_url"),
    "video_duration_s": lambda r: to_float(r.get("video_duration")),
}
METRIC_GETTERS: dict[str, Getter] = {
    "item_id": lambda r: str(r["item_id"]),
    "account_id": lambda r: r["_account"],
    "snapshot_at": lambda r: r["_at"],
    "video_views": lambda r: to_int(r.get("video_views")),
    "reach": lambda r: to_int(r.get("reach")),
    "likes": lambda r: to_int(r.get("likes")),
    "comments": lambda r: to_int(r.get("comments")),
    "shares": lambda r: to_int(r.get("shares")),
    "favorites": lambda r: to_int(r.get("favorites")),
    "total_time_watched_s": lambda r: to_float(r.get("total_time_watched")),
    "average_time_watched_s": lambda r: to_float(r.get("average_time_watched")),
    "full_video_watched_rate": lambda r: to_float(r.get("full_video_watched_rate")),
}


def fetch_videos(
    client: TikTokClient, account: ContentAccount, snapshot_at: datetime, max_count: int = 20
) -> tuple[pa.Table, pa.Table]:
    """Every video of the TikTok account: ``(raw.tiktok_posts, raw.tiktok_post_metrics)``.

    Args:
        client: a TikTok client (its advertiser id is the ``business_id``, for messages).
        account: the TikTok account.
        snapshot_at: the sync instant (aware UTC): ``_loaded_at`` and ``snapshot_at`` of rows.
        max_count: videos per page (1–20).
    """
    videos = [
        {**v, "_account": account.account_id, "_at": snapshot_at, "_raw": v}
        for page in video_pages(client, account.account_id, max_count)
        for v in page
    ]
    source = (
        f"GET /open_api/{client.settings.api_version}/{VIDEO_LIST}/ "
        f"business_id={account.account_id}"
    )
    posts = content_table(TIKTOK_POSTS, videos, POST_GETTERS, account, source, snapshot_at)
    day = snapshot_day(account, snapshot_at)
    metric_rows = [
        {**v, "_raw": {k: v["_raw"].get(k) for k in ("item_id", *_METRIC_KEYS)}} for v in videos
    ]
    getters = {**METRIC_GETTERS, "snapshot_date": lambda r: day}
    metrics = content_table(TIKTOK_POST_METRICS, metric_rows, getters, account, source, snapshot_at)
    return posts, metrics
