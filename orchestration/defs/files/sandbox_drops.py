"""``make run``: put the simulated market's CSV drops for the run window into the inbox.

The files are what partners would have sent for the window (``sandbox.files``): one reconciled
campaign report and one Saversure scan file per settled day, one 7-Eleven sell-out file per whole
Monday-week. They are computed in this process from a market with the sandbox server's seed,
history and clock, so they agree with what its APIs serve. ``pipeline_job`` then loads them
through ``file_drops`` (the same code and ledger as the inbox sensor); a re-run drops identical
files, which the ledger skips.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import dagster as dg

from sandbox.files import market_drops, write_drops
from sandbox.market import Market, MarketConfig, parse_now


def drop_sandbox_files(
    seed: int, days: int, now: str, keys: dg.PartitionKeyRange, inbox: Path
) -> list[Path]:
    """Write the market's drops for the partition window into ``inbox``.

    Args:
        seed: the sandbox's market seed.
        days: the sandbox's history length in days.
        now: the sandbox's clock (``/__sandbox/info`` ``now``, ISO 8601).
        keys: the run's partition range (account-local days).
        inbox: the inbox folder (``RuntimeSettings.inbox_dir``).

    Returns:
        The files written, oldest first (modification times one second apart, in the past, so
        the inbox sensor would see them settled and in order).
    """
    market = Market(MarketConfig(seed=seed, days=days, now=parse_now(now)))
    files = market_drops(market, date.fromisoformat(keys.start), date.fromisoformat(keys.end))
    return write_drops(files, inbox, mtime=time.time() - 60 - len(files))
