"""The simulated ad market: a pure function of (seed, clock, change log), with settled days cached.

Typical use::

    market = Market(MarketConfig(seed=42, days=35))
    h = market.hierarchy("meta")                          # objects
    day = market.reported("meta", date(2026, 11, 20))     # what the API shows now (per ad)
    market.set_daily_budget("meta", adset_id, 250_000)    # a write (Meta: minor units)
    market.advance(days=1)
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np

from sandbox.market.attribution import reported_count
from sandbox.market.catalog import PLATFORM_CODE, PLATFORMS, Account, Platform, platform_accounts
from sandbox.market.changes import (
    Change,
    ChangeLog,
    DayControls,
    MarketError,
    UnknownObjectError,
    base_controls,
    controls_on,
)
from sandbox.market.clock import Clock, default_now, zone
from sandbox.market.entities import Hierarchy
from sandbox.market.params import AdParams, build_params
from sandbox.market.simulate import DayMetrics, report_uniforms, simulate_day
from sandbox.market.structure import build_hierarchy

_TRUTH_CACHE_DAYS = 64


@dataclass(frozen=True)
class MarketConfig:
    """Knobs of the market.

    Attributes:
        seed: drives every hidden parameter and all noise (not the object structure).
        days: history length; the market starts ``days`` days before ``now``.
        now: initial clock (aware UTC); default today's UTC date at 12:00 UTC.
        ads: scale knob, total ads per platform (e.g. ``{"meta": 10_000}``); default ~100.
        accounts: scale knob, accounts per platform beyond the fixed ones.
    """

    seed: int = 42
    days: int = 35
    now: datetime | None = None
    ads: dict[str, int] = field(default_factory=dict)
    accounts: dict[str, int] = field(default_factory=dict)


@dataclass
class _PlatformState:
    h: Hierarchy
    p: AdParams
    base: DayControls
    checkpoints: dict[int, np.ndarray]
    truths: OrderedDict[int, DayMetrics] = field(default_factory=OrderedDict)


class Market:
    """The market. Not thread-safe: the server serialises access with a lock."""

    def __init__(self, config: MarketConfig | None = None) -> None:
        self.config = config or MarketConfig()
        self.clock = Clock(self.config.now or default_now())
        self.history_start: date = self.clock.now.date() - timedelta(days=self.config.days)
        self.changes = ChangeLog()
        self._states: dict[str, _PlatformState] = {}
        self._accounts = {p: platform_accounts(p, self.config.accounts.get(p)) for p in PLATFORMS}

    # --- structure -------------------------------------------------------------------------

    def accounts(self, platform: Platform) -> tuple[Account, ...]:
        """A platform's accounts."""
        return self._accounts[platform]

    def find_account(self, account_id: str) -> Account | None:
        """An account of any platform by id (digits, ``act_`` prefix allowed)."""
        aid = account_id.removeprefix("act_")
        return next(
            (a for accts in self._accounts.values() for a in accts if a.account_id == aid), None
        )

    def hierarchy(self, platform: Platform) -> Hierarchy:
        """A platform's objects (built on first use)."""
        return self._state(platform).h

    def params(self, platform: Platform) -> AdParams:
        """A platform's hidden per-ad parameters (evaluation only)."""
        return self._state(platform).p

    def _state(self, platform: Platform) -> _PlatformState:
        st = self._states.get(platform)
        if st is None:
            h = build_hierarchy(
                platform,
                self._accounts[platform],
                self.history_start,
                self.config.days,
                self.config.ads.get(platform),
            )
            tz = {a.account_id: a.timezone for a in h.accounts}
            created = [a.created_at.astimezone(zone(tz[a.account_id])).date() for a in h.ads]
            p = build_params(h, self.config.seed, created, self.history_start)
            start = self.history_start.toordinal()
            st = _PlatformState(h, p, base_controls(h), {start: p.initial_cum_impressions})
            self._states[platform] = st
        return st

    # --- clock -----------------------------------------------------------------------------

    def local_today(self, account: Account) -> date:
        """The account-local date of the clock."""
        return self.clock.local_today(account.timezone)

    def last_day(self, platform: Platform) -> date:
        """The latest account-local today among the platform's accounts."""
        return max(self.local_today(a) for a in self.accounts(platform))

    def advance(self, days: float = 1.0) -> None:
        """Move the clock forward (settled days stay cached; they cannot change)."""
        self.clock.advance(days)

    # --- days ------------------------------------------------------------------------------

    def controls(self, platform: Platform, day: date) -> DayControls:
        """Statuses and budgets in force on an account-local day."""
        st = self._state(platform)
        return controls_on(st.h, st.base, self.changes.for_platform(platform), day.toordinal())

    def fatigue_state(self, platform: Platform, day: date) -> np.ndarray:
        """Cumulative impressions per ad before ``day`` (history start: prior impressions)."""
        st = self._state(platform)
        target = max(day.toordinal(), self.history_start.toordinal())
        have = max(k for k in st.checkpoints if k <= target)
        while have < target:
            served = self._truth(platform, have).impressions
            st.checkpoints[have + 1] = st.checkpoints[have] + served
            have += 1
        return st.checkpoints[target]

    def truth(self, platform: Platform, day: date) -> DayMetrics:
        """Final, full-day metrics per ad (what the platform reports once settled)."""
        return self._truth(platform, day.toordinal())

    def _truth(self, platform: Platform, day: int) -> DayMetrics:
        st = self._state(platform)
        if day < self.history_start.toordinal():
            return DayMetrics.zeros(len(st.h.ads))
        hit = st.truths.get(day)
        if hit is not None:
            st.truths.move_to_end(day)
            return hit
        cum = self.fatigue_state(platform, date.fromordinal(day))
        out = simulate_day(
            st.h,
            st.p,
            self.config.seed,
            PLATFORM_CODE[platform],
            day,
            self.controls(platform, date.fromordinal(day)),
            cum,
        )
        st.truths[day] = out
        if len(st.truths) > _TRUTH_CACHE_DAYS:
            st.truths.popitem(last=False)
        return out

    def reported(self, platform: Platform, day: date) -> DayMetrics:
        """Metrics per ad as the platform shows them at the clock's ``now``.

        Days after an account's local today are zero; its local today shows the elapsed share
        of the day; purchases (and their value) follow the attribution lag.
        """
        st = self._state(platform)
        t = self.truth(platform, day)
        accts = st.h.accounts
        age_acct = np.array([(self.local_today(a) - day).days for a in accts], dtype=np.int64)
        frac_acct = np.array([self.clock.elapsed_fraction(a.timezone) for a in accts])
        age = age_acct[st.h.ad_account]
        f = np.where(age > 0, 1.0, np.where(age == 0, frac_acct[st.h.ad_account], 0.0))

        u_part, u_lag = report_uniforms(st.p, day.toordinal())

        def part(x: np.ndarray) -> np.ndarray:
            return np.where(f >= 1.0, x, np.floor(x * f + u_part)).astype(np.int64)

        purchases = reported_count(part(t.purchases), age, u_lag)
        with np.errstate(invalid="ignore", divide="ignore"):
            unit = np.where(t.purchases > 0, t.purchase_value_minor / t.purchases, 0.0)
        value = np.round(purchases * unit).astype(np.int64)
        return DayMetrics(
            part(t.spend_minor),
            part(t.impressions),
            part(t.reach),
            part(t.clicks),
            part(t.link_clicks),
            part(t.landing_page_views),
            part(t.video_plays),
            part(t.thruplays),
            purchases,
            value,
        )

    # --- writes ----------------------------------------------------------------------------

    def current_controls(self, platform: Platform, account: Account) -> DayControls:
        """Statuses and budgets in force now for an account's objects."""
        return self.controls(platform, self.local_today(account))

    def set_status(self, platform: Platform, object_id: str, status: str) -> Change:
        """Pause or activate a campaign, ad set or ad from the account-local today on."""
        if status not in ("ACTIVE", "PAUSED"):
            raise MarketError(f"status must be ACTIVE or PAUSED, got {status!r}")
        return self._write(platform, object_id, "status", status)

    def set_daily_budget(self, platform: Platform, object_id: str, amount: float) -> Change:
        """Change a budget owner's daily budget (native unit) from the account-local today on.

        Raises:
            MarketError: unknown object, the object does not own a budget (an ad set of a
                campaign-budget campaign, or a campaign with ad set budgets), or the amount is
                below the platform minimum.
        """
        st = self._state(platform)
        kind = st.h.kind_of(object_id)
        if kind is not None and object_id not in st.h.owner_index:
            raise MarketError(_not_owner_message(st.h, object_id, kind))
        minor = st.h.spec.to_minor(amount)
        if kind is not None and minor < st.h.spec.min_daily_budget_minor:
            raise MarketError(
                f"daily_budget {amount} is below the minimum of "
                f"{st.h.spec.from_minor(st.h.spec.min_daily_budget_minor)} (native unit)"
            )
        return self._write(platform, object_id, "daily_budget", amount)

    def _write(self, platform: Platform, object_id: str, fld: str, value: str | float) -> Change:
        st = self._state(platform)
        kind = st.h.kind_of(object_id)
        account = st.h.account_of(object_id)
        if kind is None or account is None:
            raise UnknownObjectError(f"unknown {platform} object {object_id}")
        day = self.local_today(account).toordinal()
        change = Change(platform, object_id, kind, fld, value, day, self.clock.now)
        self.changes.append(change)
        for k in [k for k in st.checkpoints if k > day]:
            del st.checkpoints[k]
        for k in [k for k in st.truths if k >= day]:
            del st.truths[k]
        return change


def _not_owner_message(h: Hierarchy, object_id: str, kind: str) -> str:
    if kind == "adset":
        cid = h.adsets[h.index[object_id][1]].campaign_id
        return (
            f"ad set {object_id} belongs to campaign {cid}, which uses campaign budget "
            "optimization: set the daily budget on the campaign"
        )
    if kind == "campaign":
        return f"campaign {object_id} uses ad set budgets: set the daily budget on its ad sets"
    return f"{kind} {object_id} has no budget: budgets belong to campaigns or ad sets"
