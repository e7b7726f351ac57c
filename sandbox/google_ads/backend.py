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

from sandbox.market.catalog import PLATFORM_CODE, Account, Platform
from sandbox.market.clock import zone
from sandbox.market.hashing import uniform
from sandbox.market.market import Market

Frame = dict[str, np.ndarray]

PLATFORM: Platform = "google"
METRICS = (
    "cost_micros",
    "impressions",
    "clicks",
    "conversions",
    "conversions_value",
    "video_trueview_views",
)
MICROS_PER_MINOR = 10_000
END_OF_TIME = "2037-12-30 23:59:59"  # Google's end date of a campaign that runs indefinitely
_M_CREDIT = 70  # noise stream of the attribution credit (hash address: never renumber)


def budget_id(campaign_id: str) -> str:
    """The campaign budget of a campaign: the campaign id with kind digit 7 (budgets are 1:1)."""
    return "7" + campaign_id[1:]


def campaign_of_budget(budget: str) -> str:
    """Inverse of :func:`budget_id`."""
    return "1" + budget[1:]


def _obj(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


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

    def _status(self, active: np.ndarray) -> np.ndarray:
        return np.where(active, "ENABLED", "PAUSED").astype(object)

    def tables(self) -> dict[str, Frame]:
        """Every object's attribute columns by resource (current statuses and budgets)."""
        key = (self.market.clock.now, len(self.market.changes.changes))
        if self._tables is None or self._tables[0] != key:
            self._tables = (key, self._build_tables())
        return self._tables[1]

    def _build_tables(self) -> dict[str, Frame]:
        h, m = self.h, self.market
        today = {a.account_id: m.local_today(a) for a in h.accounts}
        ctl_by_acct = {a.account_id: m.controls(PLATFORM, today[a.account_id]) for a in h.accounts}
        camp_active = np.array(
            [ctl_by_acct[c.account_id].campaign_active[i] for i, c in enumerate(h.campaigns)],
            dtype=bool,
        )
        set_active = np.array(
            [ctl_by_acct[s.account_id].adset_active[i] for i, s in enumerate(h.adsets)], dtype=bool
        )
        ad_active = np.array(
            [ctl_by_acct[a.account_id].ad_active[i] for i, a in enumerate(h.ads)], dtype=bool
        )
        budget_minor = np.array(
            [
                ctl_by_acct[c.account_id].owner_budget_minor[h.owner_index[c.id]]
                for c in h.campaigns
            ],
            dtype=np.int64,
        )
        return {
            "customer": self._customer_table(),
            "campaign": self._campaign_table(camp_active),
            "campaign_budget": self._budget_table(budget_minor),
            "ad_group": self._ad_group_table(set_active),
            "ad_group_ad": self._ad_table(ad_active),
        }

    def _customer_table(self) -> Frame:
        a = self.h.accounts
        return {
            "customer.id": np.array([int(x.account_id) for x in a], dtype=np.int64),
            "customer.resource_name": _obj([f"customers/{x.account_id}" for x in a]),
            "customer.descriptive_name": _obj([x.name for x in a]),
            "customer.currency_code": _obj([x.currency for x in a]),
            "customer.time_zone": _obj([x.timezone for x in a]),
            "customer.status": _obj(["ENABLED"] * len(a)),
            "customer.manager": np.zeros(len(a), dtype=bool),
            "customer.test_account": np.zeros(len(a), dtype=bool),
        }

    def _campaign_table(self, active: np.ndarray) -> Frame:
        cs = self.h.campaigns
        tz = [self.h.accounts[i].timezone for i in self.campaign_account]
        start = [
            c.created_at.astimezone(zone(t)).strftime("%Y-%m-%d 00:00:00")
            for c, t in zip(cs, tz, strict=True)
        ]
        return {
            "campaign.id": np.array([int(c.id) for c in cs], dtype=np.int64),
            "campaign.resource_name": _obj(
                [f"customers/{c.account_id}/campaigns/{c.id}" for c in cs]
            ),
            "campaign.name": _obj([c.name for c in cs]),
            "campaign.status": self._status(active),
            "campaign.advertising_channel_type": _obj([c.channel or "SEARCH" for c in cs]),
            "campaign.bidding_strategy_type": _obj(
                [
                    "MAXIMIZE_CONVERSION_VALUE"
                    if c.channel == "PERFORMANCE_MAX"
                    else "MAXIMIZE_CONVERSIONS"
                    for c in cs
                ]
            ),
            "campaign.campaign_budget": _obj(
                [f"customers/{c.account_id}/campaignBudgets/{budget_id(c.id)}" for c in cs]
            ),
            "campaign.start_date_time": _obj(start),
            "campaign.end_date_time": _obj([END_OF_TIME] * len(cs)),
        }

    def _budget_table(self, budget_minor: np.ndarray) -> Frame:
        cs = self.h.campaigns
        n = len(cs)
        return {
            "campaign_budget.id": np.array([int(budget_id(c.id)) for c in cs], dtype=np.int64),
            "campaign_budget.resource_name": _obj(
                [f"customers/{c.account_id}/campaignBudgets/{budget_id(c.id)}" for c in cs]
            ),
            "campaign_budget.name": _obj([f"Budget | {c.name}" for c in cs]),
            "campaign_budget.amount_micros": budget_minor * MICROS_PER_MINOR,
            "campaign_budget.status": _obj(["ENABLED"] * n),
            "campaign_budget.delivery_method": _obj(["STANDARD"] * n),
            "campaign_budget.period": _obj(["DAILY"] * n),
            "campaign_budget.explicitly_shared": np.zeros(n, dtype=bool),
        }

    def _ad_group_table(self, active: np.ndarray) -> Frame:
        ss = self.h.adsets
        return {
            "ad_group.id": np.array([int(s.id) for s in ss], dtype=np.int64),
            "ad_group.resource_name": _obj(
                [f"customers/{s.account_id}/adGroups/{s.id}" for s in ss]
            ),
            "ad_group.name": _obj([s.name for s in ss]),
            "ad_group.status": self._status(active),
            "ad_group.type": _obj(["SEARCH_STANDARD"] * len(ss)),
            "ad_group.campaign": _obj(
                [f"customers/{s.account_id}/campaigns/{s.campaign_id}" for s in ss]
            ),
        }

    def _ad_table(self, active: np.ndarray) -> Frame:
        ads = self.h.ads
        return {
            "ad_group_ad.ad.id": np.array([int(a.id) for a in ads], dtype=np.int64),
            "ad_group_ad.resource_name": _obj(
                [f"customers/{a.account_id}/adGroupAds/{a.adset_id}~{a.id}" for a in ads]
            ),
            "ad_group_ad.ad.name": _obj([a.name for a in ads]),
            "ad_group_ad.ad.type": _obj(["RESPONSIVE_SEARCH_AD"] * len(ads)),
            "ad_group_ad.ad.final_urls": _obj(
                [[f"https://siamglow.example/products/{a.skus[0].lower()}"] for a in ads]
            ),
            "ad_group_ad.status": self._status(active),
            "ad_group_ad.ad_group": _obj(
                [f"customers/{a.account_id}/adGroups/{a.adset_id}" for a in ads]
            ),
        }

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
            kept["segments.date"] = _obj([day.isoformat()] * len(keep))
            rows.append(keep)
            frames.append(kept)
        if not frames:  # no day in the range: no rows, but every column
            empty = {
                f"metrics.{k}": np.zeros(0, dtype=np.float64 if k.startswith("conv") else np.int64)
                for k in METRICS
            }
            return np.zeros(0, dtype=np.int64), empty | {"segments.date": _obj([])}
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
