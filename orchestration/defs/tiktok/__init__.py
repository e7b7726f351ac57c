"""TikTok: raw assets, sync job and schedule, and the API resource."""

from __future__ import annotations

import dagster as dg

from config.accounts import AccountsConfig
from orchestration.defs.tiktok.assets import make_tiktok_assets
from orchestration.defs.tiktok.resources import TikTokResource
from orchestration.defs.tiktok.schedules import make_tiktok_schedule, tiktok_sync_job


def build_defs(
    accounts: AccountsConfig, api_url: str, ratelimit_dir: str | None = None
) -> dg.Definitions:
    """TikTok definitions for the configured advertisers.

    Without a ``tiktok`` section the assets still exist (with no advertisers they only create
    their empty raw tables, which the dbt models read) and no token is needed.

    Args:
        accounts: ``config/accounts.yml``.
        api_url: the Business API host (``ADPILOT_TIKTOK_API_URL``).
        ratelimit_dir: folder of the app's shared token bucket (``ADPILOT_RATELIMIT_DIR``).
    """
    cfg = accounts.tiktok
    token: str | dg.EnvVar = dg.EnvVar(cfg.access_token_env) if cfg and cfg.accounts else ""
    return dg.Definitions(
        assets=make_tiktok_assets(cfg.enabled_accounts() if cfg else []),
        jobs=[tiktok_sync_job],
        schedules=[make_tiktok_schedule(cfg.lookback_days if cfg else 3)],
        resources={
            "tiktok": TikTokResource(
                access_token=token,
                api_url=api_url,
                app_id=cfg.app_id if cfg else "default",
                lookback_days=cfg.lookback_days if cfg else 3,
                ratelimit_dir=ratelimit_dir,
            )
        },
    )
