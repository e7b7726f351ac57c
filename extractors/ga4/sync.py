"""Load a GA4 property's export files into ``raw.ga4_events``.

Plain Python (no Dagster): the Dagster asset, the tests and ``make run`` call this.

Load contract (``extractors.common.schemas.GA4_EVENTS``):

================  ===================  ======================================================
table             write mode           key / cursor
================  ===================  ======================================================
raw.ga4_events    partition overwrite  (property_id, event_date, event_timestamp, event_name,
                  per (property, day)  event_dedupe_key); cursor event_date, lookback 3 days
================  ===================  ======================================================

Each day that has an export file is replaced in one transaction by that file's events, so
re-reading a window never duplicates, and the events GA4 added to a day late (up to 72 hours)
land on the next sync. A day without a file is left as it is: GA4 never withdraws a day, and a
file that has not arrived yet must not wipe the rows already loaded.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from extractors.common.loader import LoadResult, load_table
from extractors.common.schemas import GA4_EVENTS
from extractors.common.warehouse import LoadScope, Warehouse
from extractors.ga4.events import read_export_day, source_name
from extractors.ga4.files import ExportDay, export_days
from extractors.ga4.settings import ExportProperty

log = logging.getLogger(__name__)


def sync_events(
    warehouse: Warehouse,
    export_dir: Path,
    prop: ExportProperty,
    first: date,
    last: date,
    *,
    loaded_at: datetime | None = None,
) -> list[tuple[ExportDay, LoadResult]]:
    """Load every export file of ``prop`` for the property-local days ``first..last``.

    Args:
        warehouse: where ``raw.ga4_events`` lives.
        export_dir: the folder holding ``analytics_<property_id>/`` folders.
        prop: the property (its currency and time zone are stored with each row).
        first: first property-local day (inclusive).
        last: last property-local day (inclusive).
        loaded_at: the ``_loaded_at`` of the rows (default: now, UTC).

    Returns:
        (file, load result) per day loaded, in day order.

    Raises:
        extractors.ga4.files.ExportLayoutError: two versions of one day in the folder.
        duckdb.Error: a file is unreadable (the days before it are already loaded).
    """
    loaded_at = loaded_at or datetime.now(UTC)
    warehouse.ensure_table(GA4_EVENTS)
    out: list[tuple[ExportDay, LoadResult]] = []
    con = duckdb.connect()
    try:
        for day in export_days(export_dir, prop, first, last):
            source = source_name(day.path, export_dir)
            table = read_export_day(day, prop, loaded_at, source, con)
            result = load_table(
                warehouse,
                GA4_EVENTS,
                table,
                source=source,
                scope=LoadScope(prop.property_id, day.day, day.day),
            )
            log.info(
                "GA4 property %s %s%s: %d events loaded, %d replaced, %d quarantined",
                prop.property_id,
                day.day,
                " (intraday)" if day.intraday else "",
                result.rows_loaded,
                result.rows_deleted,
                result.rows_quarantined,
            )
            out.append((day, result))
    finally:
        con.close()
    return out
