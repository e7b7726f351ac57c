"""Insights requests: parameter parsing and validation (rows are rendered by ``render``).

Supported: ``level``, ``fields``, ``time_range`` (JSON), ``date_preset``, ``time_increment``
(``1`` or ``all_days``), ``filtering`` on ``campaign.id``/``adset.id``/``ad.id`` (``IN`` or
``EQUAL``), ``action_breakdowns`` (``[]`` or ``["action_type"]``). Anything else that changes
the rows (breakdowns, other filters) is refused with code 100 rather than silently ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from sandbox.meta.errors import invalid_param
from sandbox.meta.fields import field_names, parse_fields
from sandbox.meta.frame import LEVELS, LIST_FIELDS

TEXT_FIELDS = (
    "account_id",
    "account_name",
    "campaign_id",
    "campaign_name",
    "adset_id",
    "adset_name",
    "ad_id",
    "ad_name",
    "objective",
    "buying_type",
    "optimization_goal",
)
RATIO_FIELDS = (
    "frequency",
    "ctr",
    "cpm",
    "cpc",
    "cpp",
    "inline_link_click_ctr",
    "cost_per_inline_link_click",
)
INSIGHT_FIELDS = frozenset(
    TEXT_FIELDS
    + RATIO_FIELDS
    + LIST_FIELDS
    + (
        "spend",
        "impressions",
        "clicks",
        "inline_link_clicks",
        "reach",
        "account_currency",
        "date_start",
        "date_stop",
        "purchase_roas",
    )
)
DEFAULT_FIELDS = ("impressions", "spend")
FILTER_COLUMNS = {"campaign.id": "campaign_id", "adset.id": "adset_id", "ad.id": "ad_id"}
_PRESET_DAYS = {
    "last_3d": 3,
    "last_7d": 7,
    "last_14d": 14,
    "last_28d": 28,
    "last_30d": 30,
    "last_90d": 90,
}


@dataclass(frozen=True)
class InsightsQuery:
    """A parsed insights request.

    Attributes:
        level: ``account``, ``campaign``, ``adset`` or ``ad``.
        fields: requested field names.
        since / until: inclusive account-local date range.
        all_days: one row per object for the whole range (``time_increment=all_days``).
        filters: (id column, allowed ids) pairs, all of which must hold.
    """

    level: str
    fields: tuple[str, ...]
    since: date
    until: date
    all_days: bool
    filters: tuple[tuple[str, frozenset[str]], ...]


def _json(raw: str, name: str) -> object:
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise invalid_param(f"{name} must be valid JSON") from exc


def _date_range(
    params: dict[str, str], today: date, default: tuple[date, date]
) -> tuple[date, date]:
    if params.get("time_range"):
        tr = _json(params["time_range"], "time_range")
        try:
            since = date.fromisoformat(tr["since"])  # type: ignore[index]
            until = date.fromisoformat(tr["until"])  # type: ignore[index]
        except (KeyError, TypeError, ValueError) as exc:
            raise invalid_param('time_range must be {"since": YYYY-MM-DD, "until": ...}') from exc
        if since > until:
            raise invalid_param("time_range: since must not be after until")
        return since, until
    preset = params.get("date_preset")
    if not preset:
        return default
    if preset == "today":
        return today, today
    if preset == "yesterday":
        return today - timedelta(days=1), today - timedelta(days=1)
    if preset in _PRESET_DAYS:
        return today - timedelta(days=_PRESET_DAYS[preset]), today - timedelta(days=1)
    if preset == "maximum":
        return date(2000, 1, 1), today
    raise invalid_param(f"date_preset {preset!r} is not supported by the sandbox")


def _filters(raw: str | None) -> tuple[tuple[str, frozenset[str]], ...]:
    if not raw:
        return ()
    items = _json(raw, "filtering")
    if not isinstance(items, list):
        raise invalid_param("filtering must be a JSON array")
    out = []
    for item in items:
        if not isinstance(item, dict) or item.get("field") not in FILTER_COLUMNS:
            raise invalid_param(
                f"Filtering field {item!r} is not supported: use campaign.id, "
                "adset.id or ad.id with operator IN"
            )
        op, value = str(item.get("operator", "")).upper(), item.get("value")
        if op == "EQUAL":
            value = [value]
        if op not in ("IN", "EQUAL") or not isinstance(value, list):
            raise invalid_param(f"Filtering operator {op!r} is not supported: use IN")
        out.append((FILTER_COLUMNS[item["field"]], frozenset(str(v) for v in value)))
    return tuple(out)


def _check_breakdowns(params: dict[str, str]) -> None:
    for name in ("action_breakdowns", "breakdowns"):
        raw = params.get(name)
        if not raw:
            continue
        values = _json(raw, name) if raw.startswith("[") else raw.split(",")
        if values not in ([], ["action_type"]) or (name == "breakdowns" and values):
            raise invalid_param(f"{name}={raw} is not supported by the sandbox")


def parse_query(
    params: dict[str, str], node_level: str, today: date, default_range: tuple[date, date]
) -> InsightsQuery:
    """Parse insights parameters.

    Args:
        params: merged query/form parameters (strings; lists JSON-encoded).
        node_level: level of the node asked (``account`` for ``act_…``).
        today: the account-local today (for ``date_preset``).
        default_range: range used when neither ``time_range`` nor ``date_preset`` is given.

    Returns:
        The query.

    Raises:
        GraphError: code 100 for anything invalid or unsupported.
    """
    level = params.get("level") or node_level
    if level not in LEVELS:
        raise invalid_param(f"level must be one of {', '.join(LEVELS)}")
    names = field_names(parse_fields(params.get("fields"))) or list(DEFAULT_FIELDS)
    for i, name in enumerate(names):
        if name not in INSIGHT_FIELDS:
            raise invalid_param(f"fields[{i}] ({name}) is not a valid insights field")
    inc = params.get("time_increment", "all_days")
    if inc not in ("1", "all_days"):
        raise invalid_param(f"time_increment={inc} is not supported: use 1 or all_days")
    _check_breakdowns(params)
    since, until = _date_range(params, today, default_range)
    return InsightsQuery(
        level, tuple(names), since, until, inc == "all_days", _filters(params.get("filtering"))
    )
