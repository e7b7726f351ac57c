"""Content: organic posts, videos and media, metrics snapshots, ad links; hourly job.

Facebook page posts, Instagram media and TikTok videos with their lifetime metrics snapshot,
the content each Meta ad uses, and the descriptors of ``config/content.csv``.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from config.accounts import AccountsConfig
from config.content import ContentConfig, content_file, load_content
from orchestration.defs.content.assets import make_content_assets
from orchestration.defs.content.resources import ContentResource
from orchestration.defs.content.schedules import content_sync_job, make_content_schedule
from orchestration.lib.settings import RuntimeSettings


def _token(env: str | None) -> str | dg.EnvVar:
    return dg.EnvVar(env) if env else ""


def build_defs(
    cfg: ContentConfig, path: str, accounts: AccountsConfig, settings: RuntimeSettings
) -> dg.Definitions:
    """Content definitions for ``cfg`` (a section without accounts needs no token).

    Args:
        cfg: the validated content file.
        path: its path (the descriptor CSV is relative to it).
        accounts: ``config/accounts.yml`` (Meta ad accounts for the ad → content links).
        settings: runtime settings (API hosts, rate-limit folder).
    """
    envs: dict[str, str] = {}
    for platform in ("facebook", "instagram", "tiktok"):
        section = cfg.platform(platform)
        if section and section.enabled_accounts():
            envs[platform] = section.access_token_env
    meta = accounts.meta
    ad_accounts = meta.enabled_accounts() if meta else []
    if meta and ad_accounts:
        envs["meta_ads"] = meta.access_token_env
    resource = ContentResource(
        facebook_token=_token(envs.get("facebook")),
        instagram_token=_token(envs.get("instagram")),
        tiktok_token=_token(envs.get("tiktok")),
        ads_token=_token(envs.get("meta_ads")),
        token_envs=envs,
        graph_url=settings.meta_graph_url,
        api_version=meta.api_version if meta else "v21.0",
        tiktok_api_url=settings.tiktok_api_url,
        ratelimit_dir=str(settings.ratelimit_dir),
        metrics_horizon_days=cfg.metrics_horizon_days,
    )
    return dg.Definitions(
        assets=make_content_assets(cfg, Path(path), ad_accounts),
        jobs=[content_sync_job],
        schedules=[make_content_schedule(cfg.lookback_days)],
        resources={"content": resource},
    )


def defs_for(accounts: AccountsConfig, settings: RuntimeSettings) -> dg.Definitions:
    """Content definitions from ``config/content.yml`` (or ``$ADPILOT_CONTENT_FILE``).

    Raises:
        config.loading.ConfigError: the content file is malformed (the message names the field).
    """
    path = content_file()
    return build_defs(load_content(path), str(path), accounts, settings)
