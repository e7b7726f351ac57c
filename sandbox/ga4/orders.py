"""Website orders of the simulated market: the link between the ads, the shops and GA4.

The market sends :data:`~sandbox.market.shops.SHOP_SHARE` (40 %) of an ad's final purchases to
the marketplace shops of its account's country (``sandbox.market.orders``, split by
``AD_SHOP_SPLIT``); **the rest are orders on the brand's web store**, which no shop API shows.
This module makes those web orders concrete, per ad and account-local day:

    web orders of an ad-day = stochastic_round(final purchases × web_share(platform, country))
    web_share = 1 − SHOP_SHARE × (share of the platform's shop routing for the country)

so ad purchases = marketplace orders + web orders in expectation: 60 % for Thai and Malaysian
accounts, 100 % for Singapore and US accounts (no shops there). Traffic no ad drove adds
organic web orders (Poisson, ``WebProperty.organic_orders_per_day``).

GA4 records an order (a ``purchase`` event whose ``transaction_id`` is the order id) only when
the buyer accepted tracking (:data:`~sandbox.ga4.properties.TRACKED_SHARE`): every GA4
transaction is a web order, not every web order is in GA4 — the gap an analyst reconciles.
Marketplace orders never appear in GA4 (the checkout happens in the marketplace's app).

Draws are counter-based hashes of (seed, GA4 code, platform, ad, day, order number, stream).
Money is in the property currency (THB whole baht, USD cents), at catalogue list prices.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np

from sandbox.ga4.properties import GA4_CODE, TRACKED_SHARE, WebProperty, property_of_country
from sandbox.market.catalog import (
    FX_THB_PER_UNIT,
    PLATFORM_CODE,
    PRODUCTS,
    Account,
    Platform,
    Product,
)
from sandbox.market.clock import zone
from sandbox.market.hashing import hash_ints, normal, poisson, stochastic_round, uniform
from sandbox.market.market import Market
from sandbox.market.shops import AD_SHOP_SPLIT, SHOP_SHARE

ORGANIC_CODE = 9
"""Platform code of organic traffic in hash addresses and order ids."""

_SKU_POS = {p.sku: i for i, p in enumerate(PRODUCTS)}
_INV53 = 1.0 / float(1 << 53)


@dataclass(frozen=True)
class WebLine:
    """One line of a web order: ``quantity`` units of ``product`` at ``unit_price``."""

    product: Product
    quantity: int
    unit_price: float


@dataclass(frozen=True)
class WebOrder:
    """One order on the web store.

    Attributes:
        order_id: the store's order number (GA4 ``transaction_id`` when tracked).
        prop: the store.
        driver: ``meta``, ``tiktok``, ``google`` (an ad's click led to it) or ``organic``.
        account_id: the ad account of the driving ad (None for organic).
        ad_index: index of the driving ad in ``Market.hierarchy(driver).ads`` (-1 for organic).
        day: the ad account's local day (organic: the property's local day).
        number: 0-based position among the orders of (driver, account, day).
        session_start: when the visit that placed it began (UTC).
        created_at: when it was placed (UTC), minutes after ``session_start``.
        lines: what was bought (the ad's SKU first).
        shipping: shipping fee (0 above the free-shipping threshold).
        tracked: GA4 recorded it (the buyer accepted tracking).
    """

    order_id: str
    prop: WebProperty
    driver: str
    account_id: str | None
    ad_index: int
    day: date
    number: int
    session_start: datetime
    created_at: datetime
    lines: tuple[WebLine, ...]
    shipping: float
    tracked: bool

    @property
    def subtotal(self) -> float:
        """Sum of line amounts."""
        return round(sum(x.unit_price * x.quantity for x in self.lines), 2)

    @property
    def total(self) -> float:
        """What the buyer paid: subtotal + shipping (GA4 ``value`` / ``purchase_revenue``)."""
        return round(self.subtotal + self.shipping, 2)


def web_share(platform: str, country: str) -> float:
    """Share of an ad's final purchases that are web orders (1 − the marketplace share)."""
    routed = sum(AD_SHOP_SPLIT.get(platform, {}).get(country, {}).values())
    return 1.0 - SHOP_SHARE * routed


def local_start_seconds(u_kind: np.ndarray, u_time: np.ndarray) -> np.ndarray:
    """Seconds after local midnight a visit starts: a quarter at any hour, the rest 08:00–23:30."""
    return np.where(u_kind < 0.25, u_time * 86_400.0, 8 * 3600.0 + u_time * 15.5 * 3600.0)


def _u(seed: int, code: int, key: int, day: int, n: int, stream: int) -> float:
    return ((hash_ints(seed, GA4_CODE, code, key, day, n, stream) >> 11) + 0.5) * _INV53


def _price(prop: WebProperty, product: Product) -> float:
    return _price_thb(prop, product.price_thb)


def _order(
    prop: WebProperty,
    seed: int,
    code: int,
    key: int,
    day: date,
    n: int,
    number: int,
    sku: str | None,
    driver: str,
    account: Account | None,
    ad_index: int,
) -> WebOrder:
    """One order, its lines and times, from draws addressed by (code, key, day, n)."""
    d = day.toordinal()

    def u(stream: int) -> float:
        return _u(seed, code, key, d, n, stream)

    first = _SKU_POS[sku] if sku else int(u(1) * len(PRODUCTS))
    picks = [first]
    if u(2) < 0.25:  # an add-on product
        picks.append((first + 1 + int(u(3) * (len(PRODUCTS) - 1))) % len(PRODUCTS))
    lines = []
    for i, k in enumerate(picks):
        q = u(4 + i)
        qty = 1 if q < 0.80 else 2 if q < 0.95 else 3
        lines.append(WebLine(PRODUCTS[k], qty, _price(prop, PRODUCTS[k])))
    subtotal = sum(x.unit_price * x.quantity for x in lines)
    threshold = _price_thb(prop, 800.0)
    shipping = 0.0 if subtotal >= threshold else _price_thb(prop, 50.0)
    tz = account.timezone if account else prop.timezone
    start_s = float(local_start_seconds(np.array([u(10)]), np.array([u(11)]))[0])
    start = datetime.combine(day, time(0), zone(tz)) + timedelta(seconds=start_s)
    checkout = timedelta(seconds=180 + int(u(12) * 1320))  # 3–25 minutes on the site
    when = start.astimezone(zone("UTC"))
    acct = account.index if account else 0
    order_id = f"W{prop.index}{day:%y%m%d}{code}{acct}{number:04d}"
    return WebOrder(
        order_id,
        prop,
        driver,
        account.account_id if account else None,
        ad_index,
        day,
        number,
        when,
        when + checkout,
        tuple(lines),
        shipping,
        u(13) < TRACKED_SHARE,
    )


def _price_thb(prop: WebProperty, thb: float) -> float:
    """A THB amount in the property currency (whole baht, or cents elsewhere)."""
    if prop.currency == "THB":
        return float(round(thb))
    return round(thb / FX_THB_PER_UNIT[prop.currency], 2)


def ad_web_orders(
    market: Market, platform: Platform, account: Account, day: date
) -> list[WebOrder]:
    """Every web order the ads of ``account`` drove on its local ``day`` (whole day, any clock).

    Counts come from the day's final purchases (``Market.truth``), so they never change as the
    platform's reporting catches up; placement times may lie after the clock's now.
    """
    h = market.hierarchy(platform)
    pos = next(i for i, a in enumerate(h.accounts) if a.account_id == account.account_id)
    ads = np.flatnonzero(h.ad_account == pos)
    if not len(ads) or day < market.history_start:
        return []
    seed, code = market.config.seed, PLATFORM_CODE[platform]
    share = web_share(platform, account.country)
    purchases = market.truth(platform, day).purchases[ads].astype(np.float64)
    u = uniform(seed, GA4_CODE, code, h.ad_keys[ads], day.toordinal(), 1)
    counts = stochastic_round(purchases * share, u)
    prop = property_of_country(account.country)
    out: list[WebOrder] = []
    for ad, count in zip(ads.tolist(), counts.tolist(), strict=True):
        sku = h.ads[ad].skus[0]
        for n in range(count):
            out.append(
                _order(
                    prop,
                    seed,
                    code,
                    int(h.ad_keys[ad]),
                    day,
                    n,
                    len(out),
                    sku,
                    platform,
                    account,
                    ad,
                )
            )
    return out


def organic_web_orders(prop: WebProperty, seed: int, day: date) -> list[WebOrder]:
    """Web orders of one property-local day that no simulated ad drove (weekends +15 %)."""
    d = day.toordinal()
    mu = np.array([prop.organic_orders_per_day * (1.15 if day.weekday() >= 5 else 1.0)])
    n = int(
        poisson(
            mu,
            uniform(seed, GA4_CODE, ORGANIC_CODE, prop.index, d, 1).reshape(1),
            normal(seed, GA4_CODE, ORGANIC_CODE, prop.index, d, 2).reshape(1),
        )[0]
    )
    return [
        _order(prop, seed, ORGANIC_CODE, prop.index, day, k, k, None, "organic", None, -1)
        for k in range(n)
    ]
