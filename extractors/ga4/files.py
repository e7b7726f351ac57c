"""Find a property's export files for a window of property-local days.

Per day the daily table's file wins over the intraday one (GA4 deletes the intraday table once
the day is complete; a copy of both must not load the day twice). Two daily files of one day
in different formats are ambiguous and refused.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from extractors.ga4.settings import FILE_PATTERN, ExportProperty


class ExportLayoutError(ValueError):
    """The export folder holds two versions of one day (the message names both files)."""


@dataclass(frozen=True)
class ExportDay:
    """The file to load for one property-local day.

    Attributes:
        day: the property-local day (``event_date`` of its events).
        path: the file.
        fmt: ``parquet`` or ``json`` (newline-delimited, optionally gzip-compressed).
        intraday: the day was still in progress when exported (``events_intraday_``).
    """

    day: date
    path: Path
    fmt: str
    intraday: bool


def _parse_day(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def export_days(export_dir: Path, prop: ExportProperty, first: date, last: date) -> list[ExportDay]:
    """The file of each day in ``first..last`` that has one, in day order.

    Files whose names are not ``events_[intraday_]YYYYMMDD.<ext>`` are ignored (a README, a
    ``.tmp`` being written). A missing folder means no files yet.

    Raises:
        ExportLayoutError: a day has two daily (or two intraday) files in different formats.
    """
    folder = export_dir / prop.dataset
    if not folder.is_dir():
        return []
    found: dict[date, dict[bool, list[Path]]] = defaultdict(lambda: defaultdict(list))
    for path in folder.iterdir():
        m = FILE_PATTERN.match(path.name)
        day = _parse_day(m["day"]) if m else None
        if m is None or day is None or not first <= day <= last:
            continue
        found[day][bool(m["intraday"])].append(path)
    out = []
    for day in sorted(found):
        kinds = found[day]
        intraday = False not in kinds
        paths = sorted(kinds[intraday])
        if len(paths) > 1:
            names = ", ".join(p.name for p in paths)
            raise ExportLayoutError(
                f"{folder}: {len(paths)} files for {day} ({names}); keep one format per day"
            )
        path = paths[0]
        fmt = "parquet" if path.name.endswith(".parquet") else "json"
        out.append(ExportDay(day, path, fmt, intraday))
    return out
