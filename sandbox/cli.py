"""Command line of the sandbox.

``python -m sandbox serve --port 8765 --seed 42 --days 35 [--now ...] [--faults FILE]
[--replay [DIR]] [--token TOKEN] [--ads meta=10000] [--accounts meta=5]
[--google-ads-port 8766 | --no-google-ads]``.

In market mode the Google Ads API is served over gRPC with TLS on 127.0.0.1 (default port: the
HTTP port + 1; clients trust the CA certificate whose path is printed at start-up).

The token may also come from ``SANDBOX_ACCESS_TOKEN``; without one any non-empty token is
accepted. The server binds 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sandbox.faults import load_rules
from sandbox.market.clock import parse_now
from sandbox.server import SandboxSettings, build_sandbox

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPLAY_DIR = REPO_ROOT.parent / "shared" / "data"
TOKEN_ENV = "SANDBOX_ACCESS_TOKEN"  # noqa: S105 - a variable name, not a secret


def _knobs(values: list[str]) -> dict[str, int]:
    out = {}
    for item in values:
        platform, _, number = item.partition("=")
        if platform not in ("meta", "tiktok", "google") or not number.isdigit():
            raise argparse.ArgumentTypeError(f"expected PLATFORM=N, got {item!r}")
        out[platform] = int(number)
    return out


def build_parser() -> argparse.ArgumentParser:
    """The argument parser."""
    parser = argparse.ArgumentParser(
        prog="python -m sandbox", description="Local emulator of the ad platforms' APIs."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the Graph API emulator and /__sandbox/")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--seed", type=int, default=42)
    serve.add_argument("--days", type=int, default=35, help="history length in days")
    serve.add_argument(
        "--now",
        type=parse_now,
        default=None,
        help="clock, e.g. 2026-11-21T12:00:00Z (default: today 12:00 UTC)",
    )
    serve.add_argument("--faults", type=Path, help="fault rules, .yml or .json")
    serve.add_argument(
        "--replay",
        type=Path,
        nargs="?",
        const=DEFAULT_REPLAY_DIR,
        help=f"serve recorded data instead of the market (default dir: {DEFAULT_REPLAY_DIR})",
    )
    serve.add_argument("--token", help=f"the only accepted token (or ${TOKEN_ENV})")
    serve.add_argument(
        "--ads",
        action="append",
        default=[],
        metavar="PLATFORM=N",
        help="scale knob: total ads of a platform",
    )
    serve.add_argument(
        "--accounts",
        action="append",
        default=[],
        metavar="PLATFORM=N",
        help="scale knob: number of accounts of a platform",
    )
    serve.add_argument(
        "--google-ads-port",
        type=int,
        default=None,
        help="Google Ads gRPC port (default: --port + 1)",
    )
    serve.add_argument(
        "--no-google-ads", action="store_true", help="do not serve the Google Ads gRPC API"
    )
    serve.add_argument("--log-level", default="warning")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = build_parser().parse_args(argv)
    import uvicorn

    settings = SandboxSettings(
        seed=args.seed,
        days=args.days,
        now=args.now,
        faults=load_rules(args.faults) if args.faults else [],
        replay=args.replay,
        token=args.token or os.environ.get(TOKEN_ENV) or None,
        ads=_knobs(args.ads),
        accounts=_knobs(args.accounts),
    )
    sandbox = build_sandbox(settings)
    google = None
    if not args.no_google_ads and sandbox.market is not None:
        from sandbox.google_ads.server import start_google_ads

        google = start_google_ads(sandbox, args.google_ads_port or args.port + 1)
    print(
        f"sandbox ({sandbox.backend.mode}) on http://127.0.0.1:{args.port}",
        file=sys.stderr,
        flush=True,
    )
    if google is not None:
        print(
            f"Google Ads API (gRPC, TLS) on {google.endpoint}; CA certificate {google.ca_cert}",
            file=sys.stderr,
            flush=True,
        )
    try:
        uvicorn.run(sandbox.app, host="127.0.0.1", port=args.port, log_level=args.log_level)
    finally:
        if google is not None:
            google.stop()
    return 0
