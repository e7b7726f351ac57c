"""Shared GA4 test data: a small simulated market, its export, and the recorded sample.

Imported by the GA4 tests of every folder (``tests.extractors.ga4.ga4_fixtures``). The export
is written once per process (``small_export``) into the session's temp folder.
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from extractors.ga4.settings import ExportProperty
from sandbox.ga4.export import ExportFile, write_export
from sandbox.ga4.properties import PROPERTIES, WebProperty
from sandbox.market import Market, MarketConfig

REPO_ROOT = Path(__file__).resolve().parents[3]
SAMPLE = REPO_ROOT.parent / "shared" / "data" / "ga4" / "events_sample.jsonl"
SAMPLE_ROWS = 460
SAMPLE_PROPERTY = ExportProperty("2100450278", "USD", "UTC")

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TH = ExportProperty("410000001", "THB", "Asia/Bangkok")
GLOBAL = ExportProperty("410000002", "USD", "Asia/Singapore")
SMALL_ADS = {"meta": 12, "tiktok": 8, "google": 8}


def small_market(now: datetime = NOW) -> Market:
    """A market with few ads (fast), 5 days of history, at ``now``."""
    return Market(MarketConfig(seed=7, days=5, now=now, ads=SMALL_ADS))


def small_properties() -> list[WebProperty]:
    """The two web stores with little organic traffic (fast)."""
    return [
        dataclasses.replace(p, organic_sessions_per_day=30.0, organic_orders_per_day=4.0)
        for p in PROPERTIES
    ]


def export_window(market: Market) -> tuple[date, date]:
    """Every day of the market's history up to tomorrow (the UTC+14 partition)."""
    return market.history_start, market.clock.now.date() + timedelta(days=1)


@functools.cache
def _written(root: str, fmt: str) -> tuple[ExportFile, ...]:
    market = small_market()
    first, last = export_window(market)
    return tuple(
        write_export(market, Path(root), first, last, properties=small_properties(), fmt=fmt)
    )  # type: ignore[arg-type]


def small_export(root: Path, fmt: str = "parquet") -> tuple[ExportFile, ...]:
    """The small market's export under ``root`` (written once per process and folder)."""
    return _written(str(root), fmt)
