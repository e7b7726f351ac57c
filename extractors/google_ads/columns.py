"""SearchStream batches → Arrow, column by column (no per-row dicts).

Each stream message (``SearchGoogleAdsStreamResponse``, up to 10,000 rows) is unwrapped once from
proto-plus to its raw protobuf (``type(msg).pb(msg)``: no copy), then every selected field is read
for all rows of the batch with one C-level ``operator.attrgetter`` per field (``campaign.id``,
``ad_group_ad.ad.type_``). Enums stay integers until the end and become names through one
``take`` on the enum's name table.

Measured (50,682 ad-day rows × 10 fields from the sandbox, one cold pass each, 2 cores shared
with a load of ~11, so absolute numbers are ~5× a quiet machine's): this path 43–59 µs/row;
``json_format.MessageToDict`` per row 155 µs/row (2.6–3.6× slower); proto-plus attribute access
into a dict per row 307 µs/row (5–7× slower). ``raw_json`` is then derived in DuckDB from the
columns (``shape.to_raw``: 8–10 µs/row for casts and JSON together) instead of serialising each
row in Python. Per-field access on upb messages (~3 µs under that load) is the floor without a
wire-format decoder of our own.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from google.ads.googleads.v26.services.types.google_ads_service import GoogleAdsRow
from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor

_ROW: Descriptor = GoogleAdsRow.pb().DESCRIPTOR
_ARROW = {
    FieldDescriptor.TYPE_INT64: pa.int64(),
    FieldDescriptor.TYPE_INT32: pa.int64(),
    FieldDescriptor.TYPE_DOUBLE: pa.float64(),
    FieldDescriptor.TYPE_STRING: pa.string(),
    FieldDescriptor.TYPE_BOOL: pa.bool_(),
    FieldDescriptor.TYPE_ENUM: pa.int32(),
}


@dataclass(frozen=True)
class GaqlColumn:
    """How to read one GAQL field from protobuf rows.

    Attributes:
        name: the GAQL name, also the Arrow column name (``metrics.cost_micros``).
        get: reads the value from a ``GoogleAdsRow`` protobuf.
        arrow_type: type of the values ``get`` returns (enums: their int32 numbers).
        enum: enum descriptor for enum fields (numbers become names at the end).
        repeated: a repeated field (``final_urls``): values are lists.
    """

    name: str
    get: Callable[[Any], Any]
    arrow_type: pa.DataType
    enum: EnumDescriptor | None = None
    repeated: bool = False


def column(name: str) -> GaqlColumn:
    """Resolve a GAQL field against ``GoogleAdsRow`` (``type`` is ``type_`` in the protos).

    Raises:
        KeyError: the field does not exist in this API version.
    """
    desc: Descriptor | None = _ROW
    attrs: list[str] = []
    fd: FieldDescriptor | None = None
    for part in name.split("."):
        if desc is None:
            raise KeyError(name)
        fd = desc.fields_by_name.get(part) or desc.fields_by_name.get(f"{part}_")
        if fd is None:
            raise KeyError(name)
        attrs.append(fd.name)
        desc = fd.message_type
    assert fd is not None
    arrow_type = _ARROW[fd.type]
    getter = operator.attrgetter(".".join(attrs))
    if fd.is_repeated:
        return GaqlColumn(name, lambda r: list(getter(r)), pa.list_(arrow_type), None, True)
    return GaqlColumn(name, getter, arrow_type, fd.enum_type)


class Collector:
    """Accumulates the columns of one query's batches (a retry starts a new collector)."""

    def __init__(self, columns: list[GaqlColumn]) -> None:
        self.columns = columns
        self.values: dict[str, list[Any]] = {c.name: [] for c in columns}
        self.rows = 0

    def add(self, results: Iterable[Any]) -> None:
        """Add one batch's ``results`` (protobuf ``GoogleAdsRow`` messages)."""
        rows = list(results)
        for c in self.columns:
            self.values[c.name].extend(map(c.get, rows))
        self.rows += len(rows)

    def table(self) -> pa.Table:
        """The collected rows as Arrow, enum columns as their names."""
        arrays = {}
        for c in self.columns:
            arr = pa.array(self.values[c.name], type=c.arrow_type)
            if c.enum is not None:
                arr = _enum_names(arr, c.enum)
            arrays[c.name] = arr
        return pa.table(arrays) if arrays else pa.table({})


def _enum_names(numbers: pa.Array, enum: EnumDescriptor) -> pa.Array:
    top = max(v.number for v in enum.values)
    names = [None] * (top + 1)
    for v in enum.values:
        names[v.number] = v.name
    return pc.take(pa.array(names, pa.string()), numbers)
