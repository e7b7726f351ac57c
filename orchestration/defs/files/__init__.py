"""CSV file drops: the raw assets, the ingest job and the inbox sensor."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from config.files import FilesConfig, load_files_config
from orchestration.defs.files.assets import file_drops
from orchestration.defs.files.resources import FileDropsResource
from orchestration.defs.files.sensors import files_ingest_job, make_inbox_sensor


def build_defs(inbox_dir: Path, config: FilesConfig | None = None) -> dg.Definitions:
    """File-drop definitions for an inbox folder.

    Args:
        inbox_dir: the inbox (``RuntimeSettings.inbox_dir``).
        config: ``config/files.yml`` (loaded when omitted; a malformed file fails here).
    """
    cfg = config or load_files_config()
    return dg.Definitions(
        assets=[file_drops],
        jobs=[files_ingest_job],
        sensors=[make_inbox_sensor(cfg.sensor.interval_seconds, cfg.sensor.settle_seconds)],
        resources={"files": FileDropsResource(inbox_dir=str(inbox_dir))},
    )
