"""Build the campaign → ad set → ad hierarchy of each platform.

The structure (ids, names, budgets, statuses, launch dates) is drawn from a fixed structure seed,
not from the market seed: every seed shows the same objects, so configuration and fixtures can
name them, while the seed changes how they perform. Object ids encode (platform, kind, account
index, running number), so adding objects (scale knobs) never renumbers existing ones.
"""

from __future__ import annotations

import zlib
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sandbox.market.catalog import (
    FX_THB_PER_UNIT,
    MINOR_PER_UNIT,
    PLATFORM_CODE,
    PRODUCT_GROUPS,
    Account,
    Platform,
    products_in_group,
)
from sandbox.market.entities import (
    PLATFORM_SPECS,
    Ad,
    AdSet,
    Campaign,
    Hierarchy,
    PlatformSpec,
    Post,
)
from sandbox.market.hashing import hash_ints

STRUCTURE_SEED = 20_261_121
"""Seed of the object structure (independent of the market seed; see module docstring)."""

_KIND_CODE = {"campaign": 1, "adset": 2, "ad": 3, "creative": 4, "post": 5, "page": 6}
_AUDIENCES = (
    "Broad 18-44",
    "Lookalike 1% Purchasers",
    "Retargeting 30d Visitors",
    "Interest Skincare",
    "Advantage+ Audience",
)
_VARIANTS = 3  # creatives (posts) per campaign; ads in different ad sets share them


def _h(*parts: int | str) -> int:
    ints = [p if isinstance(p, int) else zlib.crc32(p.encode()) for p in parts]
    return hash_ints(STRUCTURE_SEED, *ints)


def _u(*parts: int | str) -> float:
    return (_h(*parts) >> 11) / float(1 << 53)


def object_id(platform: Platform, kind: str, account_index: int, number: int) -> str:
    """Stable id of the ``number``-th object of a kind in an account.

    Formats mimic each platform's id lengths: Meta 17 digits (``120`` + ...), TikTok 19 digits
    (``17`` + ...), Google Ads 11 digits.
    """
    k = _KIND_CODE[kind]
    if platform == "meta":
        return f"120{PLATFORM_CODE[platform]}{k}{account_index:03d}{number:09d}"
    if platform == "tiktok":
        return f"17{PLATFORM_CODE[platform]}{k}{account_index:03d}{number:012d}"
    return f"{k}{account_index:02d}{number:08d}"


def _local(tz: str, day: date, seconds: int) -> datetime:
    local = datetime.combine(day, time(0), ZoneInfo(tz)) + timedelta(seconds=seconds)
    return local.astimezone(ZoneInfo("UTC"))


def _budget_minor(account: Account, thb: float) -> int:
    step = 10 if account.currency == "THB" else 1
    units = max(step, round(thb / FX_THB_PER_UNIT[account.currency] / step) * step)
    return int(units * MINOR_PER_UNIT[account.currency])


