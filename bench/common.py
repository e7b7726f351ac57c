"""What every benchmark shares: the scale knobs, the clock, result files, and timed dbt runs.

A benchmark is a function ``run(cfg: BenchConfig) -> dict`` returning the JSON-ready figures of
its result file (``bench/results/<name>.json``); :func:`write_result` adds the machine and the
knobs beside them so a file can be read on its own.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT = REPO_ROOT / "dbt_project"
RESULTS_DIR = REPO_ROOT / "bench" / "results"
SCRATCH_DIR = REPO_ROOT / "bench" / ".scratch"

START = datetime(2026, 11, 21, 12, tzinfo=UTC)
"""Fixed market clock (noon UTC: every simulated account's local day is the same date)."""

PLATFORMS: tuple[str, ...] = ("meta", "tiktok", "google")


@dataclass(frozen=True)
class BenchConfig:
    """Scale knobs and places of one ``python -m bench`` run.

    Attributes:
        ads: ads per platform in the warehouse benchmarks (incremental, mart queries, bytes).
        days: days of history in the warehouse (365 = one year).
        accounts: accounts per platform (None = the market's fixed 3 Meta / 2 TikTok / 2 Google).
        ingest_ads: Meta ads whose insights the ingest benchmark records.
        ingest_days: days of those insights (rows ≈ active ads × days).
        api_ads: Meta ads of the market the API-call benchmark syncs.
        readers: concurrent dashboard readers (mart queries).
        queries_per_reader: queries each reader runs.
        seed: market seed.
        exclude: dbt selector left out of both builds (None = nothing, the default: every
            model and test of the project is built and timed).
        out_dir: where the result JSON files go.
        scratch_dir: DuckDB files, recorded pages and dbt target/logs (gitignored).
    """

    ads: int = 10_000
    days: int = 365
    accounts: int | None = None
    ingest_ads: int = 10_000
    ingest_days: int = 60
    api_ads: int = 10_000
    readers: int = 10
    queries_per_reader: int = 40
    seed: int = 42
    exclude: str | None = None
    out_dir: Path = RESULTS_DIR
    scratch_dir: Path = SCRATCH_DIR
    extra: dict[str, Any] = field(default_factory=dict)

    def market_scale(self, ads: int) -> tuple[dict[str, int], dict[str, int]]:
        """``(ads, accounts)`` knobs for :class:`sandbox.market.market.MarketConfig`."""
        accounts = dict.fromkeys(PLATFORMS, self.accounts) if self.accounts else {}
        return dict.fromkeys(PLATFORMS, ads), accounts


def machine() -> dict[str, Any]:
    """The machine a result was measured on: CPUs, memory (GiB), OS, Python, DuckDB, dbt."""
    import duckdb

    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
    }


def write_result(cfg: BenchConfig, name: str, figures: dict[str, Any]) -> Path:
    """Write ``<out_dir>/<name>.json``: the figures first, then ``knobs``, ``machine``, time.

    Returns:
        The file written.
    """
    cfg.out_dir.mkdir(parents=True, exist_ok=True)
    knobs = {k: v for k, v in asdict(cfg).items() if k not in ("out_dir", "scratch_dir", "extra")}
    doc = {
        **figures,
        "knobs": knobs,
        "machine": machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    path = cfg.out_dir / f"{name}.json"
    path.write_text(json.dumps(doc, indent=2, default=str) + "\n")
    return path


@dataclass(frozen=True)
class DbtRun:
    """One timed dbt invocation.

    Attributes:
        args: the dbt arguments (without project/profile/target options).
        seconds: wall time of the subprocess.
        peak_rss_mb: peak resident set size of the dbt process (MiB, :func:`_watch_peak_rss`).
        returncode: the exit code.
        output: the last 4,000 characters of stdout + stderr.
    """

    args: list[str]
    seconds: float
    peak_rss_mb: float
    returncode: int
    output: str


def run_dbt(
    args: list[str], db_path: Path, work: Path, env: dict[str, str] | None = None
) -> DbtRun:
    """Run ``dbt <args>`` on ``db_path`` with target/ and logs/ under ``work``; time it.

    Args:
        args: dbt arguments, e.g. ``["build", "--vars", "{...}"]``.
        db_path: the DuckDB file (``ADPILOT_DUCKDB_PATH``).
        work: directory for ``target/`` (``DBT_TARGET_PATH``) and ``logs/``.
        env: extra environment (e.g. the BigQuery target's variables for an offline compile).

    Returns:
        Wall time, peak RSS and output; the caller decides whether a failure is fatal.
    """
    db_path, work = db_path.resolve(), work.resolve()  # dbt resolves paths from the project dir
    full_env = {
        **os.environ,
        "ADPILOT_DUCKDB_PATH": str(db_path),
        "ADPILOT_WAREHOUSE": "duckdb",
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **(env or {}),
    }
    cmd = [
        str(Path(sys.executable).parent / "dbt"),
        *args,
        "--project-dir",
        str(DBT_PROJECT),
        "--profiles-dir",
        str(DBT_PROJECT),
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=REPO_ROOT,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    chunks: list[str] = []
    reader = threading.Thread(target=lambda: chunks.extend(proc.stdout or []), daemon=True)
    reader.start()
    peak_kib = [0]
    done = threading.Event()
    watcher = threading.Thread(target=_watch_peak_rss, args=(proc.pid, done, peak_kib))
    watcher.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    output = "".join(chunks)
    # no reading (not Linux, or gone at once): ru_maxrss, at least this process's size
    peak_mb = (peak_kib[0] or usage.ru_maxrss) / 1024
    return DbtRun(args, seconds, peak_mb, proc.returncode, output[-4000:])


def _watch_peak_rss(pid: int, done: threading.Event, peak_kib: list[int]) -> None:
    """Keep in ``peak_kib[0]`` the largest ``VmHWM`` (KiB) of ``/proc/<pid>/status`` until ``done``.

    ``VmHWM`` is the high-water mark of the process's own memory since its ``exec``, read every
    0.1 s; dbt-duckdb runs the queries in-process, so that is the build's peak. Not
    ``ru_maxrss`` from ``wait4``: Linux carries the pre-``exec`` image's high-water mark into it,
    and that image is this (large: the market's arrays) process, forked or vforked — a child
    that runs ``/bin/true`` reports the parent's size (proc(5), getrusage(2)).
    """
    status = Path(f"/proc/{pid}/status")
    while not done.is_set():
        try:
            lines = status.read_text().splitlines()
        except OSError:  # exited and reaped, or not Linux
            return
        for line in lines:
            if line.startswith("VmHWM:"):
                peak_kib[0] = max(peak_kib[0], int(line.split()[1]))
        done.wait(0.1)


def timed(fn: Any, *a: Any, **kw: Any) -> tuple[Any, float]:
    """``(fn(*a, **kw), seconds)`` of one call, by the monotonic clock."""
    t0 = time.perf_counter()
    out = fn(*a, **kw)
    return out, time.perf_counter() - t0
