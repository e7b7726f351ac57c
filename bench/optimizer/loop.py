"""The closed loop: one policy on one sandbox market for N simulated days.

Each day, on its own sandbox (same seed ⇒ same market for every policy) and its own DuckDB file:

1. **sync** every Meta account through the Graph API (``extractors.meta.sync``: entities, and
   insights of the attribution window — the whole history on day 0), stamped with the sandbox
   clock;
2. **marts**: the dbt project's compiled SQL for ``+budget_recommendations`` and
   ``action_outcomes`` (:mod:`bench.optimizer.dbt_sql`);
3. **plan** (:func:`optimizer.planner.make_plan`: curves, allocation, rules, guardrails) and
   store it in ``ops.budget_action_plans``;
4. **apply** through ``extractors/meta/actions.py`` (:class:`optimizer.apply.Applier`: intent,
   write, read back, audit);
5. **advance** the market clock one day (``POST /__sandbox/clock/advance``).

``no_change`` skips 1–4. ``oracle`` writes the sandbox's oracle allocation of the same total
(``GET /__sandbox/eval/oracle``) through the same write calls. Scoring reads the realized margin
of each day from ``GET /__sandbox/eval/realized`` — the truth the optimizer never sees.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import requests

from bench.optimizer.dbt_sql import Node, materialize
from config.accounts import load_accounts
from config.budget import load_budget
from config.guardrails import load_guardrails
from extractors.common.retry import RetryPolicy
from extractors.common.schemas import OPS_TABLES, RAW_TABLES
from extractors.common.warehouse import DuckDBWarehouse
from extractors.meta.actions import MetaActions
from extractors.meta.client import MetaClient
from extractors.meta.settings import MetaSettings
from extractors.meta.sync import sync_entities, sync_insights
from optimizer.apply import Applier
from optimizer.ledger import write_plan
from optimizer.planner import OptimizerSettings, make_plan
from optimizer.writers import MetaWriter
from sandbox.process import SandboxHandle, running_sandbox

log = logging.getLogger("bench.optimizer")

START = datetime(2026, 11, 21, 12, tzinfo=UTC)
"""Fixed start clock (noon UTC: every account's local day is the same calendar day)."""
HISTORY_DAYS = 35
LOOKBACK_DAYS = 28


@dataclass
class PolicyRun:
    """One policy's run on one seed.

    Attributes:
        daily_margin_thb / daily_spend_thb: realized (truth), one per simulated day.
        actions_applied / actions_blocked: counts over the run.
        seconds: wall time of the run.
    """

    seed: int
    policy: str
    days: list[date] = field(default_factory=list)
    daily_margin_thb: list[float] = field(default_factory=list)
    daily_spend_thb: list[float] = field(default_factory=list)
    actions_applied: int = 0
    actions_blocked: int = 0
    seconds: float = 0.0
    total_budget_thb: float | None = None

    @property
    def total_margin_thb(self) -> float:
        """Sum of the realized daily margins."""
        return float(sum(self.daily_margin_thb))


class ClosedLoop:
    """Runs one policy on one seed (module docstring).

    Args:
        seed: market seed.
        policy: ``no_change``, ``rules``, ``allocation``, ``rules_allocation`` or ``oracle``.
        workdir: where this run's DuckDB file lives (named ``warehouse.duckdb``, like the one
            the SQL was compiled against).
        nodes: compiled dbt nodes to rebuild each day.
        total_budget_thb: total daily budget of the allocation and the oracle (None: measure
            today's total on day 0).
    """

    def __init__(
        self,
        seed: int,
        policy: str,
        workdir: Path,
        nodes: list[Node],
        total_budget_thb: float | None = None,
    ) -> None:
        self.seed, self.policy, self.nodes = seed, policy, nodes
        self.workdir = workdir
        self.total = total_budget_thb
        accounts = load_accounts()
        assert accounts.meta is not None
        self.accounts = [a.account_id for a in accounts.meta.enabled_accounts()]
        self.settings = OptimizerSettings(load_budget(), load_guardrails(), accounts, None)
        self.sbx: SandboxHandle | None = None
        self.clients: dict[str, MetaClient] = {}

    # --- sandbox and API -----------------------------------------------------------------
    def _get(self, path: str, **params: Any) -> dict:
        assert self.sbx is not None
        resp = requests.get(f"{self.sbx.base_url}/__sandbox/{path}", params=params, timeout=60)
        resp.raise_for_status()
        return resp.json()

    def _clock(self) -> datetime:
        return datetime.fromisoformat(self._get("clock")["now"].replace("Z", "+00:00"))

    def client(self, account_id: str) -> MetaClient:
        """A Meta client on the sandbox (no real sleeps: the market's clock is simulated)."""
        if account_id not in self.clients:
            assert self.sbx is not None
            settings = MetaSettings(
                graph_url=self.sbx.base_url,
                poll_interval_s=0.0,
                retry=RetryPolicy(max_attempts=3, base_delay_s=0.0),
            )
            self.clients[account_id] = MetaClient(
                self.sbx.token, account_id, settings, sleep=lambda _s: None
            )
        return self.clients[account_id]

    # --- one day ---------------------------------------------------------------------------
    def _sync(self, wh: DuckDBWarehouse, now: datetime, first: bool) -> None:
        for acct in self.accounts:
            c = self.client(acct)
            sync_entities(c, wh, loaded_at=now)
            today = now.date()
            since = today - timedelta(days=HISTORY_DAYS if first else LOOKBACK_DAYS)
            sync_insights(c, wh, since, today + timedelta(days=1), now=now)

    def _current_total(self, wh: DuckDBWarehouse) -> float:
        rows = wh.query(
            "select sum(daily_budget_thb) as t from marts.dim_budget_owners "
            "where is_delivering and platform = 'meta'"
        ).to_pylist()
        return float(rows[0]["t"] or 0.0)

    def _optimize(self, wh: DuckDBWarehouse, now: datetime, run: PolicyRun) -> None:
        plan = make_plan(wh, self.settings, self.policy, now=now)  # type: ignore[arg-type]
        write_plan(wh, plan.actions, now)
        writer = MetaWriter(lambda a: MetaActions(self.client(a)))
        results = Applier(
            wh, {"meta": writer}, actor=f"bench:{self.policy}", clock=lambda: now
        ).apply(plan.actions)
        run.actions_applied += sum(r.outcome == "applied" for r in results)
        run.actions_blocked += sum(a.status == "blocked" for a in plan.actions)
        failed = [r for r in results if r.outcome not in ("applied", "already_applied")]
        if failed:
            log.warning(
                "seed %s %s: %d actions not applied: %s",
                self.seed,
                self.policy,
                len(failed),
                failed[:3],
            )

    def _oracle(self, wh: DuckDBWarehouse, day: date) -> None:
        oracle = self._get("eval/oracle", total_thb=self.total, date=day.isoformat())
        campaigns = {
            r["campaign_id"]
            for r in wh.query("select campaign_id from raw.meta_campaigns").to_pylist()
        }
        for o in oracle["owners"]:
            level = "campaign" if o["owner_id"] in campaigns else "ad_group"
            MetaActions(self.client(o["account_id"])).set_daily_budget(
                o["owner_id"], level, max(100, int(o["budget_minor"]))
            )

    def run(self, days: int) -> PolicyRun:
        """Run the loop for ``days`` simulated days; returns the realized margins."""
        t0 = time.monotonic()
        run = PolicyRun(self.seed, self.policy)
        self.workdir.mkdir(parents=True, exist_ok=True)
        db = self.workdir / "warehouse.duckdb"
        db.unlink(missing_ok=True)
        with (
            running_sandbox(
                seed=self.seed, days=HISTORY_DAYS, now=START, in_process=True, token="bench-token"
            ) as sbx,
            DuckDBWarehouse(db) as wh,
        ):
            self.sbx = sbx
            for spec in (*RAW_TABLES, *OPS_TABLES):  # every source the compiled SQL reads
                wh.ensure_table(spec)  # exists, empty for the platforms not synced here
            for step in range(days):
                now = self._clock()
                run.days.append(now.date())
                if self.policy != "no_change":
                    if step == 0 or self.policy != "oracle":
                        self._sync(wh, now, first=step == 0)
                        materialize(wh.con, self.nodes)
                    if self.total is None:
                        self.total = self._current_total(wh)
                    if self.policy == "oracle":
                        self._oracle(wh, now.date())
                    else:
                        self.settings = OptimizerSettings(
                            self.settings.budget.model_copy(
                                update={"total_daily_budget_thb": self.total}
                            ),
                            self.settings.guardrails,
                            self.settings.accounts,
                            None,
                        )
                        self._optimize(wh, now, run)
                sbx.advance(1)
            for d in run.days:
                realized = self._get("eval/realized", date=d.isoformat())
                run.daily_margin_thb.append(float(realized["total_margin_thb"]))
                run.daily_spend_thb.append(sum(o["spend_thb"] for o in realized["owners"]))
        run.seconds = time.monotonic() - t0
        run.total_budget_thb = self.total
        return run
