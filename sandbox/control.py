"""Control endpoints under ``/__sandbox/`` (never part of any platform API).

``GET health``, ``GET info``, ``GET stats``, ``POST stats/reset``, ``GET clock``,
``POST clock/advance?days=1``, ``GET|POST|DELETE faults``, and the hidden truth:
``GET eval/curves``, ``GET eval/oracle?total_thb=…``, ``GET eval/realized?date=…``.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.faults import FaultError, FaultSet, parse_rules
from sandbox.market.catalog import PLATFORMS
from sandbox.market.evaluation import oracle_allocation, owner_curves, realized_margin
from sandbox.market.market import Market
from sandbox.meta.backend import MetaBackend
from sandbox.stats import Stats
from sandbox.tiktok.backend import TikTokBackend

_CURVE_MULTIPLES = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class Control:
    """The control plane of one sandbox server."""

    def __init__(
        self,
        backend: MetaBackend,
        market: Market | None,
        faults: FaultSet,
        stats: Stats,
        *,
        tiktok: TikTokBackend | None = None,
    ) -> None:
        self.backend, self.market, self.faults, self.stats = backend, market, faults, stats
        self.tiktok = tiktok

    def routes(self) -> list[Route]:
        """Starlette routes."""
        r = "/__sandbox"
        return [
            Route(f"{r}/health", self.health),
            Route(f"{r}/info", self.info),
            Route(f"{r}/stats", self.get_stats),
            Route(f"{r}/stats/reset", self.reset_stats, methods=["POST"]),
            Route(f"{r}/clock", self.clock),
            Route(f"{r}/clock/advance", self.advance, methods=["POST"]),
            Route(f"{r}/faults", self.fault_rules, methods=["GET", "POST", "PUT", "DELETE"]),
            Route(f"{r}/eval/curves", self.eval_curves),
            Route(f"{r}/eval/oracle", self.eval_oracle),
            Route(f"{r}/eval/realized", self.eval_realized),
        ]

    async def health(self, _: Request) -> Response:
        """Liveness: ``{"status": "ok", "mode": ...}``."""
        return JSONResponse({"status": "ok", "mode": self.backend.mode})

    async def info(self, _: Request) -> Response:
        """Mode, accounts and the date span of their insights.

        ``insights_span`` (``{"start", "end"}``, ISO dates) covers every served account, so a
        runner can pick its partition window without knowing the accounts.
        """
        body = {"mode": self.backend.mode, "served_platforms": ["meta"], **self.backend.info()}
        if self.tiktok is not None:  # the TikTok emulator's advertisers replace the modelled ones
            body["served_platforms"].append("tiktok")
            body["accounts"] = [
                a for a in body.get("accounts", []) if a.get("platform") != "tiktok"
            ] + self.tiktok.info()
        served = [
            a for a in body.get("accounts", []) if a.get("served", True) and a.get("insights_since")
        ]
        if served:
            body["insights_span"] = {
                "start": min(a["insights_since"] for a in served),
                "end": max(a["insights_until"] for a in served),
            }
        return JSONResponse(body)

    async def get_stats(self, _: Request) -> Response:
        """Request counters (see :class:`sandbox.stats.Stats`)."""
        return JSONResponse(self.stats.snapshot())

    async def reset_stats(self, _: Request) -> Response:
        """Zero the counters."""
        self.stats.reset()
        return JSONResponse(self.stats.snapshot())

    def _clock_body(self) -> dict:
        m = self.market
        assert m is not None
        accounts = [
            {
                "platform": a.platform,
                "account_id": a.account_id,
                "local_today": m.local_today(a).isoformat(),
                "elapsed_fraction": round(m.clock.elapsed_fraction(a.timezone), 6),
            }
            for p in PLATFORMS
            for a in m.accounts(p)
        ]
        return {
            "now": m.clock.now.isoformat().replace("+00:00", "Z"),
            "history_start": m.history_start.isoformat(),
            "accounts": accounts,
        }

    async def clock(self, _: Request) -> Response:
        """The simulated clock (market mode only)."""
        if self.market is None:
            return _error(404, "replay mode has no clock")
        return JSONResponse(self._clock_body())

    async def advance(self, request: Request) -> Response:
        """Move the clock forward by ``days`` (default 1, fractions allowed)."""
        if self.market is None:
            return _error(404, "replay mode has no clock")
        try:
            days = float(request.query_params.get("days", "1"))
            self.market.advance(days)
        except ValueError as exc:
            return _error(400, str(exc))
        return JSONResponse(self._clock_body())

    async def fault_rules(self, request: Request) -> Response:
        """GET the rules, POST/PUT a JSON body to replace them, DELETE to clear them."""
        if request.method in ("POST", "PUT"):
            try:
                self.faults.replace(parse_rules(await request.json()))
            except (FaultError, ValueError) as exc:
                return _error(400, str(exc))
        elif request.method == "DELETE":
            self.faults.clear()
        return JSONResponse(self.faults.describe())

    async def eval_curves(self, request: Request) -> Response:
        """Expected margin (THB) at multiples of each owner's current budget (THB)."""
        if self.market is None:
            return _error(404, "evaluation needs the simulated market")
        c = owner_curves(self.market, day=_day(request))
        owners = []
        for i, oid in enumerate(c.owner_ids):
            budgets = c.current_budget_thb[i] * np.array(_CURVE_MULTIPLES)
            grid = np.tile(c.current_budget_thb, (len(budgets), 1))
            grid[:, i] = budgets
            margin = [float(c.expected_margin_thb(row)[i]) for row in grid]
            owners.append(
                {
                    "owner_id": oid,
                    "platform": c.platform[i],
                    "account_id": c.account_ids[i],
                    "currency": c.currency[i],
                    "current_budget_thb": round(float(c.current_budget_thb[i]), 2),
                    "min_budget_thb": round(float(c.min_budget_thb[i]), 2),
                    "max_budget_thb": round(float(c.max_budget_thb[i]), 2),
                    "points": [
                        [round(float(b), 2), round(m, 2)]
                        for b, m in zip(budgets, margin, strict=True)
                    ],
                }
            )
        return JSONResponse({"owners": owners})

    async def eval_oracle(self, request: Request) -> Response:
        """Oracle allocation of ``total_thb`` (default: today's total) across budget owners."""
        if self.market is None:
            return _error(404, "evaluation needs the simulated market")
        c = owner_curves(self.market, day=_day(request))
        total = float(request.query_params.get("total_thb", c.current_budget_thb.sum()))
        try:
            a = oracle_allocation(c, total)
        except ValueError as exc:
            return _error(400, str(exc))
        current = c.expected_margin_thb(c.current_budget_thb)
        return JSONResponse(
            {
                "total_thb": total,
                "total_expected_margin_thb": round(a.total_expected_margin_thb, 2),
                "current_expected_margin_thb": round(float(current.sum()), 2),
                "marginal_thb": round(a.marginal_thb, 6),
                "unallocated_thb": round(a.unallocated_thb, 2),
                "owners": [
                    {
                        "owner_id": oid,
                        "account_id": c.account_ids[i],
                        "budget_thb": round(float(a.budgets_thb[i]), 2),
                        "budget_minor": round(float(a.budgets_thb[i] / c.fx_thb[i] * 100)),
                        "current_budget_thb": round(float(c.current_budget_thb[i]), 2),
                        "expected_margin_thb": round(float(a.expected_margin_thb[i]), 2),
                    }
                    for i, oid in enumerate(a.owner_ids)
                ],
            }
        )

    async def eval_realized(self, request: Request) -> Response:
        """Realized margin (THB) of one account-local day (``date``, default yesterday UTC)."""
        if self.market is None:
            return _error(404, "evaluation needs the simulated market")
        day = _day(request) or self.market.clock.now.date() - timedelta(days=1)
        r = realized_margin(self.market, day)
        return JSONResponse(
            {
                "date": day.isoformat(),
                "total_margin_thb": round(r.total_margin_thb, 2),
                "owners": [
                    {
                        "owner_id": oid,
                        "spend_thb": round(float(r.spend_thb[i]), 2),
                        "revenue_thb": round(float(r.revenue_thb[i]), 2),
                        "margin_thb": round(float(r.margin_thb[i]), 2),
                    }
                    for i, oid in enumerate(r.owner_ids)
                ],
            }
        )


def _day(request: Request) -> date | None:
    raw = request.query_params.get("date")
    return date.fromisoformat(raw) if raw else None
