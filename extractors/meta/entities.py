"""Meta entities: the ad account, campaigns, ad sets and ads, as typed Arrow tables.

Endpoints (Marketing API, version from settings): ``GET /act_{id}``, ``GET /act_{id}/campaigns``,
``GET /act_{id}/adsets``, ``GET /act_{id}/ads`` (with ``creative{object_story_id,...}``), every
``effective_status`` listed so paused and archived objects keep their names for history. Tables
follow ``raw.meta_ad_accounts|meta_campaigns|meta_ad_sets|meta_ads`` (see
``extractors.common.schemas``); budgets stay in minor units of the account currency.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
import pyarrow as pa

from extractors.common.schemas import (
    META_AD_ACCOUNTS,
    META_AD_SETS,
    META_ADS,
    META_CAMPAIGNS,
    TableSpec,
)
from extractors.meta import settings as s
from extractors.meta.client import MetaClient

Getter = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class AccountInfo:
    """What every row of an account needs: id, currency and timezone (from the API)."""

    account_id: str
    name: str | None
    currency_code: str
    timezone: str


def parse_graph_time(value: str | None) -> datetime | None:
    """Graph timestamps (``2026-10-01T10:00:00+0700``) → aware UTC datetime; None stays None."""
    if not value:
        return None
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z").astimezone(UTC)


def _int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


def _strip_act(value: Any) -> str | None:
    return None if value is None else str(value).removeprefix("act_")


def rows_to_table(
    spec: TableSpec,
    records: Iterable[dict[str, Any]],
    getters: dict[str, Getter],
    account: AccountInfo,
    source: str,
    loaded_at: datetime,
) -> pa.Table:
    """Build ``spec``'s Arrow table from API records.

    ``getters`` maps each typed column to a function of the record; the metadata columns
    (``account_timezone``, ``currency_code``, ``raw_json``, ``_loaded_at``, ``_source``) are
    filled here, ``raw_json`` being the record exactly as the API returned it.
    """
    recs = list(records)
    cols: dict[str, list[Any]] = {name: [g(r) for r in recs] for name, g in getters.items()}
    n = len(recs)
    meta: dict[str, list[Any]] = {
        "account_timezone": [account.timezone] * n,
        "currency_code": [account.currency_code] * n,
        "raw_json": [orjson.dumps(r).decode() for r in recs],
        "_loaded_at": [loaded_at] * n,
        "_source": [source] * n,
    }
    data = {f.name: (cols | meta)[f.name] for f in spec.columns}
    return pa.table(data, schema=spec.columns)


def fetch_account(client: MetaClient, loaded_at: datetime) -> tuple[AccountInfo, pa.Table]:
    """``GET /act_{id}`` → the account's facts and its ``raw.meta_ad_accounts`` row."""
    rec = client.get_json((f"act_{client.account_id}",), {"fields": ",".join(s.ACCOUNT_FIELDS)})
    info = AccountInfo(
        account_id=str(rec.get("account_id") or client.account_id),
        name=rec.get("name"),
        currency_code=str(rec["currency"]),
        timezone=str(rec["timezone_name"]),
    )
    getters: dict[str, Getter] = {
        "account_id": lambda r: info.account_id,
        "account_name": lambda r: r.get("name"),
        "account_status": lambda r: _int(r.get("account_status")),
        "timezone_offset_hours_utc": lambda r: (
            None
            if r.get("timezone_offset_hours_utc") is None
            else float(r["timezone_offset_hours_utc"])
        ),
    }
    source = f"GET /{client.settings.api_version}/act_{client.account_id}"
    return info, rows_to_table(META_AD_ACCOUNTS, [rec], getters, info, source, loaded_at)


