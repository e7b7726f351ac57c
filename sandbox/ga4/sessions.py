"""GA4 sessions of the simulated market, built column-wise per traffic block.

A *block* is the traffic of one ad account's local day (every ad of the account) or one
property-local day of organic traffic. Per ad: sessions = stochastic_round(landing-page views ×
``web_share`` × ``TRACKED_SHARE``) — the market's marketplace share of an ad's buyers went
straight to a shop listing, never to the web store —, at least one per tracked web order of the
ad (:mod:`sandbox.ga4.orders`); the
first sessions of an ad are the purchase sessions of its tracked orders (started at the order's
``session_start``, purchase at ``created_at``), the rest browse. Organic blocks: Poisson browse
sessions plus one purchase session per tracked organic order, sources from ``ORGANIC_MIX``.

Every draw is ``uniform(seed, GA4_CODE, code, key, day, k, stream)`` with ``key`` the ad id (or
the property index) and ``k`` the session's number within it, so a session never depends on
other ads, days or properties. :func:`block_columns` returns plain columns (numpy arrays) and the
purchased lines; :mod:`sandbox.ga4.events` expands them into export-shaped events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

import numpy as np

from sandbox.ga4.orders import (
    ORGANIC_CODE,
    WebOrder,
    ad_web_orders,
    local_start_seconds,
    organic_web_orders,
    web_share,
)
from sandbox.ga4.properties import (
    GA4_CODE,
    ORGANIC_MIX,
    PAID_UTM,
    TRACKED_SHARE,
    WebProperty,
    property_of_country,
)
from sandbox.ga4.traffic import first_touch, traffic
from sandbox.ga4.visitors import ORGANIC_COUNTRIES, devices, pick, places
from sandbox.market.catalog import PLATFORM_CODE, PRODUCTS, Account, Platform
from sandbox.market.clock import zone
from sandbox.market.hashing import hash_keys, normal, poisson, stochastic_round, uniform
from sandbox.market.market import Market

MOBILE_SHARE = {"meta": 0.92, "tiktok": 0.96, "google": 0.62, "organic": 0.7}
NEW_USER_SHARE = {"meta": 0.75, "tiktok": 0.8, "google": 0.65, "organic": 0.5}
LATE_SHARE = 0.04
"""Share of sessions whose events after the landing page reach GA4 1–48 hours late (a phone
going offline): the export keeps adding them to the day's table for 72 hours."""


@dataclass
class Block:
    """Sessions of one traffic block: columns aligned by session, and purchased lines.

    ``lines`` rows are (transaction_id, line number, sku, quantity, unit price).
    """

    columns: dict[str, np.ndarray]
    lines: list[tuple[str, int, str, int, float]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.columns["start_us"]) if self.columns else 0

    def select(self, mask: np.ndarray) -> Block:
        """The sessions where ``mask`` holds, with their purchased lines."""
        if not self.columns:
            return self
        cols = {k: v[mask] for k, v in self.columns.items()}
        kept = set(cols["transaction_id"][cols["transaction_id"] != None].tolist())  # noqa: E711
        return Block(cols, [r for r in self.lines if r[0] in kept])

    def end_us(self) -> np.ndarray:
        """When each session's last event happens (microseconds, UTC)."""
        return self.columns["start_us"] + self.columns["n_pages"] * self.columns["gap_us"]


def _midnight_us(day: date, tz: str) -> int:
    return int(datetime.combine(day, time(0), zone(tz)).timestamp()) * 1_000_000


