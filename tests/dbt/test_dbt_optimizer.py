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
- TikTok TH advertiser (THB, currency units): ``t_cbo`` has a daily campaign budget of 1,000
  (BUDGET_MODE_DAY) → the campaign owns it, its ad group ``g_cbo`` does not; ``t_abo`` has none,
  so its ad group ``g_own`` (daily 500) owns one; ``g_total`` (lifetime budget) is no owner.
  ``g_own`` loses money like ``s_loss`` → ``cut_loss``; both are given PFM scores, not FB scores.
- Google Ads TH customer (THB, micros): ``b_search`` (800 THB) spent by Search campaign
  ``gc_search`` (ad rows); ``b_pmax`` (1,500 THB) by Performance Max ``gc_pmax`` (campaign rows
  only, no ads, still delivering); ``b_shared`` (300 THB) shared by ``gc_shared_a`` (PAUSED) and
  ``gc_shared_b`` (ENABLED, no ads) → one owner, ACTIVE, named after ``gc_shared_a``; a budget
  raise of ``b_search`` applied on D-6.
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
TT, GA = "7020000000000001", "7030000001"  # TikTok advertiser, Google Ads customer (both THB)
D = date(2026, 11, 21)
AS_OF = datetime(2026, 11, 21, 12, tzinfo=UTC)  # 19:00 in Bangkok, 20:00 in Singapore
ZONES = {
    TH: ("THB", "Asia/Bangkok"),
    SG: ("SGD", "Asia/Singapore"),
    TT: ("THB", "Asia/Bangkok"),
    GA: ("THB", "Asia/Bangkok"),
}


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


def tiktok_entities() -> dict[schemas.TableSpec, list[dict[str, Any]]]:
    def camp(cid, name, mode, budget=None):
        return {
            "campaign_id": cid,
            "account_id": TT,
            "campaign_name": name,
            "budget_mode": mode,
            "budget": budget,
            "operation_status": "ENABLE",
        }

    def group(gid, cid, mode, budget=None):
        return {
            "ad_group_id": gid,
            "campaign_id": cid,
            "account_id": TT,
            "ad_group_name": gid,
            "budget_mode": mode,
            "budget": budget,
            "operation_status": "ENABLE",
        }

    def ad(aid, gid, cid):
        return {
            "ad_id": aid,
            "ad_group_id": gid,
            "campaign_id": cid,
            "account_id": TT,
            "ad_name": aid,
            "operation_status": "ENABLE",
        }

    return {
        schemas.TIKTOK_ADVERTISERS: [{"account_id": TT, "advertiser_name": "TT", "status": "OK"}],
        schemas.TIKTOK_CAMPAIGNS: [
            camp("t_cbo", "TH | Serum | CBO | TikTok 01", "BUDGET_MODE_DAY", Decimal(1000)),
            camp("t_abo", "TH | Mask | ABO | TikTok 02", "BUDGET_MODE_INFINITE"),
        ],
        schemas.TIKTOK_AD_GROUPS: [
            group("g_cbo", "t_cbo", "BUDGET_MODE_INFINITE"),
            group("g_own", "t_abo", "BUDGET_MODE_DAY", Decimal(500)),
            group("g_total", "t_abo", "BUDGET_MODE_TOTAL", Decimal(5000)),
        ],
        schemas.TIKTOK_ADS: [
            ad("ta_cbo", "g_cbo", "t_cbo"),
            ad("ta_own", "g_own", "t_abo"),
            ad("ta_total", "g_total", "t_abo"),
        ],
    }


def tiktok_report(ad: str, group: str, campaign: str, day: date, spend: float, value: float):
    return {
        "date_day": day,
        "account_id": TT,
        "campaign_id": campaign,
        "ad_group_id": group,
        "ad_id": ad,
        "spend": Decimal(f"{spend:.2f}"),
        "impressions": 20_000,
        "clicks": 300,
        "reach": 18_000,
        "complete_payment": float(round(value / 100)),
        "total_purchase_value": Decimal(f"{value:.2f}"),
    }


