"""Objects of the simulated market (platform-agnostic) and their vectorized index.

Names follow Meta where the platforms differ: an *ad set* is TikTok's and Google's *ad group*.
Budgets are stored in each platform's native unit (:class:`PlatformSpec.budget_unit`): Meta in
minor units (int), TikTok in currency units (float), Google in micros (int). The simulation works
in minor units and converts with :meth:`PlatformSpec.to_minor`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import numpy as np

from sandbox.market.catalog import Account, Platform

BudgetUnit = Literal["minor", "units", "micros"]
Status = Literal["ACTIVE", "PAUSED"]


@dataclass(frozen=True)
class PlatformSpec:
    """How a platform models budgets and ids.

    Attributes:
        platform: the platform.
        budget_unit: native unit of daily budgets (``minor``: cents/satang as int, ``units``:
            currency units as float, ``micros``: millionths of a unit as int).
        campaign_budget_share: fraction of campaigns that own the budget (Meta CBO, TikTok
            budget optimisation); Google budgets are always campaign-level (1.0).
        min_daily_budget_minor: smallest daily budget accepted, in minor units.
    """

    platform: Platform
    budget_unit: BudgetUnit
    campaign_budget_share: float
    min_daily_budget_minor: int = 100

    def to_minor(self, amount: float) -> int:
        """Convert a native budget amount to minor units (currencies with 2 decimals)."""
        if self.budget_unit == "minor":
            return int(amount)
        if self.budget_unit == "units":
            return round(float(amount) * 100)
        return round(int(amount) / 10_000)

    def from_minor(self, minor: int) -> int | float:
        """Convert minor units to the native budget unit."""
        if self.budget_unit == "minor":
            return int(minor)
        if self.budget_unit == "units":
            return round(minor / 100, 2)
        return int(minor) * 10_000


PLATFORM_SPECS: dict[str, PlatformSpec] = {
    "meta": PlatformSpec("meta", "minor", 0.3),
    "tiktok": PlatformSpec("tiktok", "units", 0.25),
    "google": PlatformSpec("google", "micros", 1.0),
}


@dataclass(frozen=True)
class Post:
    """A content post an ad promotes (Meta page post, TikTok video).

    Attributes:
        post_id: the platform's post id; for Meta the full ``{page_id}_{post_id}`` form.
        account_id: the ad account that uses it.
        page_id: the page or profile that published it.
        kind: ``video``, ``photo`` or ``reel``.
        sku: the product it shows.
        created_at: publish time (UTC).
        message: post text.
    """

    post_id: str
    account_id: str
    page_id: str
    kind: str
    sku: str
    created_at: datetime
    message: str


@dataclass(frozen=True)
class Campaign:
    """A campaign. ``daily_budget`` (native unit) is set only when it owns the budget.

    ``channel`` is Google Ads' advertising channel type (``SEARCH`` or ``PERFORMANCE_MAX``; a
    Performance Max campaign's ad groups and ads are internal to the market: Google reports it at
    campaign level only); None on other platforms.
    """

    id: str
    account_id: str
    name: str
    product_group: str
    owns_budget: bool
    daily_budget: int | float | None
    status: Status
    created_at: datetime
    channel: str | None = None


@dataclass(frozen=True)
class AdSet:
    """An ad set / ad group. ``daily_budget`` (native unit) is None when the campaign owns it."""

    id: str
    campaign_id: str
    account_id: str
    name: str
    audience: str
    daily_budget: int | float | None
    status: Status
    created_at: datetime


@dataclass(frozen=True)
class Ad:
    """An ad promoting SKUs of its campaign's product group, usually through a post."""

    id: str
    adset_id: str
    campaign_id: str
    account_id: str
    name: str
    skus: tuple[str, ...]
    creative_id: str
    post_id: str | None
    video: bool
    status: Status
    created_at: datetime


