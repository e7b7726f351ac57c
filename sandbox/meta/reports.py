"""Async insights report runs (``AdReportRun``).

``POST /{v}/act_{id}/insights`` answers ``{"report_run_id": "..."}``; ``GET /{v}/{id}`` shows
the job (``async_status`` ∈ Job Not Started | Job Started | Job Running | Job Completed | Job
Failed, ``async_percent_completion`` 0–100); ``GET /{v}/{id}/insights`` pages the rows once the
job has completed. The rows are computed when the job is created (a snapshot of that moment),
so they equal the synchronous report made at the same clock. Progress is driven by status polls,
never by wall time: a job completes on its ``polls_needed``-th poll (2 by default; fault
``async_slow`` adds polls, ``async_job_failed`` ends it as failed).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from sandbox.meta.frame import InsightsFrame
from sandbox.meta.insights import InsightsQuery

DEFAULT_POLLS = 2
_KEEP_RUNS = 64


@dataclass
class ReportRun:
    """One async job.

    Attributes:
        id: ``report_run_id``.
        account_id: digits.
        query: the parsed request.
        frame: the result rows.
        polls_needed: status polls until the job ends.
        fail_percent: when set, the job ends "Job Failed" at this percent.
        time_ref: creation time, Unix seconds of the simulated clock.
        polls: status polls so far.
    """

    id: str
    account_id: str
    query: InsightsQuery
    frame: InsightsFrame
    polls_needed: int
    fail_percent: int | None
    time_ref: int
    polls: int = 0

    @property
    def finished(self) -> bool:
        """The job has ended (completed or failed)."""
        return self.polls >= self.polls_needed

    @property
    def completed(self) -> bool:
        """The job has completed successfully (its rows can be read)."""
        return self.finished and self.fail_percent is None

    def status(self) -> tuple[str, int]:
        """(``async_status``, ``async_percent_completion``) as of the polls so far."""
        n, i = self.polls_needed, self.polls
        if i >= n:
            if self.fail_percent is not None:
                return "Job Failed", self.fail_percent
            return "Job Completed", 100
        if i == 0 or (i == 1 and n > 2):
            return "Job Not Started", 0
        if i == 2 and n > 3:
            return "Job Started", round(100 * i / n)
        return "Job Running", round(100 * i / n)

    def node(self) -> dict:
        """The ``AdReportRun`` node (every field)."""
        status, pct = self.status()
        node = {
            "id": self.id,
            "account_id": self.account_id,
            "time_ref": self.time_ref,
            "async_status": status,
            "async_percent_completion": pct,
            "date_start": self.query.since.isoformat(),
            "date_stop": self.query.until.isoformat(),
            "is_running": not self.finished,
        }
        if self.finished:
            node["time_completed"] = self.time_ref + 5 * self.polls_needed
        return node


class ReportRuns:
    """The server's report runs (the newest 64 are kept)."""

    def __init__(self) -> None:
        self._runs: OrderedDict[str, ReportRun] = OrderedDict()
        self._next = 1

    def create(
        self,
        account_id: str,
        query: InsightsQuery,
        frame: InsightsFrame,
        time_ref: int,
        extra_polls: int = 0,
        fail_percent: int | None = None,
    ) -> ReportRun:
        """Register a job; ids are sequential per server (``6000000000000001``, ...)."""
        run = ReportRun(
            f"6{self._next:015d}",
            account_id,
            query,
            frame,
            DEFAULT_POLLS + max(0, extra_polls),
            fail_percent,
            time_ref,
        )
        self._next += 1
        self._runs[run.id] = run
        if len(self._runs) > _KEEP_RUNS:
            self._runs.popitem(last=False)
        return run

    def get(self, run_id: str) -> ReportRun | None:
        """A job by id."""
        return self._runs.get(run_id)

    def poll(self, run_id: str) -> ReportRun | None:
        """Count one status poll and return the job."""
        run = self._runs.get(run_id)
        if run is not None and not run.finished:
            run.polls += 1
        return run