def google_entities() -> dict[schemas.TableSpec, list[dict[str, Any]]]:
    def camp(cid, name, budget_id, micros, status="ENABLED", channel="SEARCH"):
        return {
            "campaign_id": cid,
            "account_id": GA,
            "campaign_name": name,
            "status": status,
            "advertising_channel_type": channel,
            "campaign_budget_id": budget_id,
            "budget_amount_micros": micros,
        }

    return {
        schemas.GOOGLE_ADS_CUSTOMERS: [
            {"account_id": GA, "descriptive_name": "GA", "status": "ENABLED"}
        ],
        schemas.GOOGLE_ADS_CAMPAIGNS: [
            camp("gc_search", "TH | Mask | Search | Brand", "b_search", 800_000_000),
            camp(
                "gc_pmax",
                "TH | Serum | PMax | All",
                "b_pmax",
                1_500_000_000,
                "ENABLED",
                "PERFORMANCE_MAX",
            ),
            camp("gc_shared_a", "TH | Toner | Search | A", "b_shared", 300_000_000, "PAUSED"),
            camp("gc_shared_b", "TH | Toner | Search | B", "b_shared", 300_000_000),
        ],
        schemas.GOOGLE_ADS_AD_GROUPS: [
            {
                "ad_group_id": "gg_search",
                "campaign_id": "gc_search",
                "account_id": GA,
                "status": "ENABLED",
            },
        ],
        schemas.GOOGLE_ADS_ADS: [
            {
                "ad_id": "ga_search",
                "ad_group_id": "gg_search",
                "campaign_id": "gc_search",
                "account_id": GA,
                "status": "ENABLED",
            },
        ],
    }


def google_stats() -> dict[schemas.TableSpec, list[dict[str, Any]]]:
    ads, campaigns = [], []
    for age in range(12, -1, -1):
        day, part = D - timedelta(days=age), 0.5 if age == 0 else 1.0
        for cid, spend, value in (("gc_search", 700, 1190), ("gc_pmax", 1400, 4200)):
            row = {
                "date_day": day,
                "account_id": GA,
                "campaign_id": cid,
                "cost_micros": int(spend * part * 1_000_000),
                "impressions": 10_000,
                "clicks": 200,
                "conversions": value * part / 100,
                "conversions_value": Decimal(f"{value * part:.2f}"),
            }
            campaigns.append(row)
            if cid == "gc_search":
                ads.append({**row, "ad_group_id": "gg_search", "ad_id": "ga_search"})
    return {
        schemas.GOOGLE_ADS_AD_STATS_DAILY: ads,
        schemas.GOOGLE_ADS_CAMPAIGN_STATS_DAILY: campaigns,
    }


def load_other_platforms(wh: DuckDBWarehouse) -> None:
    """The TikTok advertiser's and the Google Ads customer's entities and daily facts."""
    for spec, rows in {**tiktok_entities(), **google_entities()}.items():
        load_table(wh, spec, rows_for(spec, rows), source="test")
    reports = []
    for age in range(12, -1, -1):
        day, part = D - timedelta(days=age), 0.5 if age == 0 else 1.0
        reports += [
            tiktok_report("ta_cbo", "g_cbo", "t_cbo", day, 900 * part, 2700 * part),
            tiktok_report("ta_own", "g_own", "t_abo", day, 450 * part, 540 * part),
        ]
    facts = {schemas.TIKTOK_ADS_REPORTS_DAILY: reports, **google_stats()}
    for spec, rows in facts.items():
        acct = rows[0]["account_id"]
        load_table(
            wh,
            spec,
            rows_for(spec, rows),
            source="test",
            scope=LoadScope(acct, D - timedelta(days=12), D),
        )


