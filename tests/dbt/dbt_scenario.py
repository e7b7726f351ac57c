"""Hand-made raw Meta rows for the dbt tests, and a helper that runs dbt against a DuckDB file.

The raw rows enter through the real loader (``extractors.common.loader.load_table``) with the real
table specs, so the dbt project is tested against exactly the raw layer the extractors write.

The scenario (account-local days 2024-03-01 Fri, 03-02 Sat, 03-03 Sun):

- account TH (THB): campaign ``c_cbo`` (CBO, 500.00/day) with ads ``ad_omni`` (reports both
  ``omni_purchase`` and the pixel purchase, 3 each) and ``ad_pixel`` (pixel purchase only); its
  campaign-level row on 03-01 carries 10.00 and 100 impressions more than the two ads (a deleted
  ad), on 03-02 exactly their sum. Campaign ``c_adsets`` (budgets on ad sets: 200.00 active, 100.00
  paused) has ads on 03-02 and 03-03 and no campaign-level rows. Campaign ``c_orphan`` has only a
  campaign-level row (03-01), like the recorded replay data.
- account SG (SGD): campaign ``c_sg`` with ad ``ad_sg`` spending 10.00 SGD on Saturday 03-02 (no
  ECB fixing that day: the Friday rate applies) and a matching campaign-level row.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from extractors.common import schemas
from extractors.common.loader import load_table
from extractors.common.schemas import TableSpec
from extractors.common.warehouse import DuckDBWarehouse, LoadScope

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"
DBT_PROJECT = REPO_ROOT / "dbt_project"

TH, SG = "7010000000000001", "7010000000000002"
VN = "7010000000000009"  # not in the scenario: a VND account, a currency without ECB rates
DAY1, DAY2, DAY3 = date(2024, 3, 1), date(2024, 3, 2), date(2024, 3, 3)
LOADED_AT = datetime(2024, 3, 4, 1, 0, tzinfo=UTC)


def actions(**counts: float) -> list[dict[str, Any]]:
    """A Meta action list; keyword ``pixel`` stands for ``offsite_conversion.fb_pixel_purchase``."""
    names = {"pixel": "offsite_conversion.fb_pixel_purchase", "omni": "omni_purchase"}
    return [{"action_type": names.get(k, k), "value": v} for k, v in counts.items()]


def action_values(**values: str) -> list[dict[str, Any]]:
    """A Meta action_values list (money as Decimal)."""
    names = {"pixel": "offsite_conversion.fb_pixel_purchase", "omni": "omni_purchase"}
    return [{"action_type": names.get(k, k), "value": Decimal(v)} for k, v in values.items()]


def ad_day(
    ad_id: str, campaign_id: str, ad_set_id: str, day: date, account: str = TH, **metrics: Any
) -> dict[str, Any]:
    """One raw.meta_ads_insights row."""
    return {
        "date_day": day,
        "account_id": account,
        "campaign_id": campaign_id,
        "ad_set_id": ad_set_id,
        "ad_id": ad_id,
        "campaign_name": campaign_id.upper(),
        "ad_set_name": ad_set_id.upper(),
        "ad_name": ad_id.upper(),
        **metrics,
    }


def campaign_day(campaign_id: str, day: date, account: str = TH, **metrics: Any) -> dict[str, Any]:
    """One raw.meta_campaigns_insights row."""
    return {
        "date_day": day,
        "account_id": account,
        "campaign_id": campaign_id,
        "campaign_name": campaign_id.upper(),
        **metrics,
    }


AD_ACCOUNTS = [
    {
        "account_id": TH,
        "account_name": "Brand TH",
        "account_status": 1,
        "currency_code": "THB",
        "account_timezone": "Asia/Bangkok",
    },
    {
        "account_id": SG,
        "account_name": "Brand SG",
        "account_status": 1,
        "currency_code": "SGD",
        "account_timezone": "Asia/Singapore",
    },
]
CAMPAIGNS = [
    {
        "campaign_id": "c_cbo",
        "account_id": TH,
        "campaign_name": "C_CBO",
        "status": "ACTIVE",
        "daily_budget_minor": 50000,
    },
    {"campaign_id": "c_adsets", "account_id": TH, "campaign_name": "C_ADSETS", "status": "ACTIVE"},
    {"campaign_id": "c_orphan", "account_id": TH, "campaign_name": "C_ORPHAN", "status": "ACTIVE"},
    {
        "campaign_id": "c_sg",
        "account_id": SG,
        "campaign_name": "C_SG",
        "status": "ACTIVE",
        "daily_budget_minor": 10000,
    },
]
AD_SETS = [
    {"ad_set_id": "s_cbo", "campaign_id": "c_cbo", "account_id": TH, "status": "ACTIVE"},
    {
        "ad_set_id": "s_on",
        "campaign_id": "c_adsets",
        "account_id": TH,
        "status": "ACTIVE",
        "daily_budget_minor": 20000,
    },
    {
        "ad_set_id": "s_off",
        "campaign_id": "c_adsets",
        "account_id": TH,
        "status": "PAUSED",
        "daily_budget_minor": 10000,
    },
    {"ad_set_id": "s_sg", "campaign_id": "c_sg", "account_id": SG, "status": "ACTIVE"},
]
ADS = [
    {"ad_id": "ad_omni", "ad_set_id": "s_cbo", "campaign_id": "c_cbo", "account_id": TH},
    {"ad_id": "ad_pixel", "ad_set_id": "s_cbo", "campaign_id": "c_cbo", "account_id": TH},
    {"ad_id": "ad_adsets", "ad_set_id": "s_on", "campaign_id": "c_adsets", "account_id": TH},
    {"ad_id": "ad_sg", "ad_set_id": "s_sg", "campaign_id": "c_sg", "account_id": SG},
]
ADS_INSIGHTS = [
    ad_day(
        "ad_omni",
        "c_cbo",
        "s_cbo",
        DAY1,
        spend=Decimal("100.50"),
        impressions=1000,
        clicks=50,
        inline_link_clicks=30,
        reach=800,
        actions=actions(omni=3, pixel=3, video_view=100),
        action_values=action_values(omni="300.00", pixel="300.00"),
        video_thruplay_watched_actions=actions(video_view=40),
    ),
    ad_day(
        "ad_pixel",
        "c_cbo",
        "s_cbo",
        DAY1,
        spend=Decimal("50.00"),
        impressions=500,
        clicks=12,
        inline_link_clicks=10,
        reach=450,
        actions=actions(pixel=2),
        action_values=action_values(pixel="150.00"),
    ),
    ad_day(
        "ad_omni",
        "c_cbo",
        "s_cbo",
        DAY2,
        spend=Decimal("80.00"),
        impressions=900,
        clicks=20,
        inline_link_clicks=18,
        reach=700,
        actions=actions(omni=1, pixel=1),
        action_values=action_values(omni="90.00", pixel="90.00"),
    ),
    ad_day(
        "ad_adsets",
        "c_adsets",
        "s_on",
        DAY2,
        spend=Decimal("40.00"),
        impressions=400,
        clicks=8,
        inline_link_clicks=6,
        reach=390,
    ),
    ad_day(
        "ad_adsets",
        "c_adsets",
        "s_on",
        DAY3,
        spend=Decimal("30.00"),
        impressions=300,
        clicks=5,
        inline_link_clicks=4,
        reach=290,
    ),
    ad_day(
        "ad_sg",
        "c_sg",
        "s_sg",
        DAY2,
        account=SG,
        spend=Decimal("10.00"),
        impressions=200,
        clicks=4,
        inline_link_clicks=3,
        reach=180,
    ),
]
CAMPAIGNS_INSIGHTS = [
    # the two ads plus a deleted ad: 10.00, 100 impressions, 1 link click, 1 purchase worth 50.00
    campaign_day(
        "c_cbo",
        DAY1,
        spend=Decimal("160.50"),
        impressions=1600,
        inline_link_clicks=41,
        actions=actions(omni=6, pixel=6),
        action_values=action_values(omni="500.00"),
    ),
    campaign_day("c_cbo", DAY2, spend=Decimal("80.00"), impressions=900, inline_link_clicks=18),
    campaign_day("c_orphan", DAY1, spend=Decimal("25.00"), impressions=250, inline_link_clicks=5),
    campaign_day(
        "c_sg", DAY2, account=SG, spend=Decimal("10.00"), impressions=200, inline_link_clicks=3
    ),
]
CURRENCY = {
    TH: ("THB", "Asia/Bangkok"),
    SG: ("SGD", "Asia/Singapore"),
    VN: ("VND", "Asia/Ho_Chi_Minh"),
}


def raw_table(spec: TableSpec, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows as a batch of ``spec``: unset columns null, the meta columns filled like a sync would."""
    full = []
    for row in rows:
        currency, tz = CURRENCY[row["account_id"]]
        record = {"currency_code": currency, "account_timezone": tz, **row}
        record |= {
            "raw_json": json.dumps(row, default=str),
            "_loaded_at": LOADED_AT,
            "_source": "tests/dbt",
        }
        full.append({name: record.get(name) for name in spec.columns.names})
    return pa.Table.from_pylist(full, schema=spec.columns)


