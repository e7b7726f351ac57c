"""TikTok advertisers, campaigns, ad groups and ads from the market, in the v1.3 wire shape.

Shapes follow ``advertiser/info``, ``campaign/get``, ``adgroup/get`` and ``ad/get`` (TikTok API
for Business v1.3; field names as in the official SDK's models): ids are strings; ``budget`` is
a number in currency units of the advertiser currency; times are ``YYYY-MM-DD HH:MM:SS`` in UTC
(``advertiser/info`` ``create_time`` is Unix seconds); ``operation_status`` is what the
advertiser set (``ENABLE``/``DISABLE``) and ``secondary_status`` the delivery status folding in
the parents. Campaign budget optimisation (CBO): the campaign has ``budget_mode``
``BUDGET_MODE_DAY`` and its ad groups ``BUDGET_MODE_INFINITE``; otherwise the other way round.
Every ad is a Spark Ad: ``tiktok_item_id`` is the TikTok post it promotes
(``identity_type`` ``AUTH_CODE``), so ads link to content.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sandbox.market.catalog import Account
from sandbox.market.changes import DayControls
from sandbox.market.entities import Ad, AdSet, Campaign, Hierarchy
from sandbox.market.market import Market

OBJECTIVE = "WEB_CONVERSIONS"
LANDING_PAGE = "https://siamglow.example/products/{sku}"


def tiktok_time(dt: datetime) -> str:
    """A UTC instant as ``YYYY-MM-DD HH:MM:SS`` (UTC)."""
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def advertiser_record(account: Account) -> dict:
    """``advertiser/info`` record with every field the sandbox knows."""
    created = datetime(2024, 1, 10 + account.index % 20, 3, 0, tzinfo=UTC)
    return {
        "advertiser_id": account.account_id,
        "name": f"{account.name} TikTok",
        "company": "Siam Glow Co., Ltd.",
        "status": "STATUS_ENABLE",
        "role": "ROLE_ADVERTISER",
        "currency": account.currency,
        "timezone": account.timezone,
        "display_timezone": account.timezone,
        "country": account.country,
        "language": "en",
        "industry": "290100",  # beauty & personal care
        "balance": 250000.0,
        "create_time": int(created.timestamp()),
    }


class ObjectBuilder:
    """Builds one advertiser's objects under the statuses and budgets in force now."""

    def __init__(self, market: Market, h: Hierarchy, account: Account, ctl: DayControls) -> None:
        self.market, self.h, self.acct, self.ctl = market, h, account, ctl
        self.posts = {p.post_id: p for p in h.posts}

    def _times(self, obj: Campaign | AdSet | Ad) -> dict:
        changed = self.market.changes.last_change_at("tiktok", obj.id)
        return {
            "create_time": tiktok_time(obj.created_at),
            "modify_time": tiktok_time(max(obj.created_at, changed or obj.created_at)),
        }

    def _budget(self, object_id: str) -> float:
        return round(int(self.ctl.owner_budget_minor[self.h.owner_index[object_id]]) / 100, 2)

    def campaign(self, i: int) -> dict:
        """A ``campaign/get`` record."""
        c = self.h.campaigns[i]
        on = bool(self.ctl.campaign_active[i])
        return {
            "advertiser_id": c.account_id,
            "campaign_id": c.id,
            "campaign_name": c.name,
            "campaign_type": "REGULAR_CAMPAIGN",
            "objective_type": OBJECTIVE,
            "budget_optimize_on": c.owns_budget,
            "budget_mode": "BUDGET_MODE_DAY" if c.owns_budget else "BUDGET_MODE_INFINITE",
            "budget": self._budget(c.id) if c.owns_budget else 0.0,
            "operation_status": "ENABLE" if on else "DISABLE",
            "secondary_status": "CAMPAIGN_STATUS_ENABLE" if on else "CAMPAIGN_STATUS_DISABLE",
            "is_new_structure": True,
            **self._times(c),
        }

    def _adgroup_status(self, i: int) -> tuple[bool, str]:
        s = self.h.adsets[i]
        on = bool(self.ctl.adset_active[i])
        campaign_on = bool(self.ctl.campaign_active[self.h.index[s.campaign_id][1]])
        if not on:
            return on, "ADGROUP_STATUS_DISABLE"
        return (
            on,
            "ADGROUP_STATUS_DELIVERY_OK" if campaign_on else "ADGROUP_STATUS_CAMPAIGN_DISABLE",
        )

    def adgroup(self, i: int) -> dict:
        """An ``adgroup/get`` record."""
        s = self.h.adsets[i]
        on, secondary = self._adgroup_status(i)
        own = s.daily_budget is not None
        return {
            "advertiser_id": s.account_id,
            "campaign_id": s.campaign_id,
            "adgroup_id": s.id,
            "adgroup_name": s.name,
            "placement_type": "PLACEMENT_TYPE_NORMAL",
            "placements": ["PLACEMENT_TIKTOK"],
            "location_ids": [self.acct.country],
            "budget_mode": "BUDGET_MODE_DAY" if own else "BUDGET_MODE_INFINITE",
            "budget": self._budget(s.id) if own else 0.0,
            "optimization_goal": "CONVERT",
            "optimization_event": "SHOPPING",
            "billing_event": "OCPM",
            "bid_type": "BID_TYPE_NO_BID",
            "pacing": "PACING_MODE_SMOOTH",
            "schedule_type": "SCHEDULE_FROM_NOW",
            "schedule_start_time": tiktok_time(s.created_at),
            "operation_status": "ENABLE" if on else "DISABLE",
            "secondary_status": secondary,
            **self._times(s),
        }

    def ad(self, i: int) -> dict:
        """An ``ad/get`` record (a Spark Ad of the TikTok post ``tiktok_item_id``)."""
        a = self.h.ads[i]
        on = bool(self.ctl.ad_active[i])
        group_on, group_status = self._adgroup_status(int(self.h.ad_adset[i]))
        if not on:
            secondary = "AD_STATUS_DISABLE"
        elif group_status == "ADGROUP_STATUS_CAMPAIGN_DISABLE":
            secondary = "AD_STATUS_CAMPAIGN_DISABLE"
        elif not group_on:
            secondary = "AD_STATUS_ADGROUP_DISABLE"
        else:
            secondary = "AD_STATUS_DELIVERY_OK"
        post = self.posts.get(a.post_id or "")
        return {
            "advertiser_id": a.account_id,
            "campaign_id": a.campaign_id,
            "adgroup_id": a.adset_id,
            "ad_id": a.id,
            "ad_name": a.name,
            "ad_format": "SINGLE_VIDEO",
            "identity_type": "AUTH_CODE",
            "identity_id": post.page_id if post else None,
            "tiktok_item_id": a.post_id,
            "video_id": None,
            "ad_text": f"{a.name.split(' | ')[1]} #SiamGlow",
            "call_to_action": "SHOP_NOW",
            "landing_page_url": LANDING_PAGE.format(sku=a.skus[0].lower()),
            "operation_status": "ENABLE" if on else "DISABLE",
            "secondary_status": secondary,
            **self._times(a),
        }
