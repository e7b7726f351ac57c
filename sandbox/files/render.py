"""A generated drop file (name + bytes) and how rows become CSV bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class DropFile:
    """One file as a partner would drop it in the inbox.

    Attributes:
        name: file name (``saversure_scans_2026-11-20.csv``).
        kind: the kind it is (``reconciled_campaign_reports``, ``scans_daily``,
            ``offline_sellout_weekly``).
        data: the file's bytes.
    """

    name: str
    kind: str
    data: bytes

    @property
    def rows(self) -> int:
        """Data lines (lines after the header that are not empty)."""
        return sum(1 for line in self.data.splitlines()[1:] if line.strip())


def to_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    bom: bool = False,
    crlf: bool = False,
) -> bytes:
    """Render a header and rows as UTF-8 CSV bytes (minimal quoting).

    Args:
        header: column names as written in the file.
        rows: cell values (``str()``-ed; ``None`` → empty).
        bom: start with a UTF-8 byte-order mark (Excel's "CSV UTF-8").
        crlf: Windows line endings.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return (BOM if bom else b"") + buf.getvalue().encode("utf-8")


def money(x: float) -> str:
    """Currency units with 2 decimals, as partners' spreadsheets export them."""
    return f"{x:.2f}"
