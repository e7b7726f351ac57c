"""``python -m looker_studio``: the dashboard's command line.

- ``link [--explain]``: print the Looker Studio Linking API URL that creates the report from the
  team's template on the BigQuery marts (``GCP_PROJECT``, ``BQ_DATASET_PREFIX``).
- ``preview [--duckdb PATH] [--out DIR]``: render the local HTML preview from the DuckDB marts
  (``ADPILOT_DUCKDB_PATH``, default ``data/warehouse.duckdb``) and print its path.
- ``exposures [--check]``: rewrite the dbt exposures from the spec (or only check they match).
- ``check [--manifest PATH]``: check every field of the spec against the marts' dbt contracts.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from config.loading import ConfigError
from config.looker_studio import load_looker_studio_config
from looker_studio.contracts import contract_problems, manifest_contracts
from looker_studio.exposures import EXPOSURES_PATH, REPO_ROOT, render_exposures
from looker_studio.linking import BigQueryLocation, LinkError, build_link_url
from looker_studio.marts import WarehouseLockedError
from looker_studio.preview import render_dashboard
from looker_studio.spec import load_spec

DEFAULT_DUCKDB = REPO_ROOT / "data" / "warehouse.duckdb"
DEFAULT_OUT = REPO_ROOT / "data" / "dashboard"
DEFAULT_MANIFEST = REPO_ROOT / "dbt_project" / "target" / "manifest.json"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m looker_studio", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    link = sub.add_parser("link", help="print the Looker Studio Linking API URL")
    link.add_argument("--explain", action="store_true", help="add c.explain=true (debug dialog)")
    preview = sub.add_parser("preview", help="render data/dashboard/index.html from DuckDB")
    preview.add_argument("--duckdb", type=Path, help="warehouse file (default ADPILOT_DUCKDB_PATH)")
    preview.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    exposures = sub.add_parser("exposures", help="write the dbt exposures from the spec")
    exposures.add_argument("--check", action="store_true", help="only check they are current")
    check = sub.add_parser("check", help="check the spec against the dbt contracts")
    check.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST, help="manifest.json")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code (0 ok, 1 check failed, 2 configuration error)."""
    args = _parser().parse_args(argv)
    try:
        spec = load_spec()
        if args.command == "link":
            where = BigQueryLocation.from_env()
            print(build_link_url(spec, load_looker_studio_config(), where, explain=args.explain))
        elif args.command == "preview":
            path = args.duckdb or Path(os.environ.get("ADPILOT_DUCKDB_PATH", DEFAULT_DUCKDB))
            print(render_dashboard(path, args.out, spec=spec))
        elif args.command == "exposures":
            text = render_exposures(spec, load_looker_studio_config())
            if args.check:
                if not EXPOSURES_PATH.is_file() or EXPOSURES_PATH.read_text() != text:
                    print(
                        f"{EXPOSURES_PATH} is out of date: run python -m looker_studio exposures",
                        file=sys.stderr,
                    )
                    return 1
            else:
                EXPOSURES_PATH.write_text(text, encoding="utf-8")
                print(EXPOSURES_PATH)
        else:
            problems = contract_problems(spec, manifest_contracts(args.manifest))
            for p in problems:
                print(p, file=sys.stderr)
            return 1 if problems else 0
    except (ConfigError, LinkError, WarehouseLockedError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
