"""Google Ads through dbt on a temp DuckDB: raw rows (real loader) → staging → facts → marts.

The scenario (account-local days 2024-03-01 Fri, 03-02 Sat, 03-03 Sun), next to the Meta rows of
``dbt_scenario``:

- customer TH (THB, Asia/Bangkok): Search campaign ``g_search`` (budget 500 THB) with ads
  ``ad_g1`` (1,234,567,890 micros on 03-01) and ``ad_g2`` in ad group ``ag_1``, whose campaign
  rows equal the sum of its ads; Performance Max campaign ``g_pmax`` (budget 1,234,567,890
  micros) with campaign rows only; paused Search campaign ``g_off`` (budget 300 THB, no stats).
- customer SG (SGD, Asia/Singapore): Search campaign ``g_sg`` (100 SGD) with ad ``ad_sg`` spending
  10 SGD on Saturday 03-02 (Friday's ECB rate applies).
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from extractors.common import schemas
from extractors.common.loader import load_table
from extractors.common.warehouse import DuckDBWarehouse, LoadScope
from tests.dbt.dbt_scenario import DAY1, DAY2, DAY3, REPO_ROOT, load_scenario, query, run_dbt

TH, SG = "7030000001", "7030000002"
CUSTOMER = {TH: ("THB", "Asia/Bangkok"), SG: ("SGD", "Asia/Singapore")}
LOADED_AT = datetime(2024, 3, 4, 1, 0, tzinfo=UTC)
FACT = "marts.fct_ad_performance_daily"
CHANNEL = "marts.ads_channel_performance"


def metrics(cost_micros, impressions, clicks, conversions, value):
    return {
        "cost_micros": cost_micros,
        "impressions": impressions,
        "clicks": clicks,
        "conversions": conversions,
        "conversions_value": Decimal(value),
        "video_views": 0,
    }


CUSTOMERS = [
    {"account_id": TH, "descriptive_name": "Glow TH", "status": "ENABLED"},
    {"account_id": SG, "descriptive_name": "Glow SG", "status": "ENABLED"},
]
CAMPAIGNS = [
    {
        "campaign_id": "g_search",
        "account_id": TH,
        "campaign_name": "G SEARCH",
        "status": "ENABLED",
        "advertising_channel_type": "SEARCH",
        "campaign_budget_id": "b1",
        "budget_amount_micros": 500_000_000,
    },
    {
        "campaign_id": "g_pmax",
        "account_id": TH,
        "campaign_name": "G PMAX",
        "status": "ENABLED",
        "advertising_channel_type": "PERFORMANCE_MAX",
        "campaign_budget_id": "b2",
        "budget_amount_micros": 1_234_567_890,
    },
    {
        "campaign_id": "g_off",
        "account_id": TH,
        "campaign_name": "G OFF",
        "status": "PAUSED",
        "advertising_channel_type": "SEARCH",
        "campaign_budget_id": "b3",
        "budget_amount_micros": 300_000_000,
    },
    {
        "campaign_id": "g_sg",
        "account_id": SG,
        "campaign_name": "G SG",
        "status": "ENABLED",
        "advertising_channel_type": "SEARCH",
        "campaign_budget_id": "b4",
        "budget_amount_micros": 100_000_000,
    },
]
AD_GROUPS = [
    {
        "ad_group_id": "ag_1",
        "campaign_id": "g_search",
        "account_id": TH,
        "ad_group_name": "AG 1",
        "status": "ENABLED",
    },
    {
        "ad_group_id": "ag_sg",
        "campaign_id": "g_sg",
        "account_id": SG,
        "ad_group_name": "AG SG",
        "status": "ENABLED",
    },
]
ADS = [
    {
        "ad_id": "ad_g1",
        "ad_group_id": "ag_1",
        "campaign_id": "g_search",
        "account_id": TH,
        "ad_name": "AD G1",
        "status": "ENABLED",
    },
    {
        "ad_id": "ad_g2",
        "ad_group_id": "ag_1",
        "campaign_id": "g_search",
        "account_id": TH,
        "ad_name": "AD G2",
        "status": "ENABLED",
    },
    {
        "ad_id": "ad_sg",
        "ad_group_id": "ag_sg",
        "campaign_id": "g_sg",
        "account_id": SG,
        "ad_name": "AD SG",
        "status": "ENABLED",
    },
]


def ad_day(ad_id, campaign_id, ad_group_id, day, account=TH, **m):
    return {
        "date_day": day,
        "account_id": account,
        "campaign_id": campaign_id,
        "ad_group_id": ad_group_id,
        "ad_id": ad_id,
        **metrics(**m),
    }


def campaign_day(campaign_id, day, account=TH, **m):
    return {"date_day": day, "account_id": account, "campaign_id": campaign_id, **metrics(**m)}


AD_STATS = [
    ad_day(
        "ad_g1",
        "g_search",
        "ag_1",
        DAY1,
        cost_micros=1_234_567_890,
        impressions=1000,
        clicks=50,
        conversions=2.35,
        value="1234.56",
    ),
    ad_day(
        "ad_g2",
        "g_search",
        "ag_1",
        DAY1,
        cost_micros=500_000,
        impressions=100,
        clicks=3,
        conversions=0.15,
        value="10.00",
    ),
    ad_day(
        "ad_g1",
        "g_search",
        "ag_1",
        DAY3,
        cost_micros=42_420_000,
        impressions=300,
        clicks=9,
        conversions=1.0,
        value="99.90",
    ),
    ad_day(
        "ad_sg",
        "g_sg",
        "ag_sg",
        DAY2,
        account=SG,
        cost_micros=10_000_000,
        impressions=200,
        clicks=4,
        conversions=0.5,
        value="20.00",
    ),
]
CAMPAIGN_STATS = [
    # Search: exactly its ads (never counted twice)
    campaign_day(
        "g_search",
        DAY1,
        cost_micros=1_235_067_890,
        impressions=1100,
        clicks=53,
        conversions=2.5,
        value="1244.56",
    ),
    campaign_day(
        "g_search",
        DAY3,
        cost_micros=42_420_000,
        impressions=300,
        clicks=9,
        conversions=1.0,
        value="99.90",
    ),
    # Performance Max: only here
    campaign_day(
        "g_pmax",
        DAY1,
        cost_micros=777_777_777,
        impressions=5000,
        clicks=100,
        conversions=3.333333,
        value="2500.50",
    ),
    campaign_day(
        "g_pmax", DAY3, cost_micros=1_000_000, impressions=10, clicks=0, conversions=0.0, value="0"
    ),
    campaign_day(
        "g_sg",
        DAY2,
        account=SG,
        cost_micros=10_000_000,
        impressions=200,
        clicks=4,
        conversions=0.5,
        value="20.00",
    ),
]


def raw_table(spec: schemas.TableSpec, rows: list[dict[str, Any]]) -> pa.Table:
    full = []
    for row in rows:
        currency, tz = CUSTOMER[row["account_id"]]
        record = {
            "currency_code": currency,
            "account_timezone": tz,
            **row,
            "raw_json": json.dumps(row, default=str),
            "_loaded_at": LOADED_AT,
            "_source": "tests/dbt/google",
        }
        full.append({name: record.get(name) for name in spec.columns.names})
    return pa.Table.from_pylist(full, schema=spec.columns)


def load_google(path: Path) -> None:
    scopes = [LoadScope(TH, DAY1, DAY3), LoadScope(SG, DAY1, DAY3)]
    with DuckDBWarehouse(path) as wh:
        for spec, rows in (
            (schemas.GOOGLE_ADS_CUSTOMERS, CUSTOMERS),
            (schemas.GOOGLE_ADS_CAMPAIGNS, CAMPAIGNS),
            (schemas.GOOGLE_ADS_AD_GROUPS, AD_GROUPS),
            (schemas.GOOGLE_ADS_ADS, ADS),
        ):
            load_table(wh, spec, raw_table(spec, rows), source="tests/dbt/google")
        for spec, rows in (
            (schemas.GOOGLE_ADS_AD_STATS_DAILY, AD_STATS),
            (schemas.GOOGLE_ADS_CAMPAIGN_STATS_DAILY, CAMPAIGN_STATS),
        ):
            for scope in scopes:
                mine = [r for r in rows if r["account_id"] == scope.account_id]
                res = load_table(
                    wh, spec, raw_table(spec, mine), source="tests/dbt/google", scope=scope
                )
                assert res.rows_quarantined == 0


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("dbt_google")
    path = workdir / "warehouse.duckdb"
    load_scenario(path)  # the Meta rows: the marts hold every platform
    with DuckDBWarehouse(path) as wh:  # other sources' raw tables, empty: as after a first sync
        for spec in schemas.RAW_TABLES:
            wh.ensure_table(spec)
    load_google(path)
    # what the Google rows flow into, with every test whose parents are all built (other
    # sources' work in progress cannot fail this module)
    run = run_dbt(
        [
            "build",
            "--select",
            "+ads_channel_performance",
            "+dim_ad_accounts",
            "+campaign_performance",
            "assert_google_ads_performance_reconciles_with_raw",
            "assert_ad_performance_reconciles_with_raw",
            "--indirect-selection",
            "cautious",
        ],
        path,
        workdir,
    )
    assert run.returncode == 0, run.output[-4000:]
    return path, run


def ecb_rate(day: str, currency: str) -> Decimal:
    seed = REPO_ROOT / "dbt_project" / "seeds" / "fx_rates.csv"
    with seed.open() as f:
        for row in csv.DictReader(f):
            if row["date_day"] == day and row["currency_code"] == currency:
                return Decimal(row["rate_to_thb"])
    raise LookupError(f"no {currency} rate on {day}")


def rate(day: date, currency: str) -> Decimal:
    # the seed holds ECB fixings; a weekend day takes the Friday before (DECISIONLOG 4)
    fixing = {DAY1: DAY1, DAY2: DAY1, DAY3: DAY1}[day]
    return Decimal(1) if currency == "THB" else ecb_rate(fixing.isoformat(), currency)


def test_google_spend_per_account_and_day_equals_the_raw_campaign_totals_in_both_currencies(
    built,
):
    path, run = built
    expected: dict = {}
    for r in CAMPAIGN_STATS:  # every campaign's totals, Performance Max included
        key = (r["account_id"], r["date_day"])
        expected[key] = expected.get(key, Decimal(0)) + Decimal(r["cost_micros"]) / 10**6
    got = {
        (a, d): (s, t)
        for a, d, s, t in query(
            path,
            f"select account_id, date_day, sum(spend), sum(spend_thb) from {FACT} "
            "where platform = 'google_ads' group by all",
        )
    }
    assert set(got) == set(expected)  # every account-local day once, none added or lost
    for (account, day), spend in expected.items():
        currency = CUSTOMER[account][0]
        assert got[(account, day)] == (spend, spend * rate(day, currency)), (account, day)
    assert run.status("assert_google_ads_performance_reconciles_with_raw") == "pass"
    assert run.status("assert_ad_performance_reconciles_with_raw") == "pass"  # Meta's still


def test_micros_become_currency_units_exactly(built):
    path, _ = built
    ((spend,),) = query(
        path, f"select spend from {FACT} where ad_id = 'ad_g1' and date_day = ?", [DAY1]
    )
    ((budget,),) = query(
        path, "select daily_budget from marts.dim_campaigns where campaign_id = 'g_pmax'"
    )
    ((pmax,),) = query(
        path, f"select spend from {FACT} where campaign_id = 'g_pmax' and date_day = ?", [DAY1]
    )
    assert spend == Decimal("1234.567890000") and str(spend) == "1234.567890000"
    assert budget == Decimal("1234.56789")
    assert pmax == Decimal("777.777777")


def test_pmax_is_a_campaign_row_and_search_campaign_rows_are_not_counted_twice(built):
    path, _ = built
    rows = query(
        path,
        f"select campaign_id, date_day, reporting_level, ad_group_id, ad_id, "
        f"conversions, conversion_value, clicks from {FACT} "
        "where platform = 'google_ads' order by campaign_id, date_day, ad_id",
    )
    campaign_rows = [r for r in rows if r[2] == "campaign"]
    assert campaign_rows == [
        ("g_pmax", DAY1, "campaign", None, None, Decimal("3.333333"), Decimal("2500.50"), 100),
        ("g_pmax", DAY3, "campaign", None, None, Decimal(0), Decimal(0), 0),
    ]
    search = [r for r in rows if r[0] == "g_search"]
    assert [(r[1], r[4]) for r in search] == [(DAY1, "ad_g1"), (DAY1, "ad_g2"), (DAY3, "ad_g1")]
    assert [r[5] for r in search] == [Decimal("2.35"), Decimal("0.15"), Decimal("1")]


def test_google_rows_carry_names_from_the_entities_and_null_reach(built):
    path, _ = built
    rows = query(
        path,
        f"select account_name, campaign_name, ad_group_name, ad_name, reach, "
        f"video_views, currency_code, account_timezone from {FACT} "
        "where platform = 'google_ads' and ad_id = 'ad_sg'",
    )
    assert rows == [("Glow SG", "G SG", "AG SG", "AD SG", None, None, "SGD", "Asia/Singapore")]


def test_dims_hold_google_customers_and_campaigns_in_the_shared_status_vocabulary(built):
    path, _ = built
    campaigns = query(
        path,
        "select campaign_id, status, budget_level, objective, daily_budget "
        "from marts.dim_campaigns where platform = 'google_ads' order by 1",
    )
    assert campaigns == [
        ("g_off", "PAUSED", "campaign", "SEARCH", Decimal(300)),
        ("g_pmax", "ACTIVE", "campaign", "PERFORMANCE_MAX", Decimal("1234.56789")),
        ("g_search", "ACTIVE", "campaign", "SEARCH", Decimal(500)),
        ("g_sg", "ACTIVE", "campaign", "SEARCH", Decimal(100)),
    ]
    accounts = query(
        path,
        "select account_id, currency_code, is_active from "
        "marts.dim_ad_accounts where platform = 'google_ads' order by 1",
    )
    assert accounts == [(TH, "THB", True), (SG, "SGD", True)]


def test_channel_performance_has_one_row_per_platform_account_and_day(built):
    path, run = built
    rows = query(
        path,
        f"select platform, account_id, date_day, spend, spend_thb, clicks, "
        f"conversions, daily_budget, daily_budget_thb, budget_utilization, "
        f"active_campaigns, roas, cpc from {CHANNEL} order by 1, 2, 3",
    )
    keys = [(r[0], r[1], r[2]) for r in rows]
    facts = query(
        path, f"select distinct platform, account_id, date_day from {FACT} order by 1, 2, 3"
    )
    assert keys == facts and len(keys) == len(set(keys))
    assert {r[0] for r in rows} == {"google_ads", "meta"}
    th_day1 = next(r for r in rows if r[:3] == ("google_ads", TH, DAY1))
    spend = Decimal("1235.067890") + Decimal("777.777777")
    budget = Decimal(500) + Decimal("1234.56789")  # the paused campaign's 300 does not count
    assert th_day1[3:7] == (spend, spend, 153, Decimal("5.833333"))
    assert (th_day1[7], th_day1[8], th_day1[10]) == (budget, budget, 2)
    assert th_day1[9] == pytest.approx(spend / budget, abs=Decimal("1e-9"))
    assert th_day1[11] == pytest.approx(
        (Decimal("1244.56") + Decimal("2500.50")) / spend, abs=Decimal("1e-9")
    )
    sg_day2 = next(r for r in rows if r[:3] == ("google_ads", SG, DAY2))
    sgd = rate(DAY2, "SGD")
    assert sg_day2[3:5] == (Decimal(10), Decimal(10) * sgd)
    assert (sg_day2[7], sg_day2[8], sg_day2[9]) == (
        Decimal(100),
        Decimal(100) * sgd,
        Decimal("0.1"),
    )
    assert sg_day2[12] == Decimal("2.5")  # cpc = 10 / 4
    assert run.status("ads_channel_performance_sums_a_day_and_divides_by_active_budgets") == (
        "pass"
    )


def test_channel_totals_equal_the_facts_for_every_platform(built):
    path, _ = built
    mismatches = query(
        path,
        f"""
        with facts as (
            select platform, account_id, date_day, sum(spend) s, sum(spend_thb) t,
                   sum(impressions) i, sum(conversions) c
            from {FACT} group by all
        )
        select * from facts full outer join {CHANNEL} m using (platform, account_id, date_day)
        where m.spend is distinct from facts.s or m.spend_thb is distinct from facts.t
           or m.impressions is distinct from facts.i or m.conversions is distinct from facts.c
    """,
    )
    assert mismatches == []


def test_a_warehouse_without_google_ads_tables_builds_the_google_models_empty(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    load_scenario(path, every_table=False)  # Meta only: no raw.google_ads_* table exists
    run = run_dbt(
        ["run", "--select", "staging.google_ads", "int_google_ads__stats_completed"], path, tmp_path
    )
    assert run.returncode == 0, run.output[-3000:]
    assert "does not exist yet; reading it as empty" in run.output
    counts = query(
        path,
        "select (select count(*) from staging.stg_google_ads__ad_stats), "
        "(select count(*) from intermediate.int_google_ads__stats_completed)",
    )
    assert counts == [(0, 0)]
