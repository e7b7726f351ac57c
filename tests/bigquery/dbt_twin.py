"""The same raw input in DuckDB and in the BigQuery emulator, dbt on both, and mart comparison.

Window 1 is the hand-made Meta scenario of ``tests/dbt/dbt_scenario.py`` (days 03-01..03-03).
Window 2 re-pulls days 03-03..03-04 the way a scheduled sync would: a late-attributed correction
on 03-03 (ad_adsets spends 32.50 instead of 30.00 and gains a purchase), a new day 03-04 for
both accounts (a campaign remainder of 5.00 on TH), so the incremental run has rows to replace,
rows to add and an FX rate of a new day to pick.

Both warehouses are loaded through the real loader; every raw table of ``RAW_TABLES`` exists in
both (empty where the scenario has no rows), so every dbt source resolves.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa

from extractors.common import schemas
from extractors.common.warehouse import LoadScope, Warehouse
from orchestration.lib.dbt_vars import dbt_vars_arg
from tests.bigquery.emulator import Emulator
from tests.dbt import dbt_scenario as sc

DAY4 = date(2024, 3, 4)
WINDOW_2 = (sc.DAY3, DAY4)

ADS_INSIGHTS_2 = [
    sc.ad_day(
        "ad_adsets",
        "c_adsets",
        "s_on",
        sc.DAY3,
        spend=Decimal("32.50"),
        impressions=310,
        clicks=6,
        inline_link_clicks=5,
        reach=300,
        actions=sc.actions(omni=1),
        action_values=sc.action_values(omni="45.90"),
    ),
    sc.ad_day(
        "ad_omni",
        "c_cbo",
        "s_cbo",
        DAY4,
        spend=Decimal("70.25"),
        impressions=820,
        clicks=19,
        inline_link_clicks=15,
        reach=640,
        actions=sc.actions(omni=2, pixel=2, video_view=55),
        action_values=sc.action_values(omni="210.10", pixel="210.10"),
        video_thruplay_watched_actions=sc.actions(video_view=21),
    ),
    sc.ad_day(
        "ad_sg",
        "c_sg",
        "s_sg",
        DAY4,
        account=sc.SG,
        spend=Decimal("12.34"),
        impressions=230,
        clicks=5,
        inline_link_clicks=4,
        reach=210,
    ),
]
CAMPAIGNS_INSIGHTS_2 = [
    sc.campaign_day(
        "c_cbo",
        DAY4,
        spend=Decimal("75.25"),
        impressions=870,
        inline_link_clicks=16,
        actions=sc.actions(omni=2),
        action_values=sc.action_values(omni="210.10"),
    ),
    sc.campaign_day(
        "c_sg", DAY4, account=sc.SG, spend=Decimal("12.34"), impressions=230, inline_link_clicks=4
    ),
]
SCOPES_2 = [LoadScope(sc.TH, *WINDOW_2), LoadScope(sc.SG, *WINDOW_2)]

MONEY_COLUMN = re.compile(r"spend|revenue|value|budget|price|amount|cost|_thb|^cp[acm]$")


def load_window_1(wh: Warehouse) -> None:
    """Every raw/ops table created, then the dbt scenario's rows (the loader, both warehouses)."""
    for spec in (*schemas.RAW_TABLES, *schemas.OPS_TABLES):
        wh.ensure_table(spec)
    sc.load_rows(wh, schemas.META_AD_ACCOUNTS, sc.AD_ACCOUNTS)
    sc.load_rows(wh, schemas.META_CAMPAIGNS, sc.CAMPAIGNS)
    sc.load_rows(wh, schemas.META_AD_SETS, sc.AD_SETS)
    sc.load_rows(wh, schemas.META_ADS, sc.ADS)
    sc.load_rows(wh, schemas.META_ADS_INSIGHTS, sc.ADS_INSIGHTS, sc.REPORT_SCOPES)
    sc.load_rows(wh, schemas.META_CAMPAIGNS_INSIGHTS, sc.CAMPAIGNS_INSIGHTS, sc.REPORT_SCOPES)


def load_window_2(wh: Warehouse) -> None:
    """The re-pull of days 03-03..03-04 (partition overwrite of each account's window)."""
    sc.load_rows(wh, schemas.META_ADS_INSIGHTS, ADS_INSIGHTS_2, SCOPES_2)
    sc.load_rows(wh, schemas.META_CAMPAIGNS_INSIGHTS, CAMPAIGNS_INSIGHTS_2, SCOPES_2)


