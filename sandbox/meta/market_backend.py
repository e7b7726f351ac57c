"""The simulated market behind the Graph routes (:class:`MetaBackend` implementation)."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, timedelta

import numpy as np

from sandbox.market.catalog import PLATFORMS, Account
from sandbox.market.changes import MarketError, UnknownObjectError
from sandbox.market.market import Market
from sandbox.market.organic import instagram_media_id
from sandbox.market.simulate import DayMetrics
from sandbox.meta.backend import AccountInfo
from sandbox.meta.errors import invalid_param, unknown_object
from sandbox.meta.frame import InsightsFrame
from sandbox.meta.market_objects import OBJECTIVE as _OBJECTIVE
from sandbox.meta.market_objects import NodeBuilder, account_node, creative_node

_WRITABLE = frozenset({"daily_budget", "status"})
_IGNORED = frozenset(
    {
        "access_token",
        "fields",
        "execution_options",
        "appsecret_proof",
        "method",
        "format",
        "suppress_http_code",
        "pretty",
    }
)
_CACHE_SIZE = 8


class MarketBackend:
    """Serves the market's Meta platform."""

    mode = "market"

    def __init__(self, market: Market) -> None:
        self.market = market
        self.h = market.hierarchy("meta")
        self._accounts = {a.account_id: a for a in self.h.accounts}
        self._acct_pos = {a.account_id: i for i, a in enumerate(self.h.accounts)}
        self._columns = self._text_columns()
        self._nodes: dict[tuple[str, int], dict[str, list[dict]]] = {}
        self._frames: OrderedDict[tuple, InsightsFrame] = OrderedDict()
        self._creatives = {a.creative_id: i for i, a in enumerate(self.h.ads)}
        self._position: dict[str, int] = {}  # object id -> index among its account's nodes
        for objs in (self.h.campaigns, self.h.adsets, self.h.ads):
            seen: dict[str, int] = {}
            for o in objs:
                self._position[o.id] = seen.get(o.account_id, 0)
                seen[o.account_id] = self._position[o.id] + 1

    def _text_columns(self) -> dict[str, np.ndarray]:
        h = self.h
        c = [h.campaigns[i] for i in h.ad_campaign]
        s = [h.adsets[i] for i in h.ad_adset]
        acct = [h.accounts[i] for i in h.ad_account]
        cols = {
            "account_id": [a.account_id for a in acct],
            "account_name": [a.name for a in acct],
            "campaign_id": [x.id for x in c],
            "campaign_name": [x.name for x in c],
            "adset_id": [x.id for x in s],
            "adset_name": [x.name for x in s],
            "ad_id": [a.id for a in h.ads],
            "ad_name": [a.name for a in h.ads],
            "objective": [_OBJECTIVE] * len(h.ads),
            "buying_type": ["AUCTION"] * len(h.ads),
            "optimization_goal": ["OFFSITE_CONVERSIONS"] * len(h.ads),
        }
        return {k: np.array(v, dtype=object) for k, v in cols.items()}

    # --- accounts and objects --------------------------------------------------------------

    def accounts(self) -> list[AccountInfo]:
        """The fixed (and scale-knob) Meta accounts."""
        return [AccountInfo(a.account_id, a.name, a.currency, a.timezone) for a in self.h.accounts]

    def _account(self, account_id: str) -> Account | None:
        return self._accounts.get(account_id.removeprefix("act_"))

    def account_node(self, account_id: str) -> dict | None:
        """The ad account node."""
        acct = self._account(account_id)
        return account_node(self.market, acct) if acct else None

    def _account_nodes(self, account: Account) -> dict[str, list[dict]]:
        key = (account.account_id, len(self.market.changes.changes))
        hit = self._nodes.get(key)
        if hit is None:
            ctl = self.market.current_controls("meta", account)
            b = NodeBuilder(self.market, self.h, account, ctl)
            pos = self._acct_pos[account.account_id]
            own = {
                "campaign": [
                    i for i, c in enumerate(self.h.campaigns) if c.account_id == account.account_id
                ],
                "adset": [
                    i for i, s in enumerate(self.h.adsets) if s.account_id == account.account_id
                ],
                "ad": np.flatnonzero(self.h.ad_account == pos).tolist(),
            }
            hit = {
                "campaign": [b.campaign(i) for i in own["campaign"]],
                "adset": [b.adset(i) for i in own["adset"]],
                "ad": [b.ad(i) for i in own["ad"]],
            }
            self._nodes = {k: v for k, v in self._nodes.items() if k[1] == key[1]}
            self._nodes[key] = hit
        return hit

    def objects(self, account_id: str, kind: str) -> list[dict]:
        """Campaigns, ad sets or ads of an account, in id order."""
        acct = self._account(account_id)
        return self._account_nodes(acct)[kind] if acct else []

    def find_object(self, object_id: str) -> tuple[str, dict] | None:
        """A campaign, ad set, ad or creative node by id."""
        if object_id in self._creatives:
            ad = self.h.ads[self._creatives[object_id]]
            return "creative", creative_node(ad, instagram_media_id(self.market, ad.post_id))
        kind = self.h.kind_of(object_id)
        acct = self.h.account_of(object_id)
        if kind is None or acct is None:
            return None
        nodes = self._account_nodes(acct)[kind]
        return kind, nodes[self._position[object_id]]

    def account_of(self, object_id: str) -> str | None:
        """Account id of an object or creative."""
        if object_id in self._creatives:
            return self.h.ads[self._creatives[object_id]].account_id
        acct = self.h.account_of(object_id)
        return acct.account_id if acct else None

    # --- insights --------------------------------------------------------------------------

    def local_today(self, account_id: str) -> date:
        """The account-local today of the market clock."""
        acct = self._account(account_id)
        return self.market.local_today(acct) if acct else self.market.clock.now.date()

    def default_range(self, account_id: str) -> tuple[date, date]:
        """``last_30d`` (the real API's default): the 30 complete days before today."""
        today = self.local_today(account_id)
        return today - timedelta(days=30), today - timedelta(days=1)

    def insights(
        self,
        account_id: str,
        level: str,
        since: date,
        until: date,
        filters: tuple[tuple[str, frozenset[str]], ...],
    ) -> InsightsFrame:
        """Reported daily rows (as of the clock) of one account at ``level``."""
        acct = self._account(account_id)
        if acct is None:
            return InsightsFrame.empty("USD")
        key = (
            acct.account_id,
            level,
            since,
            until,
            filters,
            self.market.clock.now,
            len(self.market.changes.changes),
        )
        hit = self._frames.get(key)
        if hit is None:
            hit = self._build_frame(acct, since, until, filters)
            hit = hit if level == "ad" else hit.rollup(level)
            self._frames[key] = hit
            if len(self._frames) > _CACHE_SIZE:
                self._frames.popitem(last=False)
        return hit

    def _build_frame(
        self,
        acct: Account,
        since: date,
        until: date,
        filters: tuple[tuple[str, frozenset[str]], ...],
    ) -> InsightsFrame:
        mask = self.h.ad_account == self._acct_pos[acct.account_id]
        for column, ids in filters:
            mask &= np.isin(self._columns[column], list(ids))
        day = max(since, self.market.history_start)
        last = min(until, self.market.local_today(acct))
        frames = []
        while day <= last:
            r = self.market.reported("meta", day)
            keep = mask & ((r.impressions > 0) | (r.spend_minor > 0))
            if keep.any():
                frames.append(self._day_frame(day, r.select(keep), keep, acct.currency))
            day += timedelta(days=1)
        return InsightsFrame.concat(frames, acct.currency)

    def _day_frame(
        self, day: date, r: DayMetrics, keep: np.ndarray, currency: str
    ) -> InsightsFrame:
        def f(x: np.ndarray) -> np.ndarray:
            return x.astype(np.float64)

        def nz(x: np.ndarray) -> np.ndarray:
            return np.where(x > 0, x.astype(np.float64), np.nan)

        purchases, value = nz(r.purchases), nz(r.purchase_value_minor)
        return InsightsFrame(
            np.full(int(keep.sum()), day.toordinal(), dtype=np.int64),
            {k: v[keep] for k, v in self._columns.items()},
            {
                "spend": f(r.spend_minor),
                "impressions": f(r.impressions),
                "clicks": f(r.clicks),
                "inline_link_clicks": f(r.link_clicks),
                "reach": f(r.reach),
            },
            {
                "actions": {
                    "link_click": nz(r.link_clicks),
                    "landing_page_view": nz(r.landing_page_views),
                    "video_view": nz(r.video_plays),
                    "offsite_conversion.fb_pixel_purchase": purchases,
                    "omni_purchase": purchases,
                },
                "action_values": {
                    "offsite_conversion.fb_pixel_purchase": value,
                    "omni_purchase": value,
                },
                "video_play_actions": {"video_view": nz(r.video_plays)},
                "video_thruplay_watched_actions": {"video_view": nz(r.thruplays)},
                "outbound_clicks": {"outbound_click": nz(r.link_clicks)},
            },
            currency,
        )

    # --- writes ----------------------------------------------------------------------------

    def update(self, object_id: str, params: dict[str, str]) -> None:
        """Apply ``daily_budget`` (minor units) and/or ``status`` (ACTIVE|PAUSED)."""
        if self.h.kind_of(object_id) is None:
            raise unknown_object(object_id, "post")
        extra = set(params) - _WRITABLE - _IGNORED
        if extra:
            raise invalid_param(
                f"The sandbox cannot update {', '.join(sorted(extra))}: "
                "only daily_budget and status are supported"
            )
        status, budget = params.get("status"), params.get("daily_budget")
        if status is None and budget is None:
            raise invalid_param("Nothing to update: pass daily_budget and/or status")
        if status is not None and status not in ("ACTIVE", "PAUSED"):
            raise invalid_param(f"status must be ACTIVE or PAUSED, got {status}")
        try:
            if budget is not None:
                if not budget.isdigit():
                    raise invalid_param("daily_budget must be an integer in minor units")
                self.market.set_daily_budget("meta", object_id, int(budget))
            if status is not None:
                self.market.set_status("meta", object_id, status)
        except UnknownObjectError as exc:
            raise unknown_object(object_id, "post") from exc
        except MarketError as exc:
            raise invalid_param(str(exc), user_title="Invalid budget") from exc

    def info(self) -> dict:
        """Seed, clock, history and accounts (served Meta ones and modelled others)."""
        m = self.market
        accounts = [
            {
                "platform": a.platform,
                "account_id": a.account_id,
                "name": a.name,
                "currency": a.currency,
                "timezone": a.timezone,
                "served": a.platform == "meta",
                "insights_since": m.history_start.isoformat(),
                "insights_until": m.local_today(a).isoformat(),
            }
            for p in PLATFORMS
            for a in m.accounts(p)
        ]
        return {
            "seed": m.config.seed,
            "days": m.config.days,
            "now": m.clock.now.isoformat().replace("+00:00", "Z"),
            "history_start": m.history_start.isoformat(),
            "accounts": accounts,
        }
