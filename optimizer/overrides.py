"""Human overrides: veto or edit a planned action, or mark an object manual.

Sources, read on every preview and apply: every ``config/overrides/*.yml`` file (shape in
``config/overrides/README.md``) and the rows of ``ops.action_overrides`` (same fields, for a UI
or SQL). An override takes effect in the plan (``status`` ``vetoed`` / ``edited``,
``override_by``); the apply step records it in ``ops.audit_log`` (event ``override``) once per
action. ``manual`` overrides are enforced by the guardrails (the object is never touched).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from config.loading import CONFIG_DIR, load_yaml_model
from extractors.common.warehouse import Warehouse
from optimizer.actions import Action

OVERRIDES_DIR = CONFIG_DIR / "overrides"


class Override(BaseModel):
    """One human decision.

    Attributes:
        decision: ``veto`` (do not apply), ``edit`` (apply ``after`` instead) or ``manual``
            (never touch the object).
        action_id: the planned action (veto, edit).
        platform / object_id: the object (manual).
        after: edit only: the amount to apply, in the action's unit.
        by: who decided (audited as the actor).
        reason: why.
        until: manual only: last day (UTC) the override holds; None = until removed.
        source: where it was read from (file path or ``ops.action_overrides``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    decision: Literal["veto", "edit", "manual"]
    action_id: str | None = None
    platform: str | None = None
    object_id: str | None = None
    after: float | None = Field(None, ge=0)
    by: str
    reason: str | None = None
    until: date | None = None
    source: str = ""

    @model_validator(mode="after")
    def _fields_for_decision(self) -> Override:
        if self.decision in ("veto", "edit") and not self.action_id:
            raise ValueError(f"{self.decision} needs action_id")
        if self.decision == "edit" and self.after is None:
            raise ValueError("edit needs after (the amount to apply, in the action's unit)")
        if self.decision == "manual" and not (self.platform and self.object_id):
            raise ValueError("manual needs platform and object_id")
        return self

    @property
    def override_id(self) -> str:
        """Stable id of the decision (for ``ops.action_overrides``)."""
        key = f"{self.decision}|{self.action_id}|{self.platform}|{self.object_id}|{self.by}"
        return hashlib.sha256(key.encode()).hexdigest()[:24]


class OverridesFile(BaseModel):
    """A ``config/overrides/*.yml`` file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    overrides: list[Override] = Field(default_factory=list)


def load_override_files(directory: Path | str = OVERRIDES_DIR) -> list[Override]:
    """Every override in ``directory/*.yml`` (sorted by file name), each tagged with its file.

    Raises:
        config.loading.ConfigError: a file is malformed (names the file and the field).
    """
    out: list[Override] = []
    for path in sorted(Path(directory).glob("*.yml")):
        doc = load_yaml_model(path, OverridesFile)
        out += [replace_source(o, str(path)) for o in doc.overrides]
    return out


def replace_source(o: Override, source: str) -> Override:
    """The override with ``source`` set."""
    return o.model_copy(update={"source": source})


def load_override_rows(wh: Warehouse) -> list[Override]:
    """Overrides stored in ``ops.action_overrides`` (none if the table does not exist)."""
    if not wh.table_exists("ops.action_overrides"):
        return []
    rows = wh.query(
        "select decision, action_id, platform, object_id, after_value, decided_by, "
        "reason, valid_until from ops.action_overrides"
    ).to_pylist()
    return [
        Override(
            decision=r["decision"],
            action_id=r["action_id"],
            platform=r["platform"],
            object_id=r["object_id"],
            after=None if r["after_value"] is None else float(r["after_value"]),
            by=r["decided_by"],
            reason=r["reason"],
            until=r["valid_until"],
            source="ops.action_overrides",
        )
        for r in rows
    ]


def manual_objects(overrides: list[Override], today: date) -> dict[tuple[str, str], str]:
    """(platform, object id) → who marked it manual, for overrides still in force."""
    return {
        (str(o.platform), str(o.object_id)): o.by
        for o in overrides
        if o.decision == "manual" and (o.until is None or o.until >= today)
    }


def apply_overrides(actions: list[Action], overrides: list[Override]) -> list[Action]:
    """Veto or edit the actions named by an override (the last override of an action wins)."""
    by_action = {o.action_id: o for o in overrides if o.decision in ("veto", "edit")}
    out = []
    for a in actions:
        o = by_action.get(a.action_id)
        if o is None or (a.status in ("vetoed", "edited") and a.override_by == o.by):
            out.append(a)  # no override, or this one already took effect (re-checked at apply)
        elif o.decision == "veto":
            out.append(
                a.with_status(
                    "vetoed", f"vetoed by {o.by}: {o.reason or 'no reason'}", override_by=o.by
                )
            )
        elif a.action_type == "pause":
            out.append(
                a.with_status(
                    "blocked", f"edit by {o.by} ignored: a pause has no amount", override_by=o.by
                )
            )
        else:
            edited = a.with_status(
                "edited",
                f"edited by {o.by} to {o.after:g} {a.unit}: {o.reason or 'no reason'}",
                override_by=o.by,
            )
            out.append(replace(edited, after=o.after))
    return out


def recheck_overrides(
    actions: list[Action], overrides: list[Override], today: date
) -> list[Action]:
    """At apply time: overrides made after the preview still hold.

    Vetoes and edits by action id (idempotent for those already in the plan), and ``manual``
    objects blocked.
    """
    manual = manual_objects(overrides, today)
    out = []
    for a in apply_overrides(actions, overrides):
        who = manual.get((a.platform, a.object_id))
        out.append(
            a.with_status("blocked", f"manual override by {who}: never touched")
            if who and a.is_applicable
            else a
        )
    return out
