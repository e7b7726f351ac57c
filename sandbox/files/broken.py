"""Deliberately broken drop files, for tests: each knows which lines should fail, and why.

Build on a valid file from the market and break it the way partners' files break::

    drop = reconciled_report(market, day)
    broken = set_cell(drop, 3, "spend", "12,500.00")          # a thousands separator
    broken = set_cell(broken, 4, "owner", "")                 # a missing required value
    broken = duplicate_line(broken, 2)                        # the same key twice
    broken = with_cp874_line(broken, 5)                       # a line re-encoded as cp874
    rename_column(drop, "campaign_id", "campaign")            # a wrong header
    with_bom(drop)                                            # Excel's UTF-8 with BOM

Line numbers are 1-based physical lines, the header being line 1 (as the loader counts them).
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from sandbox.files.render import BOM, DropFile


def _lines(drop: DropFile) -> tuple[bool, list[bytes], bytes]:
    data = drop.data
    bom = data.startswith(BOM)
    body = data[len(BOM) :] if bom else data
    eol = b"\r\n" if b"\r\n" in body else b"\n"
    lines = body.split(eol)
    if lines and lines[-1] == b"":
        lines.pop()
    return bom, lines, eol


def _join(drop: DropFile, bom: bool, lines: list[bytes], eol: bytes) -> DropFile:
    return replace(drop, data=(BOM if bom else b"") + eol.join(lines) + eol)


def _cells(line: bytes) -> list[str]:
    return next(csv.reader([line.decode("utf-8")]))


def _render(cells: list[str]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    return buf.getvalue().encode("utf-8")


def set_cell(drop: DropFile, line: int, column: str, value: str) -> DropFile:
    """Replace one cell (``column`` named as in the header) on a 1-based ``line``.

    Raises:
        ValueError: ``column`` is not in the header.
    """
    bom, lines, eol = _lines(drop)
    header = _cells(lines[0])
    cells = _cells(lines[line - 1])
    cells[header.index(column)] = value
    lines[line - 1] = _render(cells)
    return _join(drop, bom, lines, eol)


def cell(drop: DropFile, line: int, column: str) -> str:
    """The text of one cell (``column`` as in the header) on a 1-based ``line``."""
    _, lines, _ = _lines(drop)
    return _cells(lines[line - 1])[_cells(lines[0]).index(column)]


def duplicate_line(drop: DropFile, line: int) -> DropFile:
    """Append a copy of ``line`` at the end (its key then repeats)."""
    bom, lines, eol = _lines(drop)
    return _join(drop, bom, [*lines, lines[line - 1]], eol)


def append_line(drop: DropFile, raw: bytes) -> DropFile:
    """Append raw bytes as a new last line."""
    bom, lines, eol = _lines(drop)
    return _join(drop, bom, [*lines, raw], eol)


def drop_column(drop: DropFile, column: str) -> DropFile:
    """Remove a column from the header and every line."""
    bom, lines, eol = _lines(drop)
    i = _cells(lines[0]).index(column)
    out = []
    for line in lines:
        cells = _cells(line)
        del cells[i]
        out.append(_render(cells))
    return _join(drop, bom, out, eol)


def rename_column(drop: DropFile, old: str, new: str) -> DropFile:
    """Rename a header cell (the data lines are unchanged): a wrong header."""
    bom, lines, eol = _lines(drop)
    header = _cells(lines[0])
    header[header.index(old)] = new
    lines[0] = _render(header)
    return _join(drop, bom, lines, eol)


def with_bom(drop: DropFile) -> DropFile:
    """The same file starting with a UTF-8 byte-order mark."""
    bom, lines, eol = _lines(drop)
    return _join(drop, True, lines, eol) if not bom else drop


def with_cp874_line(drop: DropFile, line: int) -> DropFile:
    """Re-encode one line as cp874 (Windows Thai), as when a row is pasted from a Thai export.

    Raises:
        ValueError: the line has no Thai text (it would stay valid UTF-8).
    """
    bom, lines, eol = _lines(drop)
    text = lines[line - 1].decode("utf-8")
    raw = text.encode("cp874")
    if raw == lines[line - 1]:
        raise ValueError(f"line {line} is ASCII: re-encoding it as cp874 changes nothing")
    lines[line - 1] = raw
    return _join(drop, bom, lines, eol)


def renamed(drop: DropFile, name: str) -> DropFile:
    """The same bytes under another file name."""
    return replace(drop, name=name)
