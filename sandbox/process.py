"""Start a sandbox server for a demo, test or benchmark, and stop it cleanly.

::

    with running_sandbox(seed=42, days=35) as sbx:
        FacebookSession.GRAPH = sbx.base_url
        ...
        sbx.advance(1)
        print(sbx.stats()["routes"])

By default the server is ``python -m sandbox serve`` in a subprocess on a free port, in its own
process group (so it receives SIGINT even from non-interactive scripts; see TOOLCHAIN.md). With
``in_process=True`` it runs as a uvicorn server in a thread of the calling process (faster to
start; the built :class:`~sandbox.server.Sandbox` is then reachable as ``handle.sandbox``).
In market mode the Google Ads gRPC server runs beside it (``handle.google_ads_endpoint``, TLS
trusted through ``handle.google_ads_ca_cert``) unless ``google_ads=False``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from sandbox.cli import REPO_ROOT
from sandbox.faults import FaultRule, parse_rules
from sandbox.server import Sandbox, SandboxSettings, build_sandbox

_STARTUP_TIMEOUT_S = 60.0
_STOP_TIMEOUT_S = 10.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SandboxHandle:
    """A running sandbox.

    Attributes:
        base_url: ``http://127.0.0.1:PORT`` (set ``FacebookSession.GRAPH`` to it).
        port: the TCP port.
        token: the access token to use (the configured one, or a placeholder that any
            token-less server accepts).
        sandbox: the in-process app and its parts (None for a subprocess).
        google_ads_endpoint: ``127.0.0.1:PORT`` of the Google Ads gRPC server (None in replay
            mode or when not started).
        google_ads_ca_cert: path of the CA certificate that server's TLS chains to (set
            ``GRPC_DEFAULT_SSL_ROOTS_FILE_PATH`` to it before the first gRPC channel).
    """

    base_url: str
    port: int
    token: str
    sandbox: Sandbox | None = None
    google_ads_endpoint: str | None = None
    google_ads_ca_cert: str | None = None

    def _control(self, method: str, path: str, **kw: Any) -> dict:
        resp = requests.request(method, f"{self.base_url}/__sandbox/{path}", timeout=30, **kw)
        resp.raise_for_status()
        return resp.json()

    def stats(self) -> dict:
        """Request counters (``/__sandbox/stats``)."""
        return self._control("GET", "stats")

    def reset_stats(self) -> dict:
        """Zero the request counters."""
        return self._control("POST", "stats/reset")

    def info(self) -> dict:
        """``/__sandbox/info``."""
        return self._control("GET", "info")

    def clock(self) -> dict:
        """``/__sandbox/clock``."""
        return self._control("GET", "clock")

    def advance(self, days: float = 1.0) -> dict:
        """Move the simulated clock forward; returns the new clock."""
        return self._control("POST", "clock/advance", params={"days": days})

    def set_faults(self, rules: list[dict] | list[FaultRule]) -> dict:
        """Replace the fault rules."""
        body = [r.model_dump(exclude_none=True) if isinstance(r, FaultRule) else r for r in rules]
        return self._control("POST", "faults", json=body)

    def clear_faults(self) -> dict:
        """Remove every fault rule."""
        return self._control("DELETE", "faults")


def _wait_healthy(base_url: str, alive: Callable[[], bool], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError("the sandbox server exited during start-up")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{base_url}/__sandbox/health", timeout=1).status_code == 200:
                return
        time.sleep(0.05)
    raise TimeoutError(f"the sandbox at {base_url} did not become healthy in {timeout_s:.0f} s")


def _command(
    port: int, settings: SandboxSettings, faults_file: str | None, google_port: int | None
) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "sandbox",
        "serve",
        "--port",
        str(port),
        "--seed",
        str(settings.seed),
        "--days",
        str(settings.days),
    ]
    cmd += ["--google-ads-port", str(google_port)] if google_port else ["--no-google-ads"]
    if settings.now is not None:
        cmd += ["--now", settings.now.isoformat()]
    if faults_file:
        cmd += ["--faults", faults_file]
    if settings.replay is not None:
        cmd += ["--replay", str(settings.replay)]
    if settings.token:
        cmd += ["--token", settings.token]
    cmd += [f"--ads={p}={n}" for p, n in settings.ads.items()]
    cmd += [f"--accounts={p}={n}" for p, n in settings.accounts.items()]
    return cmd


def _stop(proc: subprocess.Popen) -> None:
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        if proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=_STOP_TIMEOUT_S)


def _google_ads_target(
    settings: SandboxSettings, google_ads: bool
) -> tuple[int | None, str | None]:
    """(port, CA cert path) for a subprocess's Google Ads server; made here so both agree."""
    if not google_ads or settings.replay is not None:
        return None, None
    from sandbox.google_ads.tls import ensure_certificates

    return free_port(), str(ensure_certificates().ca_cert)