def load_rows(
    wh: DuckDBWarehouse,
    spec: TableSpec,
    rows: list[dict[str, Any]],
    scopes: list[LoadScope] | None = None,
) -> None:
    """Load rows through the real loader (entity merge, or report partition overwrite per scope)."""
    if spec.write_mode != "partition_overwrite":
        load_table(wh, spec, raw_table(spec, rows), source="tests/dbt")
        return
    for scope in scopes or []:
        mine = [r for r in rows if r["account_id"] == scope.account_id]
        result = load_table(wh, spec, raw_table(spec, mine), source="tests/dbt", scope=scope)
        assert result.rows_quarantined == 0, f"{spec.fqn}: fixture rows were quarantined"


REPORT_SCOPES = [LoadScope(TH, DAY1, DAY3), LoadScope(SG, DAY1, DAY3)]


def load_scenario(path: Path, *, every_table: bool = True) -> None:
    """Write the whole raw scenario into a new DuckDB file.

    With ``every_table`` every raw and ops table exists (empty unless the scenario fills it), as
    the dbt asset and BigQuery's DDL guarantee before a build; without it only Meta's tables do.
    """
    with DuckDBWarehouse(path) as wh:
        for spec in (*schemas.RAW_TABLES, *schemas.OPS_TABLES) if every_table else ():
            wh.ensure_table(spec)
        load_rows(wh, schemas.META_AD_ACCOUNTS, AD_ACCOUNTS)
        load_rows(wh, schemas.META_CAMPAIGNS, CAMPAIGNS)
        load_rows(wh, schemas.META_AD_SETS, AD_SETS)
        load_rows(wh, schemas.META_ADS, ADS)
        load_rows(wh, schemas.META_ADS_INSIGHTS, ADS_INSIGHTS, REPORT_SCOPES)
        load_rows(wh, schemas.META_CAMPAIGNS_INSIGHTS, CAMPAIGNS_INSIGHTS, REPORT_SCOPES)


