"""The simulated market: determinism, structure, spend mechanics, attribution lag, change log."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from sandbox.market.catalog import PRODUCTS, fixed_accounts
from sandbox.market.changes import MarketError, UnknownObjectError
from sandbox.market.hashing import uniform
from sandbox.market.market import Market, MarketConfig
from sandbox.market.simulate import active_ads
from tests.sandbox.sandbox_helpers import NOW, TH, US

YESTERDAY = NOW.date() - timedelta(days=1)


def _account_sum(market: Market, values: np.ndarray, account_id: str) -> int:
    h = market.hierarchy("meta")
    pos = [a.account_id for a in h.accounts].index(account_id)
    return int(values[h.ad_account == pos].sum())


def test_account_ids_are_fixed_for_every_platform() -> None:
    assert [a.account_id for a in fixed_accounts("meta")] == [
        "7010000000000001",
        "7010000000000002",
        "7010000000000003",
    ]
    assert [(a.currency, a.timezone) for a in fixed_accounts("meta")] == [
        ("THB", "Asia/Bangkok"),
        ("SGD", "Asia/Singapore"),
        ("USD", "America/Los_Angeles"),
    ]
    assert [(a.account_id, a.currency) for a in fixed_accounts("tiktok")] == [
        ("7020000000000001", "THB"),
        ("7020000000000002", "MYR"),
    ]
    assert [(a.account_id, a.currency) for a in fixed_accounts("google")] == [
        ("7030000001", "THB"),
        ("7030000002", "SGD"),
    ]


def test_object_ids_and_names_do_not_depend_on_the_seed() -> None:
    a = Market(MarketConfig(seed=1, now=NOW)).hierarchy("meta")
    b = Market(MarketConfig(seed=2, now=NOW)).hierarchy("meta")
    assert [(x.id, x.name) for x in a.ads] == [(x.id, x.name) for x in b.ads]
    assert [(x.id, x.daily_budget) for x in a.adsets] == [(x.id, x.daily_budget) for x in b.adsets]
    assert a.campaigns[0].id == "12011001000000001"


def test_same_seed_and_clock_give_identical_numbers_and_another_seed_does_not() -> None:
    one, two = (Market(MarketConfig(seed=42, now=NOW)) for _ in range(2))
    other = Market(MarketConfig(seed=43, now=NOW))
    for day in (NOW.date() - timedelta(days=30), YESTERDAY, NOW.date()):
        r1, r2, r3 = (m.reported("meta", day) for m in (one, two, other))
        assert np.array_equal(r1.spend_minor, r2.spend_minor)
        assert np.array_equal(r1.purchase_value_minor, r2.purchase_value_minor)
        assert not np.array_equal(r1.impressions, r3.impressions)


def test_adding_ads_leaves_existing_ads_parameters_and_noise_unchanged() -> None:
    small = Market(MarketConfig(seed=42, now=NOW))
    big = Market(MarketConfig(seed=42, now=NOW, ads={"meta": 900}))
    hs, hb = small.hierarchy("meta"), big.hierarchy("meta")
    pos = {a.id: i for i, a in enumerate(hb.ads)}
    common = [i for i, a in enumerate(hs.ads) if a.id in pos]
    assert len(hb.ads) == 900
    assert len(common) > 50
    other = [pos[hs.ads[i].id] for i in common]
    for name in ("cpm", "link_ctr", "audience", "fatigue_beta", "weight"):
        assert np.array_equal(
            getattr(small.params("meta"), name)[common], getattr(big.params("meta"), name)[other]
        ), name
    keys = hb.ad_keys
    assert np.array_equal(uniform(42, 1, keys[:10], 7, 3), uniform(42, 1, keys, 7, 3)[:10])


def test_structure_has_cbo_and_abo_campaigns_paused_objects_and_linked_posts(
    market: Market,
) -> None:
    h = market.hierarchy("meta")
    for acct in h.accounts:
        camps = [c for c in h.campaigns if c.account_id == acct.account_id]
        assert 4 <= len(camps) <= 6
        assert any(c.owns_budget for c in camps)
        assert sum(not c.owns_budget for c in camps) > sum(c.owns_budget for c in camps)
    for s in h.adsets:
        n = sum(a.adset_id == s.id for a in h.ads)
        assert 2 <= n <= 3
        assert (s.daily_budget is None) == h.campaigns[h.index[s.campaign_id][1]].owns_budget
    assert any(x.status == "PAUSED" for x in [*h.campaigns, *h.adsets, *h.ads])
    posts = {p.post_id: p for p in h.posts}
    for ad in h.ads:
        page, _, post = ad.post_id.partition("_")
        assert page and post and ad.post_id in posts
        assert posts[ad.post_id].sku in ad.skus
    assert all(isinstance(c.daily_budget, int) for c in h.campaigns if c.owns_budget)


def test_budgets_are_stored_in_each_platforms_native_unit(market: Market) -> None:
    tiktok = [s.daily_budget for s in market.hierarchy("tiktok").adsets if s.daily_budget]
    google = [c.daily_budget for c in market.hierarchy("google").campaigns]
    assert all(isinstance(b, float) for b in tiktok)
    assert all(isinstance(b, int) and b % 10_000 == 0 and b > 10_000_000 for b in google)
    assert market.hierarchy("google").spec.to_minor(google[0]) * 10_000 == google[0]


def test_products_have_gross_margins_between_45_and_70_percent() -> None:
    assert len(PRODUCTS) == 12
    assert len({p.sku for p in PRODUCTS}) == 12
    assert all(0.45 <= p.gross_margin_rate <= 0.70 for p in PRODUCTS)


def test_paused_ads_spend_nothing_and_active_ads_deliver(market: Market) -> None:
    h, p = market.hierarchy("meta"), market.params("meta")
    for day in (YESTERDAY, YESTERDAY - timedelta(days=20)):
        act = active_ads(h, p, market.controls("meta", day), day.toordinal())
        t = market.truth("meta", day)
        assert (t.spend_minor[~act] == 0).all()
        assert (t.impressions[~act] == 0).all()
        assert (t.spend_minor[act] > 0).all()
    paused = [i for i, a in enumerate(h.ads) if a.status == "PAUSED"]
    assert paused
    assert (market.truth("meta", YESTERDAY).spend_minor[paused] == 0).all()


def test_each_budget_owner_spends_its_budget_times_pacing(market: Market) -> None:
    h = market.hierarchy("meta")
    t = market.truth("meta", YESTERDAY)
    ctl = market.controls("meta", YESTERDAY)
    spent = np.bincount(h.ad_owner, t.spend_minor, len(h.owners))
    live = spent > 0
    ratio = spent[live] / ctl.owner_budget_minor[live]
    assert live.sum() >= 20
    assert ratio.min() >= 0.9 - 1e-3
    assert ratio.max() <= 1.0 + 1e-3


def test_cpm_and_ctr_are_realistic_for_each_currency(market: Market) -> None:
    ranges = {"THB": (50, 200), "SGD": (3, 12), "USD": (4, 17)}
    t = market.truth("meta", YESTERDAY)
    for acct in market.accounts("meta"):
        spend = _account_sum(market, t.spend_minor, acct.account_id) / 100
        imps = _account_sum(market, t.impressions, acct.account_id)
        link = _account_sum(market, t.link_clicks, acct.account_id)
        lo, hi = ranges[acct.currency]
        assert lo <= spend / imps * 1000 <= hi
        assert 0.003 <= link / imps <= 0.035
        assert _account_sum(market, t.reach, acct.account_id) <= imps


def test_purchases_of_a_past_day_grow_then_settle_as_the_clock_advances(market: Market) -> None:
    day = YESTERDAY
    final = market.truth("meta", day).purchases
    seen = []
    for _ in range(30):
        r = market.reported("meta", day)
        seen.append(r.purchases.copy())
        market.advance(1)
    totals = [int(s.sum()) for s in seen]
    assert totals[0] < int(final.sum())
    assert totals == sorted(totals)
    assert all((b >= a).all() for a, b in itertools.pairwise(seen))
    assert np.array_equal(seen[-1], final)
    assert 0.6 < totals[0] / final.sum() < 0.9


def test_today_shows_the_elapsed_part_of_the_local_day(market: Market) -> None:
    today = NOW.date()
    full = market.truth("meta", today).spend_minor
    first = market.reported("meta", today).spend_minor
    th_share = _account_sum(market, first, TH) / _account_sum(market, full, TH)
    us_share = _account_sum(market, first, US) / _account_sum(market, full, US)
    assert th_share == pytest.approx(19 / 24, abs=0.02)  # 19:00 in Bangkok
    assert us_share == pytest.approx(4 / 24, abs=0.02)  # 04:00 in Los Angeles
    market.advance(0.25)
    later = market.reported("meta", today).spend_minor
    assert (later >= first).all()
    assert _account_sum(market, later, US) > _account_sum(market, first, US)
    partial = market.reported("meta", today)
    assert (partial.reach <= partial.impressions).all()
    assert (partial.link_clicks <= partial.clicks).all()


def test_a_budget_change_moves_spend_from_that_local_day_on_and_not_before(market: Market) -> None:
    h = market.hierarchy("meta")
    owner = next(
        o
        for o, (kind, i) in enumerate(h.owners)
        if kind == "adset"
        and h.adsets[i].account_id == TH
        and h.adsets[i].status == "ACTIVE"
        and market.truth("meta", YESTERDAY).spend_minor[h.ad_owner == o].sum() > 0
    )
    sid = h.owner_object(owner).id
    mask = h.ad_owner == owner
    before = {
        d: market.truth("meta", d).spend_minor[mask].sum()
        for d in (YESTERDAY - timedelta(days=1), YESTERDAY, NOW.date())
    }
    old_budget = market.controls("meta", NOW.date()).owner_budget_minor[owner]
    market.set_daily_budget("meta", sid, int(old_budget) * 3)
    for d in (YESTERDAY - timedelta(days=1), YESTERDAY):
        assert market.truth("meta", d).spend_minor[mask].sum() == before[d]
    today = market.truth("meta", NOW.date()).spend_minor[mask].sum()
    assert today / (3 * old_budget) >= 0.9 - 1e-3
    assert today > 2.5 * before[NOW.date()]
    market.advance(1)
    tomorrow = market.truth("meta", NOW.date() + timedelta(days=1)).spend_minor[mask].sum()
    assert tomorrow > 2.5 * before[NOW.date()]


def test_a_change_takes_effect_on_the_accounts_own_local_day() -> None:
    late = datetime(2026, 11, 21, 20, tzinfo=UTC)  # Bangkok is already on 22 Nov
    market = Market(MarketConfig(seed=42, now=late))
    h = market.hierarchy("meta")
    cid = next(c.id for c in h.campaigns if c.account_id == TH and c.status == "ACTIVE")
    mask = h.ad_campaign == h.index[cid][1]
    nov21 = market.truth("meta", date(2026, 11, 21)).spend_minor[mask].sum()
    change = market.set_status("meta", cid, "PAUSED")
    assert date.fromordinal(change.effective_day) == date(2026, 11, 22)
    assert market.truth("meta", date(2026, 11, 21)).spend_minor[mask].sum() == nov21 > 0
    assert market.truth("meta", date(2026, 11, 22)).spend_minor[mask].sum() == 0


def test_invalid_writes_are_refused(market: Market) -> None:
    h = market.hierarchy("meta")
    cbo = next(c for c in h.campaigns if c.owns_budget)
    cbo_adset = next(s for s in h.adsets if s.campaign_id == cbo.id)
    abo_adset = next(s for s in h.adsets if s.daily_budget is not None)
    with pytest.raises(MarketError, match="campaign budget optimization"):
        market.set_daily_budget("meta", cbo_adset.id, 50_000)
    with pytest.raises(MarketError, match="below the minimum"):
        market.set_daily_budget("meta", abo_adset.id, 99)
    with pytest.raises(UnknownObjectError):
        market.set_status("meta", "999", "PAUSED")
    with pytest.raises(MarketError, match="ACTIVE or PAUSED"):
        market.set_status("meta", abo_adset.id, "DELETED")
    assert market.changes.changes == []


def test_history_starts_days_before_now_and_scale_knobs_add_accounts() -> None:
    market = Market(MarketConfig(seed=7, days=10, now=NOW, accounts={"meta": 5}))
    start = NOW.date() - timedelta(days=10)
    assert market.history_start == start
    assert market.truth("meta", start - timedelta(days=1)).spend_minor.sum() == 0
    assert market.truth("meta", start).spend_minor.sum() > 0
    ids = [a.account_id for a in market.accounts("meta")]
    assert ids[3:] == ["7010000000000004", "7010000000000005"]
