"""Which GAQL fields exist (from the v26 protos), which the sandbox serves, and query validation.

A field exists when its path resolves in ``GoogleAdsRow``'s proto descriptor (``campaign.id``,
``metrics.cost_micros``, ``ad_group_ad.ad.type`` — proto-plus renames ``type`` to ``type_``), so
a misspelt or removed field (``metrics.video_views`` is ``metrics.video_trueview_views`` since
v20) fails with ``UNRECOGNIZED_FIELD`` exactly as the real API does. Of the existing fields the
sandbox serves the ones in :data:`SERVED`; any other existing field is refused with
``QUERY_ERROR`` and a message naming it, never silently returned empty.

Resources: ``FROM`` one of :data:`FROM_RESOURCES`, selecting fields of the resource, of its
attributed resources, ``metrics.*`` and ``segments.date``. Selecting ``segments.date`` needs a
finite ``segments.date`` range in ``WHERE`` (``EXPECTED_FILTERS_ON_DATE_RANGE``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from google.ads.googleads.v26.services.types.google_ads_service import GoogleAdsRow
from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor

from sandbox.google_ads.gaql import Condition, GaqlError, Query

ROW_DESCRIPTOR: Descriptor = GoogleAdsRow.pb().DESCRIPTOR

SERVED: dict[str, frozenset[str]] = {
    "customer": frozenset(
        {
            "id",
            "descriptive_name",
            "currency_code",
            "time_zone",
            "status",
            "resource_name",
            "manager",
            "test_account",
        }
    ),
    "campaign": frozenset(
        {
            "id",
            "name",
            "status",
            "advertising_channel_type",
            "bidding_strategy_type",
            "campaign_budget",
            "start_date_time",
            "end_date_time",
            "resource_name",
        }
    ),
    "campaign_budget": frozenset(
        {
            "id",
            "name",
            "amount_micros",
            "status",
            "delivery_method",
            "period",
            "explicitly_shared",
            "resource_name",
        }
    ),
    "ad_group": frozenset({"id", "name", "status", "type", "campaign", "resource_name"}),
    "ad_group_ad": frozenset(
        {"ad.id", "ad.name", "ad.type", "ad.final_urls", "status", "ad_group", "resource_name"}
    ),
    "metrics": frozenset(
        {
            "cost_micros",
            "impressions",
            "clicks",
            "conversions",
            "conversions_value",
            "video_trueview_views",
        }
    ),
    "segments": frozenset({"date"}),
}
"""Served fields by top-level name (paths below it)."""

FROM_RESOURCES: dict[str, frozenset[str]] = {
    "customer": frozenset({"customer"}),
    "campaign_budget": frozenset({"campaign_budget", "customer"}),
    "campaign": frozenset({"campaign", "campaign_budget", "customer"}),
    "ad_group": frozenset({"ad_group", "campaign", "customer"}),
    "ad_group_ad": frozenset({"ad_group_ad", "ad_group", "campaign", "customer"}),
}
"""Resources the sandbox serves in FROM, each with the resources its rows may select."""

STATS_RESOURCES = frozenset({"campaign", "ad_group", "ad_group_ad"})
"""FROM resources that the sandbox can segment with metrics."""

DATE_RANGES: dict[str, tuple[int, int]] = {
    "TODAY": (0, 0),
    "YESTERDAY": (1, 1),
    "LAST_7_DAYS": (7, 1),
    "LAST_14_DAYS": (14, 1),
    "LAST_30_DAYS": (30, 1),
    "LAST_BUSINESS_WEEK": (7, 1),
}
"""``DURING`` constants → (days back of the first day, days back of the last day)."""

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COMPARISONS = frozenset({"=", "!=", ">", ">=", "<", "<=", "IN", "NOT IN"})


@dataclass(frozen=True)
class FieldPath:
    """A GAQL field resolved against the protos.

    Attributes:
        name: the GAQL name (``ad_group_ad.ad.type``).
        attrs: proto attribute names from the row (``("ad_group_ad", "ad", "type_")``).
        kind: ``int``, ``double``, ``str``, ``bool``, ``enum`` or ``str_list``.
        enum: the enum descriptor of an ``enum`` field.
    """

    name: str
    attrs: tuple[str, ...]
    kind: str
    enum: EnumDescriptor | None = None

    @property
    def top(self) -> str:
        """The resource (or ``metrics``/``segments``) the field belongs to."""
        return self.name.split(".", 1)[0]


_KINDS = {
    FieldDescriptor.TYPE_INT64: "int",
    FieldDescriptor.TYPE_INT32: "int",
    FieldDescriptor.TYPE_DOUBLE: "double",
    FieldDescriptor.TYPE_STRING: "str",
    FieldDescriptor.TYPE_BOOL: "bool",
    FieldDescriptor.TYPE_ENUM: "enum",
}


def resolve(name: str) -> FieldPath:
    """Resolve a GAQL field name against ``GoogleAdsRow``.

    Raises:
        GaqlError: ``UNRECOGNIZED_FIELD`` when no such field exists, ``BAD_FIELD_NAME`` for a
            message-typed path (it has sub-fields).
    """
    desc: Descriptor | None = ROW_DESCRIPTOR
    attrs: list[str] = []
    fd: FieldDescriptor | None = None
    for part in name.split("."):
        if desc is None:
            raise GaqlError("UNRECOGNIZED_FIELD", f"Unrecognized field in the query: '{name}'.")
        fd = desc.fields_by_name.get(part) or desc.fields_by_name.get(f"{part}_")
        if fd is None:
            raise GaqlError("UNRECOGNIZED_FIELD", f"Unrecognized field in the query: '{name}'.")
        attrs.append(fd.name)
        desc = fd.message_type
    assert fd is not None
    if fd.type == FieldDescriptor.TYPE_MESSAGE:
        raise GaqlError("BAD_FIELD_NAME", f"'{name}' has sub-fields: select one of them.")
    kind = _KINDS.get(fd.type, "other")
    if fd.is_repeated:
        kind = f"{kind}_list"
    return FieldPath(name, tuple(attrs), kind, fd.enum_type)


def _check_served(path: FieldPath, resource: str, clause: str) -> None:
    top = path.top
    if top not in ("metrics", "segments") and top not in FROM_RESOURCES[resource]:
        raise GaqlError(
            f"PROHIBITED_RESOURCE_TYPE_IN_{clause}_CLAUSE",
            f"Cannot select or filter on '{path.name}' in a query FROM {resource}.",
        )
    if top in ("metrics", "segments") and resource not in STATS_RESOURCES:
        raise GaqlError("QUERY_ERROR", f"The sandbox does not serve {top} FROM {resource}.")
    if path.name.split(".", 1)[1] not in SERVED.get(top, frozenset()):
        raise GaqlError("QUERY_ERROR", f"The sandbox does not serve field '{path.name}'.")


@dataclass(frozen=True)
class Filter:
    """A WHERE condition on a non-date field, with values converted to the column's type."""

    path: FieldPath
    op: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class ValidQuery:
    """A query the sandbox can answer.

    Attributes:
        query: the parsed query.
        select: the selected fields, in query order.
        resource: the FROM resource.
        filters: WHERE conditions other than on ``segments.date``.
        date_conditions: conditions on ``segments.date`` (resolved against a today).
        segmented: ``segments.date`` is selected: one row per object per day.
        stats: metrics or segments appear anywhere: rows come from the daily reports.
    """

    query: Query
    select: tuple[FieldPath, ...]
    resource: str
    filters: tuple[Filter, ...]
    date_conditions: tuple[Condition, ...]
    segmented: bool
    stats: bool

    def date_range(self, today: date, first: date) -> tuple[date, date]:
        """The inclusive day range the date conditions allow (unbounded sides → first/today)."""
        lo, hi = first, today
        for c in self.date_conditions:
            if c.op == "DURING":
                back_lo, back_hi = DATE_RANGES[str(c.value)]
                lo, hi = max(lo, today - timedelta(back_lo)), min(hi, today - timedelta(back_hi))
                continue
            vals = c.value if isinstance(c.value, tuple) else (c.value,)
            days = [date.fromisoformat(str(v)) for v in vals]
            if c.op == "BETWEEN":
                lo, hi = max(lo, days[0]), min(hi, days[1])
            elif c.op == "=":
                lo, hi = max(lo, days[0]), min(hi, days[0])
            elif c.op in (">=", ">"):
                lo = max(lo, days[0] + timedelta(days=int(c.op == ">")))
            elif c.op in ("<=", "<"):
                hi = min(hi, days[0] - timedelta(days=int(c.op == "<")))
        return lo, hi


