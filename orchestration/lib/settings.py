"""Runtime settings read from the environment, once, at the edge of the program.

Secrets are not here: they reach resources as ``dg.EnvVar`` so Dagster never shows their values.
The table of variables is in the README.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"


class RuntimeSettings(BaseModel):
    """Non-secret runtime knobs.

    Attributes:
        warehouse: ``duckdb`` (embedded default) or ``bigquery`` (``ADPILOT_WAREHOUSE``).
        duckdb_path: the DuckDB file (``ADPILOT_DUCKDB_PATH``, default ``data/warehouse.duckdb``).
        meta_graph_url: Graph API host (``ADPILOT_META_GRAPH_URL``; the sandbox in the demo).
    """

    model_config = ConfigDict(frozen=True)

    warehouse: Literal["duckdb", "bigquery"] = "duckdb"
    duckdb_path: Path = REPO_ROOT / "data" / "warehouse.duckdb"
    meta_graph_url: str = "https://graph.facebook.com"


def runtime_settings(env: dict[str, str] | None = None) -> RuntimeSettings:
    """Build :class:`RuntimeSettings` from ``env`` (default: the process environment)."""
    e = os.environ if env is None else env
    values: dict[str, object] = {}
    for field, var in (
        ("warehouse", "ADPILOT_WAREHOUSE"),
        ("duckdb_path", "ADPILOT_DUCKDB_PATH"),
        ("meta_graph_url", "ADPILOT_META_GRAPH_URL"),
    ):
        if e.get(var):
            values[field] = e[var]
    return RuntimeSettings.model_validate(values)
