"""BigQueryWarehouse against the local emulator: DDL from sql/, scope replace, merge, exactly-once
job ids, quarantine and sync_state, and DuckDB-dialect reads (the contract checks)."""

from __future__ import annotations

from decimal import Decimal

import pyarrow as pa
import pytest

from extractors.common import schemas
from extractors.common.bigquery_ddl import all_specs, requires_partition_filter
from extractors.common.expectations import validate_table
from extractors.common.loader import load_table
from extractors.common.warehouse import LoadScope
from tests.dbt.dbt_scenario import (
    ADS_INSIGHTS,
    CAMPAIGNS,
    DAY1,
    DAY2,
    DAY3,
    SG,
    TH,
    ad_day,
    raw_table,
)

pytestmark = pytest.mark.bigquery

INSIGHTS = schemas.META_ADS_INSIGHTS


def _insights(rows: list[dict]) -> pa.Table:
    return raw_table(INSIGHTS, rows)


def _of(account: str, rows: list[dict] = ADS_INSIGHTS) -> list[dict]:
    return [r for r in rows if r["account_id"] == account]


def _fact_rows(bq_rows, wh) -> list[tuple]:
    ref = wh.table_ref(INSIGHTS)
    return [
        (r["account_id"], r["date_day"], r["ad_id"], r["spend"])
        for r in bq_rows(
            f"select account_id, date_day, ad_id, spend from `{ref}` "
            "where date_day >= '2024-01-01' order by 1, 2, 3"
        )
    ]


def test_every_table_is_created_from_its_ddl_file_with_partitioning_and_filter(bq_warehouse):
    for spec in all_specs():
        bq_warehouse.ensure_table(spec)
        table = bq_warehouse.client.get_table(bq_warehouse.table_ref(spec))
        assert [f.name for f in table.schema] == spec.columns.names, spec.fqn
        required = {f.name for f in table.schema if f.mode == "REQUIRED"}
        assert required == {f.name for f in spec.columns if not f.nullable}, spec.fqn
        partitioning = table.time_partitioning
        if spec.partition_column:
            assert partitioning.field == spec.partition_column, spec.fqn
            assert partitioning.type_ == "DAY"
            required_filter = (
                table.require_partition_filter or partitioning.require_partition_filter
            )
            assert bool(required_filter) == requires_partition_filter(spec), spec.fqn
        else:
            assert partitioning is None, spec.fqn
        assert table.description == spec.description
        # the emulator does not report clustering back; the DDL text is checked in the pure tests
    money = bq_warehouse.client.get_table(bq_warehouse.table_ref(INSIGHTS)).schema
    types = {f.name: (f.field_type, f.mode) for f in money}
    assert types["spend"] == ("NUMERIC", "NULLABLE")
    assert types["actions"] == ("RECORD", "REPEATED")
    assert types["_loaded_at"] == ("TIMESTAMP", "REQUIRED")


def test_replace_scope_replaces_only_its_account_and_window(bq_warehouse, bq_rows):
    wh = bq_warehouse
    wh.replace_scope(INSIGHTS, _insights(_of(TH)), LoadScope(TH, DAY1, DAY3))
    wh.replace_scope(INSIGHTS, _insights(_of(SG)), LoadScope(SG, DAY1, DAY3))
    # re-pull TH for days 2..3: ad_adsets stopped on day 3, ad_omni's day-2 spend was corrected
    late = [
        ad_day("ad_omni", "c_cbo", "s_cbo", DAY2, spend=Decimal("85.25"), impressions=950),
        ad_day("ad_adsets", "c_adsets", "s_on", DAY2, spend=Decimal("40.00"), impressions=400),
    ]
    result = wh.replace_scope(INSIGHTS, _insights(late), LoadScope(TH, DAY2, DAY3))
    assert (result.rows_inserted, result.rows_deleted) == (2, 3)
    assert _fact_rows(bq_rows, wh) == [
        (TH, DAY1, "ad_omni", Decimal("100.5")),
        (TH, DAY1, "ad_pixel", Decimal("50")),
        (TH, DAY2, "ad_adsets", Decimal("40")),
        (TH, DAY2, "ad_omni", Decimal("85.25")),
        (SG, DAY2, "ad_sg", Decimal("10")),
    ]
    # an empty re-pull deletes the window (no delivery any more)
    emptied = wh.replace_scope(INSIGHTS, _insights([]), LoadScope(TH, DAY2, DAY2))
    assert (emptied.rows_inserted, emptied.rows_deleted) == (0, 2)
    assert [r[:3] for r in _fact_rows(bq_rows, wh)] == [
        (TH, DAY1, "ad_omni"),
        (TH, DAY1, "ad_pixel"),
        (SG, DAY2, "ad_sg"),
    ]


def test_a_retried_write_of_the_same_batch_is_not_applied_twice(bq_warehouse, bq_rows):
    wh = bq_warehouse
    batch, scope = _insights(_of(TH)), LoadScope(TH, DAY1, DAY3)
    first = wh.replace_scope(INSIGHTS, batch, scope)
    jobs_before = {j.job_id for j in wh.client.list_jobs()}
    # A row appears in the scope after the write (say, another process). Were the retry applied
    # again, its MERGE would delete this row; reusing the finished job leaves it alone.
    marker = ad_day("ad_marker", "c_cbo", "s_cbo", DAY2, spend=Decimal("1.00"))
    wh.append(INSIGHTS, _insights([marker]))
    retried = wh.replace_scope(INSIGHTS, batch, scope)
    assert retried == first
    assert "ad_marker" in {r[2] for r in _fact_rows(bq_rows, wh)}
    new_jobs = {j.job_id for j in wh.client.list_jobs()} - jobs_before
    assert not [j for j in new_jobs if j.startswith("adpilot_replace_")], new_jobs
    # a different batch for the same scope is a new write: it replaces the scope, marker included
    changed = _insights([{**_of(TH)[0], "spend": Decimal("99.99")}])
    assert wh.replace_scope(INSIGHTS, changed, scope).rows_deleted == 6
    assert [r[2:] for r in _fact_rows(bq_rows, wh)] == [("ad_omni", Decimal("99.99"))]


