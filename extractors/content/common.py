"""What the content extractors of every platform share: the account, rows, snapshot days.

Each content extractor yields Arrow tables typed by ``extractors.common.schemas``; the metadata
columns (``account_timezone``, ``raw_json``, ``_loaded_at``, ``_source``) are filled here.
``raw_json`` is the record as the API returned it (for metrics: the post's insights bodies).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pyarrow as pa

from extractors.common.schemas import TableSpec

Getter = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class ContentAccount:
    """A content account: a Facebook page, an Instagram professional account, a TikTok account.

    Attributes:
        account_id: the platform's id (page id, Instagram user id, TikTok ``business_id``).
        timezone: IANA name; snapshot days are days in it (the brand's market timezone).
        name: display name (logs, errors).
    """

    account_id: str
    timezone: str
    name: str | None = None


def snapshot_day(account: ContentAccount, at: datetime) -> date:
    """The account-local calendar day of the instant ``at`` (aware)."""
    return at.astimezone(ZoneInfo(account.timezone)).date()


def horizon_start(account: ContentAccount, at: datetime, horizon_days: int) -> datetime:
    """Oldest publish time that still gets a metrics snapshot at ``at``.

    Counted from the start of the account-local snapshot day, so every sync of one day
    snapshots the same items (the day's partition is replaced whole by each sync).
    """
    tz = ZoneInfo(account.timezone)
    day_start = datetime.combine(snapshot_day(account, at), time(0), tz)
    return day_start - timedelta(days=horizon_days)


def content_table(
    spec: TableSpec,
    records: Iterable[dict[str, Any]],
    getters: dict[str, Getter],
    account: ContentAccount,
    source: str,
    loaded_at: datetime,
) -> pa.Table:
    """``spec``'s Arrow table from records (``getters``: typed column → function of a record).

    Records may carry the API's original under ``"_raw"``; that becomes ``raw_json`` (else the
    record itself).
    """
    recs = list(records)
    cols: dict[str, list[Any]] = {name: [g(r) for r in recs] for name, g in getters.items()}
    n = len(recs)
    meta: dict[str, list[Any]] = {
        "account_timezone": [account.timezone] * n,
        "currency_code": [None] * n,
        "raw_json": [orjson.dumps(r.get("_raw", r)).decode() for r in recs],
        "_loaded_at": [loaded_at] * n,
        "_source": [source] * n,
    }
    data = {f.name: (cols | meta)[f.name] for f in spec.columns}
    return pa.table(data, schema=spec.columns)


def passthrough(spec: TableSpec) -> dict[str, Getter]:
    """A getter per column of ``spec`` that reads the record key of the same name."""

    def getter(name: str) -> Getter:
        return lambda r: r.get(name)

    return {f.name: getter(f.name) for f in spec.columns}


def to_int(value: Any) -> int | None:
    """An API count (number or numeric string) as int; None stays None."""
    return None if value in (None, "") else int(float(value))


def to_float(value: Any) -> float | None:
    """An API number as float; None stays None."""
    return None if value in (None, "") else float(value)
