"""Fixtures of the ``bigquery`` tests: one local emulator per session, a fresh dataset prefix per
test (datasets ``<prefix>raw``, ``<prefix>ops`` ...), so tests never see each other's tables.

Run with ``make test-bigquery`` (creates ``.bqemulator-venv``); plain ``make test`` deselects
them (``-m "not bigquery"``) and then runs that target.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest

from extractors.common.bigquery import BigQueryWarehouse
from extractors.common.bigquery_sql import BigQueryConfig
from tests.bigquery.emulator import EMULATOR_PYTHON, Emulator, running_emulator

_prefixes = itertools.count()


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """The running emulator (started once per session)."""
    if not EMULATOR_PYTHON.exists():
        pytest.skip("no .bqemulator-venv: run `make test-bigquery`")
    with running_emulator(tmp_path_factory.mktemp("bqemulator")) as emu:
        yield emu


@pytest.fixture
def bq_config(emulator: Emulator, request: pytest.FixtureRequest) -> BigQueryConfig:
    """Emulator settings with a dataset prefix of this test's own."""
    prefix = f"t{next(_prefixes)}_"
    return BigQueryConfig(
        project=emulator.project, dataset_prefix=prefix, api_endpoint=emulator.url
    )


@pytest.fixture
def bq_warehouse(bq_config: BigQueryConfig) -> Iterator[BigQueryWarehouse]:
    """A BigQueryWarehouse on the emulator, in this test's datasets."""
    wh = BigQueryWarehouse(bq_config)
    yield wh
    wh.close()


@pytest.fixture
def bq_rows(bq_warehouse: BigQueryWarehouse) -> Callable[[str], list[dict]]:
    """Rows of a BigQuery query (BigQuery dialect) as dicts."""

    def run(sql: str) -> list[dict]:
        return bq_warehouse.query(sql, dialect="bigquery").to_pylist()

    return run