def test_a_failed_earlier_job_keeps_its_id_and_the_retry_takes_the_next(bq_warehouse, bq_rows):
    wh = bq_warehouse
    base = "adpilot_test_failed_first"

    def failing(job_id: str):
        return wh.client.query("select * from `no_such.table`", job_id=job_id, job_retry=None)

    with pytest.raises(Exception, match=r"(?i)not found"):
        wh.run_once(base, failing)
    job = wh.run_once(
        base, lambda job_id: wh.client.query("select 42 as x", job_id=job_id, job_retry=None)
    )
    assert job.job_id == f"{base}_1"
    assert [tuple(r) for r in job.result()] == [(42,)]
    again = wh.run_once(base, lambda job_id: pytest.fail("a finished job must not be resubmitted"))
    assert again.job_id == f"{base}_1"


def test_merge_upserts_entities_on_the_primary_key(bq_warehouse, bq_rows):
    wh, spec = bq_warehouse, schemas.META_CAMPAIGNS
    wh.merge(spec, raw_table(spec, CAMPAIGNS))
    renamed = [{**CAMPAIGNS[0], "campaign_name": "C_CBO renamed", "daily_budget_minor": 60000}]
    result = wh.merge(spec, raw_table(spec, renamed))
    assert result.rows_inserted == 1
    rows = bq_rows(
        f"select campaign_id, campaign_name, daily_budget_minor from `{wh.table_ref(spec)}` "
        "order by campaign_id"
    )
    assert [tuple(r.values()) for r in rows] == [
        ("c_adsets", "C_ADSETS", None),
        ("c_cbo", "C_CBO renamed", 60000),
        ("c_orphan", "C_ORPHAN", None),
        ("c_sg", "C_SG", 10000),
    ]


def test_load_table_quarantines_bad_rows_and_logs_the_load(bq_warehouse, bq_rows):
    wh = bq_warehouse
    rows = [*_of(TH), {**_of(TH)[0], "ad_id": None}]  # a row without its key
    scope = LoadScope(TH, DAY1, DAY3)
    # The same batch twice is a retry: both writes find their jobs done the first time (the
    # quarantine merge and the scope replace), and report the first run's counts.
    for _ in range(2):
        result = load_table(wh, INSIGHTS, _insights(rows), source="test", scope=scope)
        assert (result.rows_loaded, result.rows_deleted, result.rows_quarantined) == (5, 0, 1)
    assert len(_fact_rows(bq_rows, wh)) == 5
    quarantine = bq_rows(f"select target_table, reason from `{wh.table_ref(schemas.QUARANTINE)}`")
    assert quarantine == [{"target_table": "raw.meta_ads_insights", "reason": "ad_id is null"}]
    log = bq_rows(
        f"select rows_loaded, rows_deleted, rows_quarantined, window_start "
        f"from `{wh.table_ref(schemas.SYNC_STATE)}` order by loaded_at"
    )
    assert log == [
        {"rows_loaded": 5, "rows_deleted": 0, "rows_quarantined": 1, "window_start": DAY1},
        {"rows_loaded": 5, "rows_deleted": 0, "rows_quarantined": 1, "window_start": DAY1},
    ]


def test_contract_suite_reads_the_table_through_duckdb_dialect_sql(bq_warehouse):
    wh = bq_warehouse
    wh.replace_scope(INSIGHTS, _insights(_of(TH)), LoadScope(TH, DAY1, DAY3))
    result = validate_table(wh, INSIGHTS, (DAY1, DAY2))
    assert result.rows == 4  # days 1-2 of TH: the window filter reached BigQuery
    assert result.passed and result.outcomes, result.describe()
    counts = wh.query(
        'select count(*) as n from "raw"."meta_ads_insights" where date_day = ?', [DAY3]
    )
    assert counts["n"].to_pylist() == [1]


def test_the_staging_table_is_dropped_and_its_dataset_expires_tables(bq_warehouse):
    wh = bq_warehouse
    wh.replace_scope(INSIGHTS, _insights(_of(SG)), LoadScope(SG, DAY1, DAY3))
    dataset = wh.client.get_dataset(f"{wh.config.project}.{wh.dataset('_adpilot_staging')}")
    assert dataset.default_table_expiration_ms == 24 * 3_600_000
    assert list(wh.client.list_tables(dataset)) == []


def test_ensure_table_adds_the_columns_a_spec_gained(bq_config):
    from dataclasses import replace

    from extractors.common.bigquery import BigQueryWarehouse

    with BigQueryWarehouse(bq_config) as first:
        first.ensure_table(INSIGHTS)
    grown = replace(
        INSIGHTS,
        columns=INSIGHTS.columns.append(pa.field("new_metric", pa.int64())),
    )
    with BigQueryWarehouse(bq_config) as later:  # a new process: no cached table list
        later.ensure_table(grown)
        later.replace_scope(
            grown,
            raw_table(grown, [{**_of(SG)[0], "new_metric": 7}]),
            LoadScope(SG, DAY1, DAY3),
        )
        # (the emulator's tables.get keeps the creation-time schema: read the column instead)
        rows = later.query(
            "select new_metric from raw.meta_ads_insights where date_day = ?", [DAY2]
        )
        assert rows["new_metric"].to_pylist() == [7]
