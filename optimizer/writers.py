"""How the apply step talks to each platform: one :class:`PlatformWriter` per platform.

A writer writes one action (a new daily budget, or a pause) and reads the object back, in the
action's own unit, with statuses in Meta's words (``ACTIVE``/``PAUSED``) on every platform:

============  ===================  ======  ==================================================
writer        object_level         unit    calls
============  ===================  ======  ==================================================
MetaWriter    campaign, ad_group   minor   Graph ``POST /{id}`` ``daily_budget`` / ``status``
                                           (facebook-business SDK), ``GET /{id}`` to read
TikTokWriter  campaign, ad_group   units   Business API v1.3 ``/campaign|adgroup/update/``
                                           ``budget``, ``/…/status/update/`` ``DISABLE``,
                                           ``/…/get/`` to read
GoogleAds-    campaign_budget      micros  ``CampaignBudgetService.MutateCampaignBudgets``
Writer                                     ``amount_micros``; a pause sets every campaign
                                           spending the budget ``PAUSED``
                                           (``CampaignService.MutateCampaigns``);
                                           ``SearchStream`` ``FROM campaign`` to read
============  ===================  ======  ==================================================

Each wraps ``extractors/<platform>/actions.py`` (the clients' retries and error classes); a
refusal raises, and the apply loop records it as ``failed``. Writers are registered in the apply
step's ``writers`` mapping by platform (``orchestration/defs/optimizer/assets.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, Literal, Protocol, TypeVar

from extractors.google_ads.actions import budget_campaigns, set_campaign_budget, set_campaign_status
from extractors.google_ads.client import GoogleAdsApiClient
from extractors.meta.actions import Level, MetaActions
from extractors.tiktok.actions import read_object, set_daily_budget, set_status
from extractors.tiktok.client import TikTokClient
from optimizer.actions import Action
from optimizer.units import tolerance

C = TypeVar("C")


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
        return (
            self.budget is not None
            and a.after is not None
            and abs(self.budget - a.after) < tolerance(a.unit)
        )

    def holds_before(self, a: Action) -> bool:
        """The platform still holds the value the action was planned from."""
        if a.action_type == "pause":
            return self.status == "ACTIVE"
        return (
            self.budget is not None
            and a.before is not None
            and abs(self.budget - a.before) < tolerance(a.unit)
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


class _PerAccount(Generic[C]):
    """One API object per account, built on first use and reused."""

    def __init__(self, factory: Callable[[str], C]) -> None:
        self._factory = factory
        self._cache: dict[str, C] = {}

    def _api(self, account_id: str) -> C:
        if account_id not in self._cache:
            self._cache[account_id] = self._factory(account_id)
        return self._cache[account_id]


class MetaWriter(_PerAccount[MetaActions]):
    """Meta through ``extractors.meta.actions.MetaActions`` (one per ad account).

    Args:
        actions_for: account id (digits) → the account's :class:`MetaActions`.
    """

    platform = "meta"

    def __init__(self, actions_for: Callable[[str], MetaActions]) -> None:
        super().__init__(actions_for)

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


_TIKTOK_STATUS = {"ENABLE": "ACTIVE", "DISABLE": "PAUSED", "DELETE": "DELETED"}


class TikTokWriter(_PerAccount[TikTokClient]):
    """TikTok Business API v1.3 through ``extractors.tiktok.actions`` (one client per advertiser).

    Budgets are **currency units** of the advertiser currency (``unit`` ``units``, 2 decimals),
    on the campaign (``object_level`` ``campaign``: campaign budget optimization) or the ad group
    (``ad_group``) that holds it. Statuses read back as ``ACTIVE``/``PAUSED``/``DELETED``
    (TikTok ``operation_status`` ``ENABLE``/``DISABLE``/``DELETE``). TikTok answers writes with a
    ``request_id`` the client does not surface, so ``trace_id`` is None; the response recorded is
    the object as read back after the write.

    Args:
        client_for: advertiser id (digits) → its :class:`TikTokClient`.
    """

    platform = "tiktok"

    def __init__(self, client_for: Callable[[str], TikTokClient]) -> None:
        super().__init__(client_for)

    def read(self, a: Action) -> ObservedState:
        """``GET /{campaign|adgroup}/get/`` of the object (budget in currency units).

        Raises:
            LookupError: the advertiser has no such object.
            TikTokApiError: the API refused.
        """
        obj = read_object(self._api(a.account_id), _tiktok_kind(a), a.object_id)
        if obj is None:
            raise LookupError(
                f"TikTok advertiser {a.account_id} has no {a.object_level} {a.object_id}"
            )
        budget = obj.get("budget")
        status = obj.get("operation_status")
        return ObservedState(
            _TIKTOK_STATUS.get(str(status), status),
            None if budget is None else float(budget),
        )

    def write(self, a: Action) -> WriteOutcome:
        """``DISABLE`` for a pause, else ``budget`` = ``a.after`` (currency units, 2 decimals).

        Raises:
            TikTokApiError: the API refused (not the budget owner, below the minimum ...).
            ActionVerificationError: the platform's read-back shows another value.
        """
        client, kind = self._api(a.account_id), _tiktok_kind(a)
        if a.action_type == "pause":
            set_status(client, kind, [a.object_id], enabled=False)
            body: dict = {f"{kind}_ids": [a.object_id], "operation_status": "DISABLE"}
        else:
            body = set_daily_budget(client, kind, a.object_id, Decimal(f"{a.after or 0:.2f}"))
        return WriteOutcome(json.dumps(body, sort_keys=True, default=str), None)


def _tiktok_kind(a: Action) -> Literal["campaign", "adgroup"]:
    if a.object_level == "campaign":
        return "campaign"
    if a.object_level == "ad_group":
        return "adgroup"
    raise ValueError(f"TikTok budgets live on campaigns or ad groups, not {a.object_level}")


class GoogleAdsWriter(_PerAccount[GoogleAdsApiClient]):
    """Google Ads API (gRPC, google-ads library) through ``extractors.google_ads.actions``.

    The budget owner is the **campaign budget** (``object_level`` ``campaign_budget``,
    ``object_id`` the budget id); amounts are **micros** of the account currency (``unit``
    ``micros``, multiples of 10,000). Its status is that of the campaigns spending it: ``ACTIVE``
    while any is ``ENABLED``, else ``PAUSED`` (``REMOVED`` when all are). A pause sets every
    ``ENABLED`` campaign of the budget to ``PAUSED``. The response recorded is the mutated
    resource names; the library does not surface the request id here, so ``trace_id`` is None.

    Args:
        client_for: customer id (digits) → its :class:`GoogleAdsApiClient`.
    """

    platform = "google_ads"

    def __init__(self, client_for: Callable[[str], GoogleAdsApiClient]) -> None:
        super().__init__(client_for)

    def read(self, a: Action) -> ObservedState:
        """``SearchStream`` ``FROM campaign WHERE campaign_budget.id = …`` (budget in micros).

        Raises:
            LookupError: no campaign spends the budget.
            ValueError: the action is not on a campaign budget.
            AuthError / GoogleAdsApiError: the API refused.
        """
        campaigns = budget_campaigns(self._api(a.account_id), _budget_id(a))
        if not campaigns:
            raise LookupError(
                f"Google Ads customer {a.account_id}: no campaign spends budget {a.object_id}"
            )
        statuses = {c.status for c in campaigns}
        status = (
            "ACTIVE" if "ENABLED" in statuses else "PAUSED" if "PAUSED" in statuses else "REMOVED"
        )
        return ObservedState(status, float(campaigns[0].amount_micros))

    def write(self, a: Action) -> WriteOutcome:
        """Pause every enabled campaign of the budget, or set ``amount_micros`` = ``a.after``.

        Raises:
            ValueError: the action is not on a campaign budget.
            AuthError / GoogleAdsApiError: the API refused (e.g. ``CampaignBudgetError.
                NON_MULTIPLE_OF_MINIMUM_CURRENCY_UNIT``).
        """
        client, budget_id = self._api(a.account_id), _budget_id(a)
        if a.action_type == "pause":
            names = [
                set_campaign_status(client, c.campaign_id, "PAUSED")
                for c in budget_campaigns(client, budget_id)
                if c.status == "ENABLED"
            ]
        else:
            names = [set_campaign_budget(client, budget_id, round(a.after or 0))]
        return WriteOutcome(json.dumps({"results": names}), None)


def _budget_id(a: Action) -> str:
    if a.object_level != "campaign_budget":
        raise ValueError(f"Google Ads budgets live on campaign budgets, not {a.object_level}")
    return a.object_id
