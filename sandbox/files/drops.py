"""Every drop file the simulated market produces over a window, and writing them to an inbox."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

from sandbox.files.reconciled import reconciled_report
from sandbox.files.render import DropFile
from sandbox.files.scans import scans_file
from sandbox.files.sellout import sellout_file, week_starts
from sandbox.market import Market


def settled_days(market: Market, first: date, last: date) -> tuple[date, date] | None:
    """``first``..``last`` clipped to the market's history and to days complete everywhere.

    A file is produced only once its day (or week) is over for every Meta account, as partners
    send them; returns None when nothing is left.
    """
    newest = min(market.local_today(a) for a in market.accounts("meta")) - timedelta(days=1)
    first, last = max(first, market.history_start), min(last, newest)
    return (first, last) if first <= last else None


def market_drops(market: Market, first: date, last: date) -> list[DropFile]:
    """The files partners would have dropped for ``first``..``last`` (inclusive).

    One reconciled campaign report and one scan file per settled day, one 7-Eleven sell-out file
    per Monday-week entirely inside the window; in the order they would arrive.
    """
    span = settled_days(market, first, last)
    if span is None:
        return []
    out: list[DropFile] = []
    day = span[0]
    while day <= span[1]:
        out += [reconciled_report(market, day), scans_file(market, day)]
        day += timedelta(days=1)
    out += [sellout_file(market, monday) for monday in week_starts(*span)]
    return out


def write_drops(files: list[DropFile], inbox: Path, *, mtime: float | None = None) -> list[Path]:
    """Write ``files`` into ``inbox`` (created if missing) and return their paths.

    Args:
        files: the files, in arrival order.
        inbox: the inbox folder.
        mtime: POSIX time to stamp on the files (one second apart, in order), so that an inbox
            reader sees them as settled and in arrival order; None leaves the real time.
    """
    inbox.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, f in enumerate(files):
        path = inbox / f.name
        path.write_bytes(f.data)
        if mtime is not None:
            os.utime(path, (mtime + i, mtime + i))
        paths.append(path)
    return paths
