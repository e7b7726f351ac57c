"""dbt: the transformation layer as assets."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.defs.dbt.assets import dbt_project, make_dbt_assets


def dbt_executable() -> str:
    """The ``dbt`` of this interpreter's environment (works without an activated venv)."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def build_defs(extra_vars: dict[str, Any]) -> dg.Definitions:
    """dbt definitions: the project's assets and the CLI resource."""
    project = dbt_project()
    return dg.Definitions(
        assets=[make_dbt_assets(project, extra_vars)],
        resources={"dbt": DbtCliResource(project_dir=project, dbt_executable=dbt_executable())},
    )
