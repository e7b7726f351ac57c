"""Readable forms of a plan and an allocation: a markdown table and JSON-ready dicts."""

from __future__ import annotations

from collections import Counter
from typing import Any

from optimizer.actions import Action
from optimizer.allocation import AllocationResult
from optimizer.planner import Plan

_MAX_ROWS = 200


def _cell(text: object) -> str:
    """Text safe inside a markdown table cell (campaign names contain ``|``)."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _amount(a: Action, value: float | None) -> str:
    if a.action_type == "pause" and value is None:
        return "PAUSED"
    return "–" if value is None else f"{value:,.0f}" if a.unit != "units" else f"{value:,.2f}"


def plan_markdown(plan: Plan, max_rows: int = _MAX_ROWS) -> str:
    """The plan as a markdown table (blocked and vetoed actions included, with their reason)."""
    counts = Counter(a.status for a in plan.actions)
    head = (
        f"**{plan.run_id}** — policy `{plan.policy}`, data as of "
        f"{plan.as_of.isoformat() if plan.as_of else 'n/a'}: {len(plan.actions)} actions ("
        + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        + ")"
    )
    margin = sum(a.expected_margin_change_thb for a in plan.actions if a.is_applicable)
    lines = [
        head,
        f"Expected margin change of the applicable actions: {margin:+,.0f} THB/day",
        "",
        "| status | platform | account | object | level | before → after | unit | "
        "Δ% | rule | reason | exp. margin Δ THB/day | confidence | notes |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for a in sorted(plan.actions, key=lambda x: (x.status, x.platform, x.object_id))[:max_rows]:
        pct = "" if a.change_pct is None else f"{a.change_pct:+.0%}"
        lines.append(
            f"| {a.status} | {a.platform} | {a.account_id} | {_cell(a.object_name or a.object_id)}"
            f" | {a.object_level} | {_amount(a, a.before)} → {_amount(a, a.after)} | {a.unit} | "
            f"{pct} | {_cell(a.rule)} | {_cell(a.reason)} | {a.expected_margin_change_thb:+,.0f} | "
            f"{a.confidence:.2f} | {_cell('; '.join(a.notes))} |"
        )
    if len(plan.actions) > max_rows:
        lines.append(f"\n… {len(plan.actions) - max_rows} more actions in ops.budget_action_plans")
    return "\n".join(lines)


def allocation_dict(
    result: AllocationResult, names: dict[str, str] | None = None
) -> dict[str, Any]:
    """The allocation as the budget-optimization endpoint answers it (THB per day)."""
    names = names or {}
    return {
        "total_budget_thb": round(result.total_budget_thb, 2),
        "expected_margin_thb": round(result.expected_margin_thb, 2),
        "current_expected_margin_thb": round(result.current_expected_margin_thb, 2),
        "expected_spend_thb": round(result.expected_spend_thb, 2),
        "message": result.message,
        "by_platform": {
            p: {"current_budget_thb": round(c, 2), "recommended_budget_thb": round(r, 2)}
            for p, (c, r) in sorted(result.by_platform.items())
        },
        "recommendations": [
            {
                "budget_owner_id": o.budget_owner_id,
                "name": names.get(o.budget_owner_id),
                "platform": o.platform,
                "current_budget_thb": round(o.current_thb, 2),
                "recommended_budget_thb": round(o.recommended_thb, 2),
                "expected_margin_change_thb": round(o.expected_margin_change_thb, 2),
                "expected_spend_change_thb": round(o.expected_spend_change_thb, 2),
                "confidence": round(o.confidence, 3),
            }
            for o in result.owners
        ],
    }
