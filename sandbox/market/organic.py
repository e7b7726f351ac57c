"""Organic content of the simulated brand and its lifetime metrics as of the market clock.

Content items (fixed structure, independent of the market seed, like the ad hierarchy):

- **Facebook page posts**: the Meta market's posts of kind ``video`` and ``photo`` (the ones Meta
  ads promote through ``object_story_id``), plus 4 organic-only posts per page.
- **Instagram media**: the Meta market's posts of kind ``reel`` are Instagram reels; the ads that
  promote them carry the reel as ``effective_instagram_media_id`` (their page post is an
  unpublished dark post, not listed by ``/{page_id}/posts``). Plus 5 organic-only media per
  Instagram account (feed images, a carousel, reels).
- **TikTok videos**: the TikTok market's posts (Spark Ads promote them through
  ``tiktok_item_id``), plus 3 organic-only videos per TikTok account.

Metrics: each item has hidden daily expected organic distribution — a launch peak that decays
(``peak · (e^(−age/τ) + tail)``) with counter-based noise per (seed, platform, item, day, metric)
— and rates per view for likes, comments, shares, saves, reach, watch time and completions. The
platforms serve **lifetime** totals as of the clock: the sum of the daily values weighted by the
part of each account-local day between publication and now, floored to integers, so numbers
grow monotonically as the clock advances and the same clock always gives the same numbers.
Paid delivery is not included (it is in the ad reports).
"""

from __future__ import annotations

import weakref
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

import numpy as np

from sandbox.market.catalog import PRODUCTS, Account
from sandbox.market.clock import zone
from sandbox.market.entities import Post
from sandbox.market.hashing import hash_ints, uniform
from sandbox.market.market import Market
from sandbox.market.structure import STRUCTURE_SEED, object_id

ContentPlatform = Literal["facebook", "instagram", "tiktok"]
CONTENT_PLATFORMS: tuple[ContentPlatform, ...] = ("facebook", "instagram", "tiktok")
PLATFORM_CODE: dict[str, int] = {"facebook": 11, "instagram": 12, "tiktok": 13}
"""Noise-stream codes of the content platforms (distinct from the ad platforms' 1–3)."""

ORGANIC_ONLY = {"facebook": 4, "instagram": 5, "tiktok": 3}
"""Organic-only items (never promoted) per page / Instagram account / TikTok account."""
_ORGANIC_NUMBER = 900_001  # running numbers of organic-only items (far above any ad post)

METRICS = (
    "views",
    "impressions",
    "reach",
    "likes",
    "comments",
    "shares",
    "saves",
    "clicks",
    "watch_s",
    "completions",
)
"""Lifetime metrics computed for every item (each platform serves the ones it has)."""

_PRODUCT = {p.sku: p for p in PRODUCTS}
_CAPTIONS_TH = (
    "รีวิวจริง! {name} ใช้แล้วผิวฉ่ำโกลว์ทั้งวัน ✨ #SiamGlow #รีวิวสกินแคร์",
    "ลดแรง 11.11 🛒 {name} ส่งฟรีทั่วไทย กดเลย! #SiamGlow",
    "ขั้นตอนง่ายๆ กับ {name} 🌿 ผิวแข็งแรงขึ้นใน 7 วัน #SiamGlow",
)
_CAPTIONS_EN = (
    "Real review: {name} keeps my skin glowing all day ✨ #SiamGlow",
    "11.11 deal 🛒 {name}, free shipping today only #SiamGlow",
    "3-step routine with {name} 🌿 #SiamGlow #skincare",
)


@dataclass(frozen=True)
class ContentItem:
    """One organic content item.

    Attributes:
        platform: ``facebook``, ``instagram`` or ``tiktok``.
        item_id: the platform's id (Facebook ``{page_id}_{post_id}``, Instagram media id,
            TikTok item id).
        owner_id: the page, Instagram user or TikTok account that published it.
        account: the market ad account of the brand in that country (its timezone is the
            content account's day).
        kind: Facebook ``video``/``photo``; Instagram ``REELS``/``IMAGE``/``CAROUSEL_ALBUM``;
            TikTok ``video``.
        sku: the product it shows.
        created_at: publish time (aware UTC).
        caption: text (Thai for the Thai accounts).
        duration_s: video length in seconds (None for images).
        video_id: Facebook video node of a video post (None otherwise).
        post_id: the market :class:`Post` behind it (None for organic-only items).
        key: integer noise key.
    """

    platform: ContentPlatform
    item_id: str
    owner_id: str
    account: Account
    kind: str
    sku: str
    created_at: datetime
    caption: str
    duration_s: float | None
    video_id: str | None
    post_id: str | None
    key: int

    @property
    def is_video(self) -> bool:
        """Whether the item plays (videos and reels)."""
        return self.duration_s is not None


def instagram_user_id(account: Account) -> str:
    """The Instagram professional account linked to a Meta account's page (17 digits)."""
    return f"1784140{account.index:010d}"


