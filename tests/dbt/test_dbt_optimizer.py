"""The optimizer marts on a hand-made Meta scenario: owners, daily facts, rules, outcomes.

Raw rows enter through the real loader; the scenario is built once per module with
``dbt seed`` and ``dbt run --select +budget_recommendations +action_outcomes`` with fixed vars (the clock and a
per-account threshold override), so every rule below is decided by the data alone; the
optimizer models' own dbt tests (keys, accepted values, relationships, contracts) must pass.

Scenario (account-local days D-12..D-1 complete, D = 2026-11-21 partial at 19:00 Bangkok):

- TH (THB) ``c_cbo`` "TH | Serum | CBO | Sales 01", campaign budget 2,000: ROAS 3.0 every day
  (> 1.3 × 2.0) → ``scale_up``; spend 1,000/day until D-7, 1,300/day from D-6 (a budget raise
  applied on D-6, with its plan and audit rows in the ops tables).
- TH ``c_abo`` "TH | Mask | ABO | Sales 02" (ad set budgets): ``s_loss`` ROAS 1.2 with a negative
  margin every day → ``cut_loss`` (and ``roas_low``); ``s_ctr`` CTR 0.2 % → ``ctr_low`` pause;
  ``s_off`` paused → not judged.
- SG (SGD) ``s_sg`` with the same ROAS 1.2 as ``s_loss``, but its account's target is 1.0
  (override through vars) → nothing fires.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from config.rules import load_rules
from extractors.common import schemas
from extractors.common.loader import load_table
from extractors.common.warehouse import DuckDBWarehouse, LoadScope
from optimizer.ledger import to_table
from tests.dbt.dbt_scenario import DBT, REPO_ROOT, query

TH, SG = "7010000000000001", "7010000000000002"
D = date(2026, 11, 21)
AS_OF = datetime(2026, 11, 21, 12, tzinfo=UTC)  # 19:00 in Bangkok, 20:00 in Singapore
ZONES = {TH: ("THB", "Asia/Bangkok"), SG: ("SGD", "Asia/Singapore")}


def rows_for(spec: schemas.TableSpec, rows: list[dict[str, Any]]) -> pa.Table:
    full = []
    for r in rows:
        currency, tz = ZONES[r["account_id"]]
        rec = {
            "currency_code": currency,
            "account_timezone": tz,
            **r,
            "raw_json": json.dumps(r, default=str),
            "_loaded_at": AS_OF,
            "_source": "test",
        }
        full.append({n: rec.get(n) for n in spec.columns.names})
    return pa.Table.from_pylist(full, schema=spec.columns)


def insight(
    ad: str,
    adset: str,
    campaign: str,
    day: date,
    spend: float,
    value: float,
    impressions: int = 20_000,
    clicks: int = 300,
    account: str = TH,
) -> dict[str, Any]:
    purchases = round(value / 100)
    return {
        "date_day": day,
        "account_id": account,
        "campaign_id": campaign,
        "ad_set_id": adset,
        "ad_id": ad,
        "campaign_name": campaign,
        "ad_set_name": adset,
        "ad_name": ad,
        "spend": Decimal(f"{spend:.2f}"),
        "impressions": impressions,
        "clicks": clicks + 10,
        "inline_link_clicks": clicks,
        "reach": int(impressions * 0.9),
        "actions": [{"action_type": "omni_purchase", "value": float(purchases)}],
        "action_values": [{"action_type": "omni_purchase", "value": Decimal(f"{value:.2f}")}],
    }


def entities() -> dict[schemas.TableSpec, list[dict[str, Any]]]:
    def camp(cid, acct, name, budget=None):
        return {
            "campaign_id": cid,
            "account_id": acct,
            "campaign_name": name,
            "status": "ACTIVE",
            "effective_status": "ACTIVE",
            "daily_budget_minor": budget,
        }

    def adset(sid, cid, acct, budget=None, status="ACTIVE"):
        return {
            "ad_set_id": sid,
            "campaign_id": cid,
            "account_id": acct,
            "ad_set_name": sid,
            "status": status,
            "effective_status": status,
            "daily_budget_minor": budget,
        }

    def ad(aid, sid, cid, acct):
        return {
            "ad_id": aid,
            "ad_set_id": sid,
            "campaign_id": cid,
            "account_id": acct,
            "ad_name": aid,
            "status": "ACTIVE",
            "effective_status": "ACTIVE",
        }

    return {
        schemas.META_AD_ACCOUNTS: [
            {"account_id": TH, "account_name": "TH"},
            {"account_id": SG, "account_name": "SG"},
        ],
        schemas.META_CAMPAIGNS: [
            camp("c_cbo", TH, "TH | Serum | CBO | Sales 01", 200_000),
            camp("c_abo", TH, "TH | Mask | ABO | Sales 02"),
            camp("c_sg", SG, "SG | Mask | ABO | Sales 01"),
        ],
        schemas.META_AD_SETS: [
            adset("s_cbo", "c_cbo", TH),
            adset("s_loss", "c_abo", TH, 100_000),
            adset("s_ctr", "c_abo", TH, 50_000),
            adset("s_off", "c_abo", TH, 30_000, "PAUSED"),
            adset("s_sg", "c_sg", SG, 4_000),
        ],
        schemas.META_ADS: [
            ad("a_cbo", "s_cbo", "c_cbo", TH),
            ad("a_loss", "s_loss", "c_abo", TH),
            ad("a_ctr", "s_ctr", "c_abo", TH),
            ad("a_off", "s_off", "c_abo", TH),
            ad("a_sg", "s_sg", "c_sg", SG),
        ],
    }


def insights() -> list[dict[str, Any]]:
    out = []
    for age in range(12, -1, -1):
        day, part = D - timedelta(days=age), 0.5 if age == 0 else 1.0
        cbo = 1300.0 if age <= 6 else 1000.0
        out += [
            insight("a_cbo", "s_cbo", "c_cbo", day, cbo * part, 3 * cbo * part),
            insight("a_loss", "s_loss", "c_abo", day, 1000 * part, 1200 * part),
            insight(
                "a_ctr",
                "s_ctr",
                "c_abo",
                day,
                500 * part,
                1100 * part,
                impressions=100_000,
                clicks=200,
            ),
            insight("a_sg", "s_sg", "c_sg", day, 40 * part, 48 * part, account=SG),
        ]
    return out


def ops_rows(wh: DuckDBWarehouse) -> None:
    """A plan row and its audit events: c_cbo's budget raised on D-6 (expected +200 THB/day)."""
    applied_at = datetime(2026, 11, 15, 5, tzinfo=UTC)  # 12:00 in Bangkok on D-6
    plan = {
        "action_id": "act-cbo",
        "run_id": "run-1",
        "policy": "rules_allocation",
        "platform": "meta",
        "account_id": TH,
        "object_id": "c_cbo",
        "object_level": "campaign",
        "action_type": "budget",
        "field": "daily_budget",
        "unit": "minor",
        "before_value": 150_000.0,
        "after_value": 200_000.0,
        "expected_spend_change_thb": 300.0,
        "expected_margin_change_thb": 200.0,
        "confidence": 0.7,
        "status": "ready",
        "rule": "scale_up+allocation",
        "planned_at": applied_at,
    }
    wh.merge(schemas.BUDGET_ACTION_PLANS, to_table(schemas.BUDGET_ACTION_PLANS, [plan]))
    for i, event in enumerate(("intent", "applied")):
        row = {
            "audit_id": f"e{i}",
            "action_id": "act-cbo",
            "event": event,
            "actor": "test",
            "platform": "meta",
            "object_id": "c_cbo",
            "occurred_at": applied_at + timedelta(seconds=i),
        }
        wh.append(schemas.AUDIT_LOG, to_table(schemas.AUDIT_LOG, [row]))


