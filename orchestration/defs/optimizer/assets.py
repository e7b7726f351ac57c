"""Budget actions as assets: the preview (always) and the applied actions (only when asked).

- ``optimizer/budget_actions_preview`` (after ``marts/budget_recommendations``): plans one run
  (``optimizer.planner.make_plan``), stores it in ``ops.budget_action_plans`` and shows it as a
  markdown table in the materialization's metadata.
- ``optimizer/budget_actions_applied`` (after the preview): applies the latest previewed run
  through the platforms' write calls, exactly once per action id, audited in ``ops.audit_log``
  — every applicable action when the run is launched with ``apply: true``, otherwise only those
  of accounts with ``auto_apply: true`` in ``config/accounts.yml``; with neither it
  materializes nothing. Human overrides made after the preview are re-checked first. Writers:
  Meta always (``meta`` resource); TikTok (``tiktok`` resource) and Google Ads (``google_ads``
  resource) when ``config/accounts.yml`` has accounts of theirs — the asset only requires the
  resources of the platforms configured, so a deployment without Google Ads needs no Google
  credentials. An action of a platform without a writer is reported ``no_writer``.
"""

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import get_args

import dagster as dg

from config.accounts import AccountsConfig
from extractors.meta.actions import MetaActions
from optimizer.actions import ActionStatus
from optimizer.apply import Applier
from optimizer.ledger import latest_run_id, read_plan, write_plan
from optimizer.overrides import load_override_files, load_override_rows, recheck_overrides
from optimizer.planner import OptimizerSettings, make_plan
from optimizer.report import plan_markdown
from optimizer.writers import GoogleAdsWriter, MetaWriter, PlatformWriter, TikTokWriter
from orchestration.defs.google_ads.resources import GoogleAdsResource
from orchestration.defs.meta.resources import MetaResource
from orchestration.defs.tiktok.resources import TikTokResource
from orchestration.lib.warehouse import WRITER_POOL, WarehouseResource

GROUP = "optimizer"
RECOMMENDATIONS = dg.AssetKey(["marts", "budget_recommendations"])
PREVIEW = dg.AssetKey(["optimizer", "budget_actions_preview"])
APPLIED = dg.AssetKey(["optimizer", "budget_actions_applied"])


class ApplyConfig(dg.Config):
    """Run config of the apply step.

    Attributes:
        apply: apply every applicable action of the plan (default: only auto-apply accounts).
        run_id: the previewed run to apply (default: the latest).
        requested_by: who asked for the apply (recorded as part of the audit actor).
    """

    apply: bool = False
    run_id: str | None = None
    requested_by: str | None = None


def auto_apply_accounts(accounts: AccountsConfig) -> set[str]:
    """Accounts (any platform) whose actions apply without an explicit ``apply: true``."""
    sections = (accounts.meta, accounts.tiktok, accounts.google_ads)
    return {a.account_id for s in sections if s for a in s.accounts if a.auto_apply}


def accounts_to_apply(config: ApplyConfig, accounts: AccountsConfig) -> set[str] | None:
    """None = every account (``apply: true``); else the auto-apply accounts (maybe none)."""
    return None if config.apply else auto_apply_accounts(accounts)


def writer_resource_keys(accounts: AccountsConfig) -> set[str]:
    """Resources of the platforms besides Meta whose actions can be applied (accounts configured).

    ``tiktok`` when the ``tiktok`` section lists advertisers, ``google_ads`` when the
    ``google_ads`` section lists customers.
    """
    keys = set()
    if accounts.tiktok and accounts.tiktok.accounts:
        keys.add("tiktok")
    if accounts.google_ads and accounts.google_ads.accounts:
        keys.add("google_ads")
    return keys


def platform_writers(meta: MetaResource, resources: object) -> dict[str, PlatformWriter]:
    """One writer per platform whose resource the run has (``resources``: ``context.resources``).

    Clients are built per account on first use: Meta's by ``MetaResource.client`` (ad account),
    TikTok's by ``TikTokResource.client`` (advertiser; shared rate budget), Google Ads' by
    ``GoogleAdsResource.client`` (customer).
    """
    writers: dict[str, PlatformWriter] = {
        "meta": MetaWriter(lambda acct: MetaActions(meta.client(acct)))
    }
    tiktok = getattr(resources, "tiktok", None)
    if isinstance(tiktok, TikTokResource):
        writers["tiktok"] = TikTokWriter(tiktok.client)
    google_ads = getattr(resources, "google_ads", None)
    if isinstance(google_ads, GoogleAdsResource):
        writers["google_ads"] = GoogleAdsWriter(google_ads.client)
    return writers


