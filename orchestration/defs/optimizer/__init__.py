"""Optimizer: budget-action preview and apply assets, their job and schedule."""

from __future__ import annotations

from typing import Any

import dagster as dg

from config.accounts import AccountsConfig
from config.budget import load_budget
from config.rules import load_rules
from orchestration.defs.optimizer.assets import APPLIED, PREVIEW, make_optimizer_assets

budget_actions_job = dg.define_asset_job(
    name="budget_actions_job",
    selection=dg.AssetSelection.assets(PREVIEW, APPLIED),
    description=(
        "Preview budget actions, then apply them — all of them with run config "
        "`ops: {budget_actions_applied: {config: {apply: true}}}`, else only auto-apply accounts'."
    ),
)

budget_actions_schedule = dg.ScheduleDefinition(
    name="budget_actions_schedule",
    job=budget_actions_job,
    cron_schedule="15 */3 * * *",  # every 3 h (product spec: 2–3 h), after a Meta sync
    description="Preview every 3 hours; applies only the actions of auto-apply accounts.",
)


def build_defs(accounts: AccountsConfig) -> dg.Definitions:
    """Optimizer definitions.

    The apply step writes through the ``meta`` resource, and through the ``tiktok`` /
    ``google_ads`` ones when those platforms have accounts configured.
    """
    return dg.Definitions(
        assets=make_optimizer_assets(accounts),
        jobs=[budget_actions_job],
        schedules=[budget_actions_schedule],
    )


def optimizer_dbt_vars(accounts: AccountsConfig) -> dict[str, Any]:
    """The optimizer marts' dbt vars: rule thresholds per account and product margins."""
    return {**load_rules().dbt_vars(accounts), **load_budget().dbt_vars()}
