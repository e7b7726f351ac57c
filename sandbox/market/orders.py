"""Marketplace orders of the simulated market, driven partly by the ads.

Per shop and shop-local day (a pure function of seed, day and the ads' final metrics):

- **ad-driven orders**: for every ad platform and master SKU, ``SHOP_SHARE`` × the routing share
  of :data:`~sandbox.market.shops.AD_SHOP_SPLIT` × the day's final ad purchases of that SKU
  (``Market.truth``, accounts of the shop's country), stochastically rounded — so the expected
  number of ad-driven shop orders is exactly 40 % of the routed ad purchases;
- **organic orders**: Poisson with mean ``Shop.organic_per_day`` (weekends +15 %).

Each order gets a fake buyer (:mod:`sandbox.market.buyers`), 1–3 lines (the ad's SKU first),
quantities 1–3, item promotions (0–20 % off by SKU and week), vouchers (seller 10 % capped,
platform fixed), a buyer-paid shipping fee below a free-shipping threshold, and a lifecycle of
timed events: unpaid → paid → packed → shipped → delivered → completed, with about 3 % never
paid (cancelled after 24 h), 4 % cancelled by the buyer before shipping and 3 % refunded after
delivery (Shopee and Lazada only: TikTok Shop reports refunds in its Return & Refund API, which
the sandbox does not serve). ``update_time`` is the time of the latest event at the clock's now,
so statuses keep changing for up to ~2 weeks after an order is placed.

All draws are counter-based hashes of (seed, shop, day, order number, stream): an order never
depends on other days or shops. Money is in the shop currency's units (THB whole baht, MYR two
decimals); vouchers are split over lines in minor units so line amounts add up exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np

from sandbox.market.buyers import BUYERS_PER_SHOP, Buyer, buyer
from sandbox.market.catalog import PLATFORM_CODE, PLATFORMS, PRODUCTS
from sandbox.market.clock import zone
from sandbox.market.hashing import hash_ints, normal, poisson, splitmix64_int, uniform
from sandbox.market.market import Market
from sandbox.market.order_ids import decode_order_id, encode_order_id
from sandbox.market.shops import (
    AD_SHOP_SPLIT,
    LISTINGS,
    SHOP_CODE,
    SHOP_SHARE,
    Listing,
    Shop,
    primary_listing,
)

STATES = ("unpaid", "paid", "packed", "shipped", "delivered", "completed", "cancelled", "refunded")
"""Generic lifecycle states; each shop API renders them in its own vocabulary."""

MAX_LIFECYCLE_DAYS = 16
"""No order changes more than this many days after it was placed (longest path ~14 days)."""

_SKU_INDEX = {p.sku: i for i, p in enumerate(PRODUCTS)}
_INV53 = 1.0 / float(1 << 53)


@dataclass(frozen=True)
class OrderLine:
    """One line of an order.

    Attributes:
        listing: what was bought.
        quantity: units (1–3).
        unit_original: list price per unit (shop currency units).
        unit_sale: price per unit after the item promotion.
        seller_voucher: this line's share of the seller voucher (whole line, not per unit).
        platform_voucher: this line's share of the platform voucher.
    """

    listing: Listing
    quantity: int
    unit_original: float
    unit_sale: float
    seller_voucher: float
    platform_voucher: float

    @property
    def sale_amount(self) -> float:
        """``unit_sale × quantity``."""
        return self.unit_sale * self.quantity

    @property
    def paid_amount(self) -> float:
        """What the buyer paid for the line: sale amount minus both vouchers."""
        return self.sale_amount - self.seller_voucher - self.platform_voucher


@dataclass(frozen=True)
class Order:
    """One marketplace order and its lifecycle.

    Attributes:
        shop: the shop.
        day: shop-local day it was placed.
        number: 0-based position among the shop's orders of the day.
        order_id: the platform's id (Shopee ``order_sn``, Lazada/TikTok numeric strings).
        driver: ``meta``, ``tiktok`` or ``google`` (an ad led to it) or ``organic``.
        buyer: the fake buyer.
        created_at: placement time (UTC).
        lines: order lines (the driving SKU first).
        shipping_fee: shipping fee the buyer paid (0 above the free-shipping threshold).
        payment_method: the platform's payment method label.
        cod: cash on delivery.
        events: (UTC time, generic state) in time order; the first is ``unpaid`` at placement.
    """

    shop: Shop
    day: date
    number: int
    order_id: str
    driver: str
    buyer: Buyer
    created_at: datetime
    lines: tuple[OrderLine, ...]
    shipping_fee: float
    payment_method: str
    cod: bool
    events: tuple[tuple[datetime, str], ...]

    @property
    def subtotal(self) -> float:
        """Sum of line sale amounts (after item promotions, before vouchers)."""
        return round(sum(x.sale_amount for x in self.lines), 2)

    @property
    def seller_voucher(self) -> float:
        """Seller-funded voucher of the order."""
        return round(sum(x.seller_voucher for x in self.lines), 2)

    @property
    def platform_voucher(self) -> float:
        """Platform-funded voucher of the order."""
        return round(sum(x.platform_voucher for x in self.lines), 2)

    @property
    def total_amount(self) -> float:
        """What the buyer paid: subtotal − vouchers + shipping fee."""
        return round(
            self.subtotal - self.seller_voucher - self.platform_voucher + self.shipping_fee, 2
        )

    def state_at(self, now: datetime) -> tuple[str, datetime] | None:
        """(generic state, update time) at ``now``; None if the order was not placed yet."""
        seen = [e for e in self.events if e[0] <= now]
        return (seen[-1][1], seen[-1][0]) if seen else None

    def time_of(self, state: str) -> datetime | None:
        """When the order entered ``state`` (None if it never does)."""
        return next((t for t, s in self.events if s == state), None)


class _Draws:
    """Uniform draws in (0, 1) for one order: ``u(stream)`` hashes (seed, shop, day, n, stream).

    The fixed part of the address is hashed once; each draw is one more splitmix64 step
    (``hash_ints`` chains the same way, so this equals ``hash_ints(*address, stream)``).
    """

    def __init__(self, seed: int, shop: Shop, day: int, number: int) -> None:
        self.prefix = hash_ints(seed, SHOP_CODE, shop.index, day, number)

    def u(self, stream: int) -> float:
        return ((splitmix64_int(self.prefix ^ stream) >> 11) + 0.5) * _INV53

    def pick(self, stream: int, options: tuple[Listing, ...], cdf: np.ndarray) -> Listing:
        return options[min(int(np.searchsorted(cdf, self.u(stream))), len(options) - 1)]


def _round(x: float, decimals: int) -> float:
    return float(round(x, decimals))


def promotion_rate(seed: int, shop: Shop, listing: Listing, day: date) -> float:
    """Item promotion of a listing in the ISO week of ``day``: 0, 10, 15 or 20 % off."""
    year, week, _ = day.isocalendar()
    h = hash_ints(
        seed, SHOP_CODE, shop.index, int(listing.item_id), int(listing.model_id), year * 100 + week
    )
    return (0.0, 0.0, 0.0, 0.10, 0.15, 0.20)[h % 6]


def split_minor(amount: float, weights: list[float], decimals: int) -> list[float]:
    """Split ``amount`` over ``weights`` in minor units (largest remainder), summing exactly."""
    scale = 10**decimals
    total = round(amount * scale)
    w = np.array(weights, dtype=np.float64)
    if total == 0 or w.sum() <= 0:
        return [0.0] * len(weights)
    raw = total * w / w.sum()
    base = np.floor(raw).astype(np.int64)
    order = np.argsort(-(raw - base), kind="stable")
    base[order[: total - int(base.sum())]] += 1
    return [float(b) / scale for b in base]


class OrderBook:
    """The orders of every shop, generated on demand from the market and cached per day.

    Cached days are dropped when a market write (budget/status change) takes effect on or
    before them, since ad-driven demand follows the ads.

    Args:
        market: the simulated market (its clock, seed, ads and change log).
    """

    def __init__(self, market: Market) -> None:
        self.market = market
        self._cache: dict[tuple[str, int], tuple[Order, ...]] = {}
        self._changes_seen = 0
        self._cdfs: dict[str, tuple[tuple[Listing, ...], np.ndarray]] = {}
        self._ad_index = {p: self._ad_arrays(p) for p in PLATFORMS}

    def _ad_arrays(self, platform: str) -> tuple[np.ndarray, np.ndarray]:
        h = self.market.hierarchy(platform)  # type: ignore[arg-type]
        sku = np.array([_SKU_INDEX[a.skus[0]] for a in h.ads], dtype=np.int64)
        countries = np.array([a.country for a in h.accounts], dtype=object)
        return sku, countries[h.ad_account] if len(h.ads) else np.array([], dtype=object)

    # --- demand ------------------------------------------------------------------------

    def routed_purchases(self, shop: Shop, day: date) -> dict[str, np.ndarray]:
        """Per ad platform, final purchases by master SKU (``PRODUCTS`` order) routed to a shop.

        That is the day's ad purchases of the shop's country × the platform's split share.
        """
        out: dict[str, np.ndarray] = {}
        for p in PLATFORMS:
            share = AD_SHOP_SPLIT.get(p, {}).get(shop.region, {}).get(shop.key, 0.0)
            if share <= 0:
                continue
            sku, country = self._ad_index[p]
            purchases = self.market.truth(p, day).purchases
            mask = country == shop.region
            out[p] = share * np.bincount(
                sku[mask], weights=purchases[mask], minlength=len(PRODUCTS)
            )
        return out

    def _drivers(self, shop: Shop, day: date) -> list[tuple[str, str | None]]:
        seed, d = self.market.config.seed, day.toordinal()
        drivers: list[tuple[str, str | None]] = []
        for p, per_sku in self.routed_purchases(shop, day).items():
            for k, n in enumerate(per_sku):
                h = hash_ints(seed, SHOP_CODE, shop.index, d, PLATFORM_CODE[p], k)
                count = int(np.floor(SHOP_SHARE * n + ((h >> 11) + 0.5) * _INV53))
                drivers += [(p, PRODUCTS[k].sku)] * count
        weekend = day.weekday() >= 5
        mu = np.array([shop.organic_per_day * (1.15 if weekend else 1.0)])
        u_org = uniform(seed, SHOP_CODE, shop.index, d, 99).reshape(1)
        z_org = normal(seed, SHOP_CODE, shop.index, d, 98).reshape(1)
        drivers += [("organic", None)] * int(poisson(mu, u_org, z_org)[0])
        return drivers

    # --- orders ------------------------------------------------------------------------

    def day_orders(self, shop: Shop, day: date) -> tuple[Order, ...]:
        """Every order placed in the shop on a shop-local day (whole day, any clock)."""
        self._drop_changed_days()
        if day < self.market.history_start:
            return ()
        key = (shop.key, day.toordinal())
        hit = self._cache.get(key)
        if hit is None:
            hit = tuple(
                self._build(shop, day, n, driver, sku)
                for n, (driver, sku) in enumerate(self._drivers(shop, day))
            )
            self._cache[key] = hit
        return hit

    def _drop_changed_days(self) -> None:
        changes = self.market.changes.changes
        if len(changes) == self._changes_seen:
            return
        first = min(c.effective_day for c in changes[self._changes_seen :])
        self._cache = {k: v for k, v in self._cache.items() if k[1] < first - 1}
        self._changes_seen = len(changes)

    def visible(self, shop: Shop, day: date) -> list[Order]:
        """Orders of ``day`` placed at or before the clock's now."""
        now = self.market.clock.now
        return [o for o in self.day_orders(shop, day) if o.created_at <= now]

    def updated_between(
        self, shop: Shop, start: datetime, end: datetime, *, by: str = "update"
    ) -> list[tuple[Order, str, datetime]]:
        """Orders whose update (or create) time at now lies in ``[start, end]`` (UTC, inclusive).

        Returns:
            (order, generic state, update time), sorted by that time then order id.
        """
        now = self.market.clock.now
        tz = zone(shop.timezone)
        first = start.astimezone(tz).date() - timedelta(
            days=MAX_LIFECYCLE_DAYS if by == "update" else 0
        )
        last = min(end, now).astimezone(tz).date()
        out = []
        day = first
        while day <= last:
            for o in self.day_orders(shop, day):
                st = o.state_at(now)
                if st is None:
                    continue
                t = st[1] if by == "update" else o.created_at
                if start <= t <= end:
                    out.append((o, st[0], st[1]))
            day += timedelta(days=1)
        out.sort(key=lambda r: ((r[2] if by == "update" else r[0].created_at), r[0].order_id))
        return out

    def find(self, shop: Shop, order_id: str) -> Order | None:
        """An order by its platform id, if it exists and was placed by now."""
        where = decode_order_id(shop, order_id)
        if where is None:
            return None
        day, number = where
        orders = self.day_orders(shop, day)
        if number >= len(orders) or orders[number].order_id != order_id:
            return None
        return orders[number] if orders[number].created_at <= self.market.clock.now else None

    # --- one order ---------------------------------------------------------------------

    def _build(self, shop: Shop, day: date, n: int, driver: str, sku: str | None) -> Order:
        r = _Draws(self.market.config.seed, shop, day.toordinal(), n)
        lines = self._lines(shop, day, r, sku)
        subtotal = sum(x.sale_amount for x in lines)
        threshold, fee = shop.price(500.0), shop.price(40.0)
        shipping = 0.0 if subtotal >= threshold else fee
        lines = self._vouchers(shop, lines, subtotal, r)
        cod = r.u(20) < 0.15
        created = self._created_at(shop, day, r)
        return Order(
            shop=shop,
            day=day,
            number=n,
            order_id=encode_order_id(shop, day, n),
            driver=driver,
            buyer=buyer(shop.index, shop.region, int(r.u(1) * BUYERS_PER_SHOP)),
            created_at=created,
            lines=tuple(lines),
            shipping_fee=shipping,
            payment_method=_payment_label(shop, cod, r.u(21)),
            cod=cod,
            events=self._events(shop, created, cod, r),
        )

    @staticmethod
    def _created_at(shop: Shop, day: date, r: _Draws) -> datetime:
        midnight = datetime.combine(day, time(0), zone(shop.timezone))
        # a quarter at any hour, the rest in the daytime and evening (09:00-23:30)
        seconds = r.u(3) * 86_400 if r.u(2) < 0.25 else 9 * 3600 + r.u(3) * (14.5 * 3600)
        return (midnight + timedelta(seconds=int(seconds))).astimezone(zone("UTC"))

    def _lines(self, shop: Shop, day: date, r: _Draws, sku: str | None) -> list[OrderLine]:
        listings, cdf = self._choices(shop)
        chosen = [primary_listing(shop, sku) if sku else r.pick(4, listings, cdf)]
        extra = 0 if r.u(5) < 0.70 else 1 if r.u(5) < 0.92 else 2
        for k in range(extra):
            pick = r.pick(6 + k, listings, cdf)
            if pick not in chosen:
                chosen.append(pick)
        if r.u(9) < 0.08:
            chosen.append(next(x for x in LISTINGS[shop.key] if x.is_gift))
        out = []
        for i, listing in enumerate(chosen):
            q = r.u(10 + i)
            qty = 1 if listing.is_gift or q < 0.80 else 2 if q < 0.95 else 3
            rate = promotion_rate(self.market.config.seed, shop, listing, day)
            sale = _round(listing.list_price * (1 - rate), shop.decimals)
            out.append(OrderLine(listing, qty, listing.list_price, sale, 0.0, 0.0))
        return out

    def _choices(self, shop: Shop) -> tuple[tuple[Listing, ...], np.ndarray]:
        hit = self._cdfs.get(shop.key)
        if hit is None:
            listings = tuple(x for x in LISTINGS[shop.key] if not x.is_gift)
            weights = np.array([x.popularity for x in listings])
            hit = (listings, np.cumsum(weights) / weights.sum())
            self._cdfs[shop.key] = hit
        return hit

    @staticmethod
    def _vouchers(
        shop: Shop, lines: list[OrderLine], subtotal: float, r: _Draws
    ) -> list[OrderLine]:
        seller = 0.0
        if r.u(15) < 0.25:
            seller = min(_round(0.10 * subtotal, shop.decimals), shop.price(100.0))
        platform = shop.price(30.0) if r.u(16) < 0.15 and subtotal >= shop.price(300.0) else 0.0
        weights = [x.sale_amount for x in lines]
        s = split_minor(seller, weights, shop.decimals)
        p = split_minor(platform, weights, shop.decimals)
        return [
            OrderLine(x.listing, x.quantity, x.unit_original, x.unit_sale, s[i], p[i])
            for i, x in enumerate(lines)
        ]

    @staticmethod
    def _events(shop: Shop, t0: datetime, cod: bool, r: _Draws) -> tuple[tuple[datetime, str], ...]:
        def later(t: datetime, lo_h: float, span_h: float, stream: int) -> datetime:
            return t + timedelta(seconds=int((lo_h + span_h * r.u(stream)) * 3600))

        fate = r.u(30)
        ev = [(t0, "unpaid")]
        if not cod and fate < 0.03:
            return (*ev, (t0 + timedelta(hours=24), "cancelled"))
        paid = t0 + timedelta(minutes=1 if cod else 1 + int(r.u(31) * 29))
        ev.append((paid, "paid"))
        if fate < 0.07:
            return (*ev, (later(paid, 2, 18, 32), "cancelled"))
        packed = later(paid, 4, 16, 33)
        shipped = later(packed, 16, 28, 34)
        delivered = later(shipped, 24, 72, 35)
        ev += [(packed, "packed"), (shipped, "shipped"), (delivered, "delivered")]
        if fate < 0.10 and shop.platform != "tiktok_shop":
            return (*ev, (later(delivered, 24, 48, 36), "refunded"))
        return (*ev, (later(delivered, 72, 96, 37), "completed"))


def _payment_label(shop: Shop, cod: bool, u: float) -> str:
    labels = {
        "shopee": ("Cash on Delivery", ("ShopeePay", "Credit/Debit Card", "Online Banking")),
        "lazada": ("COD", ("LazWallet", "CREDIT_CARD", "MIXEDCARD")),
        "tiktok_shop": ("Cash on delivery", ("TikTok Pay", "Credit/Debit card", "Mobile banking")),
    }[shop.platform]
    return labels[0] if cod else labels[1][int(u * 3) % 3]
