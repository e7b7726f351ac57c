"""Request counters for ``/__sandbox/stats``: per route family, per account, per status.

Route families are short names such as ``meta.insights``, ``meta.report_run``, ``meta.edge``,
``meta.node``, ``meta.write``; benchmarks and tests read them to count API calls.
"""

from __future__ import annotations

import threading
from collections import Counter


class Stats:
    """Thread-safe counters."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Zero every counter."""
        with self._lock:
            self._routes: Counter[str] = Counter()
            self._accounts: Counter[str] = Counter()
            self._statuses: Counter[str] = Counter()
            self._faults: Counter[str] = Counter()

    def record(
        self, route: str, account_id: str | None, status: int, faults: list[str] | None = None
    ) -> None:
        """Count one request."""
        with self._lock:
            self._routes[route] += 1
            if account_id:
                self._accounts[account_id] += 1
            self._statuses[str(status)] += 1
            for kind in faults or ():
                self._faults[kind] += 1

    def snapshot(self) -> dict:
        """``{"total", "routes", "accounts", "statuses", "faults"}`` (JSON-ready)."""
        with self._lock:
            return {
                "total": sum(self._routes.values()),
                "routes": dict(sorted(self._routes.items())),
                "accounts": dict(sorted(self._accounts.items())),
                "statuses": dict(sorted(self._statuses.items())),
                "faults": dict(sorted(self._faults.items())),
            }