def tiktok_business_id(account: Account) -> str:
    """The TikTok account (Accounts API ``business_id``) of a TikTok advertiser."""
    return object_id("tiktok", "page", account.index, 1)


def _media_id(account: Account, number: int) -> str:
    return f"179{account.index:03d}{number:011d}"


def _video_id(account: Account, number: int) -> str:
    return f"10{account.index:03d}{number:011d}"


def _post_number(post_id: str) -> int:
    return int(post_id.rsplit("_", maxsplit=1)[-1][-9:])


def _u(*parts: int | str) -> float:
    ints = [p if isinstance(p, int) else zlib.crc32(p.encode()) for p in parts]
    return (hash_ints(STRUCTURE_SEED, 77, *ints) >> 11) / float(1 << 53)


def _caption(account: Account, sku: str, number: int) -> str:
    templates = _CAPTIONS_TH if account.currency == "THB" else _CAPTIONS_EN
    return templates[number % len(templates)].format(name=_PRODUCT[sku].name)


def _duration(platform: str, number: int, account: Account) -> float:
    lo, hi = (15.0, 60.0) if platform != "facebook" else (20.0, 90.0)
    return round(lo + (hi - lo) * _u(platform, account.index, number, "duration"), 1)


def _organic_only(
    platform: ContentPlatform, account: Account, owner: str, start: date
) -> list[ContentItem]:
    out = []
    for i in range(ORGANIC_ONLY[platform]):
        number = _ORGANIC_NUMBER + i
        sku = PRODUCTS[(3 * account.index + i) % len(PRODUCTS)].sku
        day = start + timedelta(days=3 + int(25 * _u(platform, account.index, i, "day")))
        created = datetime.combine(day, time(2 + i * 3), UTC)
        if platform == "facebook":
            kind = "video" if i % 2 == 0 else "photo"
            raw = object_id("meta", "post", account.index, number)
            item_id, video = (
                f"{owner}_{raw}",
                _video_id(account, number) if kind == "video" else None,
            )
        elif platform == "instagram":
            kind = ("IMAGE", "REELS", "CAROUSEL_ALBUM", "REELS", "IMAGE")[i % 5]
            item_id, video = _media_id(account, number), None
        else:
            kind, item_id, video = "video", object_id("tiktok", "post", account.index, number), None
        playing = kind in ("video", "REELS")
        out.append(
            ContentItem(
                platform,
                item_id,
                owner,
                account,
                kind,
                sku,
                created,
                _caption(account, sku, i),
                _duration(platform, number, account) if playing else None,
                video,
                None,
                int(item_id.split("_")[-1]),
            )
        )
    return out


def _from_post(post: Post, account: Account) -> ContentItem:
    number = _post_number(post.post_id)
    caption = _caption(account, post.sku, number)
    if account.platform == "tiktok":
        return ContentItem(
            "tiktok",
            post.post_id,
            tiktok_business_id(account),
            account,
            "video",
            post.sku,
            post.created_at,
            caption,
            _duration("tiktok", number, account),
            None,
            post.post_id,
            int(post.post_id),
        )
    if post.kind == "reel":
        media = _media_id(account, number)
        return ContentItem(
            "instagram",
            media,
            instagram_user_id(account),
            account,
            "REELS",
            post.sku,
            post.created_at,
            caption,
            _duration("instagram", number, account),
            None,
            post.post_id,
            int(media),
        )
    video = _video_id(account, number) if post.kind == "video" else None
    return ContentItem(
        "facebook",
        post.post_id,
        post.page_id,
        account,
        post.kind,
        post.sku,
        post.created_at,
        caption,
        _duration("facebook", number, account) if video else None,
        video,
        post.post_id,
        int(post.post_id.split("_")[1]),
    )


class OrganicContent:
    """The brand's content items and their lifetime metrics for one market.

    Build it with :func:`organic_content` (one instance per market).
    """

    def __init__(self, market: Market) -> None:
        self.market = market
        items: list[ContentItem] = []
        start = market.history_start
        for platform in ("meta", "tiktok"):
            h = market.hierarchy(platform)
            accounts = {a.account_id: a for a in h.accounts}
            items += [_from_post(p, accounts[p.account_id]) for p in h.posts]
            for acct in h.accounts:
                if platform == "meta":
                    page = object_id("meta", "page", acct.index, 1)
                    items += _organic_only("facebook", acct, page, start)
                    items += _organic_only("instagram", acct, instagram_user_id(acct), start)
                else:
                    items += _organic_only("tiktok", acct, tiktok_business_id(acct), start)
        self.items = sorted(items, key=lambda i: (i.platform, i.owner_id, i.created_at, i.item_id))
        self.by_id = {i.item_id: i for i in self.items}
        self.by_video = {i.video_id: i for i in self.items if i.video_id}
        self.media_of_post = {
            i.post_id: i.item_id for i in self.items if i.platform == "instagram" and i.post_id
        }
        self.owners: dict[str, tuple[ContentPlatform, Account]] = {
            i.owner_id: (i.platform, i.account) for i in self.items
        }
        self._cache: dict[tuple, dict[str, np.ndarray]] = {}

    def visible(self, owner_id: str) -> list[ContentItem]:
        """An owner's items published at or before the clock, newest first."""
        now = self.market.clock.now
        mine = [i for i in self.items if i.owner_id == owner_id and i.created_at <= now]
        return sorted(mine, key=lambda i: (i.created_at, i.item_id), reverse=True)

    def lifetime(self, items: list[ContentItem]) -> dict[str, np.ndarray]:
        """Lifetime metrics (float, not yet floored) of ``items`` as of the clock.

        Returns:
            Metric name (:data:`METRICS`) → array aligned with ``items``.
        """
        now = self.market.clock.now
        key = (now, tuple(i.item_id for i in items))
        hit = self._cache.get(key)
        if hit is None:
            if len(self._cache) >= 64:
                self._cache.clear()
            hit = self._cache[key] = lifetime_metrics(items, now, self.market.config.seed)
        return hit