def _date_condition(c: Condition) -> Condition:
    if c.op == "DURING":
        if str(c.value) not in DATE_RANGES:
            raise GaqlError(
                "INVALID_VALUE_WITH_DURING_OPERATOR",
                f"DURING {c.value} is not a date range the sandbox knows "
                f"({', '.join(DATE_RANGES)}).",
            )
        return c
    if c.op not in ("BETWEEN", "=", ">", ">=", "<", "<="):
        raise GaqlError("OPERATOR_FIELD_MISMATCH", f"segments.date does not support {c.op}.")
    vals = c.value if isinstance(c.value, tuple) else (c.value,)
    for v in vals:
        if not isinstance(v, str) or not _DATE.match(v):
            code = (
                "INVALID_VALUE_WITH_BETWEEN_OPERATOR"
                if c.op == "BETWEEN"
                else "INVALID_DATE_FORMAT"
            )
            raise GaqlError(code, f"segments.date needs 'YYYY-MM-DD' dates, got {v!r}.")
        try:
            date.fromisoformat(v)
        except ValueError:
            raise GaqlError("INVALID_DATE_FORMAT", f"{v!r} is not a calendar date.") from None
    return c


def _typed(path: FieldPath, value: Any) -> Any:
    if path.kind == "enum":
        assert path.enum is not None
        if not isinstance(value, str) or value not in path.enum.values_by_name:
            raise GaqlError("BAD_ENUM_CONSTANT", f"{value!r} is not a value of {path.name}.")
        return value
    if path.kind in ("int", "double"):
        try:
            return int(value) if path.kind == "int" else float(value)
        except (TypeError, ValueError):
            raise GaqlError("BAD_NUMBER", f"{path.name} needs a number, got {value!r}.") from None
    if path.kind == "bool":
        if str(value).upper() not in ("TRUE", "FALSE"):
            raise GaqlError("BAD_VALUE", f"{path.name} needs TRUE or FALSE, got {value!r}.")
        return str(value).upper() == "TRUE"
    return str(value)


