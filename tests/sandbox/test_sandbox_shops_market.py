"""The market's marketplace orders: driven by the ads, deterministic, with lifecycles and money
that adds up."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from sandbox.market.buyers import BUYERS_PER_SHOP, buyer
from sandbox.market.market import Market, MarketConfig
from sandbox.market.order_ids import decode_order_id, encode_order_id
from sandbox.market.orders import OrderBook
from sandbox.market.shops import LISTINGS, SHOP_BY_KEY, SHOP_SHARE, SHOPS
from tests.sandbox.sandbox_helpers import NOW

SHOPEE_TH, LAZADA_TH, TIKTOK_TH, SHOPEE_MY = (
    SHOP_BY_KEY[k] for k in ("shopee_th", "lazada_th", "tiktok_shop_th", "shopee_my")
)


@pytest.fixture(scope="module")
def book() -> OrderBook:
    return OrderBook(Market(MarketConfig(seed=42, days=35, now=NOW)))


def _days(book: OrderBook, n: int = 33) -> list:
    return [book.market.history_start + timedelta(days=k) for k in range(n)]


def test_ad_driven_orders_are_the_chosen_share_of_routed_ad_purchases(book):
    ad_orders, expected = 0, 0.0
    for shop in SHOPS:
        for day in _days(book):
            ad_orders += sum(o.driver != "organic" for o in book.day_orders(shop, day))
            expected += SHOP_SHARE * sum(v.sum() for v in book.routed_purchases(shop, day).values())

    assert expected > 1000  # enough orders for the share to be measured
    assert ad_orders / expected == pytest.approx(1.0, abs=0.05)


def test_daily_shop_orders_follow_the_ad_purchases_routed_to_the_shop(book):
    routed, ad_driven, orders = [], [], []
    for shop in SHOPS:
        for day in _days(book):
            routed.append(sum(v.sum() for v in book.routed_purchases(shop, day).values()))
            day_orders = book.day_orders(shop, day)
            ad_driven.append(sum(o.driver != "organic" for o in day_orders))
            orders.append(len(day_orders))

    assert np.corrcoef(routed, ad_driven)[0, 1] > 0.9
    assert np.corrcoef(routed, orders)[0, 1] > 0.6  # organic demand is noise around a baseline


def test_pausing_the_thai_meta_campaigns_stops_their_shop_orders_from_that_day():
    market = Market(MarketConfig(seed=42, days=35, now=NOW))
    book = OrderBook(market)
    today = market.local_today(market.accounts("meta")[0])
    before = [o.driver for s in (SHOPEE_TH, LAZADA_TH) for o in book.day_orders(s, today)]
    organic_before = before.count("organic")
    assert "meta" in before

    for c in market.hierarchy("meta").campaigns:
        if c.account_id == "7010000000000001":
            market.set_status("meta", c.id, "PAUSED")
    after = [o.driver for s in (SHOPEE_TH, LAZADA_TH) for o in book.day_orders(s, today)]

    assert "meta" not in after
    assert after.count("organic") == organic_before  # organic demand does not follow the ads
    yesterday = today - timedelta(days=1)
    assert any(o.driver == "meta" for o in book.day_orders(SHOPEE_TH, yesterday))


def test_orders_are_the_same_for_a_seed_and_change_with_it():
    day = NOW.date() - timedelta(days=10)

    def snapshot(seed: int) -> list[tuple]:
        book = OrderBook(Market(MarketConfig(seed=seed, days=35, now=NOW)))
        return [
            (o.order_id, o.buyer.email, o.total_amount, o.created_at)
            for o in book.day_orders(SHOPEE_TH, day)
        ]

    assert snapshot(42) == snapshot(42)
    assert snapshot(42) != snapshot(43)


def test_statuses_move_through_the_lifecycle_and_update_time_follows(book):
    market = book.market
    orders = [o for s in SHOPS for d in _days(book, 20) for o in book.day_orders(s, d)]
    finals = {o.events[-1][1] for o in orders}
    assert finals == {"completed", "cancelled", "refunded"}
    for o in orders[:200]:
        times = [t for t, _ in o.events]
        assert times == sorted(times)
        assert o.events[0] == (o.created_at, "unpaid")
        assert o.state_at(o.created_at - timedelta(seconds=1)) is None
        assert o.state_at(o.events[-1][0] + timedelta(days=1)) == (o.events[-1][1], o.events[-1][0])
    assert all(o.events[-1][0] - o.created_at <= timedelta(days=16) for o in orders)
    cancelled = sum(o.events[-1][1] == "cancelled" for o in orders) / len(orders)
    refunded = sum(o.events[-1][1] == "refunded" for o in orders) / len(orders)
    assert 0.04 < cancelled < 0.10
    assert 0.01 < refunded < 0.05
    assert not any(
        o.events[-1][1] == "refunded" for o in orders if o.shop.platform == "tiktok_shop"
    )
    assert market.clock.now == NOW  # the test only read the market


def test_amounts_add_up_and_vouchers_split_exactly_over_lines(book):
    orders = [o for s in SHOPS for d in _days(book, 10) for o in book.day_orders(s, d)]
    assert any(o.seller_voucher > 0 for o in orders) and any(o.platform_voucher > 0 for o in orders)
    assert any(len(o.lines) > 1 for o in orders) and any(o.shipping_fee > 0 for o in orders)
    for o in orders:
        subtotal = sum(x.unit_sale * x.quantity for x in o.lines)
        assert o.total_amount == pytest.approx(
            subtotal - o.seller_voucher - o.platform_voucher + o.shipping_fee, abs=1e-9
        )
        assert o.total_amount >= 0
        for x in o.lines:
            assert x.quantity >= 1
            assert 0 <= x.unit_sale <= x.unit_original
            assert x.paid_amount >= 0
            if x.listing.is_gift:
                assert x.unit_original == 0 and x.quantity == 1
    thb = [o for o in orders if o.shop.currency == "THB"]
    assert all(float(x.unit_sale).is_integer() for o in thb for x in o.lines)


def test_order_ids_have_each_platforms_shape_and_decode_to_day_and_number(book):
    day = NOW.date() - timedelta(days=3)
    for shop, length in ((SHOPEE_TH, 14), (LAZADA_TH, 15), (TIKTOK_TH, 18)):
        oid = encode_order_id(shop, day, 17)
        assert len(oid) == length
        assert decode_order_id(shop, oid) == (day, 17)
        assert decode_order_id(shop, oid[:-1] + ("0" if oid[-1] != "0" else "1")) is None
    sn = encode_order_id(SHOPEE_TH, day, 5)
    assert sn[:6] == f"{day:%y%m%d}" and sn.isalnum() and sn.upper() == sn
    first = book.day_orders(SHOPEE_TH, day)[0]
    assert book.find(SHOPEE_TH, first.order_id) is first
    assert book.find(SHOPEE_TH, "2611999XXXXXXX") is None
    future = encode_order_id(SHOPEE_TH, NOW.date() + timedelta(days=2), 0)
    assert book.find(SHOPEE_TH, future) is None


def test_buyers_are_fake_deterministic_and_come_back(book):
    b = buyer(1, "TH", 12)
    assert b == buyer(1, "TH", 12)
    assert b.email.endswith("@example.com") and b.user_id.isdigit()
    numbers = [o.buyer.number for d in _days(book) for o in book.day_orders(SHOPEE_TH, d)]
    assert all(0 <= n < BUYERS_PER_SHOP for n in numbers)
    assert len(set(numbers)) < len(numbers)  # repeat customers exist


def test_listings_use_platform_skus_and_some_are_left_unmapped_on_purpose():
    for shop in SHOPS:
        listings = LISTINGS[shop.key]
        mapped = [x for x in listings if not x.intentionally_unmapped]
        assert {x.master_sku for x in mapped} >= {"SG-SER-001", "SG-SET-001"}
        assert all(x.platform_sku != x.master_sku for x in listings)
        assert any(x.intentionally_unmapped for x in listings)
    assert any(x.platform_sku == "" for x in LISTINGS["shopee_th"])  # named item_id:model_id
