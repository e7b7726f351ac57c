"""``make dev``: the sandbox plus the Dagster UI (``dagster dev``) on 127.0.0.1.

Every asset can be materialized by hand in the UI against the sandbox; Ctrl-C stops both.
``dagster dev`` runs in its own process group and is stopped with SIGINT (TOOLCHAIN.md: a
background ``dagster dev`` ignores SIGTERM).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys

from orchestration.lib.settings import REPO_ROOT
from orchestration.sandbox_env import demo_pii_salt, sandbox_env


def main(argv: list[str] | None = None) -> int:
    """Start the sandbox and ``dagster dev``; return dagster's exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--days", type=int, default=90)
    args = parser.parse_args(argv)

    from sandbox.process import running_sandbox

    with running_sandbox(seed=args.seed, days=args.days, token=secrets.token_urlsafe(24)) as sb:
        env = {**os.environ, **sandbox_env(sb)}
        env.setdefault("ADPILOT_PII_SALT", demo_pii_salt())  # the demo warehouse's salt
        print(f"sandbox on {sb.base_url}; Dagster UI on http://127.0.0.1:{args.port}", flush=True)
        cmd = [
            sys.executable,
            "-m",
            "dagster",
            "dev",
            "-m",
            "orchestration.definitions",
            "-h",
            "127.0.0.1",
            "-p",
            str(args.port),
        ]
        proc = subprocess.Popen(cmd, env=env, cwd=REPO_ROOT, start_new_session=True)  # noqa: S603
        try:
            return proc.wait()
        except KeyboardInterrupt:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                return proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                return 1


if __name__ == "__main__":
    sys.exit(main())
