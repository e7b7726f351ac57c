"""Pieces the marketplace extractions share: shop facts, windows, PII minimisation, typed rows.

PII policy of the raw layer: raw keeps only the buyer fields staging needs to build a buyer hash
(Shopee ``buyer_user_id``/``buyer_username``, Lazada customer first/last name, TikTok Shop
``user_id``/``buyer_email``) as typed columns; recipient names, phone numbers, street addresses
and postal codes are **removed from ``raw_json``** before loading (:func:`minimize_pii`), city,
state and region are kept for geography. Staging hashes the buyer fields (salted sha256); marts
never hold them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Literal
from zoneinfo import ZoneInfo

import orjson
import pyarrow as pa

from extractors.common.schemas import TableSpec

ShopPlatform = Literal["shopee", "lazada", "tiktok_shop"]


@dataclass(frozen=True)
class ShopInfo:
    """What every row of a shop needs (from configuration; the APIs do not return it).

    Attributes:
        platform: ``shopee``, ``lazada`` or ``tiktok_shop``.
        shop_id: the platform's id (Shopee ``shop_id``, Lazada ``seller_id``, TikTok Shop id).
        region: marketplace country (``TH``).
        currency: ISO 4217 code of the shop's amounts.
        timezone: IANA name of the shop's business day.
        cipher: TikTok Shop ``shop_cipher`` (required on its calls), else None.
    """

    platform: ShopPlatform
    shop_id: str
    region: str
    currency: str
    timezone: str
    cipher: str | None = None


def update_window(
    shop: ShopInfo, since: date, until: date, now: datetime
) -> tuple[datetime, datetime] | None:
    """The UTC instants ``[start, end)`` of shop-local days ``since..until``, capped at ``now``.

    Returns:
        None when the window lies wholly in the future.
    """
    tz = ZoneInfo(shop.timezone)
    start = datetime.combine(since, time(0), tz).astimezone(UTC)
    end = min(
        datetime.combine(until + timedelta(days=1), time(0), tz).astimezone(UTC),
        now.astimezone(UTC),
    )
    return (start, end) if end > start else None


def split_window(start: datetime, end: datetime, max_days: int) -> list[tuple[datetime, datetime]]:
    """Cut ``[start, end)`` into consecutive pieces of at most ``max_days`` days."""
    out, step = [], timedelta(days=max_days)
    a = start
    while a < end:
        b = min(end, a + step)
        out.append((a, b))
        a = b
    return out


def minimize_pii(record: Mapping[str, Any], drop: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
    """A copy of ``record`` without personal fields.

    Args:
        record: an API record.
        drop: ``{"": top-level keys, "recipient_address": keys inside it, ...}``; nested paths
            use dots (``"payment.card"``).
    """
    out = orjson.loads(orjson.dumps(record))  # deep copy, JSON-typed
    for path, keys in drop.items():
        node: Any = out
        for part in [p for p in path.split(".") if p]:
            node = node.get(part) if isinstance(node, dict) else None
        targets = node if isinstance(node, list) else [node]
        for t in targets:
            if isinstance(t, dict):
                for k in keys:
                    t.pop(k, None)
    return out


def to_money(value: Any) -> Decimal | None:
    """An API amount (number, or string such as ``"1,290.00"``) as an exact Decimal.

    Raises:
        ValueError: the value is not a number.
    """
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"not an amount: {value!r}") from None


def from_unix(value: Any) -> datetime | None:
    """Unix seconds → aware UTC datetime; 0, None and "" → None (platforms use 0 for unset)."""
    if value in (None, "", 0, "0"):
        return None
    return datetime.fromtimestamp(int(value), UTC)


def text(value: Any) -> str | None:
    """An id or label as text (ints from JSON become digits); None and "" stay None."""
    return None if value is None or value == "" else str(value)


def latest_by_key(
    records: Iterable[dict[str, Any]], key: str, version: str
) -> list[dict[str, Any]]:
    """One record per ``key``, the one with the greatest ``version`` (first seen on ties).

    A record can be listed twice when it changes while pages are read; the loader would
    quarantine the second copy as a duplicate key.
    """
    best: dict[Any, dict[str, Any]] = {}
    for r in records:
        k = r.get(key)
        if k not in best or (r.get(version) or 0) > (best[k].get(version) or 0):
            best[k] = r
    return list(best.values())


def build_table(
    spec: TableSpec, rows: list[dict[str, Any]], shop: ShopInfo, source: str, loaded_at: datetime
) -> pa.Table:
    """``spec``'s Arrow table from typed row dicts (each with its ``raw_json`` text).

    The metadata columns are filled here: ``account_timezone`` (the shop's timezone),
    ``currency_code`` (the row's own when it has one, else the shop's), ``_loaded_at``,
    ``_source``. Columns a row lacks are null.
    """
    meta = {"account_timezone": shop.timezone, "_loaded_at": loaded_at, "_source": source}
    full = [{**meta, "currency_code": r.get("currency_code") or shop.currency, **r} for r in rows]
    data = {f.name: [r.get(f.name) for r in full] for f in spec.columns}
    return pa.table(data, schema=spec.columns)


def raw(record: Mapping[str, Any]) -> str:
    """A record as compact JSON text (the ``raw_json`` column)."""
    return orjson.dumps(record).decode()