def _visits(
    prop: WebProperty,
    seed: int,
    code: int,
    keys: np.ndarray,
    day: date,
    k: np.ndarray,
    tz: str,
    driver: str,
    countries: np.ndarray,
    orders: list[WebOrder | None],
) -> dict[str, np.ndarray]:
    """Columns every session has: user, time, device, place, depth, engagement, lateness."""
    d = day.toordinal()

    def u(stream: int) -> np.ndarray:
        return uniform(seed, GA4_CODE, code, keys, d, k, stream)

    n = len(keys)
    buy = np.array([o is not None for o in orders], dtype=bool)
    start_s = local_start_seconds(u(21), u(22))
    start_us = _midnight_us(day, tz) + (start_s * 1e6).astype(np.int64)
    start_us += (u(23) * 1e6).astype(np.int64) % 1_000_000
    order_start = [int(o.session_start.timestamp() * 1e6) if o else 0 for o in orders]
    order_end = [int(o.created_at.timestamp() * 1e6) if o else 0 for o in orders]
    start_us = np.where(buy, np.array(order_start, dtype=np.int64), start_us)
    is_new = u(24) < NEW_USER_SHARE[driver]
    first_touch_s = start_us // 1_000_000 - np.where(
        is_new, 0, (u(26) * 60 * 86_400).astype(np.int64)
    )
    client = hash_keys(seed, GA4_CODE, code, keys, d, k, 27) % np.uint64(2_147_483_647)
    users = np.array(
        [f"{c}.{t}" for c, t in zip(client.tolist(), first_touch_s.tolist(), strict=True)],
        dtype=object,
    )
    # depth: bounce or a geometric number of pages; the funnel stage of browsing sessions
    pages = np.where(u(32) < 0.5, 1, 2 + np.floor(-np.log(u(33)) * 1.8)).astype(np.int64)
    stage = np.where(u(35) < 0.025, 3, np.where(u(35) < 0.08, 2, 1)).astype(np.int64)
    stage = np.where(buy, 4, stage)
    pages = np.minimum(np.maximum(pages, np.where(stage >= 2, stage, 1)), 12)
    per_page_ms = np.where(
        pages == 1,
        np.where(u(34) < 0.65, u(34) * 12_000, 10_000 + u(34) * 50_000),
        8_000 + u(34) * 52_000,
    )
    gap_us = (per_page_ms * 1000).astype(np.int64)
    span = np.array(order_end, dtype=np.int64) - start_us
    gap_us = np.where(buy, span // np.maximum(pages - 1, 1), gap_us)
    late = u(36) < LATE_SHARE
    return {
        "user_pseudo_id": users,
        "user_first_touch_us": first_touch_s * 1_000_000 + start_us % 1_000_000,
        "ga_session_id": start_us // 1_000_000,
        "ga_session_number": np.where(is_new, 1, 2 + np.floor(u(25) * 6)).astype(np.int64),
        "is_new": is_new,
        "start_us": start_us,
        "gap_us": gap_us,
        "n_pages": pages,
        "stage": stage,
        "late_us": np.where(late, (3600 + u(37) * 47 * 3600) * 1e6, 0).astype(np.int64),
        "browse_base": (hash_keys(seed, GA4_CODE, code, keys, d, k, 38) % np.uint64(997)).astype(
            np.int64
        ),
        "country_code": countries,
        **devices(MOBILE_SHARE[driver], u(28), u(29)),
        **places(countries, u(30), u(31)),
        "transaction_id": np.array([o.order_id if o else None for o in orders], dtype=object),
        "shipping": np.array([o.shipping if o else np.nan for o in orders], dtype=np.float64),
        "order_total": np.array([o.total if o else np.nan for o in orders], dtype=np.float64),
        "property_id": np.full(n, prop.property_id, dtype=object),
    }


def _lines(orders: list[WebOrder]) -> list[tuple[str, int, str, int, float]]:
    return [
        (o.order_id, i, x.product.sku, x.quantity, x.unit_price)
        for o in orders
        for i, x in enumerate(o.lines)
    ]


def ad_block(market: Market, platform: Platform, account: Account, day: date) -> Block:
    """GA4 sessions of every ad of ``account`` on its local ``day`` (whole day, any clock)."""
    h = market.hierarchy(platform)
    pos = next(i for i, a in enumerate(h.accounts) if a.account_id == account.account_id)
    ads = np.flatnonzero(h.ad_account == pos)
    if not len(ads) or day < market.history_start:
        return Block({})
    seed, code, d = market.config.seed, PLATFORM_CODE[platform], day.toordinal()
    orders = [o for o in ad_web_orders(market, platform, account, day) if o.tracked]
    tracked = np.zeros(len(h.ads), dtype=np.int64)
    np.add.at(tracked, [o.ad_index for o in orders], 1)
    lpv = market.truth(platform, day).landing_page_views[ads].astype(np.float64)
    visits = lpv * TRACKED_SHARE * web_share(platform, account.country)
    base = stochastic_round(visits, uniform(seed, GA4_CODE, code, h.ad_keys[ads], d, 20))
    n = np.maximum(base, tracked[ads])
    ad = np.repeat(ads, n)
    k = np.arange(len(ad)) - np.repeat(np.cumsum(n) - n, n)
    it = iter(orders)
    per_session: list[WebOrder | None] = [
        next(it) if kk < tracked[a] else None for a, kk in zip(ad.tolist(), k.tolist(), strict=True)
    ]
    prop = property_of_country(account.country)
    cols = _visits(
        prop,
        seed,
        code,
        h.ad_keys[ad],
        day,
        k,
        account.timezone,
        platform,
        np.full(len(ad), account.country, dtype=object),
        per_session,
    )
    source, medium, referrer = PAID_UTM[platform]
    campaigns = np.array(
        [h.campaigns[h.ad_campaign[a]].name for a in range(len(h.ads))], dtype=object
    )
    names = np.array([a.name for a in h.ads], dtype=object)
    skus = np.array([a.skus[0] for a in h.ads], dtype=object)
    gclid: list[str | None] = [None] * len(ad)
    if platform == "google":
        g = hash_keys(seed, GA4_CODE, code, h.ad_keys[ad], d, k, 43)
        gclid = [f"Cj0KCQiA{x:016x}" for x in g.tolist()]
    cols.update(
        traffic(
            len(ad),
            source,
            medium,
            campaigns[ad],
            names[ad],
            referrer,
            True,
            np.array(gclid, dtype=object),
        )
    )
    cols["landing_sku"] = skus[ad]
    cols["ft_source"], cols["ft_medium"], cols["ft_name"] = first_touch(
        cols, seed, code, h.ad_keys[ad], d, k
    )
    return Block(cols, _lines(orders))


def organic_block(prop: WebProperty, seed: int, day: date) -> Block:
    """GA4 sessions of one property-local day that no simulated ad drove."""
    d = day.toordinal()
    mu = np.array([prop.organic_sessions_per_day * (1.15 if day.weekday() >= 5 else 1.0)])
    browse = int(
        poisson(
            mu,
            uniform(seed, GA4_CODE, ORGANIC_CODE, prop.index, d, 3).reshape(1),
            normal(seed, GA4_CODE, ORGANIC_CODE, prop.index, d, 4).reshape(1),
        )[0]
    )
    orders = [o for o in organic_web_orders(prop, seed, day) if o.tracked]
    n = browse + len(orders)
    k = np.arange(n)
    keys = np.full(n, prop.index, dtype=np.uint64)

    def u(stream: int) -> np.ndarray:
        return uniform(seed, GA4_CODE, ORGANIC_CODE, keys, d, k, stream)

    origin = ORGANIC_COUNTRIES[prop.property_id]
    countries = np.array([c for _, c in origin], dtype=object)[pick([w for w, _ in origin], u(44))]
    per_session: list[WebOrder | None] = [*orders, *([None] * browse)]
    cols = _visits(
        prop, seed, ORGANIC_CODE, keys, day, k, prop.timezone, "organic", countries, per_session
    )
    mix = ORGANIC_MIX
    src = pick([m.weight for m in mix], u(39))

    def attr(name: str) -> np.ndarray:
        return np.array([getattr(m, name) for m in mix], dtype=object)[src]

    home = u(40) < attr("landing_home").astype(np.float64)
    sku = np.array([p.sku for p in PRODUCTS], dtype=object)[(u(41) * len(PRODUCTS)).astype(int)]
    first = np.array([o.lines[0].product.sku for o in orders] + [None] * browse, dtype=object)
    sku = np.where(first != None, first, sku)  # noqa: E711 - elementwise on object arrays
    no_sku = np.full(n, None, dtype=object)
    cols["landing_sku"] = np.where(home & (first == None), no_sku, sku)  # noqa: E711
    cols.update(
        traffic(
            n,
            attr("source"),
            attr("medium"),
            attr("campaign"),
            None,
            attr("referrer"),
            attr("utm").astype(bool),
            None,
        )
    )
    cols["ft_source"], cols["ft_medium"], cols["ft_name"] = first_touch(
        cols, seed, ORGANIC_CODE, keys, d, k
    )
    return Block(cols, _lines(orders))