def make_optimizer_assets(accounts: AccountsConfig) -> list[dg.AssetsDefinition]:
    """The preview and apply assets for the configured accounts."""

    @dg.asset(
        key=PREVIEW,
        deps=[RECOMMENDATIONS],
        group_name=GROUP,
        pool=WRITER_POOL,
        kinds={"python"},
        metadata={"dagster/table_name": "ops.budget_action_plans"},
    )
    def budget_actions_preview(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        """Plan budget actions (rules + allocation + overrides + guardrails); nothing applied."""
        settings = OptimizerSettings.load(accounts)
        with warehouse.session() as wh:
            plan = make_plan(wh, settings, settings.budget.policy, now=datetime.now(UTC))
            write_plan(wh, plan.actions, plan.planned_at)
        statuses = Counter(a.status for a in plan.actions)
        context.log.info("plan %s: %d actions", plan.run_id, len(plan.actions))
        return dg.MaterializeResult(
            metadata={
                "run_id": plan.run_id,
                "policy": plan.policy,
                "actions": len(plan.actions),
                **{f"actions_{status}": statuses[status] for status in get_args(ActionStatus)},
                "expected_margin_change_thb_per_day": round(
                    sum(a.expected_margin_change_thb for a in plan.actions if a.is_applicable), 2
                ),
                "plan": dg.MetadataValue.md(plan_markdown(plan)),
            }
        )

    @dg.multi_asset(
        specs=[
            dg.AssetSpec(
                APPLIED,
                deps=[PREVIEW],
                group_name=GROUP,
                skippable=True,
                kinds={"python"},
                metadata={"dagster/table_name": "ops.audit_log"},
                description="Applied budget actions of the latest preview.",
            )
        ],
        pool=WRITER_POOL,
        # resources by key, not as typed arguments: Dagster takes one or the other, and which
        # platforms' resources are needed depends on the accounts configured
        required_resource_keys={"warehouse", "meta", *writer_resource_keys(accounts)},
    )
    def budget_actions_applied(
        context: dg.AssetExecutionContext, config: ApplyConfig
    ) -> Iterator[dg.MaterializeResult]:
        """Apply the latest preview (``apply: true``) or its auto-apply accounts' actions."""
        warehouse: WarehouseResource = context.resources.warehouse
        only = accounts_to_apply(config, accounts)
        if only is not None and not only:
            context.log.info("apply not requested and no account has auto_apply: nothing done")
            return
        writers = platform_writers(context.resources.meta, context.resources)
        actor = f"adpilot-optimizer (dagster run {context.run_id[:8]}" + (
            f", requested by {config.requested_by})" if config.requested_by else ")"
        )
        with warehouse.session() as wh:
            run_id = config.run_id or latest_run_id(wh)
            if run_id is None:
                context.log.info("no previewed plan to apply")
                return
            overrides = load_override_files() + load_override_rows(wh)
            actions = recheck_overrides(read_plan(wh, run_id), overrides, datetime.now(UTC).date())
            results = Applier(wh, writers, actor).apply(actions, only)
        outcomes = [r.outcome for r in results]
        yield dg.MaterializeResult(
            asset_key=APPLIED,
            metadata={
                "run_id": run_id,
                "scope": "all accounts" if only is None else ", ".join(sorted(only)),
                **{k: outcomes.count(k) for k in sorted(set(outcomes))},
                "results": dg.MetadataValue.md(
                    "| action | outcome | detail |\n|---|---|---|\n"
                    + "\n".join(f"| {r.action_id} | {r.outcome} | {r.detail} |" for r in results)
                ),
            },
        )
        failed = [r for r in results if r.outcome in ("failed", "verify_mismatch", "conflict")]
        if failed:
            raise dg.Failure(
                f"{len(failed)} of {len(results)} actions were not applied: "
                + "; ".join(f"{r.action_id} {r.outcome}" for r in failed[:5])
            )

    return [budget_actions_preview, budget_actions_applied]
