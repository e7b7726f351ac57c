"""Fixtures of the GA4 extractor tests: the small simulated export, written once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extractors.ga4.ga4_fixtures import small_export


@pytest.fixture(scope="session")
def export_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the small market's Parquet export (do not modify: copy it)."""
    root = tmp_path_factory.getbasetemp() / "ga4_export"
    small_export(root)
    return root
