"""Graph nodes of the brand's organic content: pages, posts, videos, Instagram users and media.

Shapes follow the Graph API reference (fields the sandbox serves; absent fields are simply not
in the node):

- Page (https://developers.facebook.com/docs/graph-api/reference/page/): ``id``, ``name``,
  ``category``, ``link``, ``instagram_business_account{id}``.
- Page post (https://developers.facebook.com/docs/graph-api/reference/post/): ``id``
  (``{page_id}_{post_id}``), ``created_time`` (``2026-10-01T03:00:00+0000``, UTC), ``message``,
  ``permalink_url``, ``status_type``, ``is_published``, ``attachments{media_type,type,target{id,
  url},url}`` (a video post's ``target.id`` is its video node), ``shares{count}``,
  ``comments.summary(true)`` and ``reactions.summary(true)`` (lifetime counts in ``summary``).
- Instagram user (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/
  reference/ig-user): ``id``, ``username``, ``name``, ``media_count``.
- Instagram media (…/reference/ig-media): ``id``, ``caption``, ``media_type`` (``IMAGE``,
  ``VIDEO``, ``CAROUSEL_ALBUM``), ``media_product_type`` (``FEED``, ``REELS``), ``permalink``,
  ``shortcode``, ``timestamp`` (``+0000``), ``like_count``, ``comments_count``, ``owner{id}``.
"""

from __future__ import annotations

import numpy as np

from sandbox.market.catalog import BRAND
from sandbox.market.organic import ContentItem, OrganicContent

REACTION_SHARES = (
    ("like", 0.72),
    ("love", 0.18),
    ("wow", 0.05),
    ("haha", 0.03),
    ("sorry", 0.01),
    ("anger", 0.01),
)
"""How a post's reactions split by type (``post_reactions_by_type_total``)."""


def utc_time(item: ContentItem) -> str:
    """Publish time in the Graph format, UTC (``+0000``), as posts and media return it."""
    return item.created_at.strftime("%Y-%m-%dT%H:%M:%S+0000")


def reactions_by_type(likes: float) -> dict[str, int]:
    """Lifetime reactions per type from the lifetime total (each floored, zeros omitted)."""
    out = {name: int(np.floor(likes * share)) for name, share in REACTION_SHARES}
    return {k: v for k, v in out.items() if v > 0}


def page_node(content: OrganicContent, page_id: str) -> dict:
    """A Facebook page of the brand."""
    _, acct = content.owners[page_id]
    ig = next(
        (
            o
            for o, (p, a) in content.owners.items()
            if p == "instagram" and a.account_id == acct.account_id
        ),
        None,
    )
    node: dict[str, object] = {
        "id": page_id,
        "name": f"{BRAND} {acct.country}",
        "category": "Health/beauty",
        "link": f"https://www.facebook.com/{page_id}",
    }
    if ig:
        node["instagram_business_account"] = {"id": ig}
    return node


def instagram_user_node(content: OrganicContent, user_id: str) -> dict:
    """An Instagram professional account of the brand."""
    _, acct = content.owners[user_id]
    handle = f"siamglow.{acct.country.lower()}"
    return {
        "id": user_id,
        "username": handle,
        "name": f"{BRAND} {acct.country}",
        "media_count": len(content.visible(user_id)),
    }


def post_node(item: ContentItem, lifetime: dict[str, float]) -> dict:
    """A Facebook page post with every field (counts as of the clock)."""
    page, raw = item.item_id.split("_", 1)
    url = f"https://www.facebook.com/{page}/posts/{raw}"
    if item.video_id:
        attachment = {
            "media_type": "video",
            "type": "video_inline",
            "url": url,
            "target": {
                "id": item.video_id,
                "url": f"https://www.facebook.com/{page}/videos/{item.video_id}",
            },
        }
        status = "added_video"
    else:
        attachment = {
            "media_type": "photo",
            "type": "photo",
            "url": url,
            "target": {"id": f"{raw}1", "url": url},
        }
        status = "added_photos"
    reactions = sum(reactions_by_type(lifetime["likes"]).values())
    return {
        "id": item.item_id,
        "created_time": utc_time(item),
        "message": item.caption,
        "permalink_url": url,
        "status_type": status,
        "is_published": True,
        "from": {"id": page},
        "attachments": {"data": [attachment]},
        "shares": {"count": int(lifetime["shares"])},
        "comments": {
            "data": [],
            "summary": {
                "order": "ranked",
                "total_count": int(lifetime["comments"]),
                "can_comment": True,
            },
        },
        "reactions": {"data": [], "summary": {"total_count": reactions, "viewer_reaction": "NONE"}},
    }


def _shortcode(item: ContentItem) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    n, out = int(item.item_id), ""
    while n:
        n, r = divmod(n, 64)
        out = alphabet[r] + out
    return "C" + out


def media_node(item: ContentItem, lifetime: dict[str, float]) -> dict:
    """An Instagram media object with every field (counts as of the clock)."""
    reel = item.kind == "REELS"
    code = _shortcode(item)
    return {
        "id": item.item_id,
        "caption": item.caption,
        "media_type": "VIDEO" if reel else item.kind,
        "media_product_type": "REELS" if reel else "FEED",
        "permalink": f"https://www.instagram.com/{'reel' if reel else 'p'}/{code}/",
        "shortcode": code,
        "timestamp": utc_time(item),
        "owner": {"id": item.owner_id},
        "like_count": int(lifetime["likes"]),
        "comments_count": int(lifetime["comments"]),
    }
