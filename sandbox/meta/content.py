"""Graph routes of organic content: page posts, video insights, Instagram media and insights.

Mounted as an extension of :class:`sandbox.meta.handlers.GraphHandlers` (market mode): nodes of
the brand's pages, posts, videos, Instagram users and media are answered here, every other node
by the Marketing API emulator. Faults, authentication, usage headers and stats are the Graph
routes' (families below).

==============================================  ===================================  =========
request                                         answer                               family
==============================================  ===================================  =========
``GET /{page_id}``                              page (``instagram_business_account``)  node
``GET /{page_id}/posts``                        published posts, newest first,       posts
                                                cursor paged (``limit``, ``after``),
                                                ``since``/``until`` (unix s or date)
``GET /{post_id}``                              one post                             node
``GET /{post_id}/insights?metric=&period=``     lifetime post metrics                insights
``GET /{video_id}/video_insights?metric=``      lifetime video metrics               video
``GET /{ig_user_id}``, ``/{ig_user_id}/media``  account; media newest first, paged   media
``GET /{media_id}``, ``/{media_id}/insights``   media; lifetime media metrics        insights
==============================================  ===================================  =========

Families are counted as ``content.<family>`` in the sandbox stats.

Insights bodies are the real shape: ``{"data": [{"name", "period": "lifetime", "values":
[{"value": ...}], "title", "description", "id": "{node}/insights/{name}/lifetime"}]}``.
Post metrics are lifetime only here (Page Post Insights reference: post metrics are lifetime
aggregates); ``period=day`` is refused with code 100. An unknown metric is code 100; no
``metric`` is code 3001 / subcode 1504028 (the reference's "No metric specified"). Instagram
reel-only metrics asked of a feed post are code 100 as on the real API.
Sources: Page Post Insights (https://developers.facebook.com/docs/graph-api/reference/post/
insights/), Video Insights (…/reference/video/video_insights/), Instagram Media Insights
(…/docs/instagram-platform/instagram-graph-api/reference/ig-media/insights).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sandbox.market.market import Market
from sandbox.market.organic import ContentItem, organic_content
from sandbox.meta.content_nodes import (
    instagram_user_node,
    media_node,
    page_node,
    post_node,
    reactions_by_type,
)
from sandbox.meta.errors import GraphError, invalid_param, unknown_object
from sandbox.meta.fields import FieldSpec, parse_fields
from sandbox.meta.paging import page_body, window

UrlFor = Callable[[str, str], str]
Value = Callable[[dict[str, float], ContentItem], object]

_MS = 1000.0


def _avg_ms(lt: dict[str, float], _: ContentItem) -> int:
    return int(lt["watch_s"] / lt["views"] * _MS) if lt["views"] >= 1 else 0


POST_METRICS: dict[str, tuple[str, Value]] = {
    "post_impressions": ("Lifetime Post Total Impressions", lambda lt, _: int(lt["impressions"])),
    "post_impressions_unique": ("Lifetime Post Total Reach", lambda lt, _: int(lt["reach"])),
    "post_impressions_organic": (
        "Lifetime Post Organic Impressions",
        lambda lt, _: int(lt["impressions"]),
    ),
    "post_impressions_organic_unique": (
        "Lifetime Post Organic Reach",
        lambda lt, _: int(lt["reach"]),
    ),
    "post_clicks": ("Lifetime Post Clicks", lambda lt, _: int(lt["clicks"])),
    "post_reactions_by_type_total": (
        "Lifetime Total post Reactions by Type",
        lambda lt, _: reactions_by_type(lt["likes"]),
    ),
}
VIDEO_METRICS: dict[str, tuple[str, Value]] = {
    "total_video_views": (
        "Lifetime Total Video Views (3 seconds or more)",
        lambda lt, _: int(lt["views"]),
    ),
    "total_video_views_unique": ("Lifetime Unique Video Views", lambda lt, _: int(lt["reach"])),
    "total_video_complete_views": (
        "Lifetime Total Video Complete Views",
        lambda lt, _: int(lt["completions"]),
    ),
    "total_video_avg_time_watched": ("Lifetime Average time video viewed (ms)", _avg_ms),
    "total_video_view_total_time": (
        "Lifetime Total Video View Time (ms)",
        lambda lt, _: int(lt["watch_s"] * _MS),
    ),
}
MEDIA_METRICS: dict[str, tuple[str, Value]] = {
    "views": ("Views", lambda lt, _: int(lt["views"])),
    "reach": ("Accounts reached", lambda lt, _: int(lt["reach"])),
    "likes": ("Likes", lambda lt, _: int(lt["likes"])),
    "comments": ("Comments", lambda lt, _: int(lt["comments"])),
    "shares": ("Shares", lambda lt, _: int(lt["shares"])),
    "saved": ("Saves", lambda lt, _: int(lt["saves"])),
    "total_interactions": (
        "Interactions",
        lambda lt, _: int(lt["likes"]) + int(lt["comments"]) + int(lt["shares"]) + int(lt["saves"]),
    ),
    "plays": ("Plays", lambda lt, _: int(lt["views"])),
    "ig_reels_avg_watch_time": ("Average watch time (ms)", _avg_ms),
    "ig_reels_video_view_total_time": ("Watch time (ms)", lambda lt, _: int(lt["watch_s"] * _MS)),
}
REELS_ONLY = frozenset({"plays", "ig_reels_avg_watch_time", "ig_reels_video_view_total_time"})
_DEFAULT_FIELDS = {"post": ("id", "created_time", "message"), "media": ("id",)}


class ContentGraph:
    """Answers the content nodes of one market (see the module docstring)."""

    def __init__(self, market: Market) -> None:
        self.content = organic_content(market)
        self.market = market

    # --- routing facts (GraphHandlers asks these first) ----------------------------------

    def _node(self, node: str) -> tuple[str, ContentItem | None] | None:
        c = self.content
        if node in c.owners:
            platform = c.owners[node][0]
            if platform == "tiktok":
                return None
            return ("page" if platform == "facebook" else "ig_user"), None
        item = c.by_id.get(node) or c.by_video.get(node)
        if item is None or item.platform == "tiktok" or item.created_at > self.market.clock.now:
            return None
        if node == item.video_id:
            return "video", item
        return ("post" if item.platform == "facebook" else "media"), item

    def owns(self, node: str) -> bool:
        """Whether ``node`` is a content node served here."""
        return self._node(node) is not None

    def account_for(self, node: str) -> str | None:
        """The page or Instagram account a content node belongs to (for faults and stats)."""
        hit = self._node(node)
        if hit is None:
            return None
        return node if hit[1] is None else hit[1].owner_id

    def family(self, method: str, node: str, edge: str | None) -> str | None:
        """Stats family of a content request, None for other nodes."""
        hit = self._node(node)
        if hit is None:
            return None
        return {
            "posts": "content.posts",
            "media": "content.media",
            "insights": "content.insights",
            "video_insights": "content.video",
        }.get(edge or "", "content.node")

    # --- dispatch ------------------------------------------------------------------------

    def dispatch(
        self, method: str, node: str, edge: str | None, params: dict[str, str], url_for: UrlFor
    ) -> dict:
        """Answer one request for a content node (authentication and faults done).

        Raises:
            GraphError: writes (unsupported), unknown edges, bad fields, metrics or periods.
        """
        hit = self._node(node)
        if hit is None or method != "GET":
            raise unknown_object(node, method.lower())
        kind, item = hit
        if edge is None:
            return self._node_body(kind, node, item, params)
        if (kind, edge) == ("page", "posts"):
            return self._list(node, "post", params, url_for)
        if (kind, edge) == ("ig_user", "media"):
            return self._list(node, "media", params, url_for)
        if item is not None and (kind, edge) in (
            ("post", "insights"),
            ("media", "insights"),
            ("video", "video_insights"),
        ):
            return self._insights(kind, node, item, params)
        raise invalid_param(
            f"Tried accessing nonexisting field ({edge}) on node type ({_NODE_TYPE[kind]})"
        )

    def _lifetime(self, items: list[ContentItem]) -> list[dict[str, float]]:
        lt = self.content.lifetime(items)
        return [{m: float(v[i]) for m, v in lt.items()} for i in range(len(items))]

    def _node_body(
        self, kind: str, node: str, item: ContentItem | None, params: dict[str, str]
    ) -> dict:
        if kind == "page":
            full = page_node(self.content, node)
        elif kind == "ig_user":
            full = instagram_user_node(self.content, node)
        elif kind == "video":
            assert item is not None
            full = {
                "id": node,
                "description": item.caption,
                "length": item.duration_s,
                "created_time": post_node(item, self._lifetime([item])[0])["created_time"],
                "permalink_url": f"/{item.owner_id}/videos/{node}/",
            }
        else:
            assert item is not None
            lt = self._lifetime([item])[0]
            full = post_node(item, lt) if kind == "post" else media_node(item, lt)
        return pick(full, parse_fields(params.get("fields")), _NODE_TYPE[kind])

    def _list(self, owner: str, kind: str, params: dict[str, str], url_for: UrlFor) -> dict:
        items = _between(self.content.visible(owner), params)
        win = window(len(items), params)
        page = items[win.start : win.stop]
        build = post_node if kind == "post" else media_node
        fields = parse_fields(params.get("fields"))
        if fields is None:
            fields = tuple(FieldSpec(f) for f in _DEFAULT_FIELDS[kind])
        data = [
            pick(build(i, lt), fields, _NODE_TYPE[kind])
            for i, lt in zip(page, self._lifetime(page), strict=True)
        ]
        return page_body(data, win, url_for)

    def _insights(self, kind: str, node: str, item: ContentItem, params: dict[str, str]) -> dict:
        registry = {"post": POST_METRICS, "video": VIDEO_METRICS, "media": MEDIA_METRICS}[kind]
        names = [
            m.strip()
            for m in (params.get("metric") or "").strip("[]").replace('"', "").split(",")
            if m.strip()
        ]
        if not names:
            raise GraphError(
                3001,
                "Invalid query",
                subcode=1504028,
                user_title="No Metric Specified",
                user_msg="No metric was specified to be fetched. Please specify "
                "one or more metrics to be fetched and try again.",
            )
        if params.get("period") not in (None, "", "lifetime"):
            raise invalid_param(
                f"The period {params['period']} is not supported for these "
                "metrics: post, video and media insights are lifetime only"
            )
        for name in names:
            if name not in registry:
                raise invalid_param(f"The value must be a valid insights metric: {name}")
            if kind == "media" and name in REELS_ONLY and item.kind != "REELS":
                raise invalid_param(
                    f"The Media Insights API does not support the {name} metric "
                    "for this media product type."
                )
        lt = self._lifetime([item])[0]
        return {
            "data": [
                {
                    "name": n,
                    "period": "lifetime",
                    "values": [{"value": registry[n][1](lt, item)}],
                    "title": registry[n][0],
                    "description": f"Lifetime: {registry[n][0]}",
                    "id": f"{node}/insights/{n}/lifetime",
                }
                for n in names
            ]
        }


_NODE_TYPE = {
    "page": "Page",
    "ig_user": "IGUser",
    "post": "Post",
    "video": "Video",
    "media": "IGMedia",
}


def _epoch(raw: str) -> datetime:
    try:
        return datetime.fromtimestamp(int(raw), UTC)
    except ValueError:
        try:
            return datetime.fromisoformat(raw).replace(tzinfo=UTC)
        except ValueError:
            raise invalid_param(f"since/until must be a unix time or a date, got {raw}") from None


def _between(items: list[ContentItem], params: dict[str, str]) -> list[ContentItem]:
    since, until = params.get("since"), params.get("until")
    if since:
        items = [i for i in items if i.created_at >= _epoch(since)]
    if until:
        items = [i for i in items if i.created_at < _epoch(until)]
    return items


def pick(node: dict, specs: tuple[FieldSpec, ...] | None, node_type: str) -> dict:
    """The requested fields of a content node (``id`` first), Graph style.

    ``comments.limit(0).summary(true)`` selects ``comments``; expansions (``attachments{...}``)
    keep only the requested sub-fields of the object or of each element of its ``data`` list.

    Raises:
        GraphError: code 100 for a field the node type does not have.
    """
    if specs is None:
        specs = (FieldSpec("id"),)
    out: dict = {"id": node["id"]} if "id" in node else {}
    for spec in specs:
        name = spec.name.split(".", 1)[0]
        if name not in node:
            raise invalid_param(
                f"Tried accessing nonexisting field ({name}) on node type ({node_type})"
            )
        out[name] = _sub(node[name], spec.sub)
    return out


def _sub(value: object, sub: tuple[FieldSpec, ...] | None) -> object:
    if sub is None or not isinstance(value, dict):
        return value
    if isinstance(value.get("data"), list):
        return {**value, "data": [_sub(v, sub) for v in value["data"]]}
    return {s.name: _sub(value[s.name], s.sub) for s in sub if s.name in value}
