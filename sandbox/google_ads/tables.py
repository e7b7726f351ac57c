"""Attribute columns of the market's Google Ads objects, as GAQL-named numpy columns.

One table per resource (``customer``, ``campaign``, ``campaign_budget``, ``ad_group``,
``ad_group_ad``), one element per object of the whole ``google`` hierarchy, under the statuses
and budgets in force on each customer's local today. Budgets are micros (minor units × 10,000:
the market's currencies have two decimals); every campaign owns one campaign budget whose id is
the campaign id with kind digit 7. Statuses are Google's (``ENABLED``/``PAUSED``).
"""

from __future__ import annotations

import numpy as np

from sandbox.market.catalog import Platform
from sandbox.market.clock import zone
from sandbox.market.entities import Hierarchy
from sandbox.market.market import Market

Frame = dict[str, np.ndarray]

PLATFORM: Platform = "google"
MICROS_PER_MINOR = 10_000
END_OF_TIME = "2037-12-30 23:59:59"  # Google's end date of a campaign that runs indefinitely


def budget_id(campaign_id: str) -> str:
    """The campaign budget of a campaign: the campaign id with kind digit 7 (budgets are 1:1)."""
    return "7" + campaign_id[1:]


def campaign_of_budget(budget: str) -> str:
    """Inverse of :func:`budget_id`."""
    return "1" + budget[1:]


def obj_array(values: list) -> np.ndarray:
    """A 1-d object array of ``values`` (lists stay elements, not a second dimension)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _status(active: np.ndarray) -> np.ndarray:
    return np.where(active, "ENABLED", "PAUSED").astype(object)


def build_tables(m: Market, h: Hierarchy) -> dict[str, Frame]:
    """Every object's attribute columns by resource, under today's statuses and budgets."""
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
        [ctl_by_acct[c.account_id].owner_budget_minor[h.owner_index[c.id]] for c in h.campaigns],
        dtype=np.int64,
    )
    return {
        "customer": _customer_table(h),
        "campaign": _campaign_table(h, camp_active),
        "campaign_budget": _budget_table(h, budget_minor),
        "ad_group": _ad_group_table(h, set_active),
        "ad_group_ad": _ad_table(h, ad_active),
    }


def _customer_table(h: Hierarchy) -> Frame:
    a = h.accounts
    return {
        "customer.id": np.array([int(x.account_id) for x in a], dtype=np.int64),
        "customer.resource_name": obj_array([f"customers/{x.account_id}" for x in a]),
        "customer.descriptive_name": obj_array([x.name for x in a]),
        "customer.currency_code": obj_array([x.currency for x in a]),
        "customer.time_zone": obj_array([x.timezone for x in a]),
        "customer.status": obj_array(["ENABLED"] * len(a)),
        "customer.manager": np.zeros(len(a), dtype=bool),
        "customer.test_account": np.zeros(len(a), dtype=bool),
    }


def _campaign_table(h: Hierarchy, active: np.ndarray) -> Frame:
    cs = h.campaigns
    tz_of = {a.account_id: a.timezone for a in h.accounts}
    tz = [tz_of[c.account_id] for c in cs]
    start = [
        c.created_at.astimezone(zone(t)).strftime("%Y-%m-%d 00:00:00")
        for c, t in zip(cs, tz, strict=True)
    ]
    return {
        "campaign.id": np.array([int(c.id) for c in cs], dtype=np.int64),
        "campaign.resource_name": obj_array(
            [f"customers/{c.account_id}/campaigns/{c.id}" for c in cs]
        ),
        "campaign.name": obj_array([c.name for c in cs]),
        "campaign.status": _status(active),
        "campaign.advertising_channel_type": obj_array([c.channel or "SEARCH" for c in cs]),
        "campaign.bidding_strategy_type": obj_array(
            [
                "MAXIMIZE_CONVERSION_VALUE"
                if c.channel == "PERFORMANCE_MAX"
                else "MAXIMIZE_CONVERSIONS"
                for c in cs
            ]
        ),
        "campaign.campaign_budget": obj_array(
            [f"customers/{c.account_id}/campaignBudgets/{budget_id(c.id)}" for c in cs]
        ),
        "campaign.start_date_time": obj_array(start),
        "campaign.end_date_time": obj_array([END_OF_TIME] * len(cs)),
    }


def _budget_table(h: Hierarchy, budget_minor: np.ndarray) -> Frame:
    cs = h.campaigns
    n = len(cs)
    return {
        "campaign_budget.id": np.array([int(budget_id(c.id)) for c in cs], dtype=np.int64),
        "campaign_budget.resource_name": obj_array(
            [f"customers/{c.account_id}/campaignBudgets/{budget_id(c.id)}" for c in cs]
        ),
        "campaign_budget.name": obj_array([f"Budget | {c.name}" for c in cs]),
        "campaign_budget.amount_micros": budget_minor * MICROS_PER_MINOR,
        "campaign_budget.status": obj_array(["ENABLED"] * n),
        "campaign_budget.delivery_method": obj_array(["STANDARD"] * n),
        "campaign_budget.period": obj_array(["DAILY"] * n),
        "campaign_budget.explicitly_shared": np.zeros(n, dtype=bool),
    }


def _ad_group_table(h: Hierarchy, active: np.ndarray) -> Frame:
    ss = h.adsets
    return {
        "ad_group.id": np.array([int(s.id) for s in ss], dtype=np.int64),
        "ad_group.resource_name": obj_array(
            [f"customers/{s.account_id}/adGroups/{s.id}" for s in ss]
        ),
        "ad_group.name": obj_array([s.name for s in ss]),
        "ad_group.status": _status(active),
        "ad_group.type": obj_array(["SEARCH_STANDARD"] * len(ss)),
        "ad_group.campaign": obj_array(
            [f"customers/{s.account_id}/campaigns/{s.campaign_id}" for s in ss]
        ),
    }


def _ad_table(h: Hierarchy, active: np.ndarray) -> Frame:
    ads = h.ads
    return {
        "ad_group_ad.ad.id": np.array([int(a.id) for a in ads], dtype=np.int64),
        "ad_group_ad.resource_name": obj_array(
            [f"customers/{a.account_id}/adGroupAds/{a.adset_id}~{a.id}" for a in ads]
        ),
        "ad_group_ad.ad.name": obj_array([a.name for a in ads]),
        "ad_group_ad.ad.type": obj_array(["RESPONSIVE_SEARCH_AD"] * len(ads)),
        "ad_group_ad.ad.final_urls": obj_array(
            [[f"https://siamglow.example/products/{a.skus[0].lower()}"] for a in ads]
        ),
        "ad_group_ad.status": _status(active),
        "ad_group_ad.ad_group": obj_array(
            [f"customers/{a.account_id}/adGroups/{a.adset_id}" for a in ads]
        ),
    }
