"""The data interface behind the Graph routes, satisfied by the market and by replay.

The routes own the wire format (fields, paging, errors, report runs); a backend only answers
"which accounts, which objects, which insights rows, apply this write". Objects are returned as
Graph-shaped dicts carrying every field they have (ids and budgets as strings, times as
``2026-10-01T10:00:00+0700``); the routes select the requested fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sandbox.meta.frame import InsightsFrame

OBJECT_KINDS = ("campaign", "adset", "ad")
NODE_TYPE = {"campaign": "Campaign", "adset": "AdSet", "ad": "Ad", "creative": "AdCreative"}
EDGE_KIND = {"campaigns": "campaign", "adsets": "adset", "ads": "ad"}


@dataclass(frozen=True)
class AccountInfo:
    """An ad account as the backend knows it.

    Attributes:
        account_id: digits, no ``act_`` prefix.
        name: display name (None when unknown).
        currency: ISO 4217.
        timezone: IANA name.
    """

    account_id: str
    name: str | None
    currency: str
    timezone: str


class MetaBackend(Protocol):
    """What the Graph routes need from a data source."""

    mode: str
    """``market`` or ``replay`` (reported by ``/__sandbox/info``)."""

    def accounts(self) -> list[AccountInfo]:
        """Every ad account served."""
        ...

    def account_node(self, account_id: str) -> dict | None:
        """The ad account node (``GET /act_{id}``) with every field, or None if unknown."""
        ...

    def objects(self, account_id: str, kind: str) -> list[dict]:
        """Campaigns, ad sets or ads of an account (``kind`` from :data:`OBJECT_KINDS`)."""
        ...

    def find_object(self, object_id: str) -> tuple[str, dict] | None:
        """(kind, node) of a campaign, ad set, ad or ``creative`` id; None if unknown."""
        ...

    def account_of(self, object_id: str) -> str | None:
        """Account id of an object id (for usage headers and fault matching)."""
        ...

    def local_today(self, account_id: str) -> date:
        """The account-local today (anchor of ``date_preset``)."""
        ...

    def default_range(self, account_id: str) -> tuple[date, date]:
        """Range used when a request gives neither ``time_range`` nor ``date_preset``."""
        ...

    def insights(
        self,
        account_id: str,
        level: str,
        since: date,
        until: date,
        filters: tuple[tuple[str, frozenset[str]], ...],
    ) -> InsightsFrame:
        """Daily rows of one account at ``level``, sorted by day then id, zero rows omitted."""
        ...

    def update(self, object_id: str, params: dict[str, str]) -> None:
        """Apply a write (``daily_budget``, ``status``); raises ``GraphError`` when refused."""
        ...

    def info(self) -> dict:
        """Mode-specific facts for ``/__sandbox/info``."""
        ...
