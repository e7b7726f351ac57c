"""``python -m bench`` at a tiny scale: every result file is written with the documented shape.

Timings are not checked (no timed assertions); counts and relations between figures are.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from bench.__main__ import main
from bench.common import run_dbt
from tests.dbt.dbt_scenario import compiled_sql

# `make test` runs pytest-xdist with --dist loadfile: one worker builds the tiny benchmark
# warehouse once for the whole module. (--dist loadgroup with xdist_group marks does not group
# under pytest 9.2: xdist 3.8 rewrites Item._nodeid, which pytest 9 no longer reads.)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmarks' scratch dir: the warehouse is left there after the sync."""
    return tmp_path_factory.mktemp("scratch")


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory, scratch: Path) -> Path:
    out = tmp_path_factory.mktemp("results")
    main([
        "--ads", "60", "--days", "35", "--ingest-ads", "60", "--ingest-days", "3",
        "--api-ads", "60", "--readers", "2", "--queries-per-reader", "3",
        "--out", str(out), "--scratch", str(scratch),
    ])  # fmt: skip
    return out


def _read(results: Path, name: str) -> dict:
    return json.loads((results / f"{name}.json").read_text())


def test_ingest_compares_our_load_with_read_json_on_the_same_rows(results: Path):
    doc = _read(results, "ingest")

    assert doc["rows"] > 0
    assert doc["ours_rows_per_s"] > 0 and doc["limit_rows_per_s"] > 0
    assert doc["ratio"] == pytest.approx(doc["ours_rows_per_s"] / doc["limit_rows_per_s"], rel=0.01)
    assert doc["machine"]["cpus"] >= 1


def test_api_calls_are_counted_per_thousand_loaded_ad_days(results: Path):
    doc = _read(results, "api_calls")

    assert doc["ad_days"] > 0
    assert doc["requests"] == sum(doc["requests_by_route"].values())
    assert doc["requests_per_1000_ad_days"] == pytest.approx(
        doc["requests"] / doc["ad_days"] * 1000, rel=0.001
    )
    assert doc["requests_by_route"]["meta.report_create"] >= 2 * doc["accounts"]


def test_incremental_times_a_full_build_and_a_windowed_sync_on_the_same_warehouse(results: Path):
    doc = _read(results, "incremental")

    assert {"full_s", "full_rss_mb", "incremental_s", "ratio"} <= doc.keys()
    assert doc["full_rss_mb"] > 0
    assert doc["ratio"] == pytest.approx(doc["incremental_s"] / doc["full_s"], abs=0.01)
    assert doc["raw_rows"]["meta_ads_insights"] > 0
    assert doc["raw_rows"]["tiktok_ads_reports_daily"] > 0
    assert doc["raw_rows"]["google_ads_ad_stats_daily"] > 0
    # the window as Dagster passes it: in the environment, so dbt keeps the full build's parse
    assert "--vars" not in doc["incremental_command"]
    assert doc["incremental_env"] == {
        "ADPILOT_WINDOW_MIN_DATE": doc["sync_window"]["min_date"],
        "ADPILOT_WINDOW_MAX_DATE": doc["sync_window"]["max_date"],
    }


def test_incremental_probes_the_fixed_cost_and_half_the_history_on_a_copy(
    results: Path, scratch: Path
):
    doc = _read(results, "incremental")

    assert doc["fixed_s"] > 0 and doc["half_history_incremental_s"] > 0
    assert doc["fixed_ratio"] == pytest.approx(doc["fixed_s"] / doc["full_s"], abs=0.01)
    assert doc["fixed_window"]["min_date"] > doc["sync_window"]["max_date"]  # no data in it
    assert doc["half_history_first_day"] > doc["history_first_day"]
    assert doc["half_history_rows_deleted"] > 0
    assert doc["probe_not_ok"] == {
        "fixed": {"failed": [], "skipped": []},
        "half_history": {"failed": [], "skipped": []},
    }
    # the probes ran on a copy: the benchmark warehouse keeps its whole history
    assert not (scratch / "warehouse_probe.duckdb").exists()
    with duckdb.connect(str(scratch / "warehouse.duckdb"), read_only=True) as con:
        ((first,),) = con.execute("select min(date_day) from raw.meta_ads_insights").fetchall()
    assert first.isoformat() < doc["half_history_first_day"]


ALERT_MODELS = {
    "int_alerts__campaign_conditions": "intermediate",
    "int_alerts__ad_conditions": "intermediate",
    "int_alerts__shop_conditions": "intermediate",
    "int_alerts__content_conditions": "intermediate",
    "int_alerts__condition_streaks": "intermediate",
    "alerts": "marts",
}
CLOCK_COLUMNS = {"last_complete_day", "is_current"}  # the wall clock moved between the builds


def test_after_the_sync_the_alert_models_equal_a_full_rebuild(
    results: Path, scratch: Path, tmp_path: Path
):
    """The windowed alert chain (DECISIONLOG 23) on a month of market data: every row, in the
    window and before it, equals what the models' SQL without a window computes. (The market
    has no shops: their conditions are empty here; tests/dbt covers revenue_drop.)"""
    first = _read(results, "incremental")["sync_window"]["min_date"]
    db = scratch / "warehouse.duckdb"
    # no --vars: each model's full-rebuild SQL, over its (already synced) inputs
    compiled = run_dbt(["compile", "--select", *ALERT_MODELS], db, tmp_path)
    assert compiled.returncode == 0, compiled.output

    with duckdb.connect(str(db), read_only=True) as con:
        ((carried,),) = con.execute(
            "select count(*) from intermediate.int_alerts__condition_streaks "
            "where date_day >= ? and condition_started_on < ?",
            [first, first],
        ).fetchall()
        assert carried > 0  # streaks run across the window's first day: the carry is exercised
        for model, schema in ALERT_MODELS.items():
            columns = [c for (c, *_) in con.execute(f"describe {schema}.{model}").fetchall()]
            keep = ", ".join(c for c in columns if c not in CLOCK_COLUMNS)
            table, full = f"{schema}.{model}", f"({compiled_sql(tmp_path / 'target', model)})"
            for a, b in ((table, full), (full, table)):
                extra = con.execute(
                    f"select count(*) from (select {keep} from {a} except all select {keep} from {b})"
                ).fetchone()
                assert extra == (0,), f"{model}: rows only in {a[:40]}"


def test_mart_queries_report_percentiles_over_every_chart_query_and_the_row_exports(
    results: Path,
):
    doc = _read(results, "mart_queries")

    assert doc["queries"] == 2 * 3
    assert 0 < doc["p50_ms"] <= doc["p95_ms"] <= doc["max_ms"]
    assert set(doc["per_group"]) <= {"executive_overview", "ads_performance", "shop_performance",
                                     "website_analytics", "product_analytics"}  # fmt: skip
    assert doc["row_export"]["queries"] == 2 * 3
    assert "campaign_performance" in doc["row_export"]["per_group"]


def test_bytes_of_a_sync_are_at_most_those_of_a_full_build(results: Path):
    doc = _read(results, "bytes")

    fact = doc["models"]["fct_ad_performance_daily"]
    assert fact["static_partitions"] == doc["window"]["days"]
    assert 0 < fact["sync"]["bytes"] <= fact["full"]["bytes"]
    assert fact["sync"]["relations"]["raw.meta_ads_insights"]["partitions"] <= doc["window"]["days"]
