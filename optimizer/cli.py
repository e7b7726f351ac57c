"""``python -m optimizer``: the budget optimizer from the command line.

::

    python -m optimizer allocate --total-thb 60000 --json          # budget-optimization request
    python -m optimizer allocate --min-roas 1.5 --max-step 0.3      # table on stdout
    python -m optimizer preview --policy rules_allocation [--write] # the plan a preview would make

Both read the warehouse's marts (``--warehouse``, default ``$ADPILOT_DUCKDB_PATH`` or
``data/warehouse.duckdb``, opened read-only unless ``--write``); ``preview --write`` stores the
plan in ``ops.budget_action_plans``. Nothing is ever applied from here: applying is the Dagster
job's (``budget_actions_job`` with ``apply: true``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from config.accounts import load_accounts
from extractors.common.warehouse import DuckDBWarehouse
from optimizer.budget_request import BudgetOptimizationRequest, optimize_budget
from optimizer.ledger import write_plan
from optimizer.plan import POLICIES
from optimizer.planner import OptimizerSettings, make_plan
from optimizer.report import plan_markdown

DEFAULT_WAREHOUSE = Path(__file__).resolve().parents[1] / "data" / "warehouse.duckdb"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m optimizer", description=__doc__.splitlines()[0])
    p.add_argument(
        "--warehouse",
        type=Path,
        default=Path(os.environ.get("ADPILOT_DUCKDB_PATH") or DEFAULT_WAREHOUSE),
        help="DuckDB file with the marts",
    )
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("allocate", help="allocate a total daily budget to maximise margin")
    a.add_argument("--total-thb", type=float, help="total daily budget, THB (default: today's)")
    a.add_argument("--goal", choices=["max_margin"], default="max_margin")
    a.add_argument("--spend-total", choices=["exact", "up_to"])
    a.add_argument("--min-roas", type=float, help="lowest expected ROAS per owner")
    a.add_argument("--max-campaign-thb", type=float, help="most per campaign per day, THB")
    a.add_argument("--max-step", type=float, help="limit each owner's move (0.3 = ±30%%)")
    a.add_argument("--platform", action="append", help="only this platform (repeatable)")
    a.add_argument("--json", action="store_true", help="print the JSON response")
    v = sub.add_parser("preview", help="build the plan a preview run would build")
    v.add_argument("--policy", choices=POLICIES, default="rules_allocation")
    v.add_argument("--write", action="store_true", help="store it in ops.budget_action_plans")
    v.add_argument("--json", action="store_true", help="print the actions as JSON")
    return p


def _allocate(args: argparse.Namespace, wh: DuckDBWarehouse, settings: OptimizerSettings) -> str:
    req = BudgetOptimizationRequest(
        total_budget_thb=args.total_thb,
        goal=args.goal,
        spend_total=args.spend_total,
        min_roas=args.min_roas,
        max_campaign_daily_budget_thb=args.max_campaign_thb,
        max_step_pct=args.max_step,
        platforms=args.platform,
    )
    body = optimize_budget(wh, req, settings)
    if args.json:
        return json.dumps(body, indent=2, default=str)
    rows = [
        f"{'owner':<40} {'platform':<8} {'current':>10} {'recommended':>12} "
        f"{'Δmargin/day':>12} {'conf':>5}"
    ]
    rows += [
        f"{(r['name'] or r['object_id'])[:40]:<40} {r['platform']:<8} "
        f"{r['current_budget_thb']:>10,.0f} {r['recommended_budget_thb']:>12,.0f} "
        f"{r['expected_margin_change_thb']:>+12,.0f} {r['confidence']:>5.2f}"
        for r in body["recommendations"]
    ]
    rows.append(
        f"total {body['total_budget_thb']:,.0f} THB/day; expected margin "
        f"{body['expected_margin_thb']:,.0f} (now {body['current_expected_margin_thb']:,.0f})"
        f" THB/day; expected spend {body['expected_spend_thb']:,.0f}; {body['message']}"
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = _parser().parse_args(argv)
    if not args.warehouse.exists():
        print(f"no warehouse at {args.warehouse}: run `make run` first", file=sys.stderr)
        return 2
    settings = OptimizerSettings.load(load_accounts())
    write = args.command == "preview" and args.write
    with DuckDBWarehouse(args.warehouse, read_only=not write) as wh:
        if args.command == "allocate":
            print(_allocate(args, wh, settings))
            return 0
        plan = make_plan(wh, settings, args.policy, now=datetime.now(UTC))
        if write:
            write_plan(wh, plan.actions, plan.planned_at)
        if args.json:
            print(
                json.dumps([a.to_row(plan.planned_at) for a in plan.actions], indent=2, default=str)
            )
        else:
            print(plan_markdown(plan))
    return 0
