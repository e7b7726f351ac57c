"""Which kind a dropped file is (by name, then header), and the period its name declares.

A file whose name matches a kind's ``file_pattern`` (``config/files.yml``) must have that kind's
header; otherwise it is rejected whole with the expected and found columns. A file whose name
matches no pattern is accepted when its header matches exactly one kind. Header cells compare
after :func:`~extractors.files.kinds.normalize_header` (case, spaces and punctuation folded), in
any order; optional columns may be absent; unknown or repeated columns are a wrong header.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from config.files import FilesConfig, KindConfig
from extractors.files.kinds import KINDS, FileColumn, FileKind, normalize_header


class FileRejectedError(ValueError):
    """A whole file is refused (wrong header, unknown kind, unreadable, bad period).

    Attributes:
        kind: the kind the file was taken for, or None when it matched none.
    """

    def __init__(self, message: str, kind: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class HeaderMatch:
    """A header read against one kind.

    Attributes:
        kind: the kind.
        columns: the kind's column for each header cell, in file order (None: unknown cell).
        missing: required columns the header lacks.
        unexpected: header cells that are no column of the kind.
        repeated: columns named more than once.
    """

    kind: FileKind
    columns: list[FileColumn | None]
    missing: list[str]
    unexpected: list[str]
    repeated: list[str]

    @property
    def ok(self) -> bool:
        """True when the header is exactly acceptable for the kind."""
        return not (self.missing or self.unexpected or self.repeated)

    @property
    def overlap(self) -> int:
        """How many of the kind's columns the header names (to find the closest kind)."""
        return len({c.header for c in self.columns if c is not None})


def match_header(kind: FileKind, header: list[str]) -> HeaderMatch:
    """Read ``header`` (the file's cells) against ``kind``."""
    columns = [kind.column_for(normalize_header(h)) for h in header]
    named = [c.header for c in columns if c is not None]
    return HeaderMatch(
        kind=kind,
        columns=columns,
        missing=[h for h in kind.required_headers if h not in named],
        unexpected=[h for h, c in zip(header, columns, strict=True) if c is None],
        repeated=sorted({h for h in named if named.count(h) > 1}),
    )


def describe_mismatch(match: HeaderMatch, header: list[str]) -> str:
    """A message listing the expected and the found columns, and what differs."""
    kind = match.kind
    lines = [
        f"the header does not match a {kind.title} ({kind.name}).",
        f"expected columns: {', '.join(kind.required_headers)}"
        + (f" (optional: {', '.join(kind.optional_headers)})" if kind.optional_headers else ""),
        f"found columns: {', '.join(header)}",
    ]
    if match.missing:
        lines.append(f"missing: {', '.join(match.missing)}")
    if match.unexpected:
        lines.append(f"unexpected: {', '.join(match.unexpected)}")
    if match.repeated:
        lines.append(f"repeated: {', '.join(match.repeated)}")
    return "\n".join(lines)


def kind_by_name(file_name: str, config: FilesConfig) -> FileKind | None:
    """The kind whose ``file_pattern`` matches ``file_name``, or None."""
    return next(
        (KINDS[name] for name, cfg in config.kinds.items() if cfg.pattern.search(file_name)),
        None,
    )


def recognise(file_name: str, header: list[str], config: FilesConfig) -> HeaderMatch:
    """The kind of a file and how its header maps onto the kind's columns.

    Raises:
        FileRejectedError: the name names a kind whose header does not match, or the name
            matches no pattern and the header matches no kind exactly (the message compares the
            header with the closest kind's).
    """
    by_name = kind_by_name(file_name, config)
    if by_name is not None:
        match = match_header(by_name, header)
        if not match.ok:
            raise FileRejectedError(describe_mismatch(match, header), by_name.name)
        return match
    matches = [match_header(k, header) for k in KINDS.values()]
    exact = [m for m in matches if m.ok]
    if len(exact) == 1:
        return exact[0]
    closest = max(matches, key=lambda m: m.overlap)
    intro = "the file name matches no kind's file_pattern (config/files.yml) and "
    if closest.overlap == 0:
        raise FileRejectedError(intro + f"the header ({', '.join(header)}) matches no kind.")
    raise FileRejectedError(intro + describe_mismatch(closest, header), closest.kind.name)


def _day(text: str) -> date:
    digits = text.replace("-", "")
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def period_from_name(file_name: str, cfg: KindConfig) -> tuple[date, date] | None:
    """The period a file name declares (``start``/``end`` groups of the kind's pattern).

    Returns:
        ``(start, end)`` inclusive (``end`` = ``start`` when only one date is given), or None
        when the name carries no date.

    Raises:
        FileRejectedError: a date in the name is not a calendar date, or end is before start.
    """
    m = cfg.pattern.search(file_name)
    if m is None or not m.groupdict().get("start"):
        return None
    try:
        start = _day(m.group("start"))
        end = _day(m.group("end")) if m.groupdict().get("end") else start
    except ValueError as exc:
        raise FileRejectedError(f"the date in the file name is not a calendar date: {exc}") from exc
    if end < start:
        raise FileRejectedError(f"the file name's period ends ({end}) before it starts ({start})")
    return start, end