@contextlib.contextmanager
def _subprocess(
    settings: SandboxSettings, port: int, google_ads: bool = True
) -> Iterator[SandboxHandle]:
    with tempfile.TemporaryDirectory(prefix="sandbox-") as tmp:
        faults_file = None
        if settings.faults:
            faults_file = str(Path(tmp) / "faults.json")
            Path(faults_file).write_text(
                json.dumps([r.model_dump(exclude_none=True) for r in settings.faults])
            )
        log = Path(tmp) / "server.log"
        google_port, ca_cert = _google_ads_target(settings, google_ads)
        with log.open("wb") as out:
            proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module, no shell
                _command(port, settings, faults_file, google_port),
                cwd=REPO_ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        handle = SandboxHandle(
            f"http://127.0.0.1:{port}",
            port,
            settings.token or "sandbox",
            google_ads_endpoint=google_port and f"127.0.0.1:{google_port}",
            google_ads_ca_cert=ca_cert,
        )
        try:
            try:
                _wait_healthy(handle.base_url, lambda: proc.poll() is None, _STARTUP_TIMEOUT_S)
            except (RuntimeError, TimeoutError) as exc:
                raise RuntimeError(f"{exc}\n{log.read_text(errors='replace')[-2000:]}") from exc
            yield handle
        finally:
            _stop(proc)


@contextlib.contextmanager
def _in_thread(
    settings: SandboxSettings, port: int, google_ads: bool = True
) -> Iterator[SandboxHandle]:
    import uvicorn

    sandbox = build_sandbox(settings)
    google = None
    if google_ads and sandbox.market is not None:
        from sandbox.google_ads.server import start_google_ads

        google = start_google_ads(sandbox)
    server = uvicorn.Server(
        uvicorn.Config(
            sandbox.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, name=f"sandbox-{port}", daemon=True)
    thread.start()
    handle = SandboxHandle(
        f"http://127.0.0.1:{port}",
        port,
        settings.token or "sandbox",
        sandbox,
        google and google.endpoint,
        google and str(google.ca_cert),
    )
    try:
        _wait_healthy(handle.base_url, thread.is_alive, _STARTUP_TIMEOUT_S)
        yield handle
    finally:
        server.should_exit = True
        thread.join(timeout=_STOP_TIMEOUT_S)
        if google is not None:
            google.stop()


@contextlib.contextmanager
def running_sandbox(
    seed: int = 42,
    days: int = 35,
    now: datetime | None = None,
    faults: list[dict] | list[FaultRule] | None = None,
    replay: str | Path | None = None,
    token: str | None = None,
    port: int | None = None,
    *,
    in_process: bool = False,
    ads: dict[str, int] | None = None,
    accounts: dict[str, int] | None = None,
    google_ads: bool = True,
) -> Iterator[SandboxHandle]:
    """Run a sandbox server for the duration of a ``with`` block.

    Args:
        seed: market seed.
        days: history length in days.
        now: initial clock (aware UTC); default today's UTC date at 12:00 UTC.
        faults: initial fault rules (dicts or :class:`FaultRule`).
        replay: serve recorded data from this ``shared/data`` directory instead of the market.
        token: the only accepted access token (default: any non-empty token).
        port: TCP port (default: a free one).
        in_process: run uvicorn in a thread of this process instead of a subprocess.
        ads: scale knob, total ads per platform.
        accounts: scale knob, accounts per platform.
        google_ads: also serve the Google Ads API over gRPC (market mode; the google-ads
            protos take ~2 s to import the first time).

    Yields:
        A :class:`SandboxHandle`.
    """
    rules = parse_rules([r.model_dump() if isinstance(r, FaultRule) else r for r in faults or []])
    settings = SandboxSettings(
        seed=seed,
        days=days,
        now=now,
        faults=rules,
        replay=Path(replay) if replay is not None else None,
        token=token,
        ads=dict(ads or {}),
        accounts=dict(accounts or {}),
    )
    runner = _in_thread if in_process else _subprocess
    with runner(settings, port or free_port(), google_ads) as handle:
        yield handle
