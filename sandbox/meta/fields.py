"""The ``fields`` parameter: parsing and selecting the requested fields of a node.

Supports expansions such as ``creative{id,object_story_id}``.

The SDK sends ``fields`` as a comma list on GET and as a JSON array when it JSON-encodes list
parameters (POST); both are accepted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sandbox.meta.errors import invalid_param

NODE_FIELDS: dict[str, frozenset[str]] = {
    "AdAccount": frozenset(
        {
            "id",
            "account_id",
            "name",
            "currency",
            "timezone_name",
            "timezone_offset_hours_utc",
            "account_status",
            "business_name",
            "amount_spent",
            "spend_cap",
            "created_time",
        }
    ),
    "Campaign": frozenset(
        {
            "id",
            "account_id",
            "name",
            "objective",
            "status",
            "effective_status",
            "configured_status",
            "buying_type",
            "bid_strategy",
            "daily_budget",
            "lifetime_budget",
            "budget_remaining",
            "special_ad_categories",
            "start_time",
            "stop_time",
            "created_time",
            "updated_time",
            "source_campaign_id",
            "spend_cap",
        }
    ),
    "AdSet": frozenset(
        {
            "id",
            "account_id",
            "campaign_id",
            "name",
            "status",
            "effective_status",
            "configured_status",
            "optimization_goal",
            "billing_event",
            "bid_strategy",
            "bid_amount",
            "daily_budget",
            "lifetime_budget",
            "budget_remaining",
            "destination_type",
            "promoted_object",
            "targeting",
            "start_time",
            "end_time",
            "created_time",
            "updated_time",
            "pacing_type",
        }
    ),
    "Ad": frozenset(
        {
            "id",
            "account_id",
            "campaign_id",
            "adset_id",
            "name",
            "status",
            "effective_status",
            "configured_status",
            "creative",
            "created_time",
            "updated_time",
            "tracking_specs",
            "conversion_specs",
            "source_ad_id",
        }
    ),
    "AdCreative": frozenset(
        {
            "id",
            "name",
            "object_story_id",
            "effective_object_story_id",
            "url_tags",
            "account_id",
            "effective_instagram_media_id",
        }
    ),
    "AdReportRun": frozenset(
        {
            "id",
            "account_id",
            "async_status",
            "async_percent_completion",
            "date_start",
            "date_stop",
            "time_ref",
            "time_completed",
            "is_running",
            "emails",
            "friendly_name",
            "schedule_id",
        }
    ),
}


@dataclass(frozen=True)
class FieldSpec:
    """One requested field, with requested sub-fields for an expansion (``creative{...}``)."""

    name: str
    sub: tuple[FieldSpec, ...] | None = None


def _split_top(text: str) -> list[str]:
    parts: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if depth != 0:
        raise invalid_param("Syntax error in the fields parameter (unbalanced braces)")
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def _parse(text: str) -> tuple[FieldSpec, ...]:
    out = []
    for part in _split_top(text):
        if "{" in part:
            name, rest = part.split("{", 1)
            out.append(FieldSpec(name.strip(), _parse(rest[:-1])))
        else:
            out.append(FieldSpec(part))
    return tuple(out)


def parse_fields(raw: str | None) -> tuple[FieldSpec, ...] | None:
    """Parse a ``fields`` parameter; None when absent or empty."""
    if raw is None or not raw.strip():
        return None
    raw = raw.strip()
    if raw.startswith("["):
        try:
            items = json.loads(raw)
        except ValueError as exc:
            raise invalid_param("fields must be a comma-separated list") from exc
        raw = ",".join(str(i) for i in items)
    return _parse(raw)


def field_names(specs: tuple[FieldSpec, ...] | None) -> list[str]:
    """Top-level names of parsed fields, in request order."""
    return [s.name for s in specs or ()]


def select(
    node: dict,
    specs: tuple[FieldSpec, ...] | None,
    node_type: str,
    default: tuple[str, ...] = ("id",),
) -> dict:
    """The requested fields of a node (plus ``id``), as the Graph API returns them.

    Args:
        node: every field the node has (absent fields are simply missing).
        specs: parsed ``fields``; None means the node type's default fields.
        node_type: ``Campaign``, ``AdSet``... (for the unknown-field error).
        default: fields returned when none are requested.

    Returns:
        A new dict: ``id`` first, then the requested fields that have values.

    Raises:
        GraphError: a requested field does not exist on the node type.
    """
    known = NODE_FIELDS.get(node_type, frozenset()) | node.keys()
    wanted = specs if specs is not None else tuple(FieldSpec(f) for f in default)
    out: dict = {"id": node["id"]} if "id" in node else {}
    for spec in wanted:
        if spec.name not in known:
            raise invalid_param(
                f"Tried accessing nonexisting field ({spec.name}) on node type ({node_type})"
            )
        if spec.name not in node or node[spec.name] is None:
            continue
        value = node[spec.name]
        if isinstance(value, dict) and "id" in value:
            value = select(value, spec.sub, "AdCreative" if spec.name == "creative" else "")
        out[spec.name] = value
    return out