@dataclass
class Hierarchy:
    """All objects of one platform, plus integer index arrays for vectorized simulation.

    Array attributes are aligned with ``ads`` (``ad_*``) or ``owners`` (``owner_*``); a budget
    owner is a campaign that owns its budget or an ad set of a campaign that does not.
    """

    spec: PlatformSpec
    accounts: tuple[Account, ...]
    campaigns: list[Campaign]
    adsets: list[AdSet]
    ads: list[Ad]
    posts: list[Post]
    index: dict[str, tuple[str, int]] = field(default_factory=dict)
    ad_account: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    ad_campaign: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    ad_adset: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    ad_owner: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    ad_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    owners: list[tuple[str, int]] = field(default_factory=list)
    owner_index: dict[str, int] = field(default_factory=dict)
    owner_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))

    def __post_init__(self) -> None:
        acct_pos = {a.account_id: i for i, a in enumerate(self.accounts)}
        for kind, ids in (
            ("campaign", [c.id for c in self.campaigns]),
            ("adset", [s.id for s in self.adsets]),
            ("ad", [a.id for a in self.ads]),
        ):
            for i, object_id in enumerate(ids):
                self.index[object_id] = (kind, i)
        owner_of_campaign: dict[int, int] = {}
        owner_of_adset: dict[int, int] = {}
        for ci, c in enumerate(self.campaigns):
            if c.owns_budget:
                owner_of_campaign[ci] = len(self.owners)
                self.owners.append(("campaign", ci))
        for si, s in enumerate(self.adsets):
            ci = self.index[s.campaign_id][1]
            if not self.campaigns[ci].owns_budget:
                owner_of_adset[si] = len(self.owners)
                self.owners.append(("adset", si))
        self.ad_account = np.array([acct_pos[a.account_id] for a in self.ads], dtype=np.int64)
        self.ad_campaign = np.array([self.index[a.campaign_id][1] for a in self.ads], np.int64)
        self.ad_adset = np.array([self.index[a.adset_id][1] for a in self.ads], dtype=np.int64)
        self.ad_owner = np.array(
            [
                owner_of_campaign.get(c, owner_of_adset.get(s, -1))
                for c, s in zip(self.ad_campaign.tolist(), self.ad_adset.tolist(), strict=True)
            ],
            dtype=np.int64,
        )
        self.ad_keys = np.array([int(a.id) for a in self.ads], dtype=np.uint64)
        self.owner_index = {self.owner_object(o).id: o for o in range(len(self.owners))}
        self.owner_keys = np.array([int(i) for i in self.owner_index], dtype=np.uint64)

    def kind_of(self, object_id: str) -> str | None:
        """``campaign``, ``adset`` or ``ad`` for a known id, else None."""
        hit = self.index.get(object_id)
        return hit[0] if hit else None

    def owner_object(self, owner: int) -> Campaign | AdSet:
        """The campaign or ad set behind a budget-owner index."""
        kind, i = self.owners[owner]
        return self.campaigns[i] if kind == "campaign" else self.adsets[i]

    def owner_ids(self) -> list[str]:
        """Object ids of the budget owners, aligned with ``owners``."""
        return list(self.owner_index)

    def owner_account(self) -> np.ndarray:
        """Account position (into ``accounts``) of each budget owner."""
        acct_pos = {a.account_id: i for i, a in enumerate(self.accounts)}
        return np.array(
            [acct_pos[self.owner_object(o).account_id] for o in range(len(self.owners))],
            dtype=np.int64,
        )

    def account_of(self, object_id: str) -> Account | None:
        """The account an object (campaign, ad set, ad) belongs to."""
        hit = self.index.get(object_id)
        if hit is None:
            return None
        kind, i = hit
        owner: Campaign | AdSet | Ad = (
            self.campaigns[i]
            if kind == "campaign"
            else self.adsets[i]
            if kind == "adset"
            else self.ads[i]
        )
        aid = owner.account_id
        return next(a for a in self.accounts if a.account_id == aid)
