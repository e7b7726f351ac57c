"""Fixtures: the raw scenario of dbt_scenario.py built by dbt once per test session, and copies."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.dbt.dbt_scenario import BuiltWarehouse, DbtRun, load_scenario, run_dbt


@contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    with lock_file.open("w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    """The raw scenario loaded and the whole dbt project built on it (seeds included).

    First ``dbt parse`` runs while the database file does not exist yet (recorded as ``parse``;
    the build then parses partially, so the check costs little). Built once per session: under
    pytest-xdist the workers share the session's temp root and the first to take the lock builds.
    Read the result, or copy it (``warehouse_copy``) to change it.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    workdir = root / "dbt_build"
    path, record = workdir / "warehouse.duckdb", workdir / "runs.json"
    with _exclusive(root / "dbt_build.lock"):
        if not record.exists():
            workdir.mkdir(exist_ok=True)
            parse = run_dbt(["parse"], path, workdir)
            parse.created_database = path.exists()
            load_scenario(path)
            build = run_dbt(["build"], path, workdir)
            record.write_text(json.dumps({"parse": parse.__dict__, "build": build.__dict__}))
        runs = {k: DbtRun(**v) for k, v in json.loads(record.read_text()).items()}
    assert runs["build"].returncode == 0, runs["build"].output[-4000:]
    return BuiltWarehouse(path, workdir / "target", runs["parse"], runs["build"])


@pytest.fixture
def warehouse_copy(built_warehouse: BuiltWarehouse, tmp_path: Path) -> Path:
    """A private copy of the built warehouse, for tests that change it."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(built_warehouse.path, path)
    return path
