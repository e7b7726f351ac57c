"""Meta write calls: set a budget owner's daily budget or status, and read it back.

Through the facebook-business SDK's object classes — ``AdSet(id).api_update(params={
"daily_budget": ...})``, ``Campaign(id).api_update(params={"status": "PAUSED"})``, and
``api_get(fields=...)`` to read the object back — on the :class:`MetaClient`'s API session,
retried with the client's classifier and backoff policy (429/5xx, rate-limit codes 4/17/32/613,
80000–80014, network errors; code 190 → :class:`AuthError`). Retrying a write is safe: both
fields are set to an absolute value, so a repeated POST leaves the same state.

Units: ``daily_budget`` is in **minor units** of the account currency (cents, satang), an
integer, as the Marketing API takes it. Budgets live on the *budget owner*: the campaign when it
uses campaign budget optimization (CBO), else each ad set; the API refuses the other level.

Source: Marketing API reference, Ad Set and Campaign "Updating"
(https://developers.facebook.com/docs/marketing-api/reference/ad-campaign/#Updating,
https://developers.facebook.com/docs/marketing-api/reference/ad-campaign-group/#Updating).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from facebook_business.adobjects.abstractcrudobject import AbstractCrudObject
from facebook_business.adobjects.adset import AdSet
from facebook_business.adobjects.campaign import Campaign
from facebook_business.exceptions import FacebookRequestError

from extractors.common.retry import Verdict, call_with_retries
from extractors.meta.client import MetaClient

Level = Literal["campaign", "ad_group"]
"""The optimizer's level names: ``ad_group`` is Meta's ad set."""

READ_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "status",
    "effective_status",
    "daily_budget",
    "updated_time",
)

T = TypeVar("T")


@dataclass(frozen=True)
class BudgetOwnerState:
    """A campaign or ad set as read back from Graph.

    Attributes:
        object_id: the object.
        status: configured status (ACTIVE, PAUSED).
        effective_status: status including the parents'.
        daily_budget_minor: daily budget in minor units (None when the level holds no budget).
        updated_time: Graph's ``updated_time`` string.
    """

    object_id: str
    status: str | None
    effective_status: str | None
    daily_budget_minor: int | None
    updated_time: str | None


@dataclass(frozen=True)
class WriteResponse:
    """What Graph answered to a write.

    Attributes:
        body: the parsed response (``{"success": true}``).
        trace_id: Graph's ``x-fb-trace-id`` header of the answer, else the ``fbtrace_id`` of
            the last failed attempt (None when the server sends neither, as the sandbox does
            for successes).
    """

    body: dict[str, Any]
    trace_id: str | None


class _RecordingApi:
    """The SDK's ``FacebookAdsApi``, keeping the last raw response (body and headers).

    ``api_update`` parses the body away (it drops ``success``) and never shows the headers.
    """

    def __init__(self, api: Any) -> None:
        self._api = api
        self.last: Any = None

    def call(self, *args: Any, **kwargs: Any) -> Any:
        self.last = None
        self.last = self._api.call(*args, **kwargs)
        return self.last

    def __getattr__(self, name: str) -> Any:
        return getattr(self._api, name)


class MetaActions:
    """Budget and status writes for one ad account's objects.

    Args:
        client: the account's :class:`MetaClient` (session, retries, sleeps).
    """

    def __init__(self, client: MetaClient) -> None:
        self.client = client
        self.last_trace_id: str | None = None
        self._api = _RecordingApi(client.api)

    def _object(self, object_id: str, level: Level) -> AbstractCrudObject:
        cls = Campaign if level == "campaign" else AdSet
        return cls(fbid=object_id, api=self._api)

    def _classify(self, exc: BaseException) -> Verdict:
        if isinstance(exc, FacebookRequestError):
            body = exc.body() if isinstance(exc.body(), dict) else {}
            self.last_trace_id = (body.get("error") or {}).get("fbtrace_id")
        v = self.client.classify(exc)
        return dataclasses.replace(v, reason=self.client.scrub(v.reason))

    def _retrying(self, fn: Callable[[], T], what: str) -> T:
        return call_with_retries(
            fn,
            classify=self._classify,
            policy=self.client.settings.retry,
            what=what,
            sleep=self.client.wait,
        )

    def _update(self, object_id: str, level: Level, params: dict[str, Any]) -> WriteResponse:
        self.last_trace_id = None
        what = f"POST {object_id} {sorted(params)} (act_{self.client.account_id})"

        def once() -> dict[str, Any]:
            self.client.requests_made += 1
            self._object(object_id, level).api_update(params=params)
            raw = self._api.last
            body = raw.json() if raw is not None else None
            headers = raw.headers() if raw is not None else {}
            self.last_trace_id = (headers or {}).get("x-fb-trace-id") or self.last_trace_id
            return body if isinstance(body, dict) else {"body": str(body)}

        body = self._retrying(once, what)
        return WriteResponse(body, self.last_trace_id)

    def set_daily_budget(self, object_id: str, level: Level, amount_minor: int) -> WriteResponse:
        """Set the daily budget (minor units) of a CBO campaign or an ad set.

        Raises:
            ValueError: ``amount_minor`` is not a positive integer.
            MetaApiError: Graph refused (wrong budget owner, below the minimum ...).
            AuthError: the token was rejected.
        """
        if int(amount_minor) != amount_minor or amount_minor <= 0:
            raise ValueError(
                f"daily_budget must be a positive integer of minor units, got {amount_minor!r}"
            )
        return self._update(object_id, level, {"daily_budget": int(amount_minor)})

    def set_status(
        self, object_id: str, level: Level, status: Literal["ACTIVE", "PAUSED"]
    ) -> WriteResponse:
        """Pause or activate a campaign or ad set.

        Raises:
            MetaApiError / AuthError: as :meth:`set_daily_budget`.
        """
        return self._update(object_id, level, {"status": status})

    def read(self, object_id: str, level: Level) -> BudgetOwnerState:
        """Read the object back (status and daily budget) for verification and reconciling."""
        what = f"GET {object_id} (act_{self.client.account_id})"

        def once() -> dict[str, Any]:
            self.client.requests_made += 1
            obj = self._object(object_id, level).api_get(fields=list(READ_FIELDS))
            return dict(obj.export_all_data())

        rec = self._retrying(once, what)
        budget = str(rec.get("daily_budget") or "")
        return BudgetOwnerState(
            object_id=str(rec.get("id", object_id)),
            status=rec.get("status"),
            effective_status=rec.get("effective_status"),
            daily_budget_minor=int(budget) if budget not in ("", "0") else None,
            updated_time=rec.get("updated_time"),
        )
