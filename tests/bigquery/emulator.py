"""Start and stop the local BigQuery emulator (bqemulator) for the ``bigquery`` tests.

The emulator runs from its own virtualenv, ``.bqemulator-venv`` (``make test-bigquery`` creates
it from ``tests/bigquery/requirements-emulator.txt``): bqemulator is DuckDB-backed and needs
``duckdb==1.5.5``, while the project runs DuckDB 2.x. DuckDB extensions it loads (``spatial``,
``avro``) come from their PyPI wheels and are installed into a private ``HOME`` before start, so
nothing is downloaded at run time.

    with running_emulator() as emu:
        emu.url        # http://127.0.0.1:<port>
        emu.project    # adpilot-local

The emulator is ephemeral (in memory): every start is empty.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
EMULATOR_VENV = REPO_ROOT / ".bqemulator-venv"
EMULATOR_PYTHON = EMULATOR_VENV / "bin" / "python"
PROJECT = "adpilot-local"

# Run inside the emulator's venv: install the wheel-shipped DuckDB extensions into HOME/.duckdb.
_INSTALL_EXTENSIONS = """
import pathlib, duckdb, duckdb_extension_spatial, duckdb_extension_avro
con = duckdb.connect()
for mod in (duckdb_extension_spatial, duckdb_extension_avro):
    path = next(pathlib.Path(mod.__file__).parent.rglob("*.duckdb_extension"))
    con.execute(f"INSTALL '{path}'")
"""


# Run inside the emulator's venv: start bqemulator with one fix to its BigQuery → DuckDB
# translation. BigQuery's bare NUMERIC is NUMERIC(38, 9), and sqlglot writes a parsed `NUMERIC`
# — also what its BigQuery generator turns `decimal(38, 9)` into when the emulator re-serializes
# a query or a view — as a bare DuckDB `DECIMAL`, which DuckDB reads as DECIMAL(18, 3): without
# the fix every `cast(x / y as decimal(38, 9))` and every NUMERIC read through a view is rounded
# to 3 decimals. Nothing else is changed.
_START = """
import sys
from sqlglot import exp
from sqlglot.dialects.duckdb import DuckDB

_datatype_sql = DuckDB.Generator.datatype_sql


def datatype_sql(self, expression):
    if expression.is_type(exp.DataType.Type.DECIMAL) and not expression.expressions:
        expression = exp.DataType.build("DECIMAL(38, 9)", dialect="duckdb")
    return _datatype_sql(self, expression)


DuckDB.Generator.datatype_sql = datatype_sql
from bqemulator.cli import main

sys.argv[0] = "bqemulator"
sys.exit(main())
"""


@dataclass(frozen=True)
class Emulator:
    """A running emulator: its REST URL, default project, process and log file."""

    url: str
    project: str
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def host(self) -> str:
        """``host:port`` (the ``BIGQUERY_EMULATOR_HOST`` form)."""
        return self.url.removeprefix("http://")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(emu: Emulator, deadline_s: float) -> None:
    """Poll the dataset list until it answers; the process dying or the deadline fails."""
    deadline = time.monotonic() + deadline_s
    probe = f"{emu.url}/bigquery/v2/projects/{emu.project}/datasets"
    while time.monotonic() < deadline:
        if emu.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(probe, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # process start-up, not simulated time
    emu.process.kill()
    tail = emu.log_path.read_text(errors="replace")[-3000:] if emu.log_path.exists() else ""
    raise RuntimeError(f"bqemulator did not come up at {emu.url}; log tail:\n{tail}")


@contextmanager
def running_emulator(workdir: Path, *, start_timeout_s: float = 60.0) -> Iterator[Emulator]:
    """Run bqemulator on a free loopback port for the duration of the block.

    Args:
        workdir: scratch directory (private HOME for DuckDB extensions, the log file).
        start_timeout_s: seconds to wait for the REST API to answer.

    Raises:
        FileNotFoundError: ``.bqemulator-venv`` is missing (run ``make test-bigquery``).
        RuntimeError: the emulator did not start (the log tail is in the message).
    """
    if not EMULATOR_PYTHON.exists():
        raise FileNotFoundError(f"{EMULATOR_PYTHON} missing: run `make test-bigquery`")
    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BQEMU_", "VIRTUAL_ENV"))}
    env["HOME"] = str(home)
    subprocess.run([str(EMULATOR_PYTHON), "-c", _INSTALL_EXTENSIONS], env=env, check=True)
    port = _free_port()
    log_path = workdir / "bqemulator.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                str(EMULATOR_PYTHON),
                "-c",
                _START,
                "start",
                "--rest-host=127.0.0.1",
                f"--rest-port={port}",
                "--grpc-host=127.0.0.1",
                "--grpc-port=0",
                f"--project={PROJECT}",
                "--log-level=warning",
                "--log-format=console",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    emu = Emulator(f"http://127.0.0.1:{port}", PROJECT, proc, log_path)
    try:
        _wait_until_up(emu, start_timeout_s)
        yield emu
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
