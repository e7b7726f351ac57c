"""Apply a plan's actions exactly once per ``action_id``, verified, every attempt audited.

For each applicable action (``ready``, ``clipped``, ``edited``), in plan order:

1. already ``applied`` or ``reconciled`` in ``ops.audit_log`` → skipped, no call;
2. a human override (veto/edit) not yet audited → an ``override`` event (actor: the human);
3. any earlier event without a result (a crash between intent and result, a failed call, a
   failed read-back) → **reconcile**: read the object; if it already holds the target value,
   record ``reconciled`` and stop; if it holds neither the planned *before* nor the target
   (someone else changed it), record ``conflict`` and stop; else go on;
4. record ``intent`` (committed before the call);
5. write through the platform's :class:`~optimizer.writers.PlatformWriter`; an error →
   ``failed`` (with the error, tokens never included);
6. read the object back: it holds the target → ``applied`` (with the API response and the value
   read); otherwise ``verify_mismatch``.

So a run that dies anywhere can be re-run: nothing is written twice, and nothing is left
unrecorded. Vetoed and blocked actions are never sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from extractors.common.warehouse import Warehouse
from optimizer.actions import Action
from optimizer.ledger import APPLIED_EVENTS, AuditEvent, events_by_action, record
from optimizer.writers import PlatformWriter

_MAX_ERROR = 500


@dataclass(frozen=True)
class ApplyResult:
    """What happened to one action.

    Attributes:
        action_id: the action.
        outcome: ``applied``, ``already_applied``, ``reconciled``, ``failed``,
            ``verify_mismatch``, ``conflict``, ``no_writer``.
        detail: the observed value or the error.
    """

    action_id: str
    outcome: str
    detail: str = ""


class Applier:
    """Runs the apply loop for one plan.

    Args:
        wh: the warehouse holding ``ops.audit_log``.
        writers: platform → its writer.
        actor: who applies (e.g. ``adpilot-optimizer (dagster run 1a2b, apply=true)``).
        clock: the time of each audit event (UTC; injectable for tests and the benchmark).
        scrub: removes secrets from error text before it is stored.
    """

    def __init__(
        self,
        wh: Warehouse,
        writers: Mapping[str, PlatformWriter],
        actor: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        scrub: Callable[[str], str] = str,
    ) -> None:
        self.wh, self.writers, self.actor = wh, writers, actor
        self.clock, self.scrub = clock, scrub

    def _record(self, a: Action, event: str, actor: str | None = None, **extra: str | None) -> None:
        record(self.wh, AuditEvent.of(a, event, actor or self.actor, self.clock(), **extra))

    def _error(self, exc: BaseException) -> str:
        return self.scrub(f"{type(exc).__name__}: {exc}")[:_MAX_ERROR]

    def apply_one(self, a: Action) -> ApplyResult:
        """Steps 1–6 of the module docstring for one action."""
        events = events_by_action(self.wh, [a.action_id]).get(a.action_id, [])
        if any(e.event in APPLIED_EVENTS for e in events):
            return ApplyResult(a.action_id, "already_applied")
        if a.override_by and not any(e.event == "override" for e in events):
            self._record(a, "override", actor=a.override_by, api_response="; ".join(a.notes))
        writer = self.writers.get(a.platform)
        if writer is None:
            return ApplyResult(a.action_id, "no_writer", f"no writer for {a.platform}")
        if any(e.event != "override" for e in events):
            try:
                seen = writer.read(a)
            except Exception as exc:
                self._record(a, "failed", error=f"reconcile read: {self._error(exc)}")
                return ApplyResult(a.action_id, "failed", self._error(exc))
            if seen.holds_after(a):
                self._record(a, "reconciled", observed_value=seen.describe(a))
                return ApplyResult(a.action_id, "reconciled", seen.describe(a))
            if not seen.holds_before(a):
                self._record(
                    a,
                    "conflict",
                    observed_value=seen.describe(a),
                    error="the object changed outside this plan; not applied",
                )
                return ApplyResult(a.action_id, "conflict", seen.describe(a))
        return self._write(a, writer)

    def _write(self, a: Action, writer: PlatformWriter) -> ApplyResult:
        self._record(a, "intent")
        try:
            out = writer.write(a)
        except Exception as exc:
            self._record(a, "failed", error=self._error(exc))
            return ApplyResult(a.action_id, "failed", self._error(exc))
        try:
            seen = writer.read(a)
        except Exception as exc:
            self._record(
                a,
                "verify_failed",
                api_response=out.response,
                api_trace_id=out.trace_id,
                error=self._error(exc),
            )
            return ApplyResult(a.action_id, "failed", self._error(exc))
        event = "applied" if seen.holds_after(a) else "verify_mismatch"
        self._record(
            a,
            event,
            observed_value=seen.describe(a),
            api_response=out.response,
            api_trace_id=out.trace_id,
        )
        return ApplyResult(a.action_id, event, seen.describe(a))

    def apply(self, actions: list[Action], accounts: set[str] | None = None) -> list[ApplyResult]:
        """Apply every applicable action (of ``accounts`` only, when given)."""
        return [
            self.apply_one(a)
            for a in actions
            if a.is_applicable and (accounts is None or a.account_id in accounts)
        ]
