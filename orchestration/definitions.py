"""adpilot's Dagster entry point: assemble ``defs/`` and the shared resources.

Loads ``config/accounts.yml`` (or ``$ADPILOT_ACCOUNTS_FILE``) at import, so a malformed file fails
here with a message naming the field. :func:`build_definitions` builds the same definitions for
explicit settings (tests, the demo runner).
"""

from __future__ import annotations

import dagster as dg

from config.accounts import AccountsConfig, load_accounts
from config.scoring import ScoringConfig, load_scoring
from orchestration.defs import alerts as alerts_defs
from orchestration.defs import content as content_defs
from orchestration.defs import dbt as dbt_defs
from orchestration.defs import files as files_defs
from orchestration.defs import ga4 as ga4_defs
from orchestration.defs import google_ads as google_ads_defs
from orchestration.defs import meta as meta_defs
from orchestration.defs import optimizer as optimizer_defs
from orchestration.defs import shops as shops_defs
from orchestration.defs import tiktok as tiktok_defs
from orchestration.lib.settings import (
    BigQuerySettings,
    RuntimeSettings,
    bigquery_settings,
    runtime_settings,
)
from orchestration.lib.warehouse import warehouse_resource

pipeline_job = dg.define_asset_job(
    name="pipeline_job",
    selection=dg.AssetSelection.all(),
    description="Every asset: all sources for the window, then the whole dbt project.",
)


def build_definitions(
    settings: RuntimeSettings,
    accounts: AccountsConfig,
    scoring: ScoringConfig,
    bigquery: BigQuerySettings | None = None,
) -> dg.Definitions:
    """All of adpilot's Dagster definitions for the given settings and configuration.

    ``bigquery`` (default: from the environment) is used when ``settings.warehouse`` is
    ``bigquery``; the dbt target follows the same ``ADPILOT_WAREHOUSE`` through profiles.yml.
    """
    return dg.Definitions.merge(
        meta_defs.build_defs(accounts, settings.meta_graph_url),
        tiktok_defs.build_defs(accounts, settings.tiktok_api_url, str(settings.ratelimit_dir)),
        google_ads_defs.build_defs(
            accounts, settings.google_ads_endpoint, settings.google_ads_ca_cert
        ),
        dbt_defs.build_defs({**scoring.dbt_vars(), **optimizer_defs.optimizer_dbt_vars(accounts)}),
        files_defs.build_defs(settings.inbox_dir),
        shops_defs.defs_for(settings.shop_api_urls()),
        ga4_defs.defs_for(settings.ga4_export_dir),
        content_defs.defs_for(accounts, settings),
        optimizer_defs.build_defs(accounts),
        alerts_defs.build_defs(),
        dg.Definitions(
            jobs=[pipeline_job],
            resources={"warehouse": warehouse_resource(settings, bigquery or bigquery_settings())},
        ),
    )


defs = build_definitions(runtime_settings(), load_accounts(), load_scoring())