def bigquery_env(emu: Emulator, prefix: str) -> dict[str, str]:
    """Environment that points dbt's ``bigquery`` target at the emulator (profiles.yml)."""
    return {
        "ADPILOT_WAREHOUSE": "bigquery",
        "GCP_PROJECT": emu.project,
        "BQ_LOCATION": "US",
        "BQ_DATASET_PREFIX": prefix,
        "BIGQUERY_EMULATOR_HOST": emu.host,
        # BigQuery refuses to hash buyer PII without a salt (macros/shops/shops_pii.sql); the
        # DuckDB build uses its development salt, so the same one makes the hashes comparable.
        "ADPILOT_PII_SALT": "adpilot-local-development-salt",
    }


# dbt's own generic tests (not_null, unique, accepted_values, relationships) are adapter-maintained
# SQL, already known to run on BigQuery; each costs the emulator a query over the view stack
# (~1-3 s), and there are ~260 of them. The BigQuery build runs every test the project wrote —
# singular tests, its own generic tests (tests/generic/), unit tests — and the DuckDB build runs
# all of them.
BUILTIN_TEST_NAMES = ("not_null", "unique", "accepted_values", "relationships")
BUILTIN_GENERIC_TESTS = ["--exclude", *(f"test_name:{name}" for name in BUILTIN_TEST_NAMES)]


EMULATOR_GAPS = {
    "budget_recommendations": (
        "bqemulator 1.4 reads DATETIME(timestamp, time_zone_column) — BigQuery's local time of a "
        "timestamp — as DATETIME(date, time) and casts the zone name to a time"
    ),
    "launch_analytics": (
        "bqemulator 1.4 has no ISOWEEK date part (DATE_TRUNC(d, ISOWEEK), EXTRACT(ISOWEEK ...)), "
        "both valid BigQuery"
    ),
}
"""Models the emulator cannot translate, and why: they and everything built on them are left out
of the BigQuery runs (and of the comparison); the DuckDB build still runs them. Keep it short:
each entry is a gap of the emulator, never of the project's SQL."""


def exclude_args(*extra: str) -> list[str]:
    """One ``--exclude`` with dbt's built-in generic tests, the emulator gaps (and ``extra``)."""
    gaps = [f"{name}+" for name in EMULATOR_GAPS]
    return ["--exclude", *BUILTIN_GENERIC_TESTS[1:], *gaps, *extra]


def gap_descendants(manifest: dict[str, Any]) -> set[str]:
    """Unique ids of the emulator-gap models and of every node built or tested on them."""
    child_map = manifest["child_map"]
    todo = [uid for uid, n in manifest["nodes"].items() if n["name"] in EMULATOR_GAPS]
    seen: set[str] = set()
    while todo:
        uid = todo.pop()
        if uid not in seen:
            seen.add(uid)
            todo.extend(child_map.get(uid, []))
    for uid, unit in manifest.get("unit_tests", {}).items():
        if set(unit["depends_on"]["nodes"]) & seen:
            seen.add(uid)
    return seen


MODELS_AND_SEEDS = ["--exclude", "resource_type:test", "resource_type:unit_test"]
"""A build of seeds and models only."""


