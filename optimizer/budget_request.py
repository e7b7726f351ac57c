"""The budget-optimization request: total budget + goal + constraints → recommendations.

The buyer dashboard's endpoint in Python (an HTTP layer only has to parse the body into
:class:`BudgetOptimizationRequest` and return :func:`optimize_budget`'s dict). Reads the marts,
fits every delivering owner's curve and allocates with :func:`optimizer.allocation.allocate`;
rules are not applied (this answers "where should the money go", not "what changes today").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from extractors.common.warehouse import Warehouse
from optimizer.allocation import OwnerSlot, allocate
from optimizer.ledger import applied_events
from optimizer.marts import read_histories, read_owner_states
from optimizer.planner import OptimizerSettings, allocation_request, fit_curves, floors_thb
from optimizer.report import allocation_dict


class BudgetOptimizationRequest(BaseModel):
    """The request body.

    Attributes:
        total_budget_thb: total daily budget to allocate, THB (None: today's total).
        goal: ``max_margin``.
        spend_total: ``exact`` or ``up_to`` (None: ``config/budget.yml``).
        min_roas / max_campaign_daily_budget_thb: constraints (None: ``config/budget.yml``).
        max_step_pct: limit each owner's move (None: the full optimum).
        platforms: only these platforms' owners (None: all).
    """

    model_config = ConfigDict(extra="forbid")

    total_budget_thb: float | None = Field(None, gt=0)
    goal: Literal["max_margin"] = "max_margin"
    spend_total: Literal["exact", "up_to"] | None = None
    min_roas: float | None = Field(None, ge=0)
    max_campaign_daily_budget_thb: float | None = Field(None, gt=0)
    max_step_pct: float | None = Field(None, gt=0, le=10)
    platforms: list[str] | None = None


def optimize_budget(
    wh: Warehouse, req: BudgetOptimizationRequest, settings: OptimizerSettings
) -> dict[str, Any]:
    """Answer a request (THB per day).

    Returns:
        Per owner the recommended budget, expected margin change and confidence; the expected
        total margin and spend; the budget shift per platform; the request as understood.
    """
    owners = [
        o
        for o in read_owner_states(wh, tuple(req.platforms) if req.platforms else None)
        if o.is_delivering and o.daily_budget_native > 0
    ]
    since = min((o.local_today for o in owners), default=None)
    days = timedelta(days=settings.budget.model.history_days)
    histories = read_histories(wh, since - days) if since else {}
    curves = fit_curves(owners, histories, applied_events(wh), settings.budget)
    base = allocation_request(owners, settings, req.total_budget_thb, req.max_step_pct)
    request = replace(
        base,
        goal=req.goal,
        spend_total=req.spend_total or base.spend_total,
        min_roas=base.min_roas if req.min_roas is None else req.min_roas,
        max_campaign_daily_budget_thb=(
            req.max_campaign_daily_budget_thb or base.max_campaign_daily_budget_thb
        ),
    )
    floors = floors_thb(owners, settings.guardrails)
    slots = [
        OwnerSlot(
            o.budget_owner_id,
            o.platform,
            o.account_id,
            o.campaign_id,
            o.product_group,
            o.daily_budget_thb,
            floors[o.budget_owner_id],
            curve=curves.get(o.budget_owner_id),
        )
        for o in owners
    ]
    result = allocate(slots, request)
    body = allocation_dict(result, {o.budget_owner_id: o.name or o.object_id for o in owners})
    by_id = {o.budget_owner_id: o for o in owners}
    for rec in body["recommendations"]:
        o = by_id[rec["budget_owner_id"]]
        rec.update(
            object_id=o.object_id,
            object_level=o.object_level,
            account_id=o.account_id,
            product_group=o.product_group,
            currency_code=o.currency_code,
            budget_unit=o.budget_unit,
        )
    body["request"] = {**req.model_dump(), "total_budget_thb": request.total_budget_thb}
    return body
