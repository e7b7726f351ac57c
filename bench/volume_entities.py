"""The market's accounts, campaigns, ad sets and ads as raw entity rows, for the benchmarks.

One Arrow table per raw entity table of each platform, filled from the market's
:class:`~sandbox.market.entities.Hierarchy` (ids, names, budgets in the native unit, statuses,
creation times). Columns the market does not model stay null; a non-null column of the contract
that is not filled raises. Written with ``Warehouse.append`` into empty tables.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import pyarrow as pa

from extractors.common import schemas as s
from extractors.common.warehouse import DuckDBWarehouse
from sandbox.market.catalog import Account
from sandbox.market.entities import Ad, AdSet, Campaign
from sandbox.market.market import Market


def entity_table(spec: s.TableSpec, rows: dict[str, list[Any]], loaded_at: datetime) -> pa.Table:
    """``spec``'s Arrow table from the given columns; the rest null, ``raw_json`` a stand-in.

    Args:
        spec: the raw entity table's contract.
        rows: column name → values (all the same length).
        loaded_at: ``_loaded_at`` of every row.

    Raises:
        ValueError: a non-null column of the contract is missing from ``rows``.
    """
    n = len(next(iter(rows.values())))
    key = spec.primary_key[-1]
    cols = dict(rows)
    cols.setdefault("raw_json", [f'{{"id":"{v}"}}' for v in rows[key]])
    cols.setdefault("_loaded_at", [loaded_at] * n)
    cols.setdefault("_source", ["bench.volume"] * n)
    missing = [f.name for f in spec.columns if not f.nullable and f.name not in cols]
    if missing:
        raise ValueError(f"{spec.fqn}: no values for non-null columns {missing}")
    arrays = [pa.array(cols.get(f.name, [None] * n), f.type) for f in spec.columns]
    return pa.Table.from_arrays(arrays, schema=spec.columns)


def _acct(accounts: tuple[Account, ...]) -> Callable[[str], Account]:
    by_id = {a.account_id: a for a in accounts}
    return by_id.__getitem__


def _common(objs: list[Any], acct: Callable[[str], Account]) -> dict[str, list[Any]]:
    return {
        "account_id": [o.account_id for o in objs],
        "account_timezone": [acct(o.account_id).timezone for o in objs],
        "currency_code": [acct(o.account_id).currency for o in objs],
    }


def _meta(m: Market, at: datetime) -> dict[s.TableSpec, pa.Table]:
    h = m.hierarchy("meta")
    acct = _acct(h.accounts)
    c: list[Campaign] = h.campaigns
    a_s: list[AdSet] = h.adsets
    ads: list[Ad] = h.ads
    return {
        s.META_AD_ACCOUNTS: entity_table(
            s.META_AD_ACCOUNTS,
            {
                **_common(list(h.accounts), acct),
                "account_name": [a.name for a in h.accounts],
                "account_status": [1] * len(h.accounts),
            },
            at,
        ),
        s.META_CAMPAIGNS: entity_table(
            s.META_CAMPAIGNS,
            {
                **_common(c, acct),
                "campaign_id": [x.id for x in c],
                "campaign_name": [x.name for x in c],
                "objective": ["OUTCOME_SALES"] * len(c),
                "status": [x.status for x in c],
                "effective_status": [x.status for x in c],
                "daily_budget_minor": [x.daily_budget if x.owns_budget else None for x in c],
                "created_time": [x.created_at for x in c],
                "start_time": [x.created_at for x in c],
                "updated_time": [x.created_at for x in c],
            },
            at,
        ),
        s.META_AD_SETS: entity_table(
            s.META_AD_SETS,
            {
                **_common(a_s, acct),
                "ad_set_id": [x.id for x in a_s],
                "campaign_id": [x.campaign_id for x in a_s],
                "ad_set_name": [x.name for x in a_s],
                "status": [x.status for x in a_s],
                "effective_status": [x.status for x in a_s],
                "daily_budget_minor": [x.daily_budget for x in a_s],
                "created_time": [x.created_at for x in a_s],
                "updated_time": [x.created_at for x in a_s],
            },
            at,
        ),
        s.META_ADS: entity_table(
            s.META_ADS,
            {
                "account_id": [x.account_id for x in ads],
                "ad_id": [x.id for x in ads],
                "account_timezone": [acct(x.account_id).timezone for x in ads],
                "ad_set_id": [x.adset_id for x in ads],
                "campaign_id": [x.campaign_id for x in ads],
                "ad_name": [x.name for x in ads],
                "status": [x.status for x in ads],
                "effective_status": [x.status for x in ads],
                "creative_id": [x.creative_id for x in ads],
                "object_story_id": [x.post_id for x in ads],
                "effective_object_story_id": [x.post_id for x in ads],
                "created_time": [x.created_at for x in ads],
                "updated_time": [x.created_at for x in ads],
            },
            at,
        ),
    }


def _money(v: float | None) -> Decimal | None:
    return None if v is None else Decimal(str(v))


def _tiktok(m: Market, at: datetime) -> dict[s.TableSpec, pa.Table]:
    h = m.hierarchy("tiktok")
    acct = _acct(h.accounts)
    c, a_s, ads = h.campaigns, h.adsets, h.ads

    def op(x: Any) -> str:
        return "ENABLE" if x.status == "ACTIVE" else "DISABLE"

    def tz_only(objs: list[Any]) -> dict[str, list[Any]]:
        return {
            "account_id": [o.account_id for o in objs],
            "account_timezone": [acct(o.account_id).timezone for o in objs],
        }

    return {
        s.TIKTOK_ADVERTISERS: entity_table(
            s.TIKTOK_ADVERTISERS,
            {
                **_common(list(h.accounts), acct),
                "advertiser_name": [a.name for a in h.accounts],
                "status": ["STATUS_ENABLE"] * len(h.accounts),
            },
            at,
        ),
        s.TIKTOK_CAMPAIGNS: entity_table(
            s.TIKTOK_CAMPAIGNS,
            {
                **_common(c, acct),
                "campaign_id": [x.id for x in c],
                "campaign_name": [x.name for x in c],
                "budget_mode": [
                    "BUDGET_MODE_DAY" if x.owns_budget else "BUDGET_MODE_INFINITE" for x in c
                ],
                "budget": [_money(x.daily_budget) for x in c],
                "operation_status": [op(x) for x in c],
                "create_time": [x.created_at for x in c],
                "modify_time": [x.created_at for x in c],
            },
            at,
        ),
        s.TIKTOK_AD_GROUPS: entity_table(
            s.TIKTOK_AD_GROUPS,
            {
                **_common(a_s, acct),
                "ad_group_id": [x.id for x in a_s],
                "campaign_id": [x.campaign_id for x in a_s],
                "ad_group_name": [x.name for x in a_s],
                "budget": [_money(x.daily_budget) for x in a_s],
                "operation_status": [op(x) for x in a_s],
                "create_time": [x.created_at for x in a_s],
                "modify_time": [x.created_at for x in a_s],
            },
            at,
        ),
        s.TIKTOK_ADS: entity_table(
            s.TIKTOK_ADS,
            {
                **tz_only(ads),
                "ad_id": [x.id for x in ads],
                "ad_group_id": [x.adset_id for x in ads],
                "campaign_id": [x.campaign_id for x in ads],
                "ad_name": [x.name for x in ads],
                "tiktok_item_id": [x.post_id for x in ads],
                "operation_status": [op(x) for x in ads],
                "create_time": [x.created_at for x in ads],
                "modify_time": [x.created_at for x in ads],
            },
            at,
        ),
    }


def _google(m: Market, at: datetime) -> dict[s.TableSpec, pa.Table]:
    h = m.hierarchy("google")
    acct = _acct(h.accounts)
    pmax = {x.id for x in h.campaigns if x.channel == "PERFORMANCE_MAX"}
    c = h.campaigns
    a_s = [x for x in h.adsets if x.campaign_id not in pmax]
    ads = [x for x in h.ads if x.campaign_id not in pmax]

    def st(x: Any) -> str:
        return "ENABLED" if x.status == "ACTIVE" else "PAUSED"

    def tz_only(objs: list[Any]) -> dict[str, list[Any]]:
        return {
            "account_id": [o.account_id for o in objs],
            "account_timezone": [acct(o.account_id).timezone for o in objs],
        }

    return {
        s.GOOGLE_ADS_CUSTOMERS: entity_table(
            s.GOOGLE_ADS_CUSTOMERS,
            {
                **_common(list(h.accounts), acct),
                "descriptive_name": [a.name for a in h.accounts],
                "status": ["ENABLED"] * len(h.accounts),
            },
            at,
        ),
        s.GOOGLE_ADS_CAMPAIGNS: entity_table(
            s.GOOGLE_ADS_CAMPAIGNS,
            {
                **_common(c, acct),
                "campaign_id": [x.id for x in c],
                "campaign_name": [x.name for x in c],
                "status": [st(x) for x in c],
                "advertising_channel_type": [x.channel for x in c],
                "campaign_budget_id": [f"9{x.id}" for x in c],
                "budget_amount_micros": [x.daily_budget for x in c],
                "start_date": [x.created_at.date() for x in c],
            },
            at,
        ),
        s.GOOGLE_ADS_AD_GROUPS: entity_table(
            s.GOOGLE_ADS_AD_GROUPS,
            {
                **tz_only(a_s),
                "ad_group_id": [x.id for x in a_s],
                "campaign_id": [x.campaign_id for x in a_s],
                "ad_group_name": [x.name for x in a_s],
                "status": [st(x) for x in a_s],
                "type": ["SEARCH_STANDARD"] * len(a_s),
            },
            at,
        ),
        s.GOOGLE_ADS_ADS: entity_table(
            s.GOOGLE_ADS_ADS,
            {
                **tz_only(ads),
                "ad_id": [x.id for x in ads],
                "ad_group_id": [x.adset_id for x in ads],
                "campaign_id": [x.campaign_id for x in ads],
                "ad_name": [x.name for x in ads],
                "ad_type": ["RESPONSIVE_SEARCH_AD"] * len(ads),
                "status": [st(x) for x in ads],
            },
            at,
        ),
    }


def load_entities(wh: DuckDBWarehouse, market: Market, loaded_at: datetime) -> dict[str, int]:
    """Append every platform's entity rows (tables must exist and be empty).

    Returns:
        Rows per raw entity table.
    """
    out: dict[str, int] = {}
    for build in (_meta, _tiktok, _google):
        for spec, table in build(market, loaded_at).items():
            wh.append(spec, table)
            out[spec.name] = table.num_rows
    return out
