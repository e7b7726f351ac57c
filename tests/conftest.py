"""Shared fixtures: a temp DuckDB warehouse, a HOME that DuckDB may write to, no real sleeps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from extractors.common.warehouse import DuckDBWarehouse

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO_ROOT.parent / "shared" / "data").resolve()


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB writes extension state under ~/.duckdb: keep tests away from the real HOME."""
    monkeypatch.setenv("HOME", str(tmp_path_factory.getbasetemp() / "home"))
    monkeypatch.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[DuckDBWarehouse]:
    """A fresh DuckDB warehouse file in the test's temp dir."""
    wh = DuckDBWarehouse(tmp_path / "warehouse.duckdb")
    yield wh
    wh.close()


class SleepRecorder:
    """Stands in for ``time.sleep``: records the waits, never waits."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def no_sleep() -> SleepRecorder:
    """A sleep function that records waits instead of waiting."""
    return SleepRecorder()
