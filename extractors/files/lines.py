"""Bytes of a dropped CSV → its header and the lines the CSV reader may parse, by line number.

Files are UTF-8, with or without a byte-order mark. Decoding is per line only when it has to be:
the whole body is decoded at C speed first; only if that fails (or blank lines must be dropped)
is the file walked line by line, so one line in another encoding (a cp874 / TIS-620 row pasted
from a Thai Windows export) is set aside with its line number while every other line loads.

Line numbers are 1-based and count physical lines of the file, the header being line 1. One
record per line: a quoted value may hold commas but not line breaks.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass

BOM = b"\xef\xbb\xbf"
_BLANK_LINE = re.compile(rb"(?m)^[ \t,;]*\r?$")
"""An empty line, or one of only separators (Excel's trailing ``,,,,`` rows): ignored."""

_THAI = re.compile("[\u0e00-\u0e7f]")


class UnreadableFileError(ValueError):
    """The file has no header line, or its header is not UTF-8 text."""


@dataclass(frozen=True)
class BadLine:
    r"""A line set aside before CSV parsing.

    Attributes:
        line: 1-based line number in the file.
        reason: why (names the offending byte and a likely encoding).
        text: the line with undecodable bytes escaped (``\\xa1``), for the quarantine record.
    """

    line: int
    reason: str
    text: str

    @property
    def record(self) -> str:
        """The line as a JSON object (``{"line_text": ...}``): the quarantine's raw record."""
        return json.dumps({"line_text": self.text}, ensure_ascii=False)


@dataclass(frozen=True)
class SplitFile:
    r"""A file ready for the CSV reader.

    Attributes:
        header: header cells as text (BOM removed, not yet normalized).
        body: the header line and every kept data line, ``\\n``-separated, valid UTF-8.
        line_numbers: file line of each kept data line, in order; ``None`` when nothing was
            dropped (data line ``k`` of the body, 0-based, is file line ``k + 2``).
        bad_lines: lines that are not UTF-8.
        data_lines: non-blank lines after the header (kept + bad).
        has_bom: the file started with a UTF-8 byte-order mark.
    """

    header: list[str]
    body: bytes
    line_numbers: list[int] | None
    bad_lines: list[BadLine]
    data_lines: int
    has_bom: bool

    def file_line(self, data_index: int) -> int:
        """File line number of the body's data line ``data_index`` (0-based)."""
        if self.line_numbers is None:
            return data_index + 2
        return self.line_numbers[data_index]


def _is_blank(line: bytes) -> bool:
    return _BLANK_LINE.fullmatch(line) is not None


def _bad_line(number: int, raw: bytes, exc: UnicodeDecodeError) -> BadLine:
    hint = ""
    try:
        if _THAI.search(raw.decode("cp874")):
            hint = " (looks like Thai cp874 / TIS-620: re-export the file as UTF-8)"
    except UnicodeDecodeError:
        pass
    return BadLine(
        number,
        f"line is not valid UTF-8: byte 0x{raw[exc.start]:02x} at position {exc.start + 1}{hint}",
        raw.decode("utf-8", "backslashreplace").rstrip("\r"),
    )


def split_lines(data: bytes) -> SplitFile:
    """Split a dropped file into its header and parseable lines.

    Args:
        data: the file's bytes.

    Returns:
        The header, the body for the CSV reader and the lines set aside.

    Raises:
        UnreadableFileError: the file is empty, its first line is blank, or the header is not
            valid UTF-8.
    """
    has_bom = data.startswith(BOM)
    if has_bom:
        data = data[len(BOM) :]
    data = data.rstrip(b"\r\n")
    head, _, rest = data.partition(b"\n")
    if _is_blank(head):
        raise UnreadableFileError("the file is empty or its first line (the header) is blank")
    try:
        header_text = head.decode("utf-8").rstrip("\r")
    except UnicodeDecodeError as exc:
        reason = _bad_line(1, head, exc).reason
        raise UnreadableFileError(f"the header is not UTF-8 text: {reason}") from exc
    header = next(csv.reader([header_text]))
    try:
        rest.decode("utf-8")
        clean = _BLANK_LINE.search(rest) is None if rest else True
    except UnicodeDecodeError:
        clean = False
    if clean:
        n = rest.count(b"\n") + 1 if rest else 0
        return SplitFile(header, data, None, [], n, has_bom)
    kept, numbers, bad = [head], [], []
    for number, raw in enumerate(rest.split(b"\n"), start=2):
        if _is_blank(raw):
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad.append(_bad_line(number, raw, exc))
            continue
        kept.append(raw)
        numbers.append(number)
    return SplitFile(header, b"\n".join(kept), numbers, bad, len(numbers) + len(bad), has_bom)
