"""Rate-limit usage headers, growing with calls in a sliding window.

Header shapes (https://developers.facebook.com/docs/graph-api/overview/rate-limiting)::

    x-app-usage: {"call_count": 4, "total_cputime": 2, "total_time": 3}
    x-business-use-case-usage: {"7010000000000001": [{"type": "ads_insights", "call_count": 5,
        "total_cputime": 3, "total_time": 4, "estimated_time_to_regain_access": 0}]}
    x-fb-ads-insights-throttle: {"app_id_util_pct": 4.0, "acc_id_util_pct": 5.0,
        "ads_api_access_tier": "standard_access"}

Percentages are calls in the window over a per-app / per-account call budget. The window uses a
monotonic clock (injectable for tests); it affects headers only, never response bodies.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

import orjson

WINDOW_SECONDS = 300.0
APP_CALL_BUDGET = 2000
ACCOUNT_CALL_BUDGET = 400


class UsageTracker:
    """Counts calls per app and per ad account in a sliding window."""

    def __init__(
        self, now: Callable[[], float] = time.monotonic, window_s: float = WINDOW_SECONDS
    ) -> None:
        self._now = now
        self._window = window_s
        self._app: deque[float] = deque()
        self._accounts: dict[str, deque[float]] = {}

    def _trim(self, q: deque[float], now: float) -> None:
        while q and q[0] <= now - self._window:
            q.popleft()

    def record(self, account_id: str | None) -> None:
        """Count one call (for the app, and for the account when known)."""
        now = self._now()
        self._app.append(now)
        if account_id:
            self._accounts.setdefault(account_id, deque()).append(now)

    def percents(self, account_id: str | None) -> tuple[float, float]:
        """(app %, account %) of the call budgets used in the window, each capped at 100."""
        now = self._now()
        self._trim(self._app, now)
        app = min(100.0, 100.0 * len(self._app) / APP_CALL_BUDGET)
        q = self._accounts.get(account_id or "")
        if q is None:
            return app, 0.0
        self._trim(q, now)
        return app, min(100.0, 100.0 * len(q) / ACCOUNT_CALL_BUDGET)

    def headers(
        self, account_id: str | None, insights: bool, override: dict[str, float] | None = None
    ) -> dict[str, str]:
        """The three usage headers for a response.

        Args:
            account_id: the ad account the call was about, if any.
            insights: whether the call was an insights call (BUC type ``ads_insights``).
            override: fault-injected values: ``app_id_util_pct``, ``acc_id_util_pct``,
                ``estimated_time_to_regain_access`` (minutes).

        Returns:
            Header name → JSON string.
        """
        app, acc = self.percents(account_id)
        override = override or {}
        app = float(override.get("app_id_util_pct", app))
        acc = float(override.get("acc_id_util_pct", acc))
        regain = int(
            override.get("estimated_time_to_regain_access", 0 if acc < 100 else self._window / 60)
        )
        out = {
            "x-app-usage": _dumps(
                {
                    "call_count": round(app),
                    "total_cputime": round(app * 0.6),
                    "total_time": round(app * 0.8),
                }
            ),
            "x-fb-ads-insights-throttle": _dumps(
                {
                    "app_id_util_pct": round(app, 2),
                    "acc_id_util_pct": round(acc, 2),
                    "ads_api_access_tier": "standard_access",
                }
            ),
        }
        buc = {}
        if account_id:
            buc[account_id] = [
                {
                    "type": "ads_insights" if insights else "ads_management",
                    "call_count": round(acc),
                    "total_cputime": round(acc * 0.6),
                    "total_time": round(acc * 0.8),
                    "estimated_time_to_regain_access": regain,
                }
            ]
        out["x-business-use-case-usage"] = _dumps(buc)
        return out


def _dumps(obj: object) -> str:
    return orjson.dumps(obj).decode()
