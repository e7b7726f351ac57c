"""The inbox sensor: one ``files_ingest_job`` run per new file, keyed by its content hash.

Every ``interval_seconds`` (``config/files.yml``) the sensor lists the waiting ``*.csv`` files
that have not been modified for ``settle_seconds`` (a copy in progress is left for the next
tick), hashes each, and requests a run for each content not yet in ``ops.file_loads``. The run
key is the sha256, so a content is requested at most once however long it waits or under
however many names. A re-dropped identical file gets no run; the next run that loads the inbox
(``pipeline_job``) moves it to ``archive/<day>/duplicates/``.

On DuckDB the ledger is read through a read-only connection; while a writer holds the file it
cannot be read, and the sensor then relies on the run keys (and the run on the ledger).
"""

import logging
import time
from pathlib import Path

import dagster as dg
import duckdb

from extractors.common.warehouse import DuckDBWarehouse
from extractors.files.ledger import content_hash, known_hashes
from orchestration.defs.files.assets import GROUP, run_config_for
from orchestration.defs.files.resources import FileDropsResource
from orchestration.lib.warehouse import WarehouseResource

files_ingest_job = dg.define_asset_job(
    name="files_ingest_job",
    selection=dg.AssetSelection.groups(GROUP),
    description="Load the inbox files given in the run config (the sensor: one file per run).",
)


def ledger_hashes(warehouse: WarehouseResource, log: logging.Logger) -> set[str]:
    """Content hashes already in ``ops.file_loads``.

    On DuckDB the file is opened read-only; a missing file, or one a writer holds locked, gives
    an empty set (the run keys and the run's own ledger check still hold).
    """
    if warehouse.kind != "duckdb":
        with warehouse.session() as wh:
            return known_hashes(wh)
    if not Path(warehouse.duckdb_path).exists():
        return set()
    try:
        with DuckDBWarehouse(warehouse.duckdb_path, read_only=True) as wh:
            return known_hashes(wh)
    except duckdb.Error as exc:
        log.info("ledger not readable now (%s); relying on run keys", exc)
        return set()


def make_inbox_sensor(interval_seconds: int, settle_seconds: int) -> dg.SensorDefinition:
    """The inbox sensor (running by default) for ``files_ingest_job``."""

    @dg.sensor(
        job=files_ingest_job,
        name="inbox_sensor",
        minimum_interval_seconds=interval_seconds,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=__doc__.splitlines()[0],
    )
    def inbox_sensor(
        context: dg.SensorEvaluationContext,
        files: FileDropsResource,
        warehouse: WarehouseResource,
    ) -> dg.SensorResult:
        waiting = files.inbox().pending(modified_before=time.time() - settle_seconds)
        if not waiting:
            return dg.SensorResult(skip_reason="no settled file waiting in the inbox")
        known = ledger_hashes(warehouse, context.log)
        requests = []
        for path in waiting:
            digest = content_hash(path.read_bytes())
            if digest in known:
                context.log.info(f"{path.name}: content already loaded; no run")
                continue
            requests.append(
                dg.RunRequest(
                    run_key=digest,
                    run_config=run_config_for(path),
                    tags={"adpilot/file": path.name, "adpilot/sha256": digest},
                )
            )
        if not requests:
            return dg.SensorResult(skip_reason="every waiting file is already loaded")
        return dg.SensorResult(run_requests=requests)

    return inbox_sensor
