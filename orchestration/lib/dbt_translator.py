"""The one dbt → Dagster translator: asset keys are warehouse names, groups are layers.

- models and seeds: key ``[schema, name]`` (``["marts", "fct_ad_performance_daily"]``), group =
  their layer (``staging``, ``intermediate``, ``marts``, ``seeds``);
- sources: the key their yml declares in ``config.meta.dagster.asset_key`` (the raw asset that
  loads them), which dagster-dbt reads by default.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings


class AdpilotDbtTranslator(DagsterDbtTranslator):
    """Maps dbt nodes to asset keys and groups as described in the module docstring."""

    def __init__(self) -> None:
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        """``[schema, name]`` for models/seeds/snapshots; the declared key for sources."""
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        """The layer: the model's schema (``staging``/``intermediate``/``marts``/``seeds``)."""
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return str(dbt_resource_props["schema"])
        return super().get_group_name(dbt_resource_props)
