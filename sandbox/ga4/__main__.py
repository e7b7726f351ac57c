"""``python -m sandbox.ga4``: write the simulated market's GA4 export, or split the sample.

python -m sandbox.ga4 export --out data/ga4_export [--seed 42] [--days 35]
    [--now 2026-11-21T12:00:00Z] [--start 2026-11-01] [--end 2026-11-21]
    [--format parquet|jsonl|jsonl.gz]
python -m sandbox.ga4 replay --out data/ga4_export [--sample ../shared/data/ga4/...]
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

from sandbox.ga4.export import FORMATS, write_export
from sandbox.ga4.replay import SAMPLE_RELATIVE, write_replay
from sandbox.market import Market, MarketConfig, parse_now

REPO_ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m sandbox.ga4", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("export", help="the simulated market's export files")
    ex.add_argument("--out", type=Path, required=True)
    ex.add_argument("--seed", type=int, default=42)
    ex.add_argument("--days", type=int, default=35, help="market history length")
    ex.add_argument("--now", type=parse_now, default=None, help="clock (default today 12:00Z)")
    ex.add_argument("--start", type=date.fromisoformat, help="first day (default: history)")
    ex.add_argument("--end", type=date.fromisoformat, help="last day (default: today)")
    ex.add_argument("--format", choices=FORMATS, default="parquet")
    rp = sub.add_parser("replay", help="split the recorded sample into daily files")
    rp.add_argument("--out", type=Path, required=True)
    rp.add_argument(
        "--sample", type=Path, default=REPO_ROOT.parent / "shared" / "data" / SAMPLE_RELATIVE
    )
    args = parser.parse_args(argv)
    if args.command == "replay":
        for path in write_replay(args.sample, args.out).values():
            print(path)
        return 0
    market = Market(MarketConfig(seed=args.seed, days=args.days, now=args.now))
    start = args.start or market.history_start
    end = args.end or market.clock.now.date() + timedelta(days=1)
    for f in write_export(market, args.out, start, end, fmt=args.format):
        print(f"{f.path}\t{f.events} events{' (intraday)' if f.intraday else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
