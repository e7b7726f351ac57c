"""The data interface behind the TikTok routes, satisfied by the market and by replay.

The routes own the wire format (parameters, paging, field selection, errors); a backend answers
"which advertisers, which objects, which report rows, apply this write". Objects are wire-shaped
dicts with every field they have; report rows are ``{"dimensions": {...}, "metrics": {...}}``
with metric values as the API sends them (strings), sorted by time then id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol

Kind = Literal["campaign", "adgroup", "ad"]
KINDS: tuple[Kind, ...] = ("campaign", "adgroup", "ad")
ID_FIELD: dict[str, str] = {"campaign": "campaign_id", "adgroup": "adgroup_id", "ad": "ad_id"}

DATA_LEVELS: dict[str, str] = {
    "AUCTION_AD": "ad_id",
    "AUCTION_ADGROUP": "adgroup_id",
    "AUCTION_CAMPAIGN": "campaign_id",
    "AUCTION_ADVERTISER": "advertiser_id",
}
"""``data_level`` → the id dimension it is reported by."""

TIME_DIMENSIONS: dict[str, int] = {"stat_time_day": 30, "stat_time_hour": 1}
"""Time dimension → the longest ``start_date``..``end_date`` range it accepts, in days
(a report without a time dimension accepts 365)."""

NO_TIME_MAX_DAYS = 365


@dataclass(frozen=True)
class ReportQuery:
    """What ``/report/integrated/get/`` asks a backend for.

    Attributes:
        advertiser_id: the advertiser.
        data_level: a key of :data:`DATA_LEVELS`.
        time_dimension: ``stat_time_day``, ``stat_time_hour`` or None (totals over the range).
        since: first advertiser-local day (inclusive).
        until: last advertiser-local day (inclusive).
        filters: ``campaign_ids`` / ``adgroup_ids`` / ``ad_ids`` → allowed ids.
    """

    advertiser_id: str
    data_level: str
    time_dimension: str | None
    since: date
    until: date
    filters: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def id_dimension(self) -> str:
        """The id dimension of the data level (``ad_id`` for ``AUCTION_AD``)."""
        return DATA_LEVELS[self.data_level]


class TikTokBackend(Protocol):
    """What the TikTok routes need from a data source."""

    mode: str
    """``market`` or ``replay``."""

    def advertiser(self, advertiser_id: str) -> dict | None:
        """The ``advertiser/info`` record with every field, or None if not served."""
        ...

    def objects(self, advertiser_id: str, kind: Kind) -> list[dict]:
        """Campaigns, ad groups or ads of an advertiser (every status), in id order."""
        ...

    def report(self, query: ReportQuery) -> list[dict]:
        """Report rows (``dimensions``, ``metrics``), sorted by time then id, zero days absent."""
        ...

    def update_budget(self, advertiser_id: str, kind: Kind, object_id: str, budget: float) -> None:
        """Set the daily budget (currency units) of a campaign or ad group.

        Raises:
            TikTokError: unknown object, not the budget owner, or below the minimum.
        """
        ...

    def update_status(
        self, advertiser_id: str, kind: Kind, ids: list[str], operation_status: str
    ) -> None:
        """``ENABLE`` or ``DISABLE`` campaigns, ad groups or ads.

        Raises:
            TikTokError: unknown object or status.
        """
        ...

    def info(self) -> list[dict]:
        """Accounts for ``/__sandbox/info`` (platform, ids, currency, timezone, report span)."""
        ...
