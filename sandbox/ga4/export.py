"""Write the simulated market's GA4 export: one file per property and property-local day.

Layout (mirrors the BigQuery export's dataset and tables)::

    <out>/analytics_<property_id>/events_YYYYMMDD.<ext>            complete days
    <out>/analytics_<property_id>/events_intraday_YYYYMMDD.<ext>   the day in progress

``<ext>`` is ``parquet`` (default: nested types kept, ~20× smaller than JSON and read in a
fraction of the time), ``jsonl`` or ``jsonl.gz`` (newline-delimited JSON, as a BigQuery
extract to GCS writes it). A file holds the events of its day (``event_date``, the property's
local day) that GA4 had *received* by the market clock's now: a few sessions' events arrive
hours late (``sessions.LATE_SHARE``), so the files of the last days keep growing as the clock
advances — GA4 adds late events to a day's table for 72 hours, which is why the loader re-reads
the last 3 days. Same seed + same clock + same writes ⇒ identical files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal

import duckdb

from sandbox.ga4.events import connect, expand, session_table
from sandbox.ga4.properties import PROPERTIES, WebProperty, property_of_country
from sandbox.ga4.sessions import Block, ad_block, organic_block
from sandbox.market.catalog import PLATFORMS
from sandbox.market.clock import zone
from sandbox.market.market import Market

ExportFormat = Literal["parquet", "jsonl", "jsonl.gz"]
FORMATS: tuple[ExportFormat, ...] = ("parquet", "jsonl", "jsonl.gz")


@dataclass(frozen=True)
class ExportFile:
    """One written file: property, property-local day, path, events, and whether intraday."""

    property_id: str
    day: date
    path: Path
    events: int
    intraday: bool


def dataset_dir(out: Path, property_id: str) -> Path:
    """``<out>/analytics_<property_id>`` (the BigQuery export dataset's name)."""
    return out / f"analytics_{property_id}"


def file_name(day: date, fmt: ExportFormat, *, intraday: bool = False) -> str:
    """``events_YYYYMMDD.<ext>`` or ``events_intraday_YYYYMMDD.<ext>``."""
    return f"events_{'intraday_' if intraday else ''}{day:%Y%m%d}.{fmt}"


class _Blocks:
    """Traffic blocks of one property, cached while a window is written day by day."""

    def __init__(self, market: Market, prop: WebProperty) -> None:
        self.market, self.prop = market, prop
        self.accounts = [
            (p, a)
            for p in PLATFORMS
            for a in market.accounts(p)
            if property_of_country(a.country).property_id == prop.property_id
        ]
        self.cache: dict[tuple[str, str, int], Block] = {}

    def _get(self, kind: str, owner: str, day: date, build: object) -> Block:
        key = (kind, owner, day.toordinal())
        if key not in self.cache:
            self.cache[key] = build()  # type: ignore[operator]
        return self.cache[key]

    def for_day(self, day: date) -> list[Block]:
        """Sessions with an event on the property-local ``day``.

        That is, started that day, or the evening before and still running after midnight.
        """
        tz = self.prop.timezone
        lo = int(datetime.combine(day, time(0), zone(tz)).timestamp() * 1e6)
        hi = int(datetime.combine(day + timedelta(days=1), time(0), zone(tz)).timestamp() * 1e6)
        self.cache = {k: v for k, v in self.cache.items() if k[2] >= day.toordinal() - 3}
        blocks = []
        for offset in (-2, -1, 0, 1):  # account days around the property day
            d = day + timedelta(days=offset)
            for platform, acct in self.accounts:
                blocks.append(
                    self._get(
                        platform,
                        acct.account_id,
                        d,
                        lambda p=platform, a=acct, dd=d: ad_block(self.market, p, a, dd),
                    )
                )
        for d in (day - timedelta(days=1), day):
            blocks.append(
                self._get(
                    "organic",
                    self.prop.property_id,
                    d,
                    lambda dd=d: organic_block(self.prop, self.market.config.seed, dd),
                )
            )
        out = []
        for b in blocks:
            if len(b):
                start, end = b.columns["start_us"], b.end_us()
                out.append(b.select((start < hi) & (end >= lo)))
        return out


def _write(con: duckdb.DuckDBPyConnection, path: Path, fmt: ExportFormat) -> None:
    # no ORDER BY: sorting rows this nested costs more than the rest of the write, real
    # exports are not sorted either, and the single-threaded expansion keeps the order stable
    query = "select * exclude (arrival_us) from day_events"
    options = {
        "parquet": "format parquet",
        "jsonl": "format json",
        "jsonl.gz": "format json, compression gzip",
    }[fmt]
    tmp = path.with_name(path.name + ".tmp")
    con.execute(f"copy ({query}) to '{tmp}' ({options})")
    tmp.replace(path)  # readers never see a half-written file


def _days(market: Market, prop: WebProperty, start: date, end: date) -> Iterator[date]:
    today = market.clock.local_today(prop.timezone)
    day = max(start, market.history_start)
    while day <= min(end, today):
        yield day
        day += timedelta(days=1)


def write_export(
    market: Market,
    out: Path,
    start: date,
    end: date,
    *,
    properties: Iterable[WebProperty] = PROPERTIES,
    fmt: ExportFormat = "parquet",
) -> list[ExportFile]:
    """Write every property's export files for the property-local days ``start..end``.

    Days before the market's history or after the property's local today are skipped; a day
    without events gets no file. Files of other formats (and a stale intraday file) for a
    written day are removed, so a reader never finds two versions of one day.

    Returns:
        The files written, in property then day order.
    """
    now_us = int(market.clock.now.timestamp() * 1e6)
    written: list[ExportFile] = []
    con = connect()
    try:
        for prop in properties:
            folder = dataset_dir(out, prop.property_id)
            folder.mkdir(parents=True, exist_ok=True)
            blocks = _Blocks(market, prop)
            today = market.clock.local_today(prop.timezone)
            for day in _days(market, prop, start, end):
                sessions, lines = session_table(blocks.for_day(day))
                if sessions.num_rows == 0:
                    continue
                con.execute("drop table if exists day_events")
                expand(con, prop, day, sessions, lines).filter(f"arrival_us <= {now_us}").create(
                    "day_events"
                )
                n = con.execute("select count(*) from day_events").fetchall()[0][0]
                intraday = day == today
                for f in FORMATS:
                    for stale in (file_name(day, f), file_name(day, f, intraday=True)):
                        (folder / stale).unlink(missing_ok=True)
                if n == 0:
                    continue
                path = folder / file_name(day, fmt, intraday=intraday)
                _write(con, path, fmt)
                written.append(ExportFile(prop.property_id, day, path, int(n), intraday))
    finally:
        con.close()
    return written
