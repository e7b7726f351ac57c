"""How the apply step talks to each platform: one :class:`PlatformWriter` per platform.

A writer writes one action (budget or status) and reads the object back, in the action's own
unit. Meta's writer wraps ``extractors/meta/actions.py``. TikTok (``/adgroup/update/``,
``/campaign/update/``, budget in currency units; status via ``/adgroup/status/update/``) and
Google Ads (``CampaignBudgetService.MutateCampaignBudgets`` with ``amount_micros``; campaign
status via ``CampaignService``) plug in the same way: a class with ``platform``, ``read`` and
``write``, built from ``extractors/<platform>/actions.py``, registered in the apply step's
``writers`` mapping.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from extractors.meta.actions import Level, MetaActions
from optimizer.actions import Action


@dataclass(frozen=True)
class ObservedState:
    """An object as the platform shows it now.

    Attributes:
        status: configured status (``ACTIVE``, ``PAUSED``...).
        budget: daily budget in the action's native unit (None if the object holds none).
    """

    status: str | None
    budget: float | None

    def holds_after(self, a: Action) -> bool:
        """The platform already holds the action's target value."""
        if a.action_type == "pause":
            return self.status == "PAUSED"
        return self.budget is not None and a.after is not None and abs(self.budget - a.after) < 0.5

    def holds_before(self, a: Action) -> bool:
        """The platform still holds the value the action was planned from."""
        if a.action_type == "pause":
            return self.status == "ACTIVE"
        return (
            self.budget is not None and a.before is not None and abs(self.budget - a.before) < 0.5
        )

    def describe(self, a: Action) -> str:
        """The observed value in the audit log's form."""
        if a.action_type == "pause":
            return str(self.status)
        return "none" if self.budget is None else f"{self.budget:.2f}"


@dataclass(frozen=True)
class WriteOutcome:
    """A platform's answer to a write: its body (JSON text) and trace id, if it gave one."""

    response: str
    trace_id: str | None


class PlatformWriter(Protocol):
    """Writes actions of one platform and reads objects back."""

    platform: str

    def read(self, a: Action) -> ObservedState:
        """The action's object as the platform shows it now."""

    def write(self, a: Action) -> WriteOutcome:
        """Write the action's target value (raises the platform's error on refusal)."""


class MetaWriter:
    """Meta through ``extractors.meta.actions.MetaActions`` (one per ad account).

    Args:
        actions_for: account id (digits) → the account's :class:`MetaActions`.
    """

    platform = "meta"

    def __init__(self, actions_for: Callable[[str], MetaActions]) -> None:
        self._factory = actions_for
        self._cache: dict[str, MetaActions] = {}

    def _api(self, account_id: str) -> MetaActions:
        if account_id not in self._cache:
            self._cache[account_id] = self._factory(account_id)
        return self._cache[account_id]

    def read(self, a: Action) -> ObservedState:
        """Read the campaign or ad set (budget in minor units)."""
        st = self._api(a.account_id).read(a.object_id, _level(a))
        budget = None if st.daily_budget_minor is None else float(st.daily_budget_minor)
        return ObservedState(st.status, budget)

    def write(self, a: Action) -> WriteOutcome:
        """``status=PAUSED`` for a pause, else ``daily_budget`` (minor units)."""
        api = self._api(a.account_id)
        if a.action_type == "pause":
            resp = api.set_status(a.object_id, _level(a), "PAUSED")
        else:
            resp = api.set_daily_budget(a.object_id, _level(a), round(a.after or 0))
        return WriteOutcome(json.dumps(resp.body, sort_keys=True, default=str), resp.trace_id)


def _level(a: Action) -> Level:
    if a.object_level == "campaign":
        return "campaign"
    if a.object_level == "ad_group":
        return "ad_group"
    raise ValueError(f"Meta budgets live on campaigns or ad sets, not {a.object_level}")