@dataclass
class DbtRun:
    """One finished dbt invocation: exit code, output, and node statuses from run_results.json."""

    returncode: int
    output: str
    statuses: dict[str, str]
    created_database: bool | None = None  # for a parse: did it create the database file?

    def status(self, name: str) -> str:
        """Status of the model, seed, singular or unit test called ``name``."""
        found = [s for uid, s in self.statuses.items() if uid.split(".")[-1] == name]
        assert len(found) == 1, f"{name}: {len(found)} nodes in {sorted(self.statuses)}"
        return found[0]


def run_dbt(args: list[str], db_path: Path, workdir: Path, **env: str) -> DbtRun:
    """Run dbt from the repo root against ``db_path``; target/ and logs/ go to ``workdir``."""
    target = workdir / "target"
    full_env = {
        **os.environ,
        "ADPILOT_DUCKDB_PATH": str(db_path),
        "ADPILOT_WAREHOUSE": "duckdb",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **env,
    }
    proc = subprocess.run(
        [
            str(DBT),
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
        cwd=REPO_ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    results_file = target / "run_results.json"
    statuses = {}
    if results_file.exists():
        statuses = {
            r["unique_id"]: r["status"] for r in json.loads(results_file.read_text())["results"]
        }
        results_file.unlink()
    return DbtRun(proc.returncode, proc.stdout + proc.stderr, statuses)


def query(db_path: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """Read rows from the warehouse file (read-only; dbt must not be running)."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def compiled_sql(target: Path, name: str) -> str:
    """The compiled SQL of model or singular test ``name`` under the dbt ``target`` dir."""
    found = [  # not the fixture files unit tests compile under <properties>.yml/
        p for p in (target / "compiled").rglob(f"{name}.sql") if not p.parent.name.endswith(".yml")
    ]
    assert len(found) == 1, found
    return found[0].read_text()


@dataclass
class BuiltWarehouse:
    """The scenario after ``dbt build``: the database file, dbt's target dir, and the two runs."""

    path: Path
    target: Path
    parse: DbtRun
    build: DbtRun

    def compiled(self, name: str) -> str:
        """The compiled SQL of model or singular test ``name`` (a test selects failing rows)."""
        return compiled_sql(self.target, name)
