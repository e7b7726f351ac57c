"""Google Ads write calls: a campaign budget's daily amount and a campaign's status.

``CampaignBudgetService.MutateCampaignBudgets`` (update ``amount_micros``, micros of the account
currency, a multiple of 10,000 for two-decimal currencies) and ``CampaignService.MutateCampaigns``
(update ``status`` to ``ENABLED`` or ``PAUSED``), each with its ``update_mask``. Both set an
absolute value, so a retried call cannot apply a change twice. ``validate_only`` asks the API to
check without writing (the optimizer's preview). :func:`budget_campaigns` reads a budget and the
campaigns spending it back (``GoogleAdsService.SearchStream``, ``FROM campaign``).

Source: https://developers.google.com/google-ads/api/docs/campaigns/budgets/create-budgets and
https://developers.google.com/google-ads/api/docs/mutating/overview.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from google.protobuf.field_mask_pb2 import FieldMask

from extractors.google_ads.client import GoogleAdsApiClient

CampaignStatus = Literal["ENABLED", "PAUSED"]
BUDGET_CAMPAIGN_FIELDS: tuple[str, ...] = (
    "campaign.id",
    "campaign.status",
    "campaign_budget.id",
    "campaign_budget.amount_micros",
)


@dataclass(frozen=True)
class BudgetCampaign:
    """A campaign spending a campaign budget, as ``FROM campaign`` shows it now.

    Attributes:
        campaign_id: the campaign's id (digits).
        status: its status name (``ENABLED``, ``PAUSED``, ``REMOVED``).
        budget_id: the campaign budget's id.
        amount_micros: the budget's daily amount, micros of the account currency.
    """

    campaign_id: str
    status: str
    budget_id: str
    amount_micros: int


def budget_campaigns(client: GoogleAdsApiClient, budget_id: str) -> list[BudgetCampaign]:
    """The campaigns spending a campaign budget (several when it is shared), in id order.

    One ``SearchStream`` query: ``SELECT campaign.id, campaign.status, campaign_budget.id,
    campaign_budget.amount_micros FROM campaign WHERE campaign_budget.id = <id>``.

    Raises:
        ValueError: ``budget_id`` is not digits (it goes into the query).
        AuthError / GoogleAdsApiError: the API refused.
    """
    if not budget_id.isdigit():
        raise ValueError(f"a campaign budget id is digits, got {budget_id!r}")
    table = client.search(
        f"SELECT {', '.join(BUDGET_CAMPAIGN_FIELDS)} FROM campaign "
        f"WHERE campaign_budget.id = {budget_id} ORDER BY campaign.id",
        BUDGET_CAMPAIGN_FIELDS,
        what=f"read campaign budget {budget_id}",
    )
    return [
        BudgetCampaign(
            str(r["campaign.id"]),
            str(r["campaign.status"]),
            str(r["campaign_budget.id"]),
            int(r["campaign_budget.amount_micros"]),
        )
        for r in table.to_pylist()
    ]


def budget_resource(customer_id: str, budget_id: str) -> str:
    """``customers/{customer_id}/campaignBudgets/{budget_id}``."""
    return f"customers/{customer_id}/campaignBudgets/{budget_id}"


def campaign_resource(customer_id: str, campaign_id: str) -> str:
    """``customers/{customer_id}/campaigns/{campaign_id}``."""
    return f"customers/{customer_id}/campaigns/{campaign_id}"


def set_campaign_budget(
    client: GoogleAdsApiClient, budget_id: str, amount_micros: int, *, validate_only: bool = False
) -> str:
    """Set a campaign budget's daily amount.

    Args:
        client: the customer's client.
        budget_id: the campaign budget id (``raw.google_ads_campaigns.campaign_budget_id``).
        amount_micros: the new daily budget in micros of the account currency.
        validate_only: check without applying.

    Returns:
        The budget's resource name.

    Raises:
        ValueError: ``amount_micros`` is negative.
        AuthError / GoogleAdsApiError: the API refused (e.g. ``CampaignBudgetError.
            NON_MULTIPLE_OF_MINIMUM_CURRENCY_UNIT``).
    """
    if amount_micros < 0:
        raise ValueError(f"amount_micros must be >= 0, got {amount_micros}")
    op = client.get_type("CampaignBudgetOperation")
    op.update.resource_name = budget_resource(client.customer_id, budget_id)
    op.update.amount_micros = int(amount_micros)
    op.update_mask = FieldMask(paths=["amount_micros"])
    (name,) = client.mutate(
        "CampaignBudgetService",
        "MutateCampaignBudgetsRequest",
        [op],
        validate_only=validate_only,
        what=f"set budget {budget_id} to {amount_micros} micros",
    )
    return name


def set_campaign_status(
    client: GoogleAdsApiClient,
    campaign_id: str,
    status: CampaignStatus,
    *,
    validate_only: bool = False,
) -> str:
    """Enable or pause a campaign.

    Returns:
        The campaign's resource name.

    Raises:
        ValueError: ``status`` is not ENABLED or PAUSED.
        AuthError / GoogleAdsApiError: the API refused.
    """
    if status not in ("ENABLED", "PAUSED"):
        raise ValueError(f"status must be ENABLED or PAUSED, got {status!r}")
    op = client.get_type("CampaignOperation")
    op.update.resource_name = campaign_resource(client.customer_id, campaign_id)
    op.update.status = client.get_type("CampaignStatusEnum").CampaignStatus[status]
    op.update_mask = FieldMask(paths=["status"])
    (name,) = client.mutate(
        "CampaignService",
        "MutateCampaignsRequest",
        [op],
        validate_only=validate_only,
        what=f"set campaign {campaign_id} status {status}",
    )
    return name
