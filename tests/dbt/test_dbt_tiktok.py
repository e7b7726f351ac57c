"""TikTok through dbt on a temp DuckDB: raw rows synced from the sandbox by the real extractor
and loader, then staging → int_ads__unioned → facts, dims and the PFM score."""

import csv
import shutil
from datetime import UTC, date, datetime
from decimal import Decimal

import pyarrow as pa
import pytest
import yaml

from extractors.common import schemas
from extractors.common.loader import load_table
from extractors.common.warehouse import DuckDBWarehouse, LoadScope
from extractors.tiktok.sync import sync_entities, sync_reports
from sandbox.process import running_sandbox
from tests.dbt.dbt_scenario import REPO_ROOT, query, run_dbt
from tests.extractors.tiktok.tiktok_helpers import MY, TH, TOKEN, SimClock, make_client

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
SINCE, UNTIL = date(2026, 11, 1), date(2026, 11, 21)
FACT = "marts.fct_ad_performance_daily"
RECONCILIATION = "assert_tiktok_performance_reconciles_with_raw"
SELECT = [
    "--select",
    "+pfm_scores +dim_campaigns +dim_ad_accounts",
    "--indirect-selection",
    "cautious",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every raw table created; TikTok synced for two advertisers (THB, MYR); dbt built."""
    work = tmp_path_factory.mktemp("tiktok_dbt")
    path = work / "warehouse.duckdb"
    with DuckDBWarehouse(path) as wh:
        for spec in schemas.RAW_TABLES:
            wh.ensure_table(spec)
        with running_sandbox(seed=21, days=30, now=NOW, token=TOKEN, in_process=True) as sb:
            for adv in (TH, MY):
                client = make_client(sb.base_url, adv, SimClock(), work / "rl")
                sync_entities(client, wh, loaded_at=NOW)
                sync_reports(client, wh, SINCE, UNTIL, now=NOW)
    run = run_dbt(["build", *SELECT], path, work)
    assert run.returncode == 0, run.output[-4000:]
    return path, run, work


def raw_totals(path):
    rows = query(
        path,
        "select account_id, date_day, sum(spend), sum(impressions), "
        "sum(complete_payment), sum(video_watched_2s), sum(video_views_p100) "
        "from raw.tiktok_ads_reports_daily group by all order by all",
    )
    return {(a, d): rest for a, d, *rest in rows}


def test_tiktok_raw_totals_equal_the_facts_per_advertiser_and_day_in_both_currencies(built):
    path, run, _ = built
    facts = query(
        path,
        f"select account_id, date_day, sum(spend), sum(impressions), "
        f"sum(conversions), sum(video_views), sum(video_thruplays), "
        f"min(currency_code), max(currency_code) from {FACT} "
        "where platform = 'tiktok' group by all order by all",
    )
    raw = raw_totals(path)

    assert {
        (a, d): [s, i, Decimal(c), Decimal(v), Decimal(t)] for a, d, s, i, c, v, t, _, _ in facts
    } == {k: [s, i, Decimal(str(c)), Decimal(v), Decimal(t)] for k, (s, i, c, v, t) in raw.items()}
    assert {(a, lo, hi) for a, _, *_, lo, hi in facts} == {(TH, "THB", "THB"), (MY, "MYR", "MYR")}
    assert len({d for _, d in raw}) == 21
    assert run.status(RECONCILIATION) == "pass"


def seed_rate(day: str, currency: str) -> Decimal:
    """THB per unit on ``day`` from the FX seed (read from the CSV, not restated here)."""
    seed = REPO_ROOT / "dbt_project" / "seeds" / "fx_rates.csv"
    with seed.open() as f:
        for row in csv.DictReader(f):
            if row["date_day"] == day and row["currency_code"] == currency:
                return Decimal(row["rate_to_thb"])
    raise LookupError(f"no {currency} rate on {day}")


def test_myr_spend_converts_to_thb_at_the_latest_ecb_rate_and_thb_stays(built):
    path, _, _ = built
    rows = query(
        path,
        f"select currency_code, fx_rate_to_thb, spend, spend_thb from {FACT} "
        "where platform = 'tiktok' and date_day = '2026-11-20' and spend > 0",
    )
    myr = [r for r in rows if r[0] == "MYR"]
    thb = [r for r in rows if r[0] == "THB"]

    assert myr and thb
    # the seed's last fixing on or before Nov 20 is Oct 30 (ECB publishes no later one here)
    assert {r[1] for r in myr} == {seed_rate("2026-10-30", "MYR")}
    assert all(abs(r[3] - r[2] * r[1]) < Decimal("1e-6") for r in myr)
    assert all(r[1] == 1 and r[3] == r[2] for r in thb)


def test_the_reconciliation_fails_when_a_raw_row_is_missing_from_the_facts(built, tmp_path):
    path, _, work = built
    copy = tmp_path / "warehouse.duckdb"  # compiled SQL names the catalog after the file
    shutil.copy(path, copy)
    day = date(2026, 11, 20)
    with DuckDBWarehouse(copy) as wh:  # a re-pull added an ad after the build
        table = wh.query(
            "select * from raw.tiktok_ads_reports_daily where account_id = ? and date_day = ?",
            [MY, day],
        )
        late = table.slice(0, 1).to_pylist()[0] | {"ad_id": "late-ad", "spend": Decimal("12.34")}
        batch = pa.concat_tables([table, pa.Table.from_pylist([late], schema=table.schema)])
        load_table(
            wh,
            schemas.TIKTOK_ADS_REPORTS_DAILY,
            batch,
            source="tests",
            scope=LoadScope(MY, day, day),
        )
    compiled = next((work / "target" / "compiled").rglob(f"{RECONCILIATION}.sql")).read_text()

    failures = query(copy, compiled)

    assert len(failures) == 1
    assert failures[0][:2] == (MY, day)
    assert failures[0][2] - failures[0][3] == Decimal("12.34")


def test_campaign_budgets_are_the_cbo_budget_or_the_active_ad_groups_sum(built):
    path, _, _ = built
    dims = {
        r[0]: r[1:]
        for r in query(
            path,
            "select campaign_id, budget_level, daily_budget, currency_code from "
            "marts.dim_campaigns where platform = 'tiktok'",
        )
    }
    cbo = query(
        path,
        "select campaign_id, budget from raw.tiktok_campaigns "
        "where budget_mode = 'BUDGET_MODE_DAY'",
    )
    abo = query(
        path,
        "select campaign_id, sum(budget) from raw.tiktok_ad_groups "
        "where operation_status = 'ENABLE' and budget_mode = 'BUDGET_MODE_DAY' "
        "group by 1",
    )

    assert cbo and abo
    for campaign_id, budget in cbo:
        assert dims[campaign_id][:2] == ("campaign", budget)  # e.g. 1590.00 THB, not satang
    for campaign_id, total in abo:
        assert dims[campaign_id][:2] == ("ad_group", total)
    assert {c for *_, c in dims.values()} == {"THB", "MYR"}
    accounts = query(
        path,
        "select account_id, currency_code, is_active from "
        "marts.dim_ad_accounts where platform = 'tiktok' order by 1",
    )
    assert accounts == [(TH, "THB", True), (MY, "MYR", True)]


def test_pfm_scores_cover_every_tiktok_ad_day_and_post_day(built):
    path, run, _ = built
    levels = dict(query(path, "select score_level, count(*) from marts.pfm_scores group by 1"))
    ad_days = query(path, f"select count(*) from {FACT} where platform = 'tiktok'")[0][0]
    post_days = query(
        path,
        "select count(distinct (r.account_id, a.tiktok_item_id, r.date_day)) "
        "from raw.tiktok_ads_reports_daily r join raw.tiktok_ads a "
        "using (ad_id)",
    )[0][0]
    bounds = query(
        path,
        "select min(pfm_score), max(pfm_score), count(*) filter "
        "(where components_used = 'ctr,cvr,view_time,roas,spend_efficiency') "
        "from marts.pfm_scores",
    )[0]

    assert levels == {"ad": ad_days, "post": post_days}
    assert 0 <= bounds[0] < 50 < bounds[1] <= 100
    assert bounds[2] > 0
    assert (
        run.status("test_pfm_score_ranks_within_the_advertiser_and_redistributes_missing_weights")
        == "pass"
    )
    assert (
        run.status("test_pfm_score_sums_the_trailing_window_and_ranks_against_earlier_days")
        == "pass"
    )


def test_pfm_score_var_defaults_equal_config_scoring_yml():
    project = yaml.safe_load((REPO_ROOT / "dbt_project" / "dbt_project.yml").read_text())
    scoring = yaml.safe_load((REPO_ROOT / "config" / "scoring.yml").read_text())
    assert project["vars"]["pfm_score"] == scoring["pfm_score"]
    assert sum(scoring["pfm_score"]["weights"].values()) == pytest.approx(1)


def mid_rank(value, baseline):
    """(values below + half the values equal) / values — the docs block ``pfm_score``."""
    below = sum(1 for b in baseline if b < value)
    equal = sum(1 for b in baseline if b == value)
    return (below + equal / 2) / len(baseline)


def test_pfm_component_scores_are_mid_rank_percentiles_within_the_advertisers_baseline(built):
    """An oracle in Python for the percentile step (a windowed rank on DuckDB, a join on
    BigQuery): every component score of every row equals the mid-rank percentile of the row's
    metric among the same-level rows of its advertiser in the 28 days up to its day."""
    path, _, _ = built
    metrics = {
        "ctr": "ctr_score",
        "cvr": "cvr_score",
        "view_time_seconds": "view_time_score",
        "roas": "roas_score",
        "cost_per_purchase": "spend_efficiency_score",
    }
    rows = query(
        path,
        f"select score_level, account_id, date_day, {', '.join(metrics)}, "
        f"{', '.join(metrics.values())} from marts.pfm_scores",
    )
    assert len({r[2] for r in rows}) == 21  # the 28-day baseline covers every earlier day
    checked = 0
    for i, metric in enumerate(metrics):
        values = {}
        for level, account, day, *rest in rows:
            if rest[i] is not None:
                values.setdefault((level, account), []).append((day, rest[i]))
        for level, account, day, *rest in rows:
            value, score = rest[i], rest[len(metrics) + i]
            if value is None:
                assert score is None
                continue
            baseline = [v for d, v in values[(level, account)] if d <= day]
            expected = mid_rank(value, baseline)
            if metric == "cost_per_purchase":  # lower is better
                expected = 1 - expected
            assert abs(float(score) - expected) < 1e-8, (metric, level, account, day, value)
            checked += 1
    assert checked > 1000
