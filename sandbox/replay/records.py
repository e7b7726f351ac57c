"""Turn recorded insights values into :class:`InsightsFrame` rows and Graph-shaped objects.

Recorded numbers are served unchanged: money is converted to minor units only to sum exactly
(``round(x * 100)`` of values recorded with at most two decimals) and rendered back with the
same digits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np

from sandbox.meta.frame import (
    ID_COLUMNS,
    LIST_FIELDS,
    METRICS,
    MONEY_LISTS,
    NAME_COLUMNS,
    InsightsFrame,
)

BUDGET_FIELDS = (
    "daily_budget",
    "lifetime_budget",
    "budget_remaining",
    "spend_cap",
    "bid_amount",
    "daily_spend_cap",
)


@dataclass
class Row:
    """One recorded insights row before it becomes a column.

    Attributes:
        day: the row's date.
        text: ids and names (``account_id`` digits, ``campaign_id``...).
        metrics: recorded metrics (spend in currency units as recorded).
        lists: recorded action lists, ``{field: {action_type: value}}``.
    """

    day: date
    text: dict[str, str | None]
    metrics: dict[str, float] = field(default_factory=dict)
    lists: dict[str, dict[str, float]] = field(default_factory=dict)


def row_from_insights(ins: dict, text: dict[str, str | None]) -> Row:
    """A :class:`Row` from a recorded Graph insights object (numbers or number strings)."""
    if ins["date_start"] != ins["date_stop"]:
        raise ValueError(f"recorded insights span several days: {ins['date_start']}..")
    metrics = {m: float(ins[m]) for m in METRICS if ins.get(m) is not None}
    lists = {f: _action_map(ins[f]) for f in LIST_FIELDS if ins.get(f)}
    return Row(date.fromisoformat(ins["date_start"]), text, metrics, lists)


def _action_map(items: list[dict]) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items:
        out[item["action_type"]] = out.get(item["action_type"], 0.0) + float(item["value"])
    return out


def frame_from_rows(rows: list[Row], currency: str, level: str) -> InsightsFrame:
    """Columns from rows (missing values NaN), sorted by day then the level's id."""
    if not rows:
        return InsightsFrame.empty(currency)
    text_cols = [c for c in (*ID_COLUMNS, *NAME_COLUMNS) if any(c in r.text for r in rows)]
    types = {
        f: list(dict.fromkeys(t for r in rows for t in r.lists.get(f, {}))) for f in LIST_FIELDS
    }

    def money(f: str, v: float) -> float:
        return float(round(v * 100)) if f in MONEY_LISTS or f == "spend" else v

    frame = InsightsFrame(
        np.array([r.day.toordinal() for r in rows], dtype=np.int64),
        {c: np.array([r.text.get(c) for r in rows], dtype=object) for c in text_cols},
        {
            m: np.array([money(m, r.metrics[m]) if m in r.metrics else np.nan for r in rows])
            for m in METRICS
        },
        {
            f: {
                t: np.array(
                    [money(f, r.lists[f][t]) if t in r.lists.get(f, {}) else np.nan for r in rows]
                )
                for t in ts
            }
            for f, ts in types.items()
            if ts
        },
        currency,
    )
    return frame.sorted_by(f"{level}_id")


def graph_object(recorded: dict) -> dict:
    """A recorded object in the Graph wire shape.

    Embedded insights are removed, nulls omitted, budgets given as strings (the recording app
    had cast them to numbers; the values are unchanged).
    """
    out = {}
    for k, v in recorded.items():
        if k == "insights" or v is None:
            continue
        is_number = k in BUDGET_FIELDS and isinstance(v, int | float)
        out[k] = (str(int(v)) if float(v).is_integer() else str(v)) if is_number else v
    return out


def graph_time_from_utc(text: str, tz: str) -> str:
    """``2020-12-31T15:30:04`` (naive UTC) → ``2020-12-31T07:30:04-0800`` in ``tz``."""
    dt = datetime.fromisoformat(text.replace(" ", "T")).replace(tzinfo=ZoneInfo("UTC"))
    return dt.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M:%S%z")


@dataclass
class RecordedAccount:
    """Everything recorded about one ad account.

    Attributes:
        account_id: digits.
        name: display name or None.
        currency: ISO 4217 (from ``accounts.yml``).
        timezone: IANA (from ``accounts.yml``).
        source: which recording it comes from.
        objects: ``campaign``/``adset``/``ad`` → Graph-shaped nodes.
        frames: recorded insights by the level they were recorded at (``campaign``, ``ad``).
    """

    account_id: str
    name: str | None
    currency: str
    timezone: str
    source: str
    objects: dict[str, list[dict]] = field(default_factory=dict)
    frames: dict[str, InsightsFrame] = field(default_factory=dict)
