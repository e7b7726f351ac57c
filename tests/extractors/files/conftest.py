"""Fixtures for the file-drop tests: an inbox in a temp dir, a loader with a fixed clock."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config.files import FilesConfig, load_files_config, load_sku_catalog
from extractors.common.warehouse import DuckDBWarehouse
from extractors.files.inbox import Inbox
from extractors.files.load import FileLoader

FIXTURES = Path(__file__).with_name("fixtures")
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


class Clock:
    """A settable UTC clock for the loader."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def files_config() -> FilesConfig:
    """The repository's config/files.yml."""
    return load_files_config()


@pytest.fixture
def inbox(tmp_path: Path) -> Inbox:
    """An empty inbox folder."""
    root = tmp_path / "inbox"
    root.mkdir()
    return Inbox(root)


@pytest.fixture
def clock() -> Clock:
    """The loader's clock (2026-11-21 03:00 UTC)."""
    return Clock()


@pytest.fixture
def loader(
    warehouse: DuckDBWarehouse, inbox: Inbox, files_config: FilesConfig, clock: Clock
) -> Iterator[FileLoader]:
    """A loader over the temp warehouse and inbox, with the repository's master SKU list."""
    with FileLoader(warehouse, inbox, files_config, load_sku_catalog(), now=clock) as fl:
        yield fl


@pytest.fixture
def drop(inbox: Inbox) -> Callable[..., Path]:
    """Put a file in the inbox: ``drop(name, data)`` or ``drop(fixture_name)``.

    Each dropped file gets a modification time one second after the previous one, so the
    inbox's oldest-first order is the order of the calls.
    """
    stamp = [1_700_000_000.0]

    def put(name: str, data: bytes | None = None) -> Path:
        path = inbox.root / name
        if data is None:
            shutil.copy(FIXTURES / name, path)
        else:
            path.write_bytes(data)
        stamp[0] += 1
        os.utime(path, (stamp[0], stamp[0]))
        return path

    return put


def rows(warehouse: DuckDBWarehouse, sql: str, params: list | None = None) -> list[dict]:
    """Query rows as dicts."""
    return warehouse.query(sql, params).to_pylist()
