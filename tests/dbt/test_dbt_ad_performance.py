"""The ad-performance models on a temp DuckDB built from hand-made raw rows (see conftest.py)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

from extractors.common import schemas
from extractors.common.warehouse import DuckDBWarehouse, LoadScope
from tests.dbt.dbt_scenario import (
    ADS_INSIGHTS,
    DAY1,
    DAY2,
    DAY3,
    SG,
    TH,
    VN,
    BuiltWarehouse,
    ad_day,
    compiled_sql,
    load_rows,
    query,
    run_dbt,
)

FACT = "marts.fct_ad_performance_daily"
RECONCILIATION = "assert_ad_performance_reconciles_with_raw"
FX_COVERAGE = "assert_fx_rates_cover_every_currency_day"


def ecb_rate(day: str, currency: str) -> Decimal:
    """The seed's THB rate of ``currency`` on ``day`` (read from the CSV, not restated here)."""
    seed = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "fx_rates.csv"
    with seed.open() as f:
        for row in csv.DictReader(f):
            if row["date_day"] == day and row["currency_code"] == currency:
                return Decimal(row["rate_to_thb"])
    raise LookupError(f"no {currency} rate on {day}")


def test_sgd_spend_on_a_saturday_converts_at_fridays_ecb_rate(built_warehouse: BuiltWarehouse):
    ((rate, spend, spend_thb),) = query(
        built_warehouse.path,
        f"select fx_rate_to_thb, spend, spend_thb from {FACT} where ad_id = 'ad_sg'",
    )
    friday_rate = ecb_rate("2024-03-01", "SGD")  # 2024-03-02 is a Saturday: no ECB fixing
    assert rate == friday_rate
    assert spend == Decimal("10.00")
    assert spend_thb == Decimal("10.00") * friday_rate


def test_meta_purchases_take_omni_purchase_without_adding_the_pixel_purchases(
    built_warehouse: BuiltWarehouse,
):
    rows = query(
        built_warehouse.path,
        f"select ad_id, conversions, conversion_value from {FACT} "
        "where date_day = ? and reporting_level = 'ad' order by ad_id",
        [DAY1],
    )
    # ad_omni reports 3 omni_purchase and the same 3 as the pixel; ad_pixel only the pixel's 2
    assert rows == [("ad_omni", Decimal(3), Decimal(300)), ("ad_pixel", Decimal(2), Decimal(150))]


def test_meta_clicks_are_link_clicks_and_video_metrics_come_from_their_action_lists(
    built_warehouse: BuiltWarehouse,
):
    rows = query(
        built_warehouse.path,
        f"select clicks, video_views, video_thruplays from {FACT} "
        "where ad_id = 'ad_omni' and date_day = ?",
        [DAY1],
    )
    # 50 clicks of any kind, 30 link clicks; video_view action 100; thruplay list 40
    assert rows == [(30, 100, 40)]


def test_campaign_remainder_rows_carry_what_campaign_totals_have_beyond_their_ads(
    built_warehouse: BuiltWarehouse,
):
    rows = query(
        built_warehouse.path,
        f"select campaign_id, date_day, ad_group_id, ad_id, spend, impressions, clicks, "
        f"conversions, conversion_value, reach from {FACT} "
        "where reporting_level = 'campaign' order by campaign_id",
    )
    assert rows == [
        # 160.50 / 1600 / 41 / 6 / 500 at campaign level minus the two ads
        ("c_cbo", DAY1, None, None, Decimal("10.00"), 100, 1, Decimal(1), Decimal(50), None),
        # campaign-level totals for a campaign without any ad rows
        ("c_orphan", DAY1, None, None, Decimal("25.00"), 250, 5, Decimal(0), Decimal(0), None),
    ]
    # c_cbo on DAY2 adds up exactly; c_adsets has no campaign-level rows: no remainder for either