def _local_position(t: datetime, tz: str) -> float:
    """An instant as a fractional account-local day ordinal (wall clock; DST hours ignored)."""
    local = t.astimezone(zone(tz))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    return local.date().toordinal() + (local.replace(tzinfo=None) - midnight) / timedelta(days=1)


def _day_share(items: list[ContentItem], days: np.ndarray, now: datetime) -> np.ndarray:
    """Share of each account-local day (columns) between publication and ``now`` per item."""
    start = np.array([_local_position(i.created_at, i.account.timezone) for i in items])
    end = np.array([_local_position(now, i.account.timezone) for i in items])
    lo = np.maximum(start[:, None], days[None, :])
    hi = np.minimum(end[:, None], days[None, :] + 1.0)
    return np.clip(hi - lo, 0.0, 1.0)


def lifetime_metrics(items: list[ContentItem], now: datetime, seed: int) -> dict[str, np.ndarray]:
    """Lifetime organic metrics of ``items`` at ``now`` (see the module docstring).

    Args:
        items: content items.
        now: the clock (aware UTC).
        seed: market seed (drives every hidden parameter and the noise).

    Returns:
        Metric → float array aligned with ``items`` (callers floor to integers).
    """
    n = len(items)
    if n == 0:
        return {m: np.zeros(0) for m in METRICS}
    first = min(i.created_at.astimezone(zone(i.account.timezone)).date() for i in items)
    last = max(now.astimezone(zone(i.account.timezone)).date() for i in items)
    days = np.arange(first.toordinal(), last.toordinal() + 1, dtype=np.int64)
    share = _day_share(items, days, now)
    keys = np.array([i.key for i in items], dtype=np.uint64)[:, None]
    code = np.array([PLATFORM_CODE[i.platform] for i in items], dtype=np.uint64)[:, None]
    created = np.array(
        [i.created_at.astimezone(zone(i.account.timezone)).date().toordinal() for i in items]
    )[:, None]

    def param(metric: int, lo: float, hi: float) -> np.ndarray:
        return lo + (hi - lo) * uniform(seed, code, keys, 0, metric)

    scale = np.array(
        [{"tiktok": 12_000.0, "instagram": 4_000.0, "facebook": 2_500.0}[i.platform] for i in items]
    )[:, None]
    peak = scale * np.exp(1.2 * (param(1, 0.0, 1.0) - 0.5))
    tau, tail = param(2, 1.5, 6.0), param(3, 0.01, 0.04)
    age = np.maximum(days[None, :] - created, 0)
    noise = np.exp(0.25 * (uniform(seed, code, keys, days[None, :], 10) - 0.5))
    views = peak * (np.exp(-age / tau) + tail) * noise * share
    video = np.array([i.is_video for i in items])[:, None]
    duration = np.array([i.duration_s or 0.0 for i in items])[:, None]
    out = {
        "views": views,
        "impressions": views * np.where(video, 1.0 / param(4, 0.35, 0.6), 1.0),
        "reach": views / param(5, 1.1, 1.4),
        "likes": views * param(6, 0.02, 0.08),
        "comments": views * param(7, 0.002, 0.01),
        "shares": views * param(8, 0.002, 0.015),
        "saves": views * param(9, 0.005, 0.02),
        "clicks": views * param(11, 0.01, 0.04),
        "watch_s": views * duration * param(12, 0.3, 0.6),
        "completions": views * np.where(video, param(13, 0.1, 0.35), 0.0),
    }
    return {m: v.sum(axis=1) for m, v in out.items()}


_INSTANCES: weakref.WeakKeyDictionary[Market, OrganicContent] = weakref.WeakKeyDictionary()


def organic_content(market: Market) -> OrganicContent:
    """The content of ``market`` (built once per market)."""
    hit = _INSTANCES.get(market)
    if hit is None:
        hit = OrganicContent(market)
        _INSTANCES[market] = hit
    return hit


def instagram_media_id(market: Market, post_id: str | None) -> str | None:
    """The Instagram media a Meta ad's post is (reels), else None (a Facebook page post)."""
    if not post_id:
        return None
    return organic_content(market).media_of_post.get(post_id)
