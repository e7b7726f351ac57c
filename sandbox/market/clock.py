"""The market clock: one UTC instant, read in each account's own timezone.

Days before an account's local today are complete; the local today shows the elapsed fraction
of the day. The default ``now`` is today's UTC date at 12:00 UTC, so re-runs on the same day see
identical data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo


def default_now() -> datetime:
    """Today's UTC date at 12:00 UTC."""
    return datetime.combine(datetime.now(UTC).date(), time(12), UTC)


def parse_now(text: str) -> datetime:
    """Parse ``2026-11-21T12:00:00Z`` (or a bare date, meaning 12:00 UTC) into aware UTC."""
    text = text.strip()
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), time(12), UTC)
    dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """Cached :class:`ZoneInfo`."""
    return ZoneInfo(name)


@dataclass
class Clock:
    """Simulated time.

    Attributes:
        now: the current instant, timezone-aware UTC.
    """

    now: datetime

    def local_now(self, tz: str) -> datetime:
        """``now`` in an IANA timezone."""
        return self.now.astimezone(zone(tz))

    def local_today(self, tz: str) -> date:
        """The account-local calendar date of ``now``."""
        return self.local_now(tz).date()

    def elapsed_fraction(self, tz: str) -> float:
        """Share of the local today that has passed, in [0, 1)."""
        local = self.local_now(tz)
        start = datetime.combine(local.date(), time(0), zone(tz))
        end = datetime.combine(local.date() + timedelta(days=1), time(0), zone(tz))
        return (local - start) / (end - start)

    def utc_offset_hours(self, tz: str) -> float:
        """The timezone's offset from UTC at ``now``, in hours (e.g. 7.0, -8.0)."""
        offset = self.local_now(tz).utcoffset() or timedelta(0)
        return offset.total_seconds() / 3600.0

    def advance(self, days: float = 1.0) -> None:
        """Move ``now`` forward (fractions of a day allowed)."""
        if days < 0:
            raise ValueError("the clock only moves forward")
        self.now = self.now + timedelta(days=days)
