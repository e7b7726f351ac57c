"""Fixtures: the marts' dbt contracts (from a ``dbt parse`` into a temp target) and a small
DuckDB warehouse whose mart tables have exactly the contracts' columns and a few rows each."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from looker_studio.contracts import Contracts, manifest_contracts
from looker_studio.spec import ReportSpec, load_spec

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"
LAST_DAY = date(2024, 3, 31)
DAYS = 40  # the last 28 days and the 12 before them (the scorecards' previous period)

# Values of the string columns the charts group and filter by; Thai names on purpose.
STRINGS: dict[str, list[str]] = {
    "platform": ["meta", "tiktok", "google_ads"],
    "account_name": ["Siam Glow TH", "Siam Glow SG"],
    "campaign_name": [
        "TH | Serum | CBO | เซรั่มวิตามินซี",
        "SG | Sunscreen | ABO | Sales 01",
        "TH | Mask | CBO | มาสก์หน้า",
    ],
    "product_name": ["เซรั่มวิตามินซี 30 มล.", "ครีมกันแดด SPF50", "มาสก์หน้าใส"],
    "product_group": ["serum", "sunscreen", "mask"],
    "channel_group": ["Paid Social", "Organic Search", "Direct"],
    "source": ["facebook", "google", "(direct)"],
    "medium": ["cpc", "organic", "(none)"],
}
SHOP_PLATFORMS = ["shopee", "lazada", "tiktok_shop"]


@pytest.fixture(scope="session")
def dbt_manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dbt project's manifest, from a ``dbt parse`` into a temp target (not dbt_project/).

    Under pytest-xdist the workers share one parse (file lock on the session's temp root).
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    work = root / "dashboard_dbt_parse"
    manifest = work / "target" / "manifest.json"
    with (root / "dashboard_dbt_parse.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not manifest.exists():
            work.mkdir(exist_ok=True)
            env = {
                **os.environ,
                "ADPILOT_WAREHOUSE": "duckdb",
                "ADPILOT_DUCKDB_PATH": str(work / "parse.duckdb"),
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            }
            proc = subprocess.run(
                [
                    str(DBT),
                    "parse",
                    "--project-dir",
                    "dbt_project",
                    "--profiles-dir",
                    "dbt_project",
                    "--target-path",
                    str(work / "target"),
                    "--log-path",
                    str(work / "logs"),
                    "--quiet",
                ],
                cwd=REPO_ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
                timeout=300,
            )
            assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return manifest


@pytest.fixture(scope="session")
def contracts(dbt_manifest: Path) -> Contracts:
    """Every enforced model contract of the dbt project."""
    return manifest_contracts(dbt_manifest)


@pytest.fixture(scope="session")
def spec() -> ReportSpec:
    """The committed report spec."""
    return load_spec()


def _sql_type(data_type: str) -> str:
    return {"string": "varchar"}.get(data_type, data_type) or "varchar"


def _value(table: str, column: str, data_type: str, day: date, k: int) -> Any:
    """A deterministic value of ``column`` for row ``k`` of ``day``."""
    if data_type == "date":
        return day
    if data_type == "boolean":
        return k % 2 == 0
    if data_type == "string":
        pool = SHOP_PLATFORMS if (table, column) == ("shop_performance", "platform") else None
        pool = pool or STRINGS.get(column) or [f"{column}_{i}" for i in range(3)]
        if column.endswith("_id") and column not in ("account_id", "shop_id", "property_id"):
            return f"{table}_{day.isoformat()}_{k}"  # surrogate keys stay unique
        return pool[k % len(pool)]
    base = (1000 + 37 * k + 11 * day.day) * (1 + len(column) % 4)
    if column.endswith(("_rate", "_share", "ctr", "growth")) or column in ("roas", "cpa"):
        return round(0.01 * ((k + day.day) % 40 + 1), 4)
    if column in ("impressions",):
        return base * 40
    if column.startswith(("refund", "cancel")):
        return base // 20 if data_type == "bigint" else round(base * 0.6, 2)
    return base if data_type == "bigint" else round(base * 12.5, 2)


def build_marts(path: Path, contracts: Contracts, tables: list[str], rows_per_day: int = 3) -> Path:
    """A DuckDB file with ``marts.<table>`` for each of ``tables``: the contract's columns and
    ``rows_per_day`` rows for each of the last :data:`DAYS` days up to :data:`LAST_DAY`."""
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema if not exists marts")
        for table in tables:
            cols = contracts[table]
            ddl = ", ".join(f'"{c}" {_sql_type(t)}' for c, t in cols.items())
            con.execute(f'create table marts."{table}" ({ddl})')
            rows = [
                [_value(table, c, t, LAST_DAY - timedelta(days=d), k) for c, t in cols.items()]
                for d in range(DAYS)
                for k in range(rows_per_day)
            ]
            marks = ", ".join("?" for _ in cols)
            con.executemany(f'insert into marts."{table}" values ({marks})', rows)
    finally:
        con.close()
    return path
