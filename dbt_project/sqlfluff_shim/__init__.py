"""The parts of dbt's Jinja context the project's models need, for sqlfluff's jinja templater.

Lint only; dbt never imports this. Why it exists: sqlfluff's dbt templater compiles through a
live adapter, and offline only the DuckDB target compiles — whose SQL (double-quoted relations,
DuckDB forms) the BigQuery dialect cannot parse. So ``.sqlfluff`` uses the jinja templater with
dbt builtins (ref, source, config, is_incremental, return), loads ``macros/``, and takes the rest
from here, rendering the BigQuery flavour: ``var`` with the defaults of ``dbt_project.yml``,
``adapter.dispatch`` to ``bigquery__``/``default__`` macros, ``dbt.hash``, ``exceptions`` and
``modules``. sqlfluff exposes the names defined here (and the submodules) to every template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_PROJECT_VARS: dict[str, Any] = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "dbt_project.yml").read_text()
)["vars"]


def var(name: str, default: Any = None) -> Any:
    """dbt's ``var()`` as a run without ``--vars`` sees it."""
    return _PROJECT_VARS.get(name, default)


class _DbtBuiltins:
    """dbt's ``builtins`` namespace, for lint.

    Holds the original ``source`` that ``macros/bigquery/source.sql`` overrides and calls,
    rendered as sqlfluff's own dbt builtin renders a source.
    """

    @staticmethod
    def source(source_name: str, table_name: str) -> str:
        """``builtins.source`` for lint: ``<source>_<table>``, like sqlfluff's ``source``."""
        return f"{source_name}_{table_name}"


builtins = _DbtBuiltins()


def env_var(name: str, default: str | None = None) -> str:
    """dbt's ``env_var()``: the variable, else the default, else an empty string for lint."""
    import os

    return os.environ.get(name, default if default is not None else "")


class _Target:
    """dbt's ``target`` as the BigQuery target of profiles.yml renders it (lint only)."""

    type = "bigquery"
    name = "bigquery"
    database = "adpilot"
    project = "adpilot"
    schema = "analytics"
    dataset = "analytics"
    id = "adpilot"


target = _Target()
