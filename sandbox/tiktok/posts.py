"""TikTok Accounts API: ``GET /open_api/v1.3/business/video/list/`` — a TikTok account's videos.

Source: TikTok API for Business, Accounts API "Get account media" (``/business/video/list/``,
https://business-api.tiktok.com/portal/docs, TikTok Accounts API section). Parameters:
``business_id`` (required: the TikTok account), ``fields`` (JSON array; default
``["item_id"]``), ``filters`` (``{"video_ids": [...]}``, at most 20), ``cursor`` (from the
previous answer) and ``max_count`` (1–20, default 20). Answer ``data``::

    {"videos": [{"item_id": "...", "create_time": 1730000000, "caption": "...",
                 "video_views": 123, "likes": 4, ...}], "has_more": true, "cursor": 20}

Videos newest first. Metrics are **lifetime** totals as of now (the API has no per-day video
metrics): ``video_views``, ``likes``, ``comments``, ``shares``, ``favorites`` (saves),
``reach``, ``total_time_watched`` and ``average_time_watched`` (seconds),
``full_video_watched_rate`` (0–1), ``video_duration`` (seconds). The real cursor is a
timestamp; here it is an opaque offset (clients must only pass it back). Errors (HTTP 200 with
a body code): 40001 bad parameter, 40002 a business the token may not read.
"""

from __future__ import annotations

from typing import Any

from sandbox.market.organic import ContentItem, organic_content
from sandbox.tiktok.backend import TikTokBackend
from sandbox.tiktok.errors import NO_PERMISSION, TikTokError, invalid_param
from sandbox.tiktok.params import json_param, str_list

MAX_COUNT = 20
FIELDS = frozenset(
    {
        "item_id",
        "create_time",
        "thumbnail_url",
        "share_url",
        "embed_url",
        "caption",
        "video_views",
        "likes",
        "comments",
        "shares",
        "favorites",
        "reach",
        "video_duration",
        "full_video_watched_rate",
        "total_time_watched",
        "average_time_watched",
    }
)


def _record(item: ContentItem, lt: dict[str, float]) -> dict[str, Any]:
    views = int(lt["views"])
    url = f"https://www.tiktok.com/@siamglow.{item.account.country.lower()}/video/{item.item_id}"
    return {
        "item_id": item.item_id,
        "create_time": int(item.created_at.timestamp()),
        "thumbnail_url": f"https://p16-sign.tiktokcdn.com/obj/{item.item_id}.jpeg",
        "share_url": url,
        "embed_url": f"https://www.tiktok.com/embed/v2/{item.item_id}",
        "caption": item.caption,
        "video_views": views,
        "likes": int(lt["likes"]),
        "comments": int(lt["comments"]),
        "shares": int(lt["shares"]),
        "favorites": int(lt["saves"]),
        "reach": int(lt["reach"]),
        "video_duration": item.duration_s,
        "full_video_watched_rate": round(lt["completions"] / views, 4) if views else 0.0,
        "total_time_watched": round(lt["watch_s"], 1),
        "average_time_watched": round(lt["watch_s"] / views, 2) if views else 0.0,
    }


def _int(params: dict[str, Any], name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise invalid_param(f"{name}: must be an integer, got {raw!r}") from None


def business_videos(backend: TikTokBackend, params: dict[str, Any]) -> dict:
    """Answer ``business/video/list`` from the market behind ``backend``.

    Raises:
        TikTokError: 40001 for a missing or malformed parameter, 40002 for a business id that
            is not one of the market's TikTok accounts (and in replay mode, which has none).
    """
    business_id = str(params.get("business_id") or "")
    if not business_id:
        raise invalid_param("business_id: required")
    market = getattr(backend, "market", None)
    content = organic_content(market) if market is not None else None
    if content is None or content.owners.get(business_id, ("",))[0] != "tiktok":
        raise TikTokError(NO_PERMISSION, f"No permission to operate business {business_id}.")
    fields = str_list(params, "fields") or ["item_id"]
    unknown = sorted(set(fields) - FIELDS)
    if unknown:
        raise invalid_param(f"fields: unknown {unknown}")
    max_count = _int(params, "max_count", MAX_COUNT)
    if not 1 <= max_count <= MAX_COUNT:
        raise invalid_param(f"max_count: must be between 1 and {MAX_COUNT}")
    cursor = _int(params, "cursor", 0)
    if cursor < 0:
        raise invalid_param("cursor: must be a cursor returned by a previous call")
    items = content.visible(business_id)
    filters = json_param(params, "filters", {}) or {}
    if not isinstance(filters, dict) or set(filters) - {"video_ids"}:
        raise invalid_param('filters: {"video_ids": [...]} only')
    if "video_ids" in filters:
        wanted = {str(v) for v in filters["video_ids"] or []}
        if len(wanted) > MAX_COUNT:
            raise invalid_param(f"filters.video_ids: at most {MAX_COUNT}")
        items = [i for i in items if i.item_id in wanted]
    page = items[cursor : cursor + max_count]
    lifetime = content.lifetime(page)
    videos = []
    for n, item in enumerate(page):
        rec = _record(item, {m: float(v[n]) for m, v in lifetime.items()})
        videos.append({f: rec[f] for f in fields})
    end = cursor + len(page)
    return {"videos": videos, "has_more": end < len(items), "cursor": end}
