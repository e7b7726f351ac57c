"""Meta Graph nodes (ad account, campaign, ad set, ad, creative) built from the market.

Shapes follow the Marketing API: ids and budgets are strings (budgets in minor units of the
account currency), times are ``%Y-%m-%dT%H:%M:%S%z`` in the account timezone
(``2026-10-01T10:00:00+0700``), ``effective_status`` folds in the parents' statuses.
"""

from __future__ import annotations

from datetime import datetime

from sandbox.market.catalog import Account
from sandbox.market.changes import DayControls
from sandbox.market.clock import zone
from sandbox.market.entities import Ad, AdSet, Campaign, Hierarchy
from sandbox.market.market import Market
from sandbox.market.organic import instagram_media_id

OBJECTIVE = "OUTCOME_SALES"
BID_STRATEGY = "LOWEST_COST_WITHOUT_CAP"


def graph_time(dt: datetime, tz: str) -> str:
    """A UTC instant in the Graph format with the account's offset."""
    return dt.astimezone(zone(tz)).strftime("%Y-%m-%dT%H:%M:%S%z")


def pixel_id(account: Account) -> str:
    """The (simulated) Meta pixel of an account."""
    return f"90{account.index:014d}"


def account_node(market: Market, account: Account) -> dict:
    """``GET /act_{id}`` with every field."""
    return {
        "id": f"act_{account.account_id}",
        "account_id": account.account_id,
        "name": account.name,
        "currency": account.currency,
        "timezone_name": account.timezone,
        "timezone_offset_hours_utc": market.clock.utc_offset_hours(account.timezone),
        "account_status": 1,
        "business_name": "Siam Glow Co., Ltd.",
    }


class NodeBuilder:
    """Builds the nodes of one account under the statuses and budgets in force now."""

    def __init__(self, market: Market, h: Hierarchy, account: Account, ctl: DayControls) -> None:
        self.market, self.h, self.acct, self.ctl = market, h, account, ctl

    def _times(self, obj: Campaign | AdSet | Ad) -> dict:
        tz = self.acct.timezone
        changed = self.market.changes.last_change_at("meta", obj.id)
        return {
            "created_time": graph_time(obj.created_at, tz),
            "updated_time": graph_time(max(obj.created_at, changed or obj.created_at), tz),
        }

    def _status(self, active: bool) -> str:
        return "ACTIVE" if active else "PAUSED"

    def campaign(self, i: int) -> dict:
        """A campaign node."""
        c = self.h.campaigns[i]
        status = self._status(bool(self.ctl.campaign_active[i]))
        node = {
            "id": c.id,
            "account_id": c.account_id,
            "name": c.name,
            "objective": OBJECTIVE,
            "status": status,
            "configured_status": status,
            "effective_status": status,
            "buying_type": "AUCTION",
            "special_ad_categories": [],
            "start_time": graph_time(c.created_at, self.acct.timezone),
            **self._times(c),
        }
        if c.owns_budget:
            node["bid_strategy"] = BID_STRATEGY
            node["daily_budget"] = str(self.ctl.owner_budget_minor[self.h.owner_index[c.id]])
            node["lifetime_budget"] = "0"
        return node

    def adset(self, i: int) -> dict:
        """An ad set node."""
        s = self.h.adsets[i]
        ci = self.h.index[s.campaign_id][1]
        own = self._status(bool(self.ctl.adset_active[i]))
        eff = own if own == "PAUSED" or self.ctl.campaign_active[ci] else "CAMPAIGN_PAUSED"
        node = {
            "id": s.id,
            "account_id": s.account_id,
            "campaign_id": s.campaign_id,
            "name": s.name,
            "status": own,
            "configured_status": own,
            "effective_status": eff,
            "optimization_goal": "OFFSITE_CONVERSIONS",
            "billing_event": "IMPRESSIONS",
            "destination_type": "WEBSITE",
            "promoted_object": {"pixel_id": pixel_id(self.acct), "custom_event_type": "PURCHASE"},
            "targeting": {
                "geo_locations": {"countries": [self.acct.country]},
                "age_min": 18,
                "age_max": 44,
            },
            "start_time": graph_time(s.created_at, self.acct.timezone),
            **self._times(s),
        }
        if s.daily_budget is not None:
            node["bid_strategy"] = BID_STRATEGY
            node["daily_budget"] = str(self.ctl.owner_budget_minor[self.h.owner_index[s.id]])
            node["lifetime_budget"] = "0"
        return node

    def ad(self, i: int) -> dict:
        """An ad node (with its ``creative`` expansion)."""
        a = self.h.ads[i]
        si, ci = int(self.h.ad_adset[i]), int(self.h.ad_campaign[i])
        own = self._status(bool(self.ctl.ad_active[i]))
        eff = own
        if own == "ACTIVE" and not self.ctl.campaign_active[ci]:
            eff = "CAMPAIGN_PAUSED"
        elif own == "ACTIVE" and not self.ctl.adset_active[si]:
            eff = "ADSET_PAUSED"
        return {
            "id": a.id,
            "account_id": a.account_id,
            "campaign_id": a.campaign_id,
            "adset_id": a.adset_id,
            "name": a.name,
            "status": own,
            "configured_status": own,
            "effective_status": eff,
            "creative": creative_node(a, instagram_media_id(self.market, a.post_id)),
            **self._times(a),
        }


def creative_node(ad: Ad, instagram_media_id: str | None = None) -> dict:
    """The ad's creative: the page post it promotes and UTM tags (``url_tags``).

    ``instagram_media_id``: the Instagram post the ad uses (``effective_instagram_media_id``;
    see ``sandbox.market.organic``), when it promotes a reel.
    """
    node = {
        "id": ad.creative_id,
        "name": f"{ad.name} creative",
        "account_id": ad.account_id,
        "object_story_id": ad.post_id,
        "effective_object_story_id": ad.post_id,
        "url_tags": "utm_source=facebook&utm_medium=paid_social"
        "&utm_campaign={{campaign.name}}&utm_content={{ad.name}}",
    }
    if instagram_media_id:
        node["effective_instagram_media_id"] = instagram_media_id
    return node
