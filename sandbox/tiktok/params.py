"""Request parameters as the Business API takes them, and page-number paging.

GET parameters that are lists or objects are JSON-encoded in the query string
(``fields=["campaign_id","budget"]``, ``filtering={"campaign_ids":["1"]}``), as the official SDK
sends them. Paging: ``page`` (from 1, default 1) and ``page_size`` (1–1000, default 10; report
pages too); the answer's ``page_info`` is ``{page, page_size, total_number, total_page}``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson

from sandbox.tiktok.errors import invalid_param

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 1000


def json_param(params: dict[str, Any], name: str, default: Any = None) -> Any:
    """A JSON-encoded parameter (already decoded when it came in a JSON body).

    Raises:
        TikTokError: 40001 when the value is not valid JSON.
    """
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if not isinstance(raw, str):
        return raw
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise invalid_param(f"{name}: must be valid JSON, got {raw[:60]!r}") from None


def str_list(params: dict[str, Any], name: str) -> list[str] | None:
    """A JSON array of ids or names as strings (numbers accepted); None when absent.

    Raises:
        TikTokError: 40001 when it is not an array.
    """
    value = json_param(params, name)
    if value is None:
        return None
    if not isinstance(value, list):
        raise invalid_param(f"{name}: must be a JSON array")
    return [str(v) for v in value]


def day_param(params: dict[str, Any], name: str) -> date:
    """A ``YYYY-MM-DD`` parameter.

    Raises:
        TikTokError: 40001 when missing or malformed.
    """
    raw = params.get(name)
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise invalid_param(f"{name}: must be a date YYYY-MM-DD, got {raw!r}") from None


@dataclass(frozen=True)
class Page:
    """The requested page: 1-based ``page`` of ``page_size`` rows."""

    page: int
    page_size: int

    def window(self, total: int) -> slice:
        """The rows of this page among ``total``."""
        start = min(total, (self.page - 1) * self.page_size)
        return slice(start, min(total, start + self.page_size))

    def info(self, total: int) -> dict[str, int]:
        """``page_info`` for ``total`` rows."""
        return {
            "page": self.page,
            "page_size": self.page_size,
            "total_number": total,
            "total_page": math.ceil(total / self.page_size),
        }


def page_param(params: dict[str, Any]) -> Page:
    """``page`` and ``page_size`` (defaults 1 and 10).

    Raises:
        TikTokError: 40001 for a non-integer, a page below 1 or a size outside 1–1000.
    """
    try:
        page = int(params.get("page") or 1)
        size = int(params.get("page_size") or DEFAULT_PAGE_SIZE)
    except ValueError:
        raise invalid_param("page and page_size must be integers") from None
    if page < 1:
        raise invalid_param("page: must be >= 1")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise invalid_param(f"page_size: must be between 1 and {MAX_PAGE_SIZE}")
    return Page(page, size)


def paged(rows: Sequence[dict], page: Page) -> dict:
    """The ``data`` of a list answer: ``{"list": [...], "page_info": {...}}``."""
    return {"list": list(rows[page.window(len(rows))]), "page_info": page.info(len(rows))}
