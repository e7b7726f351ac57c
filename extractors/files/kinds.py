"""The kinds of CSV file drops: one declarative spec per kind (columns, types, key, period).

A :class:`FileKind` says which header a file of that kind has, how each cell becomes a typed
value of the raw table, which values are required, and what the load replaces:

- ``reconciled_campaign_reports`` — key ``(date_day, campaign_id)``; a (corrected) delivery is
  **merged**: it replaces the rows it contains and keeps the others (a report may be split by
  buyer or account, so a campaign missing from a later file is no evidence it had no spend).
- ``scans_daily`` — key ``(date_day, feed, region, master_sku)``; a delivery **replaces** the
  feed's rows of the file's period (a scan delivery is complete for its days).
- ``offline_sellout_weekly`` — key ``(week_start, retailer, store_id, master_sku)``; a delivery
  **replaces** the retailer's rows of the file's weeks.

The period is the one the file name declares (``..._2026-11-16.csv``), else the span of the
file's own dates. A file with no valid row writes nothing (the previous rows stay).

Cells are text first; a cell that does not convert, a missing required value, an unknown SKU,
a negative count or amount, a date outside the file's period or a repeated key sends its row to
``ops.quarantine`` with the file, line and reason (``extractors.files.rows``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from extractors.common.schemas import (
    FILE_OFFLINE_SELLOUT_WEEKLY,
    FILE_RECONCILED_CAMPAIGN_REPORTS,
    FILE_SCANS_DAILY,
    TableSpec,
)

CellType = Literal["string", "date", "int", "decimal"]


def normalize_header(name: str) -> str:
    """Header cell → canonical name (``Sales (THB)`` → ``sales_thb``).

    Case, spaces and punctuation are folded; a leading byte-order mark is dropped.
    """
    return re.sub(r"[^0-9a-z]+", "_", name.lstrip("\ufeff").strip().lower()).strip("_")


@dataclass(frozen=True)
class FileColumn:
    """One column of a kind of file.

    Attributes:
        header: canonical header name (see :func:`normalize_header`).
        column: the raw table column it fills.
        type: ``string`` (trimmed), ``date`` (the kind's date formats), ``int`` (digits,
            optional sign) or ``decimal`` (``123``, ``123.45``; no thousands separators).
        required: must be in the header and non-empty on every row; otherwise the column may
            be absent and its cells empty.
        default: value of an absent column or empty cell (optional columns only).
        min_value: smallest accepted number (0 for counts and amounts).
        pattern: regex a string value must match entirely.
        upper: upper-case the value (currency codes, SKUs).
        sku: the value is a SKU code, resolved to ``master_sku`` through the master list.
        aliases: other canonical header names accepted for this column.
    """

    header: str
    column: str
    type: CellType = "string"
    required: bool = True
    default: str | None = None
    min_value: int | None = None
    pattern: str | None = None
    upper: bool = False
    sku: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileKind:
    """A kind of file and its raw table.

    Attributes:
        name: the kind (``config/files.yml`` configures it under this name).
        title: what it is, for messages (``reconciled campaign report``).
        table: the raw table it loads into.
        columns: the file's columns, in their usual order.
        period_column: raw date column the file's period is about.
        constant_column: raw column filled with the configured ``source`` (feed, retailer).
    """

    name: str
    title: str
    table: TableSpec
    columns: tuple[FileColumn, ...]
    period_column: str
    constant_column: str | None = None

    @property
    def required_headers(self) -> list[str]:
        """Canonical names every header must have."""
        return [c.header for c in self.columns if c.required]

    @property
    def optional_headers(self) -> list[str]:
        """Canonical names a header may have."""
        return [c.header for c in self.columns if not c.required]

    @property
    def key(self) -> tuple[str, ...]:
        """The raw table's primary key."""
        return self.table.primary_key

    def column_for(self, header: str) -> FileColumn | None:
        """The column a canonical header name (or alias) stands for."""
        return next((c for c in self.columns if header in (c.header, *c.aliases)), None)


RECONCILED_CAMPAIGN_REPORTS = FileKind(
    name="reconciled_campaign_reports",
    title="reconciled campaign report",
    table=FILE_RECONCILED_CAMPAIGN_REPORTS,
    period_column="date_day",
    columns=(
        FileColumn("date", "date_day", "date", aliases=("date_day", "day")),
        FileColumn("campaign_id", "campaign_id", pattern=r"[0-9]+"),
        FileColumn("owner", "owner", aliases=("buyer",)),
        FileColumn("category", "category"),
        FileColumn(
            "currency", "currency_code", pattern=r"[A-Z]{3}", upper=True, aliases=("currency_code",)
        ),
        FileColumn("spend", "spend", "decimal", min_value=0),
        FileColumn("revenue", "revenue", "decimal", min_value=0),
        FileColumn("margin", "margin", "decimal"),  # revenue - COGS - spend: may be negative
        FileColumn("platform", "platform", required=False),
        FileColumn("account_id", "account_id", required=False, pattern=r"[0-9]+"),
        FileColumn("campaign_name", "campaign_name", required=False),
    ),
)

SCANS_DAILY = FileKind(
    name="scans_daily",
    title="daily scan file",
    table=FILE_SCANS_DAILY,
    period_column="date_day",
    constant_column="feed",
    columns=(
        FileColumn("date", "date_day", "date", aliases=("date_day", "day", "scan_date")),
        FileColumn("sku", "sku", upper=True, sku=True),
        FileColumn("scans", "scans", "int", min_value=0, aliases=("scan_count",)),
        FileColumn("region", "region", required=False, default="ALL"),
        FileColumn("product_name", "product_name", required=False),
    ),
)

OFFLINE_SELLOUT_WEEKLY = FileKind(
    name="offline_sellout_weekly",
    title="weekly offline sell-out file",
    table=FILE_OFFLINE_SELLOUT_WEEKLY,
    period_column="week_start",
    constant_column="retailer",
    columns=(
        FileColumn("week_start", "week_start", "date", aliases=("week",)),
        FileColumn("store_id", "store_id"),
        FileColumn("store_name", "store_name"),
        FileColumn("sku", "sku", upper=True, sku=True),
        FileColumn("units", "units", "int", min_value=0),
        FileColumn("sales_thb", "sales", "decimal", min_value=0, aliases=("sales",)),
        FileColumn("product_name", "product_name", required=False),
    ),
)

KINDS: dict[str, FileKind] = {
    k.name: k for k in (RECONCILED_CAMPAIGN_REPORTS, SCANS_DAILY, OFFLINE_SELLOUT_WEEKLY)
}
"""Every kind, by name (the keys of ``kinds:`` in ``config/files.yml``)."""