def _filter(c: Condition, resource: str) -> Filter:
    path = resolve(c.field)
    _check_served(path, resource, "WHERE")
    if c.op not in _COMPARISONS:
        raise GaqlError("QUERY_ERROR", f"The sandbox does not serve the {c.op} operator.")
    if path.kind.endswith("_list"):
        raise GaqlError("OPERATOR_FIELD_MISMATCH", f"{path.name} is a list: use CONTAINS.")
    vals = c.value if isinstance(c.value, tuple) else (c.value,)
    if c.op not in ("IN", "NOT IN") and len(vals) != 1:
        raise GaqlError("EXPECTED_SINGLE_VALUE", f"{c.op} takes one value.")
    return Filter(path, c.op, tuple(_typed(path, v) for v in vals))


def validate(query: Query) -> ValidQuery:
    """Check a parsed query against the protos and what the sandbox serves.

    Raises:
        GaqlError: the ``QueryError`` the API would return.
    """
    if query.resource not in FROM_RESOURCES:
        if query.resource in ROW_DESCRIPTOR.fields_by_name:
            raise GaqlError("QUERY_ERROR", f"The sandbox does not serve FROM {query.resource}.")
        raise GaqlError(
            "BAD_RESOURCE_TYPE_IN_FROM_CLAUSE",
            f"'{query.resource}' is not a resource that can be queried.",
        )
    select = tuple(resolve(f) for f in query.fields)
    for path in select:
        _check_served(path, query.resource, "SELECT")
    dates = tuple(_date_condition(c) for c in query.where if c.field == "segments.date")
    filters = tuple(_filter(c, query.resource) for c in query.where if c.field != "segments.date")
    for name, _ in query.order_by:
        _check_served(resolve(name), query.resource, "SELECT")
    segmented = any(p.name == "segments.date" for p in select)
    stats = (
        segmented
        or bool(dates)
        or any(p.top == "metrics" for p in select)
        or any(f.path.top == "metrics" for f in filters)
    )
    if segmented and not _finite(dates):
        raise GaqlError(
            "EXPECTED_FILTERS_ON_DATE_RANGE",
            "segments.date in SELECT needs a finite segments.date range in WHERE.",
        )
    return ValidQuery(query, select, query.resource, filters, dates, segmented, stats)


def _finite(conditions: tuple[Condition, ...]) -> bool:
    ops = {c.op for c in conditions}
    return bool(ops & {"BETWEEN", "=", "DURING"}) or (
        bool(ops & {">", ">="}) and bool(ops & {"<", "<="})
    )
