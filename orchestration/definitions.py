"""adpilot's Dagster entry point: assemble ``defs/`` and the shared resources.

Loads ``config/accounts.yml`` (or ``$ADPILOT_ACCOUNTS_FILE``) at import, so a malformed file fails
here with a message naming the field.
"""

from __future__ import annotations

import dagster as dg
from config.scoring import load_scoring

from config.accounts import load_accounts
from orchestration.defs import dbt as dbt_defs
from orchestration.defs import meta as meta_defs
from orchestration.lib.settings import runtime_settings
from orchestration.lib.warehouse import WarehouseResource

settings = runtime_settings()
accounts = load_accounts()

pipeline_job = dg.define_asset_job(
    name="pipeline_job",
    selection=dg.AssetSelection.all(),
    description="Every asset: all sources for the window, then the whole dbt project.",
)

defs = dg.Definitions.merge(
    meta_defs.build_defs(accounts, settings.meta_graph_url),
    dbt_defs.build_defs(load_scoring().dbt_vars()),
    dg.Definitions(
        jobs=[pipeline_job],
        resources={"warehouse": WarehouseResource(duckdb_path=str(settings.duckdb_path))},
    ),
)
