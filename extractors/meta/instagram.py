"""Instagram media of a professional account and their lifetime insights; Meta ads' content links.

Endpoints (Graph API, version from ``MetaSettings``; Instagram Platform, Instagram API with
Facebook Login):

- ``GET /{ig_user_id}/media?fields=id,caption,media_type,media_product_type,permalink,
  shortcode,timestamp`` — newest first, cursor paged
  (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media);
- ``GET /{media_id}/insights?metric=views,reach,likes,comments,shares,saved,total_interactions``
  plus, for reels, ``ig_reels_video_view_total_time,ig_reels_avg_watch_time`` (milliseconds,
  stored in seconds). Media insights are lifetime values; asking a reel-only metric of a feed
  post is an error, so the metric list follows ``media_product_type``
  (…/reference/ig-media/insights);
- ``GET /act_{id}/ads?fields=id,creative{id,object_story_id,effective_object_story_id,
  effective_instagram_media_id}`` — which post or Instagram media each ad uses
  (https://developers.facebook.com/docs/marketing-api/reference/ad-creative/).

Tables: ``raw.meta_instagram_media``, ``raw.meta_instagram_media_metrics`` and
``raw.meta_ad_creative_links``.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import pyarrow as pa

from extractors.common.schemas import (
    META_AD_CREATIVE_LINKS,
    META_INSTAGRAM_MEDIA,
    META_INSTAGRAM_MEDIA_METRICS,
)
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
from extractors.meta import settings as meta_settings
from extractors.meta.client import MetaApiError, MetaClient
from extractors.meta.entities import parse_graph_time
from extractors.meta.posts import PostMetrics, insight_values

log = logging.getLogger(__name__)

MEDIA_FIELDS = "id,caption,media_type,media_product_type,permalink,shortcode,timestamp"
MEDIA_METRICS = ("views", "reach", "likes", "comments", "shares", "saved", "total_interactions")
REELS_METRICS = ("ig_reels_video_view_total_time", "ig_reels_avg_watch_time")
AD_LINK_FIELDS = (
    "id,creative{id,object_story_id,effective_object_story_id,effective_instagram_media_id}"
)

MEDIA_GETTERS: dict[str, Getter] = {
    "media_id": lambda r: str(r["id"]),
    "account_id": lambda r: r["_account"],
    "content_id": lambda r: content_id("instagram", str(r["id"])),
    "created_time": lambda r: parse_graph_time(r.get("timestamp")),
    "caption": lambda r: r.get("caption"),
    "media_type": lambda r: r.get("media_type"),
    "media_product_type": lambda r: r.get("media_product_type"),
    "permalink": lambda r: r.get("permalink"),
    "shortcode": lambda r: r.get("shortcode"),
}


def list_media(client: MetaClient, account: ContentAccount, limit: int) -> list[dict[str, Any]]:
    """Every media object of the Instagram account (all pages of the cursor)."""
    out: list[dict[str, Any]] = []
    params = {"fields": MEDIA_FIELDS, "limit": limit}
    for p in client.pages((account.account_id, "media"), params):
        out.extend(p.data())
    return out


def media_table(
    client: MetaClient, account: ContentAccount, media: list[dict[str, Any]], loaded_at: datetime
) -> pa.Table:
    """``raw.meta_instagram_media`` rows (``raw_json`` is each media object as listed)."""
    recs = [{**m, "_account": account.account_id, "_raw": m} for m in media]
    source = f"GET /{client.settings.api_version}/{account.account_id}/media"
    return content_table(META_INSTAGRAM_MEDIA, recs, MEDIA_GETTERS, account, source, loaded_at)


def _metrics_record(
    media: dict[str, Any], body: dict[str, Any], snapshot_at: datetime
) -> dict[str, Any]:
    v = insight_values(body)
    watch, avg = v.get("ig_reels_video_view_total_time"), v.get("ig_reels_avg_watch_time")
    return {
        "media_id": str(media["id"]),
        "snapshot_at": snapshot_at,
        "views": to_int(v.get("views")),
        "reach": to_int(v.get("reach")),
        "likes": to_int(v.get("likes")),
        "comments": to_int(v.get("comments")),
        "shares": to_int(v.get("shares")),
        "saves": to_int(v.get("saved")),
        "total_interactions": to_int(v.get("total_interactions")),
        "watch_time_s": None if watch is None else float(watch) / 1000.0,
        "avg_watch_time_s": None if avg is None else float(avg) / 1000.0,
        "_raw": body,
    }


def media_metrics(
    client: MetaClient,
    account: ContentAccount,
    media: list[dict[str, Any]],
    snapshot_at: datetime,
    horizon_days: int,
) -> PostMetrics:
    """Lifetime insights of the media published within ``horizon_days`` before ``snapshot_at``.

    Returns:
        ``raw.meta_instagram_media_metrics`` rows and the media skipped for a non-retriable
        Graph error (deleted since listed ...).

    Raises:
        AuthError: the token was rejected.
    """
    oldest = horizon_start(account, snapshot_at, horizon_days)
    rows, skipped = [], {}
    for m in media:
        created = parse_graph_time(m.get("timestamp"))
        if created is not None and created < oldest:
            continue
        metrics = MEDIA_METRICS + (REELS_METRICS if m.get("media_product_type") == "REELS" else ())
        try:
            body = client.get_json((str(m["id"]), "insights"), {"metric": ",".join(metrics)})
        except MetaApiError as exc:
            log.warning("instagram %s: media %s skipped: %s", account.account_id, m["id"], exc)
            skipped[str(m["id"])] = str(exc)
            continue
        rows.append(_metrics_record(m, body, snapshot_at))
    day = snapshot_day(account, snapshot_at)
    getters = passthrough(META_INSTAGRAM_MEDIA_METRICS)
    getters["snapshot_date"] = lambda r: day
    getters["account_id"] = lambda r: account.account_id
    source = f"GET /{client.settings.api_version}/{{media_id}}/insights ig={account.account_id}"
    table = content_table(META_INSTAGRAM_MEDIA_METRICS, rows, getters, account, source, snapshot_at)
    return PostMetrics(table, skipped)


def ad_creative_links(
    client: MetaClient, ad_account: ContentAccount, loaded_at: datetime
) -> pa.Table:
    """``raw.meta_ad_creative_links``: every ad of the account and the content it uses.

    Ads of every effective status are listed (paused ads keep their history).
    """
    params = {
        "fields": AD_LINK_FIELDS,
        "limit": client.settings.entity_page_limit,
        "effective_status": list(meta_settings.ALL_EFFECTIVE_STATUSES),
    }
    ads: list[dict[str, Any]] = []
    for p in client.pages((f"act_{ad_account.account_id}", "ads"), params):
        ads.extend(p.data())

    def creative(r: dict[str, Any], key: str) -> Any:
        return (r.get("creative") or {}).get(key)

    getters: dict[str, Getter] = {
        "ad_id": lambda r: str(r["id"]),
        "account_id": lambda r: ad_account.account_id,
        "creative_id": lambda r: creative(r, "id"),
        "object_story_id": lambda r: creative(r, "object_story_id"),
        "effective_object_story_id": lambda r: creative(r, "effective_object_story_id"),
        "effective_instagram_media_id": lambda r: creative(r, "effective_instagram_media_id"),
    }
    source = f"GET /{client.settings.api_version}/act_{ad_account.account_id}/ads (creatives)"
    return content_table(META_AD_CREATIVE_LINKS, ads, getters, ad_account, source, loaded_at)
