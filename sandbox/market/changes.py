"""The change log: status and daily-budget changes pushed through write endpoints.

A change takes effect for its object from the account-local day on which it was made (that whole
day and later); history before is unchanged. The market is a pure function of (seed, clock,
change log), so the log is all the state writes create.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from sandbox.market.entities import Hierarchy


class MarketError(ValueError):
    """A write the market refuses (unknown object, wrong budget owner, too small a budget)."""


class UnknownObjectError(MarketError):
    """The object id is not in the market."""


@dataclass(frozen=True)
class Change:
    """One accepted write.

    Attributes:
        platform: ``meta``, ``tiktok`` or ``google``.
        object_id: the campaign, ad set or ad.
        kind: ``campaign``, ``adset`` or ``ad``.
        field: ``status`` or ``daily_budget``.
        value: ``ACTIVE``/``PAUSED`` for status; the budget in the platform's native unit.
        effective_day: account-local date ordinal from which it applies.
        made_at: UTC instant of the write (the simulated clock).
    """

    platform: str
    object_id: str
    kind: str
    field: str
    value: str | int | float
    effective_day: int
    made_at: datetime


@dataclass
class DayControls:
    """What the change log says for one day, as arrays.

    Attributes:
        campaign_active / adset_active / ad_active: bool per object (its own status).
        owner_budget_minor: daily budget per budget owner, minor units (int64).
    """

    campaign_active: np.ndarray
    adset_active: np.ndarray
    ad_active: np.ndarray
    owner_budget_minor: np.ndarray


@dataclass
class ChangeLog:
    """Ordered list of changes (append-only)."""

    changes: list[Change] = field(default_factory=list)

    def append(self, change: Change) -> None:
        """Record an accepted change."""
        self.changes.append(change)

    def for_platform(self, platform: str) -> list[Change]:
        """The platform's changes in the order they were made."""
        return [c for c in self.changes if c.platform == platform]

    def last_change_at(self, platform: str, object_id: str) -> datetime | None:
        """When the object was last written, or None."""
        times = [
            c.made_at for c in self.changes if c.platform == platform and c.object_id == object_id
        ]
        return max(times) if times else None


def base_controls(h: Hierarchy) -> DayControls:
    """Statuses and budgets as built, before any change."""
    return DayControls(
        campaign_active=np.array([c.status == "ACTIVE" for c in h.campaigns], dtype=bool),
        adset_active=np.array([s.status == "ACTIVE" for s in h.adsets], dtype=bool),
        ad_active=np.array([a.status == "ACTIVE" for a in h.ads], dtype=bool),
        owner_budget_minor=np.array(
            [h.spec.to_minor(h.owner_object(o).daily_budget or 0) for o in range(len(h.owners))],
            dtype=np.int64,
        ),
    )


def controls_on(h: Hierarchy, base: DayControls, changes: list[Change], day: int) -> DayControls:
    """Apply every change effective on or before ``day`` (a date ordinal) to the base controls.

    Args:
        h: the platform's objects.
        base: :func:`base_controls` of ``h``.
        changes: the platform's changes, in order.
        day: account-local date ordinal.

    Returns:
        New arrays (``base`` is not modified).
    """
    out = DayControls(
        base.campaign_active.copy(),
        base.adset_active.copy(),
        base.ad_active.copy(),
        base.owner_budget_minor.copy(),
    )
    for ch in changes:
        if ch.effective_day > day:
            continue
        _, idx = h.index[ch.object_id]
        if ch.field == "status":
            arr = {"campaign": out.campaign_active, "adset": out.adset_active, "ad": out.ad_active}[
                ch.kind
            ]
            arr[idx] = ch.value == "ACTIVE"
        else:
            out.owner_budget_minor[h.owner_index[ch.object_id]] = h.spec.to_minor(float(ch.value))
    return out