def ops_rows(wh: DuckDBWarehouse) -> None:
    """Plan rows and their audit events, both applied on D-6: c_cbo's budget raised (expected
    +200 THB/day) and the Google budget b_search's (expected −50 THB/day)."""
    applied_at = datetime(2026, 11, 15, 5, tzinfo=UTC)  # 12:00 in Bangkok on D-6
    common = {
        "run_id": "run-1",
        "policy": "rules_allocation",
        "action_type": "budget",
        "field": "daily_budget",
        "confidence": 0.7,
        "status": "ready",
        "planned_at": applied_at,
    }
    plans = [
        {
            **common,
            "action_id": "act-cbo",
            "platform": "meta",
            "account_id": TH,
            "object_id": "c_cbo",
            "object_level": "campaign",
            "unit": "minor",
            "before_value": 150_000.0,
            "after_value": 200_000.0,
            "expected_spend_change_thb": 300.0,
            "expected_margin_change_thb": 200.0,
            "rule": "scale_up+allocation",
        },
        {
            **common,
            "action_id": "act-google",
            "platform": "google_ads",
            "account_id": GA,
            "object_id": "b_search",
            "object_level": "campaign_budget",
            "unit": "micros",
            "before_value": 600_000_000.0,
            "after_value": 800_000_000.0,
            "expected_spend_change_thb": 200.0,
            "expected_margin_change_thb": -50.0,
            "rule": "allocation",
        },
    ]
    wh.merge(schemas.BUDGET_ACTION_PLANS, to_table(schemas.BUDGET_ACTION_PLANS, plans))
    for plan in plans:
        for i, event in enumerate(("intent", "applied")):
            row = {
                "audit_id": f"{plan['action_id']}-e{i}",
                "action_id": plan["action_id"],
                "event": event,
                "actor": "test",
                "platform": plan["platform"],
                "object_id": plan["object_id"],
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
        load_other_platforms(wh)
        ops_rows(wh)
    rules = load_rules().dbt_vars()["budget_rules"]
    rules["accounts"] = {SG: {"roas_target": 1.0}}
    dbt_vars = {
        "budget_rules": rules,
        "optimizer_as_of": "2026-11-21 12:00:00",
        "optimizer_outcome_days": 5,
    }
    seed = dbt(["seed"], path, work)  # FX rates, currencies, products (`run` builds no seeds)
    assert seed.returncode == 0, seed.stdout[-4000:]
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
        "from marts.dim_budget_owners where platform = 'meta' order by object_id",
    )
    assert got == [
        ("c_cbo", "campaign", "serum", Decimal("2000.000000000"), False, True),
        ("s_ctr", "ad_group", "mask", Decimal("500.000000000"), False, True),
        ("s_loss", "ad_group", "mask", Decimal("1000.000000000"), False, True),
        ("s_off", "ad_group", "mask", Decimal("300.000000000"), False, False),
        ("s_sg", "ad_group", "mask", Decimal("40.000000000"), True, True),  # SGD → more THB
    ]


def test_owner_days_add_up_to_the_ad_facts_per_platform_and_carry_the_margin(built) -> None:
    sums = "select platform, sum(spend), sum(conversion_value) from marts.{} group by 1 order by 1"
    owner = query(built, sums.format("budget_owner_performance_daily"))
    facts = query(built, sums.format("fct_ad_performance_daily"))
    assert owner == facts
    assert [r[0] for r in owner] == ["google_ads", "meta", "tiktok"]
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
        "from marts.action_outcomes where platform = 'meta'",
    )
    assert row[:3] == ("act-cbo", date(2026, 11, 15), 5)
    assert float(row[3]) == pytest.approx(3000 * 0.6 - 1000)  # serum margin rate 0.6
    assert float(row[4]) == pytest.approx(3900 * 0.6 - 1300)
    assert float(row[5]) == pytest.approx(240.0) and float(row[6]) == 200.0
    assert row[7:] == (True, True, Decimal("1.000000000"))