def test_facts_match_ads_manager_campaign_totals_per_account_and_day(
    built_warehouse: BuiltWarehouse,
):
    rows = query(
        built_warehouse.path,
        f"select account_id, date_day, sum(spend), sum(impressions) from {FACT} "
        "group by all order by account_id, date_day",
    )
    assert rows == [
        (TH, DAY1, Decimal("185.50"), 1850),  # c_cbo 160.50 + c_orphan 25.00
        (TH, DAY2, Decimal("120.00"), 1300),  # c_cbo 80.00 + c_adsets 40.00 (ad level only)
        (TH, DAY3, Decimal("30.00"), 300),
        (SG, DAY2, Decimal("10.00"), 200),
    ]
    assert built_warehouse.build.status(RECONCILIATION) == "pass"


def test_campaign_daily_budget_is_the_cbo_budget_or_the_active_ad_sets_sum(
    built_warehouse: BuiltWarehouse,
):
    rows = query(
        built_warehouse.path,
        "select campaign_id, budget_level, daily_budget, daily_budget_thb "
        "from marts.campaign_performance where date_day = ? order by campaign_id",
        [DAY2],
    )
    sgd = ecb_rate("2024-03-01", "SGD")
    assert rows == [
        ("c_adsets", "ad_group", Decimal(200), Decimal(200)),  # 20000 satang active, paused not
        ("c_cbo", "campaign", Decimal(500), Decimal(500)),  # 50000 satang on the campaign
        ("c_sg", "campaign", Decimal(100), Decimal(100) * sgd),  # 10000 cents, Friday's rate
    ]


def test_a_currency_without_ecb_rates_keeps_its_rows_and_fails_fx_coverage(
    built_warehouse: BuiltWarehouse, warehouse_copy: Path
):
    with DuckDBWarehouse(warehouse_copy) as wh:
        account = {"account_id": VN, "account_name": "Brand VN", "account_status": 1}
        load_rows(wh, schemas.META_AD_ACCOUNTS, [account])
        vn_day = ad_day(
            "ad_vn", "c_vn", "s_vn", DAY2, account=VN, spend=Decimal(250000), impressions=1000
        )
        load_rows(wh, schemas.META_ADS_INSIGHTS, [vn_day], [LoadScope(VN, DAY2, DAY2)])
        # rebuild the fact with its own compiled SQL, as a dbt run would
        wh.execute(f"delete from {FACT}")
        wh.execute(f"insert into {FACT} {built_warehouse.compiled('fct_ad_performance_daily')}")

    vn_rows = query(
        warehouse_copy,
        f"select spend, fx_rate_to_thb, spend_thb from {FACT} where currency_code = 'VND'",
    )
    failures = query(warehouse_copy, built_warehouse.compiled(FX_COVERAGE))

    assert vn_rows == [(Decimal(250000), None, None)]  # kept, not dropped by the FX join
    assert failures == [("VND", 1, DAY2, DAY2)]


def test_reconciliation_fails_when_raw_spend_is_missing_from_the_facts(
    built_warehouse: BuiltWarehouse,
    warehouse_copy: Path,
):
    late_ad = ad_day("ad_late", "c_adsets", "s_on", DAY3, spend=Decimal("5.00"), impressions=50)
    with DuckDBWarehouse(warehouse_copy) as wh:  # a report re-pull adds an ad after the build
        rows = [r for r in ADS_INSIGHTS if r["date_day"] == DAY3] + [late_ad]
        load_rows(wh, schemas.META_ADS_INSIGHTS, rows, [LoadScope(TH, DAY3, DAY3)])

    # the test's own compiled SQL (what `dbt test` runs; a returned row is a failure)
    failures = query(warehouse_copy, built_warehouse.compiled(RECONCILIATION))

    assert failures == [("meta", TH, DAY3, Decimal("35.00"), Decimal("30.00"), 350, 300)]


