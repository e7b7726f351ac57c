"""One request budget shared by every process: a token bucket whose state lives in SQLite.

A platform's rate limit is per app (TikTok counts the requests of one app id, whatever the
advertiser or the process that sends them). Dagster runs a schedule tick, a backfill and a manual
run as separate processes, so an in-memory limiter would give each its own full budget and
together they would exceed the platform's limit. Here the bucket's state is one row of a small
SQLite database (``<dir>/ratelimit.sqlite``); every draw happens inside ``BEGIN IMMEDIATE``, which
takes SQLite's write lock on the file, so draws of all processes are serialized and see each
other's effect.

Token bucket (https://en.wikipedia.org/wiki/Token_bucket): ``capacity`` tokens at most, refilled
at ``rate_per_s`` tokens per second of elapsed clock time; a request takes one token or waits
``(1 - tokens) / rate_per_s`` seconds. Over any interval of length ``T`` at most
``capacity + rate_per_s × T`` requests are granted, by all processes together.

``penalize(seconds)`` puts the bucket in debt when the platform answers "rate limited" anyway
(another app instance, a limit lower than configured): every process then waits, not just the
one that saw the error.

The clock and the sleep are injectable (tests share a simulated clock between processes). The
clock must be comparable across processes: wall-clock seconds (``time.time``), never
``time.monotonic``. A clock that steps backwards counts as no elapsed time.

Reusable by any platform: key the bucket by platform and app (``tiktok:<app_id>``).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DB_NAME = "ratelimit.sqlite"
_BUSY_TIMEOUT_S = 30.0
_EPSILON = 1e-9


class RateLimitTimeoutError(RuntimeError):
    """Waiting for a token took longer than the limiter's ``max_wait_s``."""


@dataclass(frozen=True)
class Grant:
    """A granted draw.

    Attributes:
        at: clock time (seconds) at which the token was taken.
        waited_s: seconds slept before it was granted (0.0 when a token was free).
    """

    at: float
    waited_s: float


