"""Meta: raw assets, sync job and schedule, and the API resource."""

from __future__ import annotations

import dagster as dg

from config.accounts import AccountsConfig
from orchestration.defs.meta.assets import make_meta_assets
from orchestration.defs.meta.resources import MetaResource
from orchestration.defs.meta.schedules import make_meta_schedule, meta_sync_job


def build_defs(accounts: AccountsConfig, graph_url: str) -> dg.Definitions:
    """Meta definitions for the configured accounts (none if the file has no ``meta`` section)."""
    if accounts.meta is None:
        return dg.Definitions()
    cfg = accounts.meta
    return dg.Definitions(
        assets=make_meta_assets(cfg.enabled_accounts()),
        jobs=[meta_sync_job],
        schedules=[make_meta_schedule(cfg.lookback_days)],
        resources={
            "meta": MetaResource(
                access_token=dg.EnvVar(cfg.access_token_env),
                graph_url=graph_url,
                api_version=cfg.api_version,
                lookback_days=cfg.lookback_days,
            )
        },
    )
