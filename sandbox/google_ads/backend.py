"""The simulated market as Google Ads resources: columnar frames of GAQL rows.

A *frame* is ``{gaql field name: numpy array}``, every array one element per result row. Objects
are the market's ``google`` hierarchy: customers (accounts), campaigns (each owning one campaign
budget), ad groups (the market's ad sets) and ad group ads. Performance Max campaigns
(``Campaign.channel``) have ad groups and ads inside the market, but — as in Google Ads, where
they run asset groups — they are reported at campaign level only: ``FROM ad_group`` and
``FROM ad_group_ad`` never list them, while their delivery is in ``FROM campaign`` metrics.

Metrics come from :meth:`Market.reported` per account-local day (``segments.date`` is the
customer's own day): ``cost_micros`` = spend in minor units × 10,000 (the market's currencies
have two decimals), ``clicks`` = clicks to the landing page, ``conversions`` = purchases × a
per-ad-day data-driven-attribution credit in [0.85, 1] (fractional, 2 decimals), its
``conversions_value`` the purchase value × the same credit, ``video_trueview_views`` = views to
completion. Campaign and ad group rows are the sums of their ads (conversions re-rounded to
6 decimals against float noise). Rows whose metrics are all zero are omitted, as in the API.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import numpy as np

from sandbox.google_ads.tables import (
    MICROS_PER_MINOR,
    PLATFORM,
    Frame,
    build_tables,
    obj_array,
)
from sandbox.market.catalog import PLATFORM_CODE, Account
from sandbox.market.hashing import uniform
from sandbox.market.market import Market

METRICS = (
    "cost_micros",
    "impressions",
    "clicks",
    "conversions",
    "conversions_value",
    "video_trueview_views",
)
_M_CREDIT = 70  # noise stream of the attribution credit (hash address: never renumber)


class GoogleAdsBackend:
    """Answers "which rows" for one market (not thread-safe: callers hold a lock)."""

    def __init__(self, market: Market) -> None:
        self.market = market
        self.h = market.hierarchy(PLATFORM)
        h = self.h
        self.accounts = {a.account_id: a for a in h.accounts}
        self._acct_pos = {a.account_id: i for i, a in enumerate(h.accounts)}
        self.campaign_account = np.array(
            [self._acct_pos[c.account_id] for c in h.campaigns], dtype=np.int64
        )
        self.adset_campaign = np.array(
            [h.index[s.campaign_id][1] for s in h.adsets], dtype=np.int64
        )
        self.pmax = np.array([c.channel == "PERFORMANCE_MAX" for c in h.campaigns], dtype=bool)
        self._tables: tuple[tuple, dict[str, Frame]] | None = None

    # --- entities ------------------------------------------------------------------------

    def customer(self, customer_id: str) -> Account | None:
        """The customer (market account) with this id, or None."""
        return self.accounts.get(customer_id)

    def local_today(self, account: Account) -> date:
        """The customer's local today."""
        return self.market.local_today(account)

    def tables(self) -> dict[str, Frame]:
        """Every object's attribute columns by resource (current statuses and budgets)."""
        key = (self.market.clock.now, len(self.market.changes.changes))
        if self._tables is None or self._tables[0] != key:
            self._tables = (key, build_tables(self.market, self.h))
        return self._tables[1]

    # --- rows ----------------------------------------------------------------------------

    def _parent_index(self, resource: str, attributed: str) -> np.ndarray:
        """Index into ``attributed``'s table for each object of ``resource``."""
        h = self.h
        if attributed == "customer":
            return {
                "campaign": self.campaign_account,
                "campaign_budget": self.campaign_account,
                "ad_group": self.campaign_account[self.adset_campaign],
                "ad_group_ad": h.ad_account,
                "customer": np.arange(len(h.accounts)),
            }[resource]
        if resource in ("campaign", "campaign_budget"):  # budgets are 1:1 with campaigns
            return np.arange(len(h.campaigns))
        if attributed == resource:
            return np.arange({"ad_group": len(h.adsets), "ad_group_ad": len(h.ads)}[resource])
        if attributed == "campaign":
            return self.adset_campaign if resource == "ad_group" else h.ad_campaign
        if attributed == "ad_group":
            return h.ad_adset
        raise KeyError(f"{attributed} is not attributed to {resource}")

    def objects(self, resource: str, customer_id: str) -> np.ndarray:
        """Table positions of a customer's objects of ``resource`` (PMax hides ad groups/ads)."""
        pos = self._acct_pos[customer_id]
        if resource == "customer":
            return np.array([pos], dtype=np.int64)
        if resource in ("campaign", "campaign_budget"):
            return np.flatnonzero(self.campaign_account == pos)
        camp = self.adset_campaign if resource == "ad_group" else self.h.ad_campaign
        return np.flatnonzero((self.campaign_account[camp] == pos) & ~self.pmax[camp])

    def attributes(self, resource: str, rows: np.ndarray, wanted: set[str]) -> Frame:
        """Attribute columns (``wanted`` GAQL names) for the objects at table positions ``rows``."""
        tables, out = self.tables(), {}
        for name in wanted:
            top = name.split(".", 1)[0]
            if top in ("metrics", "segments"):
                continue
            idx = self._parent_index(resource, top)[rows]
            out[name] = tables[top][name][idx]
        return out

    def ad_metrics(self, day: date) -> Frame:
        """Per-ad metrics of one account-local day, aligned with the hierarchy's ads."""
        r = self.market.reported(PLATFORM, day)
        credit = 0.85 + 0.15 * uniform(
            self.market.config.seed,
            PLATFORM_CODE[PLATFORM],
            self.h.ad_keys,
            day.toordinal(),
            _M_CREDIT,
        )
        return {
            "metrics.cost_micros": r.spend_minor.astype(np.int64) * MICROS_PER_MINOR,
            "metrics.impressions": r.impressions.astype(np.int64),
            "metrics.clicks": r.link_clicks.astype(np.int64),
            "metrics.conversions": np.round(r.purchases * credit, 2),
            "metrics.conversions_value": np.round(r.purchase_value_minor / 100.0 * credit, 2),
            "metrics.video_trueview_views": r.thruplays.astype(np.int64),
        }

    def stats(
        self, resource: str, customer_id: str, days: list[date], segmented: bool
    ) -> tuple[np.ndarray, Frame]:
        """Metric rows of a customer's ``resource`` objects over ``days``.

        Returns:
            ``(object positions, frame)``: one row per object and day (``segmented``) or per
            object over all the days, rows with all-zero metrics omitted; the frame holds the
            ``metrics.*`` columns and ``segments.date`` (ISO strings) when segmented.
        """
        eligible = self.objects(resource, customer_id)
        to_obj: Callable[[], np.ndarray] = {
            "campaign": lambda: self.h.ad_campaign,
            "ad_group": lambda: self.h.ad_adset,
            "ad_group_ad": lambda: np.arange(len(self.h.ads)),
        }[resource]
        ad_obj = to_obj()
        n_obj = {
            "campaign": len(self.h.campaigns),
            "ad_group": len(self.h.adsets),
            "ad_group_ad": len(self.h.ads),
        }[resource]
        per_day = [
            (day, self._aggregate(self.ad_metrics(day), ad_obj, n_obj, eligible)) for day in days
        ]
        if not segmented:
            total = {f"metrics.{k}": np.zeros(len(eligible)) for k in METRICS}
            for _, frame in per_day:
                total = {k: total[k] + frame[k] for k in total}
            return _nonzero(eligible, _rounded(total))
        rows, frames = [], []
        for day, frame in per_day:
            keep, kept = _nonzero(eligible, frame)
            kept["segments.date"] = obj_array([day.isoformat()] * len(keep))
            rows.append(keep)
            frames.append(kept)
        if not frames:  # no day in the range: no rows, but every column
            empty = {
                f"metrics.{k}": np.zeros(0, dtype=np.float64 if k.startswith("conv") else np.int64)
                for k in METRICS
            }
            return np.zeros(0, dtype=np.int64), empty | {"segments.date": obj_array([])}
        return np.concatenate(rows), {k: np.concatenate([f[k] for f in frames]) for k in frames[0]}

    @staticmethod
    def _aggregate(ads: Frame, ad_obj: np.ndarray, n_obj: int, eligible: np.ndarray) -> Frame:
        out = {}
        for name, values in ads.items():
            summed = np.bincount(ad_obj, weights=values.astype(np.float64), minlength=n_obj)
            out[name] = summed[eligible]
        return _rounded(out)


def _rounded(frame: Frame) -> Frame:
    out = {}
    for name, values in frame.items():
        if name in ("metrics.conversions", "metrics.conversions_value"):
            out[name] = np.round(values, 6)
        else:
            out[name] = np.rint(values).astype(np.int64)
    return out


def _nonzero(objects: np.ndarray, frame: Frame) -> tuple[np.ndarray, Frame]:
    """Drop rows whose metrics are all zero."""
    if not len(objects):
        return objects, frame
    any_metric = np.zeros(len(objects), dtype=bool)
    for values in frame.values():
        any_metric |= values != 0
    return objects[any_metric], {k: v[any_metric] for k, v in frame.items()}


def days_between(first: date, last: date) -> list[date]:
    """Every day of ``[first, last]`` (empty when last < first)."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
