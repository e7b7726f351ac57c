"""TikTok entities: the advertiser, campaigns, ad groups and ads, as typed Arrow tables.

Endpoints (Business API v1.3): ``GET /advertiser/info/`` (``advertiser_ids``), ``GET
/campaign/get/``, ``/adgroup/get/``, ``/ad/get/`` (``filtering.primary_status = STATUS_ALL``, so
disabled and deleted objects keep their names for history; page-number paging). Tables follow
``raw.tiktok_advertisers|tiktok_campaigns|tiktok_ad_groups|tiktok_ads``
(``extractors.common.schemas``): ids as strings, ``budget`` in currency units of the advertiser
currency (null when the object does not own a budget: ``BUDGET_MODE_INFINITE``), times
``YYYY-MM-DD HH:MM:SS`` (UTC) as aware UTC timestamps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import orjson
import pyarrow as pa

from extractors.common.retry import ExtractError
from extractors.common.schemas import (
    TIKTOK_AD_GROUPS,
    TIKTOK_ADS,
    TIKTOK_ADVERTISERS,
    TIKTOK_CAMPAIGNS,
    TableSpec,
)
from extractors.tiktok import settings as s
from extractors.tiktok.client import TikTokClient

Getter = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class AdvertiserInfo:
    """What every row of an advertiser needs (from ``advertiser/info``).

    Attributes:
        advertiser_id: digits.
        name: display name (None when not set).
        currency_code: ISO 4217; all money of the advertiser is in it.
        timezone: IANA name; report days are days in it.
    """

    advertiser_id: str
    name: str | None
    currency_code: str
    timezone: str


def parse_time(value: Any) -> datetime | None:
    """``2026-10-01 10:00:00`` (UTC) → aware UTC datetime; ``.000`` fractions allowed."""
    if value in (None, ""):
        return None
    return datetime.strptime(str(value).split(".", maxsplit=1)[0], "%Y-%m-%d %H:%M:%S").replace(
        tzinfo=UTC
    )


def _str(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _budget(record: dict[str, Any]) -> Decimal | None:
    """``budget`` in currency units when the object owns a budget, else None."""
    if record.get("budget_mode") in (None, "BUDGET_MODE_INFINITE") or record.get("budget") is None:
        return None
    return Decimal(str(record["budget"]))


def rows_to_table(
    spec: TableSpec,
    records: Iterable[dict[str, Any]],
    getters: dict[str, Getter],
    info: AdvertiserInfo,
    source: str,
    loaded_at: datetime,
) -> pa.Table:
    """``spec``'s Arrow table from API records.

    ``getters`` maps each typed column to a function of the record; ``account_timezone``,
    ``currency_code``, ``raw_json`` (the record as the API sent it), ``_loaded_at`` and
    ``_source`` are filled here.
    """
    recs = list(records)
    n = len(recs)
    cols: dict[str, list[Any]] = {name: [g(r) for r in recs] for name, g in getters.items()}
    cols |= {
        "account_timezone": [info.timezone] * n,
        "currency_code": [info.currency_code] * n,
        "raw_json": [orjson.dumps(r).decode() for r in recs],
        "_loaded_at": [loaded_at] * n,
        "_source": [source] * n,
    }
    return pa.table({f.name: cols[f.name] for f in spec.columns}, schema=spec.columns)


def fetch_advertiser(client: TikTokClient, loaded_at: datetime) -> tuple[AdvertiserInfo, pa.Table]:
    """``GET advertiser/info/`` → the advertiser's facts and its ``raw.tiktok_advertisers`` row.

    Raises:
        AdvertiserAccessError / AuthError: see :class:`~extractors.tiktok.client.TikTokClient`.
        ExtractError: the answer lists no record for the advertiser.
    """
    data = client.call(
        "GET",
        "advertiser/info",
        {"advertiser_ids": [client.advertiser_id], "fields": list(s.ADVERTISER_FIELDS)},
    )
    rec = next(
        (r for r in data.get("list", []) if str(r.get("advertiser_id")) == client.advertiser_id),
        None,
    )
    if rec is None:
        raise ExtractError(
            f"TikTok advertiser {client.advertiser_id}: advertiser/info returned no record for it"
        )
    info = AdvertiserInfo(
        client.advertiser_id, rec.get("name"), str(rec["currency"]), str(rec["timezone"])
    )
    getters: dict[str, Getter] = {
        "account_id": lambda r: info.advertiser_id,
        "advertiser_name": lambda r: r.get("name"),
        "status": lambda r: r.get("status"),
    }
    source = f"GET /open_api/{client.settings.api_version}/advertiser/info/"
    return info, rows_to_table(TIKTOK_ADVERTISERS, [rec], getters, info, source, loaded_at)


_COMMON: dict[str, Getter] = {
    "account_id": lambda r: _str(r.get("advertiser_id")),
    "operation_status": lambda r: r.get("operation_status"),
    "secondary_status": lambda r: r.get("secondary_status"),
    "create_time": lambda r: parse_time(r.get("create_time")),
    "modify_time": lambda r: parse_time(r.get("modify_time")),
}

CAMPAIGN_GETTERS: dict[str, Getter] = {
    "campaign_id": lambda r: _str(r.get("campaign_id")),
    "campaign_name": lambda r: r.get("campaign_name"),
    "objective_type": lambda r: r.get("objective_type"),
    "budget_mode": lambda r: r.get("budget_mode"),
    "budget": _budget,
    **_COMMON,
}

AD_GROUP_GETTERS: dict[str, Getter] = {
    "ad_group_id": lambda r: _str(r.get("adgroup_id")),
    "campaign_id": lambda r: _str(r.get("campaign_id")),
    "ad_group_name": lambda r: r.get("adgroup_name"),
    "budget_mode": lambda r: r.get("budget_mode"),
    "budget": _budget,
    "optimization_goal": lambda r: r.get("optimization_goal"),
    "billing_event": lambda r: r.get("billing_event"),
    "bid_type": lambda r: r.get("bid_type"),
    **_COMMON,
}

AD_GETTERS: dict[str, Getter] = {
    "ad_id": lambda r: _str(r.get("ad_id")),
    "ad_group_id": lambda r: _str(r.get("adgroup_id")),
    "campaign_id": lambda r: _str(r.get("campaign_id")),
    "ad_name": lambda r: r.get("ad_name"),
    "ad_format": lambda r: r.get("ad_format"),
    "tiktok_item_id": lambda r: _str(r.get("tiktok_item_id")),
    "video_id": lambda r: _str(r.get("video_id")),
    "landing_page_url": lambda r: r.get("landing_page_url"),
    **_COMMON,
}

_KINDS: dict[str, tuple[str, tuple[str, ...], TableSpec, dict[str, Getter]]] = {
    "campaigns": ("campaign/get", s.CAMPAIGN_FIELDS, TIKTOK_CAMPAIGNS, CAMPAIGN_GETTERS),
    "ad_groups": ("adgroup/get", s.ADGROUP_FIELDS, TIKTOK_AD_GROUPS, AD_GROUP_GETTERS),
    "ads": ("ad/get", s.AD_FIELDS, TIKTOK_ADS, AD_GETTERS),
}

ENTITY_KINDS: tuple[str, ...] = tuple(_KINDS)
"""``campaigns``, ``ad_groups``, ``ads`` — in the order a sync loads them."""


def entity_spec(kind: str) -> TableSpec:
    """The raw table a kind of object is loaded into (``ads`` → ``raw.tiktok_ads``)."""
    return _KINDS[kind][2]


def fetch_objects(
    client: TikTokClient, kind: str, info: AdvertiserInfo, loaded_at: datetime
) -> pa.Table:
    """Every campaign, ad group or ad of the advertiser (every status) as its raw table.

    Args:
        client: the advertiser's client.
        kind: ``campaigns``, ``ad_groups`` or ``ads``.
        info: facts from :func:`fetch_advertiser`.
        loaded_at: the sync's UTC timestamp, stamped on every row.

    Raises:
        KeyError: unknown ``kind``.
    """
    path, fields, spec, getters = _KINDS[kind]
    params = {
        "advertiser_id": client.advertiser_id,
        "fields": list(fields),
        "filtering": {"primary_status": "STATUS_ALL"},
    }
    records = [
        r
        for page in client.pages(path, params, client.settings.page_size)
        for r in page.get("list", [])
    ]
    source = f"GET /open_api/{client.settings.api_version}/{path}/"
    return rows_to_table(spec, records, getters, info, source, loaded_at)
