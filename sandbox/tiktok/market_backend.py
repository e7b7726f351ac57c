"""The simulated market behind the TikTok routes (:class:`TikTokBackend` implementation).

Report rows are the market's reported per-ad days (advertiser-local days, the local today
partial, purchases with attribution lag) turned into TikTok metrics by
:mod:`sandbox.tiktok.metrics`, summed to the data level. Rows without impressions and spend are
absent, as the API omits days without delivery. ``reach`` of summed rows is the sum of the
ads' daily reach (over-counts people reached by several ads or days, as the Meta emulator does).
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, timedelta

import numpy as np

from sandbox.market.catalog import Account
from sandbox.market.changes import MarketError, UnknownObjectError
from sandbox.market.market import Market
from sandbox.tiktok import metrics
from sandbox.tiktok.backend import ID_FIELD, Kind, ReportQuery
from sandbox.tiktok.errors import invalid_param, no_permission
from sandbox.tiktok.market_objects import ObjectBuilder, advertiser_record

_MARKET_KIND = {"campaign": "campaign", "adgroup": "adset", "ad": "ad"}
_STATUS = {"ENABLE": "ACTIVE", "DISABLE": "PAUSED"}
_FILTER_COLUMN = {"campaign_ids": "campaign_id", "adgroup_ids": "adgroup_id", "ad_ids": "ad_id"}
_CACHE_SIZE = 8


class TikTokMarketBackend:
    """Serves the market's TikTok advertisers."""

    mode = "market"

    def __init__(self, market: Market) -> None:
        self.market = market
        self.h = market.hierarchy("tiktok")
        self._accounts = {a.account_id: a for a in self.h.accounts}
        self._pos = {a.account_id: i for i, a in enumerate(self.h.accounts)}
        h = self.h
        camp = [h.campaigns[i] for i in h.ad_campaign]
        sets = [h.adsets[i] for i in h.ad_adset]
        self._ids = {
            "campaign_id": np.array([c.id for c in camp], dtype=object),
            "adgroup_id": np.array([s.id for s in sets], dtype=object),
            "ad_id": np.array([a.id for a in h.ads], dtype=object),
        }
        self._attrs = [
            {
                "campaign_id": c.id,
                "campaign_name": c.name,
                "adgroup_id": s.id,
                "adgroup_name": s.name,
                "ad_name": a.name,
                "ad_text": f"{a.name.split(' | ')[1]} #SiamGlow",
            }
            for c, s, a in zip(camp, sets, h.ads, strict=True)
        ]
        self._reports: OrderedDict[tuple, list[dict]] = OrderedDict()

    def _account(self, advertiser_id: str) -> Account:
        acct = self._accounts.get(advertiser_id)
        if acct is None:
            raise no_permission(advertiser_id)
        return acct

    # --- objects ---------------------------------------------------------------------------

    def advertiser(self, advertiser_id: str) -> dict | None:
        """The ``advertiser/info`` record, or None for an advertiser not in the market."""
        acct = self._accounts.get(advertiser_id)
        return advertiser_record(acct) if acct else None

    def objects(self, advertiser_id: str, kind: Kind) -> list[dict]:
        """Every campaign, ad group or ad of the advertiser under today's controls."""
        acct = self._account(advertiser_id)
        b = ObjectBuilder(self.market, self.h, acct, self.market.current_controls("tiktok", acct))
        if kind == "campaign":
            return [
                b.campaign(i)
                for i, c in enumerate(self.h.campaigns)
                if c.account_id == advertiser_id
            ]
        if kind == "adgroup":
            return [
                b.adgroup(i) for i, s in enumerate(self.h.adsets) if s.account_id == advertiser_id
            ]
        return [b.ad(i) for i, a in enumerate(self.h.ads) if a.account_id == advertiser_id]

    # --- reports ---------------------------------------------------------------------------

    def local_today(self, advertiser_id: str) -> date:
        """The advertiser-local today of the market clock."""
        return self.market.local_today(self._account(advertiser_id))

    def report(self, query: ReportQuery) -> list[dict]:
        """Rows of one advertiser (see module docstring), cached per clock and change log."""
        acct = self._account(query.advertiser_id)
        key = (
            query.advertiser_id,
            query.data_level,
            query.time_dimension,
            query.since,
            query.until,
            tuple(sorted((k, tuple(sorted(v))) for k, v in query.filters.items())),
            self.market.clock.now,
            len(self.market.changes.changes),
        )
        hit = self._reports.get(key)
        if hit is None:
            if query.time_dimension == "stat_time_hour":
                raise invalid_param("stat_time_hour: the simulated market reports whole days")
            hit = self._build(acct, query)
            self._reports[key] = hit
            if len(self._reports) > _CACHE_SIZE:
                self._reports.popitem(last=False)
        return hit

    def _mask(self, acct: Account, query: ReportQuery) -> np.ndarray:
        mask = self.h.ad_account == self._pos[acct.account_id]
        for name, ids in query.filters.items():
            mask &= np.isin(self._ids[_FILTER_COLUMN[name]], list(ids))
        return mask

    def _build(self, acct: Account, query: ReportQuery) -> list[dict]:
        mask = self._mask(acct, query)
        days, ads, cols = [], [], []
        day = max(query.since, self.market.history_start)
        last = min(query.until, self.market.local_today(acct))
        while day <= last:
            r = self.market.reported("tiktok", day)
            keep = mask & ((r.impressions > 0) | (r.spend_minor > 0))
            if keep.any():
                derived = metrics.derive(
                    r, self.h.ad_keys, self.market.config.seed, day.toordinal()
                )
                idx = np.flatnonzero(keep)
                days.append(np.full(len(idx), day.toordinal(), dtype=np.int64))
                ads.append(idx)
                cols.append({k: v[idx] for k, v in derived.items()})
            day += timedelta(days=1)
        if not days:
            return []
        return self._rows(
            acct,
            query,
            np.concatenate(days),
            np.concatenate(ads),
            {k: np.concatenate([c[k] for c in cols]) for k in metrics.ADDITIVE},
        )

    def _rows(
        self,
        acct: Account,
        query: ReportQuery,
        day: np.ndarray,
        ad: np.ndarray,
        cols: dict[str, np.ndarray],
    ) -> list[dict]:
        dim = query.id_dimension
        if dim == "advertiser_id":
            level_ids = np.zeros(len(ad), dtype=np.int64)
        else:
            level_ids = np.unique(self._ids[dim][ad], return_inverse=True)[1].astype(np.int64)
        t = day if query.time_dimension else np.zeros(len(day), dtype=np.int64)
        uniq, first, sums = metrics.group_sums(t * (len(ad) + 1) + level_ids, cols)
        out = []
        for g in range(len(uniq)):
            row_ad = int(ad[first[g]])
            dims = {dim: acct.account_id if dim == "advertiser_id" else self._ids[dim][row_ad]}
            if query.time_dimension:
                dims["stat_time_day"] = f"{date.fromordinal(int(day[first[g]]))} 00:00:00"
            values = metrics.render({k: float(v[g]) for k, v in sums.items()}.__getitem__)
            out.append({"dimensions": dims, "metrics": {**self._attributes(dim, row_ad), **values}})
        out.sort(key=lambda r: (r["dimensions"].get("stat_time_day", ""), r["dimensions"][dim]))
        return out

    def _attributes(self, dim: str, ad: int) -> dict[str, str]:
        a = self._attrs[ad]
        if dim == "ad_id":
            return dict(a)
        if dim == "adgroup_id":
            return {k: a[k] for k in ("campaign_id", "campaign_name", "adgroup_name")}
        if dim == "campaign_id":
            return {"campaign_name": a["campaign_name"]}
        return {}

    # --- writes ----------------------------------------------------------------------------

    def _owned(self, advertiser_id: str, kind: Kind, object_id: str) -> None:
        self._account(advertiser_id)
        found = self.h.kind_of(object_id)
        acct = self.h.account_of(object_id)
        if found != _MARKET_KIND[kind] or acct is None or acct.account_id != advertiser_id:
            raise invalid_param(
                f"{ID_FIELD[kind]} {object_id} does not exist under advertiser {advertiser_id}"
            )

    def update_budget(self, advertiser_id: str, kind: Kind, object_id: str, budget: float) -> None:
        """Set a daily budget (currency units) from the advertiser-local today on."""
        self._owned(advertiser_id, kind, object_id)
        try:
            self.market.set_daily_budget("tiktok", object_id, round(float(budget), 2))
        except UnknownObjectError as exc:
            raise invalid_param(str(exc)) from exc
        except MarketError as exc:
            raise invalid_param(f"budget: {exc}") from exc

    def update_status(
        self, advertiser_id: str, kind: Kind, ids: list[str], operation_status: str
    ) -> None:
        """``ENABLE``/``DISABLE`` objects (all validated before any is changed)."""
        if operation_status not in _STATUS:
            raise invalid_param(
                f"operation_status: the sandbox supports ENABLE and DISABLE, "
                f"got {operation_status!r}"
            )
        for object_id in ids:
            self._owned(advertiser_id, kind, object_id)
        for object_id in ids:
            self.market.set_status("tiktok", object_id, _STATUS[operation_status])

    def info(self) -> list[dict]:
        """The TikTok advertisers with the span their reports can cover."""
        m = self.market
        return [
            {
                "platform": "tiktok",
                "account_id": a.account_id,
                "name": a.name,
                "currency": a.currency,
                "timezone": a.timezone,
                "served": True,
                "insights_since": m.history_start.isoformat(),
                "insights_until": m.local_today(a).isoformat(),
            }
            for a in self.h.accounts
        ]