def dbt(args: list[str], db: Path, work: Path) -> subprocess.CompletedProcess:
    """dbt against ``db``, target and logs in ``work`` (generous timeout: parsing a loaded
    machine's project takes minutes; the second call parses partially)."""
    env = {
        **os.environ,
        "ADPILOT_DUCKDB_PATH": str(db),
        "ADPILOT_WAREHOUSE": "duckdb",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    return subprocess.run(
        [
            str(DBT),
            *args,
            "--project-dir",
            "dbt_project",
            "--profiles-dir",
            "dbt_project",
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=1200,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("dbt_optimizer")
    path = work / "warehouse.duckdb"
    with DuckDBWarehouse(path) as wh:
        for spec in (*schemas.RAW_TABLES, *schemas.OPS_TABLES):
            wh.ensure_table(spec)  # every source of the project exists (other platforms empty)
        for spec, rows in entities().items():
            load_table(wh, spec, rows_for(spec, rows), source="test")
        for acct in (TH, SG):
            mine = [r for r in insights() if r["account_id"] == acct]
            load_table(
                wh,
                schemas.META_ADS_INSIGHTS,
                rows_for(schemas.META_ADS_INSIGHTS, mine),
                source="test",
                scope=LoadScope(acct, D - timedelta(days=12), D),
            )
        ops_rows(wh)
    rules = load_rules().dbt_vars()["budget_rules"]
    rules["accounts"] = {SG: {"roas_target": 1.0}}
    dbt_vars = {
        "budget_rules": rules,
        "optimizer_as_of": "2026-11-21 12:00:00",
        "optimizer_outcome_days": 5,
    }
    run = dbt(
        [
            "run",
            "--select",
            "+budget_recommendations +action_outcomes",
            "--vars",
            json.dumps(dbt_vars),
        ],
        path,
        work,
    )
    assert run.returncode == 0, run.stdout[-4000:]
    tests = dbt(
        ["test", "--select", "path:models/marts/optimizer", "--vars", json.dumps(dbt_vars)],
        path,
        work,
    )
    assert tests.returncode == 0, tests.stdout[-4000:]
    assert "PASS=" in tests.stdout and "ERROR=0" in tests.stdout
    return path


def recs(db: Path) -> dict[str, dict[str, Any]]:
    cols = (
        "object_id, recommendation, primary_rule, rules_fired, recommended_change_pct, "
        "spend_velocity, day_elapsed_fraction, roas_long, is_delivering, local_today"
    )
    names = [c.strip() for c in cols.split(",")]
    return {
        r[0]: dict(zip(names, r))
        for r in query(db, f"select {cols} from marts.budget_recommendations")
    }


def test_budget_owners_are_the_objects_that_hold_the_budget(built) -> None:
    got = query(
        built,
        "select object_id, object_level, product_group, daily_budget, "
        "daily_budget_thb > daily_budget, is_delivering "
        "from marts.dim_budget_owners order by object_id",
    )
    assert got == [
        ("c_cbo", "campaign", "serum", Decimal("2000.000000000"), False, True),
        ("s_ctr", "ad_group", "mask", Decimal("500.000000000"), False, True),
        ("s_loss", "ad_group", "mask", Decimal("1000.000000000"), False, True),
        ("s_off", "ad_group", "mask", Decimal("300.000000000"), False, False),
        ("s_sg", "ad_group", "mask", Decimal("40.000000000"), True, True),  # SGD → more THB
    ]


def test_owner_days_add_up_to_the_ad_facts_and_carry_the_margin(built) -> None:
    owner = query(
        built, "select sum(spend), sum(conversion_value) from marts.budget_owner_performance_daily"
    )
    facts = query(
        built, "select sum(spend), sum(conversion_value) from marts.fct_ad_performance_daily"
    )
    assert owner == facts
    [(margin,)] = query(
        built,
        "select margin_thb from marts.budget_owner_performance_daily "
        "where object_id = 's_loss' and date_day = '2026-11-20'",
    )
    assert margin == pytest.approx(Decimal("1200") * Decimal("0.62") - 1000)  # mask margin rate


def test_each_rule_fires_on_its_evidence_and_the_strongest_decides(built) -> None:
    r = recs(built)
    assert (r["c_cbo"]["recommendation"], r["c_cbo"]["primary_rule"]) == ("increase", "scale_up")
    assert r["c_cbo"]["recommended_change_pct"] == Decimal("0.4")
    assert (r["s_loss"]["recommendation"], r["s_loss"]["rules_fired"]) == (
        "pause",
        "cut_loss,roas_low",
    )
    assert r["s_loss"]["primary_rule"] == "cut_loss"
    assert (r["s_ctr"]["recommendation"], r["s_ctr"]["primary_rule"]) == ("pause", "ctr_low")
    assert (r["s_off"]["recommendation"], r["s_off"]["is_delivering"]) == ("hold", False)


def test_an_account_override_changes_the_verdict_on_the_same_evidence(built) -> None:
    r = recs(built)
    assert r["s_sg"]["roas_long"] == r["s_loss"]["roas_long"] == Decimal("1.2")
    assert (r["s_sg"]["recommendation"], r["s_sg"]["rules_fired"]) == ("hold", None)


def test_spend_velocity_compares_todays_spend_with_the_elapsed_share_of_the_budget(built) -> None:
    r = recs(built)["c_cbo"]
    assert r["local_today"] == D
    assert float(r["day_elapsed_fraction"]) == pytest.approx(19 / 24)
    assert float(r["spend_velocity"]) == pytest.approx(650 / (2000 * 19 / 24), rel=1e-6)


def test_an_applied_action_gets_its_expected_and_actual_outcome(built) -> None:
    [row] = query(
        built,
        "select action_id, applied_date, days_observed, margin_before_thb, "
        "margin_after_thb, actual_margin_change_thb, expected_margin_change_thb, "
        "is_complete, is_direction_matched, recommendation_accuracy "
        "from marts.action_outcomes",
    )
    assert row[:3] == ("act-cbo", date(2026, 11, 15), 5)
    assert float(row[3]) == pytest.approx(3000 * 0.6 - 1000)  # serum margin rate 0.6
    assert float(row[4]) == pytest.approx(3900 * 0.6 - 1300)
    assert float(row[5]) == pytest.approx(240.0) and float(row[6]) == 200.0
    assert row[7:] == (True, True, Decimal("1.000000000"))
