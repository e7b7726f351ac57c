"""GA4 export loading: the file layout, the properties, the lookback.

GA4 exports to BigQuery, one dataset ``analytics_<property_id>`` per property, one table
``events_YYYYMMDD`` per property-local day (plus ``events_intraday_YYYYMMDD`` for the day in
progress when streaming export is on); Google keeps adding late events to a day's table for 72
hours (support.google.com/analytics/answer/9358801, "[GA4] BigQuery Export"). Outside BigQuery
(the embedded default, the sandbox, a GCS extract) the same tables arrive as files::

    <export_dir>/analytics_<property_id>/events_YYYYMMDD.{parquet|jsonl|jsonl.gz|json|json.gz}
    <export_dir>/analytics_<property_id>/events_intraday_YYYYMMDD.{...}

Newline-delimited JSON is what ``bq extract --destination_format NEWLINE_DELIMITED_JSON`` (and
the recorded sample) looks like; Parquet keeps the nested types and is far smaller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EXTENSIONS: tuple[str, ...] = ("parquet", "jsonl", "jsonl.gz", "json", "json.gz")
"""File formats read, by file name extension."""

FILE_PATTERN = re.compile(
    r"^events_(?P<intraday>intraday_)?(?P<day>\d{8})\.(?P<ext>parquet|jsonl(?:\.gz)?|json(?:\.gz)?)$"
)
"""``events_[intraday_]YYYYMMDD.<ext>``."""

LOOKBACK_DAYS = 3
"""Days before the latest partition every scheduled sync re-reads (GA4's 72-hour window)."""


@dataclass(frozen=True)
class ExportProperty:
    """The facts of a GA4 property that its export does not carry.

    Attributes:
        property_id: numeric property id (the export dataset is ``analytics_<property_id>``).
        currency: ISO 4217 reporting currency (stored as ``currency_code``).
        timezone: IANA reporting time zone (``event_date`` is local to it; stored as
            ``account_timezone``).
    """

    property_id: str
    currency: str
    timezone: str

    @property
    def dataset(self) -> str:
        """``analytics_<property_id>``."""
        return f"analytics_{self.property_id}"