def _list(client: MetaClient, edge: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    params = {
        "fields": ",".join(fields),
        "limit": client.settings.entity_page_limit,
        "effective_status": list(s.ALL_EFFECTIVE_STATUSES),
    }
    out: list[dict[str, Any]] = []
    for page in client.pages((f"act_{client.account_id}", edge), params):
        out.extend(page.data())
    return out


_COMMON: dict[str, Getter] = {
    "account_id": lambda r: _strip_act(r.get("account_id")),
    "status": lambda r: r.get("status"),
    "effective_status": lambda r: r.get("effective_status"),
    "created_time": lambda r: parse_graph_time(r.get("created_time")),
    "updated_time": lambda r: parse_graph_time(r.get("updated_time")),
}

_BUDGETS: dict[str, Getter] = {
    "bid_strategy": lambda r: r.get("bid_strategy"),
    "daily_budget_minor": lambda r: _int(r.get("daily_budget")),
    "lifetime_budget_minor": lambda r: _int(r.get("lifetime_budget")),
    "start_time": lambda r: parse_graph_time(r.get("start_time")),
}

CAMPAIGN_GETTERS: dict[str, Getter] = {
    "campaign_id": lambda r: str(r["id"]),
    "campaign_name": lambda r: r.get("name"),
    "objective": lambda r: r.get("objective"),
    "buying_type": lambda r: r.get("buying_type"),
    "stop_time": lambda r: parse_graph_time(r.get("stop_time")),
    **_COMMON,
    **_BUDGETS,
}

AD_SET_GETTERS: dict[str, Getter] = {
    "ad_set_id": lambda r: str(r["id"]),
    "campaign_id": lambda r: r.get("campaign_id"),
    "ad_set_name": lambda r: r.get("name"),
    "optimization_goal": lambda r: r.get("optimization_goal"),
    "billing_event": lambda r: r.get("billing_event"),
    "end_time": lambda r: parse_graph_time(r.get("end_time")),
    **_COMMON,
    **_BUDGETS,
}

AD_GETTERS: dict[str, Getter] = {
    "ad_id": lambda r: str(r["id"]),
    "ad_set_id": lambda r: r.get("adset_id"),
    "campaign_id": lambda r: r.get("campaign_id"),
    "ad_name": lambda r: r.get("name"),
    "creative_id": lambda r: (r.get("creative") or {}).get("id"),
    "object_story_id": lambda r: (r.get("creative") or {}).get("object_story_id"),
    "effective_object_story_id": lambda r: (r.get("creative") or {}).get(
        "effective_object_story_id"
    ),
    **_COMMON,
}

_EDGES: dict[str, tuple[str, tuple[str, ...], TableSpec, dict[str, Getter]]] = {
    "campaigns": ("campaigns", s.CAMPAIGN_FIELDS, META_CAMPAIGNS, CAMPAIGN_GETTERS),
    "ad_sets": ("adsets", s.AD_SET_FIELDS, META_AD_SETS, AD_SET_GETTERS),
    "ads": ("ads", s.AD_FIELDS, META_ADS, AD_GETTERS),
}


ENTITY_KINDS: tuple[str, ...] = tuple(_EDGES)
"""``campaigns``, ``ad_sets``, ``ads`` — in the order a sync loads them."""


def entity_spec(kind: str) -> TableSpec:
    """The raw table a kind of object is loaded into (``ads`` → ``raw.meta_ads``)."""
    return _EDGES[kind][2]


def fetch_objects(
    client: MetaClient, kind: str, account: AccountInfo, loaded_at: datetime
) -> pa.Table:
    """List every campaign, ad set or ad of the account as its raw table.

    Args:
        client: the account's client.
        kind: ``campaigns``, ``ad_sets`` or ``ads``.
        account: facts from :func:`fetch_account` (currency, timezone).
        loaded_at: the sync's UTC timestamp, stamped on every row.

    Raises:
        KeyError: unknown ``kind``.
    """
    edge, fields, spec, getters = _EDGES[kind]
    records = _list(client, edge, fields)
    source = f"GET /{client.settings.api_version}/act_{client.account_id}/{edge}"
    return rows_to_table(spec, records, getters, account, source, loaded_at)