def test_incremental_window_run_equals_a_full_rebuild_including_vanished_days(
    built_warehouse: BuiltWarehouse, warehouse_copy: Path
):
    def rows_by_day(relation: str) -> dict:
        rows = query(warehouse_copy, f"select * from {relation} order by ad_performance_id")
        return {day: [r for r in rows if r[-1] == day] for day in (DAY1, DAY2, DAY3)}

    before = rows_by_day(FACT)
    with DuckDBWarehouse(warehouse_copy) as wh:
        # DAY1 (outside the window) changes too: the windowed run must leave it alone
        day1 = [
            dict(r, spend=Decimal("55.00")) if r["ad_id"] == "ad_pixel" else r
            for r in ADS_INSIGHTS
            if r["date_day"] == DAY1
        ]
        load_rows(wh, schemas.META_ADS_INSIGHTS, day1, [LoadScope(TH, DAY1, DAY1)])
        # late attribution on DAY2; DAY3 re-pulled with no delivery at all for the TH account
        day2 = [
            dict(r, actions=[{"action_type": "omni_purchase", "value": 2.0}])
            if r["ad_id"] == "ad_omni"
            else r
            for r in ADS_INSIGHTS
            if r["date_day"] == DAY2
        ]
        load_rows(wh, schemas.META_ADS_INSIGHTS, day2, [LoadScope(TH, DAY2, DAY3)])

    window = '{"min_date": "2024-03-02", "max_date": "2024-03-03"}'
    incremental = run_dbt(
        ["build", "--select", "fct_ad_performance_daily+", "--vars", window],
        warehouse_copy,
        warehouse_copy.parent,
    )
    assert incremental.returncode == 0, incremental.output[-3000:]
    assert incremental.status(RECONCILIATION) == "pass"  # checked over the window
    after_window_run = rows_by_day(FACT)
    # a full rebuild's rows: the model's SQL compiled without a window (what --full-refresh runs)
    rebuilt = rows_by_day(f"({built_warehouse.compiled('fct_ad_performance_daily')})")

    assert after_window_run[DAY2] == rebuilt[DAY2]
    assert after_window_run[DAY3] == rebuilt[DAY3] == []  # the vanished day is gone, not kept
    assert before[DAY3] != []
    assert after_window_run[DAY1] == before[DAY1] != rebuilt[DAY1]  # outside: untouched
    assert query(
        warehouse_copy,
        f"select conversions from {FACT} where ad_id = 'ad_omni' and date_day = ?",
        [DAY2],
    ) == [(Decimal(2),)]  # late attribution re-read
    scores_day3 = query(
        warehouse_copy, "select count(*) from marts.fb_scores where date_day = ?", [DAY3]
    )
    assert scores_day3 == [(0,)]


def test_every_windowed_model_writes_only_rows_of_its_window(
    built_warehouse: BuiltWarehouse, warehouse_copy: Path, tmp_path: Path
):
    """On DuckDB a windowed model is appended after its window is deleted (date_window.sql), so
    its SQL for a window must return no row outside it, or a sync would duplicate that row."""
    manifest = json.loads((built_warehouse.target / "manifest.json").read_text())
    windowed = sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["config"]["materialized"] == "incremental"
        and node["config"].get("meta", {}).get("window_column")
    )
    assert {"fct_ad_performance_daily", "alerts", "int_alerts__condition_streaks"} <= set(windowed)
    window = json.dumps({"min_date": DAY2.isoformat(), "max_date": DAY2.isoformat()})
    run = run_dbt(["compile", "--select", *windowed, "--vars", window], warehouse_copy, tmp_path)
    assert run.returncode == 0, run.output[-3000:]

    inside = 0
    for name in windowed:
        sql = compiled_sql(tmp_path / "target", name)
        ((outside, rows),) = query(
            warehouse_copy,
            f"select count(*) filter (where date_day <> ?), count(*) from ({sql})",
            [DAY2],
        )
        assert outside == 0, name
        inside += rows
    assert inside > 0