def test_tiktok_owners_are_the_campaign_with_a_daily_budget_or_else_the_ad_groups(built) -> None:
    got = query(
        built,
        "select object_id, object_level, campaign_id, budget_unit, daily_budget_native, "
        "daily_budget, product_group, is_delivering "
        "from marts.dim_budget_owners where platform = 'tiktok' order by object_id",
    )
    assert got == [
        (
            "g_own",
            "ad_group",
            "t_abo",
            "units",
            Decimal("500.000000000"),
            Decimal("500.000000000"),
            "mask",
            True,
        ),
        (
            "t_cbo",
            "campaign",
            "t_cbo",
            "units",
            Decimal("1000.000000000"),
            Decimal("1000.000000000"),
            "serum",
            True,
        ),
    ]  # g_cbo (its campaign holds the budget) and g_total (lifetime budget) own none


def test_google_owners_are_campaign_budgets_in_micros_shared_ones_once(built) -> None:
    got = query(
        built,
        "select object_id, object_level, campaign_id, budget_owner_name, status, budget_unit, "
        "daily_budget_native, daily_budget, active_ads, is_delivering "
        "from marts.dim_budget_owners where platform = 'google_ads' order by object_id",
    )
    assert got == [
        (
            "b_pmax",
            "campaign_budget",
            "gc_pmax",
            "TH | Serum | PMax | All",
            "ACTIVE",
            "micros",
            Decimal("1500000000.000000000"),
            Decimal("1500.000000000"),
            0,
            True,
        ),  # no ads: PMax
        (
            "b_search",
            "campaign_budget",
            "gc_search",
            "TH | Mask | Search | Brand",
            "ACTIVE",
            "micros",
            Decimal("800000000.000000000"),
            Decimal("800.000000000"),
            1,
            True,
        ),
        (
            "b_shared",
            "campaign_budget",
            "gc_shared_a",
            "TH | Toner | Search | A",
            "ACTIVE",
            "micros",
            Decimal("300000000.000000000"),
            Decimal("300.000000000"),
            0,
            False,
        ),
    ]


def test_google_owner_days_include_campaign_level_rows_of_performance_max(built) -> None:
    got = query(
        built,
        "select object_id, object_level, sum(spend), count(*) "
        "from marts.budget_owner_performance_daily where platform = 'google_ads' "
        "group by all order by 1",
    )
    assert got == [
        ("b_pmax", "campaign_budget", Decimal("17500.000000000"), 13),  # 12 x 1400 + 700
        ("b_search", "campaign_budget", Decimal("8750.000000000"), 13),
    ]


def test_tiktok_and_google_owners_are_judged_by_the_same_rules_with_their_own_scores(
    built,
) -> None:
    rows = query(
        built,
        "select object_id, recommendation, primary_rule, fb_score is null, "
        "pfm_score between 0 and 100, content_impact_score is null, budget_unit "
        "from marts.budget_recommendations where platform != 'meta' order by object_id",
    )
    got = {r[0]: r[1:] for r in rows}
    assert got["t_cbo"] == ("increase", "scale_up", True, True, True, "units")  # ROAS 3.0
    assert got["g_own"] == ("pause", "cut_loss", True, True, True, "units")  # ROAS 1.2, loss
    assert got["b_pmax"][:2] == ("increase", "scale_up")  # ROAS 3.0
    assert got["b_pmax"][2:5] == (True, None, True) and got["b_pmax"][5] == "micros"
    assert got["b_search"][:2] == ("reduce", "roas_low")  # ROAS 1.7 < 0.9 x 2.0, margin > 0
    assert got["b_shared"][:2] == ("hold", None)  # not delivering: not judged


def test_an_applied_google_budget_action_is_joined_to_its_budget_owner(built) -> None:
    [row] = query(
        built,
        "select object_id, object_level, days_observed, spend_before_thb, spend_after_thb, "
        "actual_margin_change_thb, is_direction_matched, recommendation_accuracy "
        "from marts.action_outcomes where platform = 'google_ads'",
    )
    assert row[:3] == ("b_search", "campaign_budget", 5)
    assert float(row[3]) == float(row[4]) == pytest.approx(700.0)
    assert float(row[5]) == 0.0 and row[6:] == (None, None)  # no change: direction not judged