class SharedTokenBucket:
    """A token bucket shared through a SQLite file by every process that opens the same key.

    Args:
        directory: folder of the state database (created if missing), e.g. ``$DAGSTER_HOME/
            ratelimit``; every process that must share the budget points at the same folder.
        key: the budget's name, e.g. ``tiktok:my-app-id``; several keys can share one file.
        rate_per_s: tokens added per second (the sustained request rate), > 0.
        capacity: bucket size (the largest burst), >= 1.
        clock: seconds, comparable across processes (default ``time.time``).
        sleep: waits (tests pass a recorder or a simulated clock's sleep).
        max_wait_s: give up (``RateLimitTimeoutError``) after waiting this long in one
            ``acquire``.

    Raises:
        ValueError: ``rate_per_s`` <= 0 or ``capacity`` < 1.
    """

    def __init__(
        self,
        directory: str | Path,
        key: str,
        rate_per_s: float,
        capacity: float,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        max_wait_s: float = 900.0,
    ) -> None:
        if rate_per_s <= 0:
            raise ValueError(f"rate_per_s must be > 0, got {rate_per_s}")
        if capacity < 1:
            raise ValueError(f"capacity must be >= 1, got {capacity}")
        self.path = Path(directory) / DB_NAME
        self.key = key
        self.rate = float(rate_per_s)
        self.capacity = float(capacity)
        self._clock = clock
        self._sleep = sleep
        self.max_wait_s = max_wait_s
        self._con: sqlite3.Connection | None = None
        self._pid = 0
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            con = self._connect()
            con.execute("PRAGMA journal_mode=WAL")  # persistent: readers never block the writer
            con.execute(
                "create table if not exists token_buckets ("
                "key text primary key, tokens real not null, updated_at real not null)"
            )

    def _connect(self) -> sqlite3.Connection:
        # autocommit mode: transactions are opened explicitly with BEGIN IMMEDIATE. The state is
        # a rate budget, not a record: a crash may lose the last draws, so commits skip fsync
        # (WAL + synchronous=NORMAL). One connection per process is kept open: closing the last
        # connection checkpoints the WAL (an fsync), which would cost ~15 ms per draw.
        if self._con is None or self._pid != os.getpid():  # a forked child opens its own
            self._con = sqlite3.connect(
                self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
            self._con.execute("PRAGMA synchronous=NORMAL")
            self._pid = os.getpid()
        return self._con

    def close(self) -> None:
        """Close this process's connection (the next draw reopens it)."""
        if self._con is not None and self._pid == os.getpid():
            self._con.close()
        self._con = None

    def _draw(self, tokens: float, debt_s: float = 0.0) -> tuple[float, float]:
        """One locked read-refill-write of the bucket.

        Returns:
            (clock time of the draw, seconds to wait; 0.0 when ``tokens`` were taken).
        """
        with self._lock:
            return self._draw_locked(tokens, debt_s)

    def _draw_locked(self, tokens: float, debt_s: float) -> tuple[float, float]:
        con = self._connect()
        try:
            con.execute("BEGIN IMMEDIATE")
            now = self._clock()  # read under the lock: draws are ordered by clock time
            row = con.execute(
                "select tokens, updated_at from token_buckets where key = ?", (self.key,)
            ).fetchone()
            level, last = (self.capacity, now) if row is None else (float(row[0]), float(row[1]))
            level = min(self.capacity, level + max(0.0, now - last) * self.rate)
            wait = 0.0
            if debt_s > 0:
                level = min(level, -debt_s * self.rate)
            elif level >= tokens - _EPSILON:  # float refill may fall a hair short of a token
                level -= tokens
            else:
                wait = (tokens - level) / self.rate
            con.execute(
                "insert into token_buckets (key, tokens, updated_at) values (?, ?, ?) "
                "on conflict (key) do update set tokens = excluded.tokens, "
                "updated_at = excluded.updated_at",
                (self.key, level, max(now, last)),
            )
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        return now, wait

    def try_acquire(self, tokens: float = 1.0) -> float:
        """Take ``tokens`` if they are there, without waiting.

        Returns:
            0.0 when taken, else the seconds until they would be (nothing is taken then).
        """
        return self._draw(tokens)[1]

    def acquire(self, tokens: float = 1.0) -> Grant:
        """Take ``tokens``, sleeping (through the injected sleep) until the bucket has them.

        Returns:
            When the tokens were taken and how long this call waited.

        Raises:
            RateLimitTimeoutError: waiting would exceed ``max_wait_s``.
        """
        waited = 0.0
        while True:
            at, wait = self._draw(tokens)
            if wait <= 0:
                return Grant(at, waited)
            if waited + wait > self.max_wait_s:
                raise RateLimitTimeoutError(
                    f"rate limit {self.key}: waited {waited:.1f}s, {wait:.1f}s more needed "
                    f"(max {self.max_wait_s:.0f}s)"
                )
            self._sleep(wait)
            waited += wait

    def penalize(self, seconds: float) -> None:
        """Empty the bucket for ``seconds``: every process sharing it waits that long.

        Used when the platform reports its rate limit anyway (TikTok code 40100).
        """
        if seconds > 0:
            self._draw(0.0, debt_s=seconds)
            log.warning(
                "rate limit %s: platform throttled; all callers pause %.1fs", self.key, seconds
            )

    def level(self) -> float:
        """Tokens available now (negative while penalized); takes nothing, writes nothing."""
        now = self._clock()
        with self._lock:
            row = (
                self._connect()
                .execute("select tokens, updated_at from token_buckets where key = ?", (self.key,))
                .fetchone()
            )
        if row is None:
            return self.capacity
        return min(self.capacity, float(row[0]) + max(0.0, now - float(row[1])) * self.rate)