class _AccountBuilder:
    """Appends one account's objects to the platform lists."""

    def __init__(self, spec: PlatformSpec, account: Account, start: date, days: int) -> None:
        self.spec, self.acct, self.start, self.days = spec, account, start, days
        self.a = account.index
        self.campaigns: list[Campaign] = []
        self.adsets: list[AdSet] = []
        self.ads: list[Ad] = []
        self.posts: dict[str, Post] = {}
        self.page_id = object_id(spec.platform, "page", self.a, 1)

    def _id(self, kind: str, number: int) -> str:
        return object_id(self.spec.platform, kind, self.a, number)

    def _created(self, c: int) -> date:
        if c == 3 + self.a % 3 or (c >= 6 and _u(self.a, c, "launch") < 0.1):
            return self.start + timedelta(days=int(self.days * (0.3 + 0.5 * _u(self.a, c, "day"))))
        return self.start - timedelta(days=7 + _h(self.a, c, "age") % 120)

    def campaign(self, c: int, max_ads: int | None) -> int:
        """Build campaign number ``c`` (0-based) with its ad sets and ads; returns ads added."""
        p = self.spec.platform
        group = PRODUCT_GROUPS[(2 * self.a + c) % len(PRODUCT_GROUPS)]
        owns = self.spec.campaign_budget_share >= 1.0 or (
            self.spec.campaign_budget_share > 0
            and (c == 1 or (c >= 4 and _u(p, self.a, c, "cbo") < self.spec.campaign_budget_share))
        )
        paused = c > 0 and _u(p, self.a, c, "pause") < 0.12
        day = self._created(c)
        created = _local(self.acct.timezone, day, 9 * 3600 + _h(self.a, c, "t") % 32400)
        budget = None
        if owns:
            minor = _budget_minor(self.acct, 1500 + 4500 * _u(p, self.a, c, "budget"))
            budget = self.spec.from_minor(minor)
        cid = self._id("campaign", c + 1)
        # Google: every third campaign (the 2nd, 5th ...) is Performance Max, the others Search
        channel = None if p != "google" else "PERFORMANCE_MAX" if c % 3 == 1 else "SEARCH"
        mode = (
            ("CBO" if owns else "ABO")
            if p != "google"
            else ("PMax" if channel == "PERFORMANCE_MAX" else "Search")
        )
        name = f"{self.acct.country} | {group.title()} | {mode} | Sales {c + 1:02d}"
        self.campaigns.append(
            Campaign(
                cid,
                self.acct.account_id,
                name,
                group,
                owns,
                budget,
                "PAUSED" if paused else "ACTIVE",
                created,
                channel,
            )
        )
        added = 0
        for s in range(2 + _h(p, self.a, c, "nas") % 2):
            if max_ads is not None and added >= max_ads:
                break
            left = None if max_ads is None else max_ads - added
            added += self._adset(c, s, cid, group, created, owns, left)
        return added

    def _adset(
        self,
        c: int,
        s: int,
        cid: str,
        group: str,
        created: datetime,
        cbo: bool,
        max_ads: int | None,
    ) -> int:
        p, number = self.spec.platform, len(self.adsets) + 1
        sid = self._id("adset", number)
        audience = _AUDIENCES[(c + s) % len(_AUDIENCES)]
        budget = None
        if not cbo:
            minor = _budget_minor(self.acct, 400 + 2100 * _u(p, self.a, number, "budget"))
            budget = self.spec.from_minor(minor)
        paused = s > 0 and _u(p, self.a, number, "pause") < 0.1
        s_created = created + timedelta(hours=_h(self.a, number, "lag") % 30)
        name = f"{self.acct.country} | {group.title()} | {audience}"
        self.adsets.append(
            AdSet(
                sid,
                cid,
                self.acct.account_id,
                name,
                audience,
                budget,
                "PAUSED" if paused else "ACTIVE",
                s_created,
            )
        )
        n_ads = 2 + _h(p, self.a, number, "nads") % 2
        if max_ads is not None:
            n_ads = min(n_ads, max_ads)
        for j in range(n_ads):
            self._ad(c, s, j, sid, cid, group, s_created)
        return n_ads

    def _ad(
        self, c: int, s: int, j: int, sid: str, cid: str, group: str, created: datetime
    ) -> None:
        p, number = self.spec.platform, len(self.ads) + 1
        products = products_in_group(group)
        variant = (j + s) % _VARIANTS
        product = products[(variant + c) % len(products)]
        post = self._post(c, variant, product.sku, created) if p != "google" else None
        video = p == "tiktok" or (post is not None and post.kind != "photo")
        paused = j > 0 and _u(p, self.a, number, "pause") < 0.1
        fmt = "Video" if video else "Image" if p != "google" else "RSA"
        name = f"{product.sku} | {product.name} | {fmt} {variant + 1}"
        self.ads.append(
            Ad(
                self._id("ad", number),
                sid,
                cid,
                self.acct.account_id,
                name,
                (product.sku,),
                self._id("creative", number),
                post.post_id if post else None,
                video,
                "PAUSED" if paused else "ACTIVE",
                created + timedelta(hours=_h(self.a, number, "lag") % 20),
            )
        )

    def _post(self, c: int, variant: int, sku: str, created: datetime) -> Post:
        number = c * _VARIANTS + variant + 1
        raw = self._id("post", number)
        post_id = f"{self.page_id}_{raw}" if self.spec.platform == "meta" else raw
        if post_id in self.posts:
            return self.posts[post_id]
        kinds = ("video", "photo", "reel") if self.spec.platform == "meta" else ("video",)
        kind = kinds[_h(self.a, number, "kind") % len(kinds)]
        post = Post(
            post_id,
            self.acct.account_id,
            self.page_id,
            kind,
            sku,
            created - timedelta(days=1 + _h(self.a, number, "age") % 5),
            f"{sku}: glow that lasts all day #SiamGlow",
        )
        self.posts[post_id] = post
        return post


def build_hierarchy(
    platform: Platform,
    accounts: tuple[Account, ...],
    history_start: date,
    days: int,
    ads_total: int | None = None,
) -> Hierarchy:
    """Build every object of one platform.

    Args:
        platform: ``meta``, ``tiktok`` or ``google``.
        accounts: the platform's accounts (see :func:`catalog.platform_accounts`).
        history_start: first simulated day (launch dates are placed relative to it).
        days: history length in days (a few campaigns launch inside it).
        ads_total: scale knob; ``None`` gives the default 4–6 campaigns × 2–3 ad sets × 2–3 ads
            per account; a number spreads exactly that many ads over the accounts (each keeps
            adding campaigns until its share is reached).

    Returns:
        The platform's :class:`Hierarchy`.
    """
    spec = PLATFORM_SPECS[platform]
    campaigns: list[Campaign] = []
    adsets: list[AdSet] = []
    ads: list[Ad] = []
    posts: list[Post] = []
    for pos, account in enumerate(accounts):
        b = _AccountBuilder(spec, account, history_start, days)
        if ads_total is None:
            for c in range(4 + _h(platform, account.index, "ncamp") % 3):
                b.campaign(c, None)
        else:
            share = ads_total // len(accounts) + (1 if pos < ads_total % len(accounts) else 0)
            total, c = 0, 0
            while total < share:
                total += b.campaign(c, share - total)
                c += 1
        campaigns += b.campaigns
        adsets += b.adsets
        ads += b.ads
        posts += b.posts.values()
    return Hierarchy(spec, accounts, campaigns, adsets, ads, posts)
