"""Google Ads: raw assets, sync job and schedule, and the API resource."""

from __future__ import annotations

import dagster as dg

from config.accounts import AccountsConfig
from orchestration.defs.google_ads.assets import make_google_ads_assets
from orchestration.defs.google_ads.resources import GoogleAdsResource
from orchestration.defs.google_ads.schedules import google_ads_sync_job, make_google_ads_schedule


def build_defs(
    accounts: AccountsConfig, endpoint: str | None = None, ca_cert_path: str | None = None
) -> dg.Definitions:
    """Google Ads definitions for the configured customers (none without a ``google_ads`` section).

    Args:
        accounts: ``config/accounts.yml``.
        endpoint: API ``host:port`` (``ADPILOT_GOOGLE_ADS_ENDPOINT``); None = Google's.
        ca_cert_path: CA certificate of a private endpoint (``ADPILOT_GOOGLE_ADS_CA_CERT``).
    """
    if accounts.google_ads is None:
        return dg.Definitions()
    cfg = accounts.google_ads
    return dg.Definitions(
        assets=make_google_ads_assets(cfg.enabled_accounts()),
        jobs=[google_ads_sync_job],
        schedules=[make_google_ads_schedule(cfg.lookback_days)],
        resources={
            "google_ads": GoogleAdsResource(
                access_token=dg.EnvVar(cfg.access_token_env),
                developer_token=dg.EnvVar(cfg.developer_token_env),
                endpoint=endpoint,
                ca_cert_path=ca_cert_path,
                login_customer_id=cfg.login_customer_id,
                lookback_days=cfg.lookback_days,
                access_token_env=cfg.access_token_env,
                developer_token_env=cfg.developer_token_env,
            )
        },
    )
