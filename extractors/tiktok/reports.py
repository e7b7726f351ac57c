"""TikTok daily ad reports: ``/report/integrated/get/`` in range-limited chunks, parsed in bulk.

Flow per advertiser and window (advertiser-local days):

1. Cut ``[since, until]`` into chunks of at most ``max_report_days`` (the API accepts 30 days
   with ``stat_time_day``).
2. Per chunk, read every page of ``report_type=BASIC``, ``data_level=AUCTION_AD``,
   ``dimensions=["ad_id","stat_time_day"]`` with :data:`~extractors.tiktok.settings.REPORT_METRICS`.
   A chunk the API refuses with 40067 ("date range too large") is halved and both halves are
   asked for (down to one day), so a lowered limit costs requests, not data.
3. Parse all page bodies in one DuckDB pass (no per-row Python): metrics arrive as strings (or
   numbers in some recordings), ``stat_time_day`` as ``YYYY-MM-DD 00:00:00``, ids as strings or
   numbers; ``"-"`` (not applicable) becomes null; ``raw_json`` is each row's JSON.

Days without delivery are absent from the API's answer, so absent from the table; the loader's
partition overwrite of the extracted (advertiser, window) removes rows of days that no longer
have delivery. Source: TikTok API for Business v1.3, "Report Integrated Get" and
"Reporting metrics" (https://business-api.tiktok.com/portal/docs?id=1740302848100353).
"""

from __future__ import annotations

import logging
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import orjson
import pyarrow as pa

from extractors.common.schemas import TIKTOK_ADS_REPORTS_DAILY
from extractors.tiktok import settings as s
from extractors.tiktok.client import RangeTooLargeError, TikTokClient
from extractors.tiktok.entities import AdvertiserInfo

log = logging.getLogger(__name__)

_MONEY = {"spend", "total_purchase_value"}
_DOUBLE = {"conversion", "complete_payment", "average_video_play"}


def date_chunks(since: date, until: date, max_days: int) -> list[tuple[date, date]]:
    """Consecutive inclusive ranges of at most ``max_days`` days covering ``[since, until]``."""
    out, start = [], since
    while start <= until:
        end = min(until, start + timedelta(days=max_days - 1))
        out.append((start, end))
        start = end + timedelta(days=1)
    return out


def _params(client: TikTokClient, since: date, until: date) -> dict:
    return {
        "advertiser_id": client.advertiser_id,
        "service_type": "AUCTION",
        "report_type": "BASIC",
        "data_level": "AUCTION_AD",
        "dimensions": ["ad_id", "stat_time_day"],
        "metrics": list(s.REPORT_METRICS),
        "start_date": since.isoformat(),
        "end_date": until.isoformat(),
    }


def fetch_pages(client: TikTokClient, since: date, until: date) -> list[dict]:
    """The ``data`` of every report page for ``[since, until]``, halving on 40067.

    Raises:
        RangeTooLargeError: the API refuses even a one-day range.
        TikTokApiError / AuthError: see :class:`~extractors.tiktok.client.TikTokClient`.
    """
    try:
        return list(
            client.pages(
                "report/integrated/get",
                _params(client, since, until),
                client.settings.report_page_size,
            )
        )
    except RangeTooLargeError as exc:
        days = (until - since).days + 1
        if days <= 1:
            raise
        mid = since + timedelta(days=days // 2 - 1)
        log.warning(
            "TikTok advertiser %s: %s..%s refused as too long (code %d); asking for "
            "%s..%s and %s..%s",
            client.advertiser_id,
            since,
            until,
            exc.code,
            since,
            mid,
            mid + timedelta(days=1),
            until,
        )
        return fetch_pages(client, since, mid) + fetch_pages(client, mid + timedelta(days=1), until)


def _metric_sql(name: str) -> str:
    value = f"nullif(j->'metrics'->>'{name}', '-')"
    if name in _MONEY:
        return f"cast({value} as decimal(38, 9))"
    if name in _DOUBLE:
        return f"cast({value} as double)"
    return f"cast({value} as bigint)"


def _select_sql() -> str:
    exprs = {
        "date_day": "cast(left(j->'dimensions'->>'stat_time_day', 10) as date)",
        "account_id": "$advertiser_id",
        "campaign_id": "j->'metrics'->>'campaign_id'",
        "ad_group_id": "j->'metrics'->>'adgroup_id'",
        "ad_id": "j->'dimensions'->>'ad_id'",
        "campaign_name": "j->'metrics'->>'campaign_name'",
        "ad_group_name": "j->'metrics'->>'adgroup_name'",
        "ad_name": "j->'metrics'->>'ad_name'",
        "account_timezone": "$account_timezone",
        "currency_code": "$currency_code",
        "raw_json": "j::varchar",
        "_loaded_at": "$loaded_at",
        "_source": "$source",
    }
    cols = [exprs.get(f.name) or _metric_sql(f.name) for f in TIKTOK_ADS_REPORTS_DAILY.columns]
    names = TIKTOK_ADS_REPORTS_DAILY.columns.names
    return ",\n    ".join(f"{e} as {n}" for e, n in zip(cols, names, strict=True))


def parse_pages(
    pages: list[dict], info: AdvertiserInfo, loaded_at: datetime, source: str
) -> pa.Table:
    """Report page ``data`` objects → ``raw.tiktok_ads_reports_daily`` rows, in one DuckDB pass.

    Args:
        pages: ``data`` of each page (``{"list": [{"dimensions", "metrics"}], "page_info"}``).
        info: the advertiser's id, currency and timezone.
        loaded_at: the sync's UTC timestamp.
        source: endpoint label for ``_source``.

    Returns:
        One row per report row, columns in the spec's order (money in currency units).
    """
    loose = pa.schema([f.with_nullable(True) for f in TIKTOK_ADS_REPORTS_DAILY.columns])
    if not any(p.get("list") for p in pages):
        return loose.empty_table()
    sql = (
        "with pages as (select list from read_json($path, format='newline_delimited', "
        "columns={list: 'JSON'})), rows as (select unnest(from_json(list, '[\"JSON\"]')) "
        f"as j from pages) select {_select_sql()} from rows"
    )
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone='UTC'")
        with tempfile.TemporaryDirectory(prefix="tiktok-pages-") as tmp:
            path = Path(tmp) / "pages.jsonl"
            path.write_bytes(b"\n".join(orjson.dumps({"list": p.get("list") or []}) for p in pages))
            params = {
                "path": str(path),
                "advertiser_id": info.advertiser_id,
                "account_timezone": info.timezone,
                "currency_code": info.currency_code,
                "loaded_at": loaded_at,
                "source": source,
            }
            table = con.sql(sql, params=params).to_arrow_table()
    finally:
        con.close()
    return table.cast(loose)


def fetch_ad_reports(
    client: TikTokClient, info: AdvertiserInfo, since: date, until: date, *, loaded_at: datetime
) -> pa.Table:
    """Daily ad rows of one advertiser for ``[since, until]`` (advertiser-local days).

    Raises:
        RangeTooLargeError: the API refuses even one day.
        AuthError / AdvertiserAccessError / TikTokApiError: see the client.
    """
    pages: list[dict] = []
    for start, end in date_chunks(since, until, client.settings.max_report_days):
        pages += fetch_pages(client, start, end)
    source = (
        f"GET /open_api/{client.settings.api_version}/report/integrated/get/ "
        "AUCTION_AD stat_time_day"
    )
    return parse_pages(pages, info, loaded_at, source)
