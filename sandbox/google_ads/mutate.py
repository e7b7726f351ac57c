"""``CampaignBudgetService.MutateCampaignBudgets`` and ``CampaignService.MutateCampaigns``.

Update operations only (the optimizer's write-back): a budget's ``amount_micros`` and a
campaign's ``status`` (``ENABLED``/``PAUSED``), each with its ``update_mask``. A request is all or
nothing: every operation is checked before any is applied; ``validate_only`` checks without
writing. Accepted writes go to :meth:`Market.set_daily_budget` (micros) and
:meth:`Market.set_status` and take effect from the customer's local today.

Refusals use the real error types: ``RequestError.RESOURCE_NAME_MALFORMED``,
``MutateError.RESOURCE_NOT_FOUND`` / ``MUTATE_NOT_ALLOWED``, ``FieldMaskError.FIELD_MASK_MISSING``,
``CampaignBudgetError.NEGATIVE_MONEY_AMOUNT`` / ``NON_MULTIPLE_OF_MINIMUM_CURRENCY_UNIT`` /
``BUDGET_BELOW_PER_DAY_MINIMUM``; a status other than ENABLED/PAUSED is ``MUTATE_NOT_ALLOWED``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from google.ads.googleads.v26.enums.types.campaign_status import CampaignStatusEnum
from google.ads.googleads.v26.services.types import campaign_budget_service as cbs
from google.ads.googleads.v26.services.types import campaign_service as cs

from sandbox.google_ads.backend import GoogleAdsBackend
from sandbox.google_ads.errors import GoogleAdsApiError
from sandbox.google_ads.tables import campaign_of_budget
from sandbox.market.changes import MarketError

BUDGETS_RESPONSE = cbs.MutateCampaignBudgetsResponse.pb()
CAMPAIGNS_RESPONSE = cs.MutateCampaignsResponse.pb()
_STATUS = CampaignStatusEnum.CampaignStatus
_MARKET_STATUS = {int(_STATUS.ENABLED): "ACTIVE", int(_STATUS.PAUSED): "PAUSED"}
MICROS_STEP = 10_000  # the smallest currency unit (0.01) of the market's currencies, in micros


@dataclass(frozen=True)
class Write:
    """One checked operation: apply it with ``apply()``; ``resource_name`` for the result."""

    resource_name: str
    apply: Callable[[], None]


def _error(error_type: str, code: str, message: str, i: int) -> GoogleAdsApiError:
    return GoogleAdsApiError(error_type, code, f"operations[{i}]: {message}")


def _resource_id(name: str, customer_id: str, collection: str, i: int) -> str:
    m = re.fullmatch(rf"customers/(\d+)/{collection}/(\d+)", name)
    if m is None:
        raise _error(
            "request_error",
            "RESOURCE_NAME_MALFORMED",
            f"'{name}' is not customers/<id>/{collection}/<id>",
            i,
        )
    if m.group(1) != customer_id:
        raise _error(
            "request_error",
            "RESOURCE_NAME_MALFORMED",
            f"'{name}' belongs to another customer than {customer_id}",
            i,
        )
    return m.group(2)


def _only_update(op: object, field: str, i: int) -> None:
    which = type(op).DESCRIPTOR.oneofs_by_name["operation"]  # type: ignore[attr-defined]
    kind = op.WhichOneof(which.name)  # type: ignore[attr-defined]
    if kind != "update":
        raise _error(
            "mutate_error",
            "MUTATE_NOT_ALLOWED",
            f"the sandbox serves update operations only, got {kind or 'none'}",
            i,
        )
    paths = list(op.update_mask.paths)  # type: ignore[attr-defined]
    if not paths:
        raise _error("field_mask_error", "FIELD_MASK_MISSING", "update_mask is required", i)
    if paths != [field]:
        raise _error(
            "mutate_error",
            "MUTATE_NOT_ALLOWED",
            f"the sandbox updates only {field}, got update_mask {paths}",
            i,
        )


def budget_writes(backend: GoogleAdsBackend, customer_id: str, request: object) -> list[Write]:
    """Check every budget operation of a request; return the writes to apply.

    Raises:
        GoogleAdsApiError: the first refused operation (nothing is applied).
    """
    out = []
    for i, op in enumerate(request.operations):  # type: ignore[attr-defined]
        _only_update(op, "amount_micros", i)
        upd = op.update
        budget = _resource_id(upd.resource_name, customer_id, "campaignBudgets", i)
        campaign_id = campaign_of_budget(budget)
        if backend.h.kind_of(campaign_id) != "campaign" or not budget.startswith("7"):
            raise _error(
                "mutate_error", "RESOURCE_NOT_FOUND", f"campaign budget {budget} does not exist", i
            )
        amount = int(upd.amount_micros)
        if amount < 0:
            raise _error(
                "campaign_budget_error",
                "NEGATIVE_MONEY_AMOUNT",
                f"amount_micros {amount} is negative",
                i,
            )
        if amount % MICROS_STEP:
            raise _error(
                "campaign_budget_error",
                "NON_MULTIPLE_OF_MINIMUM_CURRENCY_UNIT",
                f"amount_micros {amount} is not a multiple of {MICROS_STEP}",
                i,
            )
        minimum = backend.h.spec.from_minor(backend.h.spec.min_daily_budget_minor)
        if amount < int(minimum):
            raise _error(
                "campaign_budget_error",
                "BUDGET_BELOW_PER_DAY_MINIMUM",
                f"amount_micros {amount} is below the minimum {minimum}",
                i,
            )
        out.append(Write(upd.resource_name, _budget_apply(backend, campaign_id, amount, i)))
    return out


def _budget_apply(
    backend: GoogleAdsBackend, campaign_id: str, amount: int, i: int
) -> Callable[[], None]:
    def apply() -> None:
        try:
            backend.market.set_daily_budget("google", campaign_id, amount)
        except MarketError as exc:  # pragma: no cover - checked above
            raise _error("campaign_budget_error", "UNKNOWN", str(exc), i) from exc

    return apply


def campaign_writes(backend: GoogleAdsBackend, customer_id: str, request: object) -> list[Write]:
    """Check every campaign (status) operation of a request; return the writes to apply.

    Raises:
        GoogleAdsApiError: the first refused operation (nothing is applied).
    """
    out = []
    for i, op in enumerate(request.operations):  # type: ignore[attr-defined]
        _only_update(op, "status", i)
        upd = op.update
        campaign_id = _resource_id(upd.resource_name, customer_id, "campaigns", i)
        if backend.h.kind_of(campaign_id) != "campaign":
            raise _error(
                "mutate_error", "RESOURCE_NOT_FOUND", f"campaign {campaign_id} does not exist", i
            )
        status = _MARKET_STATUS.get(int(upd.status))
        if status is None:
            raise _error(
                "mutate_error",
                "MUTATE_NOT_ALLOWED",
                "the sandbox sets status ENABLED or PAUSED only",
                i,
            )
        out.append(Write(upd.resource_name, _status_apply(backend, campaign_id, status)))
    return out


def _status_apply(backend: GoogleAdsBackend, campaign_id: str, status: str) -> Callable[[], None]:
    def apply() -> None:
        backend.market.set_status("google", campaign_id, status)

    return apply


def check_request(request: object) -> None:
    """Refuse request options the sandbox does not serve.

    Raises:
        GoogleAdsApiError: ``partial_failure`` requested, or no operations.
    """
    if request.partial_failure:  # type: ignore[attr-defined]
        raise GoogleAdsApiError(
            "mutate_error",
            "OPERATION_DOES_NOT_SUPPORT_PARTIAL_FAILURE",
            "The sandbox applies mutate requests all or nothing.",
        )
    if not request.operations:  # type: ignore[attr-defined]
        raise GoogleAdsApiError(
            "request_error", "OPERATION_REQUIRED", "At least one operation is required."
        )