def run_dbt_bigquery(args: list[str], workdir: Path, env: dict[str, str]) -> sc.DbtRun:
    """``run_dbt`` against the emulator, with room for the emulator's slower queries."""
    target = workdir / "target"
    proc = subprocess.run(
        [
            str(sc.DBT),
            *args,
            "--project-dir",
            "dbt_project",
            "--profiles-dir",
            "dbt_project",
            "--target-path",
            str(target),
            "--log-path",
            str(workdir / "logs"),
        ],
        cwd=sc.REPO_ROOT,
        env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    results = target / "run_results.json"
    statuses = {}
    if results.exists():
        statuses = {r["unique_id"]: r["status"] for r in json.loads(results.read_text())["results"]}
        results.rename(target / f"run_results.{args[0]}.json")
    return sc.DbtRun(proc.returncode, proc.stdout + proc.stderr, statuses)


def window_vars(first: date, last: date) -> list[str]:
    """``--vars`` of a partition window, as a person passes it at the command line. (Dagster
    passes it in the environment; tests/dbt/test_dbt_project.py checks the BigQuery partitions
    that follow from it there.)"""
    return dbt_vars_arg(first, last)


@dataclass(frozen=True)
class Mart:
    """One mart table as read from one warehouse: column names and rows."""

    columns: list[str]
    rows: list[dict[str, Any]]


def _sort_key(row: dict[str, Any]) -> tuple[str, ...]:
    # exact columns only (strings, ints, dates, bools): the same on both warehouses
    return tuple(
        "" if v is None else str(v) for v in row.values() if not isinstance(v, float | Decimal)
    )


def as_mart(table: pa.Table) -> Mart:
    """Rows in a warehouse-independent order."""
    return Mart(table.column_names, sorted(table.to_pylist(), key=_sort_key))


def _numbers_differ(column: str, a: Any, b: Any) -> bool:
    if (a is None) != (b is None):
        return True
    if a is None:
        return False
    x, y = Decimal(str(a)), Decimal(str(b))
    if MONEY_COLUMN.search(column):  # money: equal to the cent
        return x.quantize(Decimal("0.01")) != y.quantize(Decimal("0.01"))
    # everything numeric: equal up to the last of NUMERIC's 9 decimals (relative for big values)
    return not math.isclose(float(x), float(y), rel_tol=1e-9, abs_tol=2e-9)


DAY_GRAIN_MARTS = {"daily_performance"}
"""Daily marts with one row per day: partitioned by day, with nothing to cluster."""

EMULATOR_TEXT_GAPS = {"alerts": {"title", "description"}}
"""Text columns the emulator renders differently from BigQuery, left out of the comparison: it
casts NUMERIC to STRING with all 9 decimals ('3338.000000000'), BigQuery without trailing zeros
('3338'). The mart's other columns are compared."""


def _same_instant(a: Any, b: Any) -> bool:
    """DuckDB's plain TIMESTAMP columns hold UTC (the project's rule); BigQuery's are UTC-aware."""
    if (
        isinstance(a, datetime)
        and isinstance(b, datetime)
        and (a.tzinfo is None) != (b.tzinfo is None)
    ):
        return a.replace(tzinfo=a.tzinfo or UTC) == b.replace(tzinfo=b.tzinfo or UTC)
    return a == b


def differences(name: str, duck: Mart, bq: Mart) -> list[str]:
    """Human-readable differences between the two builds of one mart (empty when equal)."""
    if duck.columns != bq.columns:
        return [f"{name}: columns {duck.columns} (DuckDB) != {bq.columns} (BigQuery)"]
    if len(duck.rows) != len(bq.rows):
        return [f"{name}: {len(duck.rows)} rows (DuckDB) != {len(bq.rows)} rows (BigQuery)"]
    out = []
    for i, (d, b) in enumerate(zip(duck.rows, bq.rows, strict=True)):
        for col in duck.columns:
            if col in EMULATOR_TEXT_GAPS.get(name, ()):
                continue
            dv, bv = d[col], b[col]
            numeric = isinstance(dv, float | Decimal | int) or isinstance(bv, float | Decimal | int)
            if numeric and not isinstance(dv, bool):
                bad = _numbers_differ(col, dv, bv)
            else:
                bad = not _same_instant(dv, bv)
            if bad:
                out.append(f"{name} row {i} ({_sort_key(d)}): {col} = {dv!r} vs {bv!r}")
    return out


def duckdb_marts(path: Path) -> dict[str, Mart]:
    """Every table of the ``marts`` schema of the DuckDB build."""
    names = [
        r[0]
        for r in sc.query(
            path,
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' and table_type = 'BASE TABLE' order by 1",
        )
    ]
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        return {n: as_mart(con.sql(f'select * from marts."{n}"').to_arrow_table()) for n in names}


def bigquery_marts(wh: Any, names: list[str]) -> dict[str, Mart]:
    """The same marts read from BigQuery (``<prefix>marts``)."""
    dataset = f"{wh.config.project}.{wh.dataset('marts')}"
    return {
        n: as_mart(wh.query(f"select * from `{dataset}.{n}`", dialect="bigquery")) for n in names
    }
