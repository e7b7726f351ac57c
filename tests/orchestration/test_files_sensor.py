"""The inbox sensor: one run per new settled file, keyed by content; nothing for known files."""

from __future__ import annotations

import hashlib
import os
import time
from datetime import UTC, datetime

import dagster as dg
import duckdb
import pytest

from extractors.common.schemas import FILE_LOADS
from extractors.common.warehouse import DuckDBWarehouse
from extractors.files.ledger import FileLoad, record
from orchestration.defs.files.assets import file_drops
from orchestration.defs.files.resources import FileDropsResource
from orchestration.defs.files.sensors import files_ingest_job, make_inbox_sensor
from orchestration.lib.warehouse import WarehouseResource

SETTLE = 10
A = b"date,sku,scans\n2026-11-16,SG-SER-001,1\n"
B = b"date,sku,scans\n2026-11-17,SG-SER-001,2\n"


@pytest.fixture
def setup(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "wh.duckdb"
    resources = {
        "files": FileDropsResource(inbox_dir=str(inbox)),
        "warehouse": WarehouseResource(duckdb_path=str(db)),
    }
    return inbox, db, resources, dg.DagsterInstance.ephemeral()


def put(inbox, name, data, age=60.0):
    path = inbox / name
    path.write_bytes(data)
    t = time.time() - age
    os.utime(path, (t, t))
    return path


def loaded(data: bytes, name: str) -> FileLoad:
    when = datetime(2026, 11, 21, tzinfo=UTC)
    return FileLoad(hashlib.sha256(data).hexdigest(), name, "scans_daily", "loaded", when)


def tick(instance, resources) -> dg.SensorResult:
    sensor = make_inbox_sensor(30, SETTLE)
    with dg.build_sensor_context(instance=instance, resources=resources) as ctx:
        return sensor(ctx)


def test_one_run_request_per_new_file_keyed_by_its_sha256(setup):
    inbox, _, resources, instance = setup
    a = put(inbox, "saversure_scans_2026-11-16.csv", A, age=120)
    b = put(inbox, "saversure_scans_2026-11-17.csv", B, age=60)

    result = tick(instance, resources)

    assert [r.run_key for r in result.run_requests] == [
        hashlib.sha256(A).hexdigest(),
        hashlib.sha256(B).hexdigest(),
    ]
    first = result.run_requests[0]
    assert first.run_config["ops"]["file_drops"]["config"]["paths"] == [str(a)]
    assert result.run_requests[1].tags["adpilot/file"] == b.name


def test_nothing_for_a_file_still_being_written(setup):
    inbox, _, resources, instance = setup
    put(inbox, "saversure_scans_2026-11-16.csv", A, age=1)

    result = tick(instance, resources)

    assert result.run_requests is None or result.run_requests == []
    assert "no settled file" in result.skip_reason.skip_message


def test_nothing_for_content_already_in_the_ledger_even_under_a_new_name(setup):
    inbox, db, resources, instance = setup
    with DuckDBWarehouse(db) as wh:
        wh.ensure_table(FILE_LOADS)
        record(wh, loaded(A, "first.csv"))
    put(inbox, "renamed copy.csv", A)
    put(inbox, "saversure_scans_2026-11-17.csv", B)

    result = tick(instance, resources)

    assert [r.run_key for r in result.run_requests] == [hashlib.sha256(B).hexdigest()]


def test_only_loaded_files_in_the_ledger_make_the_whole_tick_skip(setup):
    inbox, db, resources, instance = setup
    with DuckDBWarehouse(db) as wh:
        wh.ensure_table(FILE_LOADS)
        record(wh, loaded(A, "a.csv"))
    put(inbox, "a.csv", A)

    result = tick(instance, resources)

    assert not result.run_requests
    assert "already loaded" in result.skip_reason.skip_message


def test_an_empty_inbox_skips(setup):
    _, _, resources, instance = setup

    result = tick(instance, resources)

    assert not result.run_requests


def test_a_locked_warehouse_still_yields_requests_relying_on_run_keys(setup, monkeypatch):
    inbox, db, resources, instance = setup
    db.write_bytes(b"")  # the file exists; another process holds its write lock

    def locked(*args, **kwargs):
        raise duckdb.IOException("Could not set lock on file")

    monkeypatch.setattr(DuckDBWarehouse, "__enter__", locked)
    put(inbox, "saversure_scans_2026-11-16.csv", A)

    result = tick(instance, resources)

    assert [r.run_key for r in result.run_requests] == [hashlib.sha256(A).hexdigest()]


def test_sensor_run_then_next_tick_has_nothing_left(setup):
    inbox, _, resources, instance = setup
    put(inbox, "saversure_scans_2026-11-16.csv", A)
    defs = dg.Definitions(
        assets=[file_drops], jobs=[files_ingest_job], sensors=[make_inbox_sensor(30, SETTLE)],
        resources=resources,
    )  # fmt: skip
    (request,) = tick(instance, resources).run_requests

    run = defs.resolve_job_def("files_ingest_job").execute_in_process(
        run_config=request.run_config, instance=instance
    )

    assert run.success
    assert list(inbox.glob("*.csv")) == []
    assert not tick(instance, resources).run_requests


def test_the_sensor_targets_the_ingest_job_and_runs_by_default_every_30_seconds():
    sensor = make_inbox_sensor(30, SETTLE)

    assert sensor.job_name == "files_ingest_job"
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert sensor.minimum_interval_seconds == 30
