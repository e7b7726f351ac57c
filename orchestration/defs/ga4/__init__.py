"""GA4: the raw asset over the export files, its sync job and schedule, the export resource."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from config.ga4 import Ga4Config, load_ga4
from extractors.ga4.settings import ExportProperty
from orchestration.defs.ga4.assets import make_ga4_assets
from orchestration.defs.ga4.resources import Ga4ExportResource
from orchestration.defs.ga4.schedules import ga4_sync_job, make_ga4_schedule


def export_properties(cfg: Ga4Config) -> list[ExportProperty]:
    """The enabled properties of ``config/ga4.yml`` as the extractor takes them."""
    return [ExportProperty(p.property_id, p.currency, p.timezone) for p in cfg.enabled_properties()]


def build_defs(cfg: Ga4Config, export_dir: Path) -> dg.Definitions:
    """GA4 definitions for the configured properties (none when no property is enabled).

    Args:
        cfg: the validated ``config/ga4.yml``.
        export_dir: the export folder (``ADPILOT_GA4_EXPORT_DIR``).
    """
    properties = export_properties(cfg)
    if not properties:
        return dg.Definitions()
    return dg.Definitions(
        assets=make_ga4_assets(properties),
        jobs=[ga4_sync_job],
        schedules=[make_ga4_schedule(cfg.lookback_days)],
        resources={"ga4_export": Ga4ExportResource(export_dir=str(export_dir))},
    )


def defs_for(export_dir: Path) -> dg.Definitions:
    """GA4 definitions from ``config/ga4.yml`` (or ``$ADPILOT_GA4_FILE``).

    Raises:
        config.loading.ConfigError: the file is malformed (the message names the field).
    """
    return build_defs(load_ga4(), export_dir)
