"""Answer a validated GAQL query: frame → filter → order → limit → ``GoogleAdsRow`` batches.

Rows are built as raw protobuf messages (``GoogleAdsRow.pb()``), one column at a time, and sent in
``SearchGoogleAdsStreamResponse`` batches of at most ``batch_rows`` rows (the real API sends up to
10,000 rows per message). Without ORDER BY, rows come in object order (and by day within an
object for segmented queries), as stable as the API's.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator

import numpy as np
from google.ads.googleads.v26.services.types.google_ads_service import (
    SearchGoogleAdsStreamResponse,
)

from sandbox.google_ads.backend import GoogleAdsBackend, days_between
from sandbox.google_ads.fields import FieldPath, Filter, ValidQuery
from sandbox.google_ads.tables import Frame
from sandbox.market.catalog import Account

STREAM_RESPONSE = SearchGoogleAdsStreamResponse.pb()


def frame_for(backend: GoogleAdsBackend, q: ValidQuery, customer: Account) -> Frame:
    """Every column the query needs (selected, filtered, ordered), one element per row."""
    wanted = (
        {p.name for p in q.select}
        | {f.path.name for f in q.filters}
        | {name for name, _ in q.query.order_by}
    )
    if q.stats:
        first, last = q.date_range(backend.local_today(customer), backend.market.history_start)
        days = days_between(first, last)
        rows, metrics = backend.stats(q.resource, customer.account_id, days, q.segmented)
    else:
        rows, metrics = backend.objects(q.resource, customer.account_id), {}
    frame = backend.attributes(q.resource, rows, wanted)
    frame.update({k: v for k, v in metrics.items() if k in wanted})
    frame["__n__"] = np.arange(len(rows))
    return frame


def _mask(column: np.ndarray, f: Filter) -> np.ndarray:
    values = list(f.values)
    if f.op in ("IN", "NOT IN"):
        hit = np.isin(column, np.array(values, dtype=column.dtype))
        return hit if f.op == "IN" else ~hit
    cmp = {
        "=": operator.eq,
        "!=": operator.ne,
        ">": operator.gt,
        ">=": operator.ge,
        "<": operator.lt,
        "<=": operator.le,
    }[f.op]
    return np.asarray(cmp(column, values[0]), dtype=bool)


def select_rows(q: ValidQuery, frame: Frame) -> Frame:
    """Apply WHERE (non-date conditions), ORDER BY and LIMIT to a frame."""
    keep = np.ones(len(frame["__n__"]), dtype=bool)
    for f in q.filters:
        keep &= _mask(frame[f.path.name], f)
    idx = np.flatnonzero(keep)
    for name, desc in reversed(q.query.order_by):  # stable sorts, last key first
        col = frame[name][idx]
        order = np.argsort(col, kind="stable")
        if desc:  # stable descending: reverse the ascending order of the reversed rows
            order = (len(col) - 1 - np.argsort(col[::-1], kind="stable"))[::-1]
        idx = idx[order]
    if q.query.limit is not None:
        idx = idx[: q.query.limit]
    return {k: v[idx] for k, v in frame.items()}


def _python_values(path: FieldPath, column: np.ndarray) -> list:
    if path.kind == "enum":
        assert path.enum is not None
        numbers = {v.name: v.number for v in path.enum.values}
        return [numbers[v] for v in column.tolist()]
    return column.tolist()


def _fill(rows: list, path: FieldPath, column: np.ndarray) -> None:
    parent = operator.attrgetter(".".join(path.attrs[:-1]))
    leaf = path.attrs[-1]
    values = _python_values(path, column)
    if path.kind.endswith("_list"):
        for row, value in zip(rows, values, strict=True):
            getattr(parent(row), leaf).extend(value)
        return
    for row, value in zip(rows, values, strict=True):
        setattr(parent(row), leaf, value)


def batches(q: ValidQuery, frame: Frame, request_id: str, batch_rows: int) -> Iterator[object]:
    """``SearchGoogleAdsStreamResponse`` messages of at most ``batch_rows`` rows (at least one).

    Rows are ``GoogleAdsRow`` protobuf messages with the selected fields set, filled column by
    column in place; every message carries the field mask (the selected fields) and the request
    id. A query without rows yields one empty message, as the API does.
    """
    n = len(frame["__n__"])
    start = 0
    while True:
        stop = min(n, start + batch_rows)
        msg = STREAM_RESPONSE(request_id=request_id)
        msg.field_mask.paths.extend(p.name for p in q.select)
        rows = [msg.results.add() for _ in range(stop - start)]
        for path in q.select:
            _fill(rows, path, frame[path.name][start:stop])
        yield msg
        start = stop
        if start >= n:
            return
