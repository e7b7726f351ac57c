"""Columnar insights rows (numpy), shared by the market and replay backends.

Rows are kept as columns until a page is rendered, so a 10,000-ad × 28-day report costs a few
array operations rather than 280,000 Python dicts. Money is in minor units of the account
currency (spend, ``action_values``); counts are plain numbers; NaN means "not recorded" (the
field is then omitted from the row, as the Graph API omits fields it has no value for).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

LEVELS = ("account", "campaign", "adset", "ad")
ID_COLUMNS = ("account_id", "campaign_id", "adset_id", "ad_id")
NAME_COLUMNS = ("account_name", "campaign_name", "adset_name", "ad_name")
METRICS = ("spend", "impressions", "clicks", "inline_link_clicks", "reach")
LIST_FIELDS = (
    "actions",
    "action_values",
    "video_play_actions",
    "video_thruplay_watched_actions",
    "outbound_clicks",
)
MONEY_LISTS = frozenset({"action_values"})
ATTRIBUTE_LEVEL = {"objective": "campaign", "buying_type": "campaign", "optimization_goal": "adset"}
"""Attribute columns and the finest level they belong to (dropped when rolled up above it)."""
ALL_DAYS = -1


def level_columns(level: str) -> tuple[str, ...]:
    """Id and name columns a row of ``level`` carries (its own and its parents')."""
    depth = LEVELS.index(level) + 1
    return ID_COLUMNS[:depth] + NAME_COLUMNS[:depth]


@dataclass
class InsightsFrame:
    """Insights rows as columns.

    Attributes:
        day: date ordinal per row (``ALL_DAYS`` for rows summed over the whole range).
        text: id, name and attribute columns (object arrays of ``str``/None).
        metrics: float64 per metric of :data:`METRICS` (spend in minor units).
        lists: per list field, per action type, float64 (money lists in minor units).
        currency: the account currency.
    """

    day: np.ndarray
    text: dict[str, np.ndarray] = field(default_factory=dict)
    metrics: dict[str, np.ndarray] = field(default_factory=dict)
    lists: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    currency: str = "USD"

    def __len__(self) -> int:
        return len(self.day)

    def take(self, idx: np.ndarray | slice) -> InsightsFrame:
        """Rows at ``idx`` (an index array, boolean mask or slice)."""
        return InsightsFrame(
            self.day[idx],
            {k: v[idx] for k, v in self.text.items()},
            {k: v[idx] for k, v in self.metrics.items()},
            {f: {t: v[idx] for t, v in d.items()} for f, d in self.lists.items()},
            self.currency,
        )

    @classmethod
    def empty(cls, currency: str) -> InsightsFrame:
        """A frame with no rows."""
        return cls(np.zeros(0, dtype=np.int64), currency=currency)

    @classmethod
    def concat(cls, frames: list[InsightsFrame], currency: str) -> InsightsFrame:
        """Stack frames with the same columns (missing list entries become NaN)."""
        frames = [f for f in frames if len(f)]
        if not frames:
            return cls.empty(currency)
        first = frames[0]
        types = {
            f: list(dict.fromkeys(t for fr in frames for t in fr.lists.get(f, {})))
            for f in {f for fr in frames for f in fr.lists}
        }

        def col(fr: InsightsFrame, f: str, t: str) -> np.ndarray:
            return fr.lists.get(f, {}).get(t, np.full(len(fr), np.nan))

        return cls(
            np.concatenate([f.day for f in frames]),
            {k: np.concatenate([f.text[k] for f in frames]) for k in first.text},
            {k: np.concatenate([f.metrics[k] for f in frames]) for k in first.metrics},
            {
                f: {t: np.concatenate([col(fr, f, t) for fr in frames]) for t in ts}
                for f, ts in types.items()
            },
            currency,
        )

    def where_in(self, column: str, ids: frozenset[str]) -> InsightsFrame:
        """Rows whose ``column`` is one of ``ids``; no rows if the frame lacks the column."""
        if column not in self.text:
            return self.take(np.zeros(len(self), dtype=bool))
        return self.take(np.isin(self.text[column], list(ids)))

    def rollup(self, level: str, by_day: bool = True) -> InsightsFrame:
        """Sum rows to one per (day, object of ``level``), or per object over all days.

        Metrics and lists are exact sums (NaN only when every summed value is NaN); ``reach``
        is summed too, which over-counts people reached by several ads or on several days —
        the sandbox's documented approximation of de-duplicated reach. Text columns keep the
        first row's value; columns finer than ``level`` are dropped.
        """
        key = ID_COLUMNS[LEVELS.index(level)]
        if not len(self):
            return InsightsFrame.empty(self.currency)
        _, code = np.unique(self.text[key].astype(str), return_inverse=True)
        day = self.day if by_day else np.full(len(self), ALL_DAYS)
        combo = (day - day.min()) * (code.max() + 1) + code
        _, first, inv = np.unique(combo, return_index=True, return_inverse=True)
        depth = LEVELS.index(level)
        keep = set(level_columns(level)) | {
            a for a, lv in ATTRIBUTE_LEVEL.items() if LEVELS.index(lv) <= depth
        }
        out = InsightsFrame(
            day[first],
            {k: v[first] for k, v in self.text.items() if k in keep},
            {k: _nansum(inv, v, len(first)) for k, v in self.metrics.items()},
            {
                f: {t: _nansum(inv, v, len(first)) for t, v in d.items()}
                for f, d in self.lists.items()
            },
            self.currency,
        )
        return out.sorted_by(key)

    def sorted_by(self, key: str) -> InsightsFrame:
        """Rows ordered by day, then by id (numeric order for digit strings)."""
        ids = self.text[key].astype(str)
        order = np.lexsort((ids, np.char.str_len(ids), self.day))
        return self.take(order)


def _nansum(inv: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    present = ~np.isnan(values)
    total = np.bincount(inv, weights=np.where(present, values, 0.0), minlength=n)
    seen = np.bincount(inv, weights=present.astype(np.float64), minlength=n)
    return np.where(seen > 0, total, np.nan)
