"""Cursor paging as the Graph API does it.

Wire format::

    {"data": [...], "paging": {"cursors": {"before": "...", "after": "..."},
                               "next": "http://.../act_1/campaigns?...&after=..."}}

``next`` appears only when more rows exist (the SDK stops when it is missing). Cursors are
opaque to clients; here they are URL-safe base64 of the row offset.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sandbox.meta.errors import invalid_param

DEFAULT_LIMIT = 25
MAX_LIMIT = 5000


def encode_cursor(offset: int) -> str:
    """Opaque cursor for a row offset."""
    return base64.urlsafe_b64encode(f"sbx:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """Row offset of a cursor.

    Raises:
        GraphError: code 100 for a cursor this server did not issue.
    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        tag, offset = raw.split(":", 1)
        if tag != "sbx" or int(offset) < 0:
            raise ValueError(raw)
        return int(offset)
    except ValueError as exc:
        raise invalid_param("Invalid cursor (after)") from exc


def parse_limit(raw: str | None) -> int:
    """``limit`` parameter: default 25, at most 5000 (larger values are clamped).

    Raises:
        GraphError: code 100 when not a positive integer.
    """
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    try:
        value = int(raw)
    except ValueError as exc:
        raise invalid_param("limit must be an integer") from exc
    if value <= 0:
        raise invalid_param("limit must be positive")
    return min(value, MAX_LIMIT)


@dataclass(frozen=True)
class PageWindow:
    """Which rows a request asks for: ``[start, stop)`` of ``total``."""

    start: int
    stop: int
    total: int


def window(total: int, params: dict[str, str]) -> PageWindow:
    """The page window for ``after``/``limit`` parameters (``before`` pages backwards)."""
    limit = parse_limit(params.get("limit"))
    if params.get("after"):
        start = decode_cursor(params["after"])
    elif params.get("before"):
        start = max(0, decode_cursor(params["before"]) - limit)
    else:
        start = 0
    start = min(start, total)
    return PageWindow(start, min(total, start + limit), total)


def page_body(data: Sequence[dict], win: PageWindow, url_for: Callable[[str, str], str]) -> dict:
    """The ``{"data", "paging"}`` body of a page.

    Args:
        data: the rendered rows of ``win``.
        win: the page window.
        url_for: builds a page URL from (``after`` or ``before``, cursor).

    Returns:
        The response body.
    """
    if not data:
        return {"data": []}
    after = encode_cursor(win.stop)
    before = encode_cursor(win.start)
    paging: dict = {"cursors": {"before": before, "after": after}}
    if win.start > 0:
        paging["previous"] = url_for("before", before)
    if win.stop < win.total:
        paging["next"] = url_for("after", after)
    return {"data": list(data), "paging": paging}
