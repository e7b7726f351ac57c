"""make run's inbox: the simulated market's drops for the run window, ready for file_drops."""

from __future__ import annotations

import time

import dagster as dg

from orchestration.defs.files.sandbox_drops import drop_sandbox_files
from sandbox.files import market_drops
from sandbox.market import Market, MarketConfig, parse_now

NOW = "2026-11-21T12:00:00Z"


def test_the_windows_drops_are_written_oldest_first_and_settled(tmp_path):
    keys = dg.PartitionKeyRange("2026-11-09", "2026-11-22")
    before = time.time()

    paths = drop_sandbox_files(42, 37, NOW, keys, tmp_path / "inbox")

    expected = market_drops(
        Market(MarketConfig(seed=42, days=37, now=parse_now(NOW))),
        parse_now("2026-11-09").date(),
        parse_now("2026-11-22").date(),
    )
    assert [p.name for p in paths] == [f.name for f in expected]
    assert [p.read_bytes() for p in paths] == [f.data for f in expected]
    names = [p.name for p in paths]
    assert "reconciled_campaign_report_2026-11-09.csv" in names
    assert "reconciled_campaign_report_2026-11-21.csv" not in names  # not over everywhere yet
    assert "7eleven_sellout_2026-11-09.csv" in names
    assert "7eleven_sellout_2026-11-16.csv" not in names  # that week is not over
    mtimes = [p.stat().st_mtime for p in paths]
    assert mtimes == sorted(mtimes)
    assert mtimes[-1] < before - 10  # settled for the sensor
