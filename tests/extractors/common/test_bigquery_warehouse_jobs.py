"""BigQueryWarehouse without a server: job ids, Conflict handling, SQL it sends, settings.

A fake client records calls and plays back job states; the emulator tests (tests/bigquery/) run
the same code against a real BigQuery API.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pyarrow as pa
import pytest
from google.api_core.exceptions import BadRequest, Conflict, NotFound

from extractors.common import schemas
from extractors.common.bigquery import BigQueryWarehouse, load_digest, schema_fields
from extractors.common.bigquery_sql import (
    BigQueryConfig,
    emulator_url,
    query_parameters,
    to_bigquery_sql,
)
from extractors.common.warehouse import LoadScope

INSIGHTS = schemas.META_ADS_INSIGHTS


class FakeJob:
    def __init__(self, job_id, *, error=None, affected=0, sql=None):
        self.job_id, self.sql = job_id, sql
        self.state = "DONE"
        self.error_result = {"reason": "invalidQuery"} if error else None
        self._error = error
        self.num_dml_affected_rows = affected
        self.dml_stats = None
        self.waited = 0

    def result(self, timeout=None):
        self.waited += 1
        if self._error:
            raise self._error
        return []


class FakeClient:
    """Jobs by id; ``query`` and ``load_table_from_file`` create them (or raise Conflict)."""

    def __init__(self, affected=0):
        self.jobs: dict[str, FakeJob] = {}
        self.calls: list[tuple] = []
        self.affected = affected
        self.conflict_on: set[str] = set()
        self.tables: set[str] = set()

    def get_job(self, job_id, location=None):
        self.calls.append(("get_job", job_id))
        if job_id not in self.jobs:
            raise NotFound(job_id)
        return self.jobs[job_id]

    def _create(self, job_id, sql=None):
        if job_id in self.conflict_on:  # another attempt created it meanwhile
            self.conflict_on.discard(job_id)
            self.jobs[job_id] = FakeJob(job_id, affected=self.affected, sql="(other attempt)")
            raise Conflict(job_id)
        job = FakeJob(job_id or f"random_{len(self.jobs)}", affected=self.affected, sql=sql)
        self.jobs[job.job_id] = job
        return job

    def query(self, sql, job_config=None, job_id=None, location=None, job_retry="default"):
        self.calls.append(("query", job_id, sql))
        return self._create(job_id, sql)

    def load_table_from_file(
        self, file_obj, ref, job_config=None, job_id=None, location=None, size=None
    ):
        self.calls.append(("load", job_id, ref, file_obj.read()))
        self.tables.add(ref)
        return self._create(job_id)

    def get_table(self, ref):
        if ref in self.tables:
            return SimpleNamespace(schema=[SimpleNamespace(name=n) for n in INSIGHTS.columns.names])
        raise NotFound(ref)

    def create_dataset(self, ds, exists_ok=False):
        self.calls.append(("create_dataset", ds.dataset_id, ds.location))

    def create_table(self, table, exists_ok=False):
        self.tables.add(f"{table.project}.{table.dataset_id}.{table.table_id}")

    def delete_table(self, ref, not_found_ok=False):
        self.calls.append(("delete_table", ref))
        self.tables.discard(ref)

    def close(self):
        pass


@pytest.fixture
def fake():
    client = FakeClient(affected=7)
    wh = BigQueryWarehouse(
        BigQueryConfig(project="proj", location="asia-southeast1", dataset_prefix="dev_"),
        client=client,
    )
    client.tables.add(wh.table_ref(INSIGHTS))  # the target exists: no DDL in these tests
    return wh, client


def _batch(spend="1.00", day=date(2024, 3, 1)):
    row = dict.fromkeys(INSIGHTS.columns.names) | {
        "date_day": day,
        "account_id": "1",
        "ad_id": "a",
        "spend": Decimal(spend),
        "raw_json": "{}",
        "_loaded_at": pa.scalar(0, pa.timestamp("us", tz="UTC")).as_py(),
        "_source": "t",
    }
    return pa.Table.from_pylist([row], schema=INSIGHTS.columns)


SCOPE = LoadScope("1", date(2024, 3, 1), date(2024, 3, 3))


def _queries(client, prefix):
    return [c for c in client.calls if c[0] == "query" and (c[1] or "").startswith(prefix)]


def test_replace_scope_stages_by_load_job_then_merges_the_scope_in_one_statement(fake):
    wh, client = fake
    result = wh.replace_scope(INSIGHTS, _batch(), SCOPE)
    loads = [c for c in client.calls if c[0] == "load"]
    assert len(loads) == 1 and loads[0][3][:4] == b"PAR1"  # Parquet bytes, never streaming
    assert loads[0][2].startswith("proj.dev__adpilot_staging.raw__meta_ads_insights__")
    (merge,) = _queries(client, "adpilot_replace_raw_meta_ads_insights_")
    sql = merge[2]
    assert sql.startswith("MERGE `proj.dev_raw.meta_ads_insights` AS T USING `proj.dev__adpilot")
    assert (
        "ON FALSE WHEN NOT MATCHED BY SOURCE AND T.`account_id` = '1' AND T.`date_day` BETWEEN "
        "DATE '2024-03-01' AND DATE '2024-03-03' THEN DELETE WHEN NOT MATCHED THEN INSERT"
    ) in sql
    assert merge[1].endswith("_0")
    # MERGE ON FALSE: affected = deleted + inserted
    assert (result.rows_inserted, result.rows_deleted) == (1, 6)
    assert ("delete_table", loads[0][2]) in client.calls  # the staging table is dropped


def test_job_ids_are_deterministic_per_table_scope_and_batch(fake):
    wh, _ = fake
    ref = wh.table_ref(INSIGHTS)
    same = load_digest(INSIGHTS, ref, "replace", "1|a|b", b"x")
    assert same == load_digest(INSIGHTS, ref, "replace", "1|a|b", b"x")
    assert same != load_digest(INSIGHTS, ref, "replace", "1|a|b", b"y")
    assert same != load_digest(INSIGHTS, ref, "replace", "2|a|b", b"x")
    assert same != load_digest(
        INSIGHTS, "proj.other_raw.meta_ads_insights", "replace", "1|a|b", b"x"
    )


def test_a_retry_of_the_same_batch_reuses_the_finished_job_and_loads_nothing(fake):
    wh, client = fake
    first = wh.replace_scope(INSIGHTS, _batch(), SCOPE)
    n_calls = len(client.calls)
    again = wh.replace_scope(INSIGHTS, _batch(), SCOPE)
    assert again == first
    later = client.calls[n_calls:]
    assert [c[0] for c in later] == ["get_job"]  # found done: no load, no query
    other = wh.replace_scope(INSIGHTS, _batch(spend="2.00"), SCOPE)
    assert other.rows_inserted == 1
    assert len(_queries(client, "adpilot_replace_")) == 2


def test_a_conflict_on_submit_waits_for_the_job_another_attempt_created(fake):
    wh, client = fake
    base = "adpilot_x"
    client.conflict_on.add(f"{base}_0")
    job = wh.run_once(base, lambda job_id: client.query("select 1", job_id=job_id))
    assert job.sql == "(other attempt)" and job.waited == 1
    assert [c[1] for c in client.calls if c[0] == "query"] == ["adpilot_x_0"]


def test_failed_earlier_attempts_keep_their_ids_and_the_next_free_id_is_used(fake):
    wh, client = fake
    for n in (0, 1):
        client.jobs[f"adpilot_y_{n}"] = FakeJob(f"adpilot_y_{n}", error=BadRequest("boom"))
    job = wh.run_once("adpilot_y", lambda job_id: client.query("select 1", job_id=job_id))
    assert job.job_id == "adpilot_y_2"


def test_a_job_that_fails_now_raises_and_is_not_resubmitted(fake):
    wh, client = fake

    def submit(job_id):
        job = FakeJob(job_id, error=BadRequest("bad data"))
        client.jobs[job_id] = job
        return job

    with pytest.raises(BadRequest, match="bad data"):
        wh.run_once("adpilot_z", submit)
    assert list(client.jobs) == ["adpilot_z_0"]


def test_an_empty_batch_deletes_the_scope_with_a_plain_delete(fake):
    wh, client = fake
    result = wh.replace_scope(INSIGHTS, _batch().slice(0, 0), SCOPE)
    (call,) = [c for c in client.calls if c[0] == "query"]
    assert call[1] is None  # a fresh id: deleting twice is harmless, skipping it is not
    assert call[2].startswith("DELETE FROM `proj.dev_raw.meta_ads_insights` AS T WHERE")
    assert (result.rows_inserted, result.rows_deleted) == (0, 7)
    assert not [c for c in client.calls if c[0] == "load"]


def test_merge_and_append_write_through_staging_with_their_own_statements(fake):
    wh, client = fake
    campaigns = schemas.META_CAMPAIGNS
    client.tables.add(wh.table_ref(campaigns))
    row = dict.fromkeys(campaigns.columns.names) | {
        "campaign_id": "c",
        "account_id": "1",
        "raw_json": "{}",
        "_loaded_at": pa.scalar(0, pa.timestamp("us", tz="UTC")).as_py(),
        "_source": "t",
    }
    wh.merge(campaigns, pa.Table.from_pylist([row], schema=campaigns.columns))
    (merge,) = _queries(client, "adpilot_merge_raw_meta_campaigns_")
    assert "ON T.`campaign_id` = S.`campaign_id` WHEN MATCHED THEN UPDATE SET" in merge[2]
    assert "`campaign_id` = S.`campaign_id`," not in merge[2]  # the key is not updated
    wh.append(INSIGHTS, _batch())
    (append,) = _queries(client, "adpilot_append_raw_meta_ads_insights_")
    assert append[2].startswith("INSERT INTO `proj.dev_raw.meta_ads_insights` (`date_day`, ")
    assert (
        wh.merge(campaigns, pa.Table.from_pylist([], schema=campaigns.columns)).rows_inserted == 0
    )


def test_replace_scope_refuses_a_table_without_partition_and_scope(fake):
    wh, _ = fake
    with pytest.raises(ValueError, match="no partition and scope column"):
        wh.replace_scope(schemas.META_CAMPAIGNS, _batch(), SCOPE)


def test_datasets_are_created_in_the_configured_location(fake):
    wh, client = fake
    wh.replace_scope(INSIGHTS, _batch(), SCOPE)
    created = [c for c in client.calls if c[0] == "create_dataset"]
    assert ("create_dataset", "dev_raw", "asia-southeast1") in created
    assert ("create_dataset", "dev__adpilot_staging", "asia-southeast1") in created


def test_staging_schema_is_nullable_with_repeated_records():
    fields = {f.name: f for f in schema_fields(INSIGHTS.columns)}
    assert (fields["spend"].field_type, fields["spend"].mode) == ("NUMERIC", "NULLABLE")
    assert (fields["date_day"].field_type, fields["date_day"].mode) == ("DATE", "NULLABLE")
    actions = fields["actions"]
    assert (actions.field_type, actions.mode) == ("RECORD", "REPEATED")
    assert [(f.name, f.field_type) for f in actions.fields] == [
        ("action_type", "STRING"),
        ("value", "FLOAT64"),
    ]


def test_duckdb_dialect_reads_are_transpiled_and_qualified():
    sql = to_bigquery_sql(
        'select "ad_id", cast(spend as double) as s from "raw"."meta_ads_insights" '
        "join marts.x using (ad_id) where date_day between ? and ?",
        "proj",
        "dev_",
    )
    assert sql == (
        "SELECT `ad_id`, CAST(spend AS FLOAT64) AS s FROM `proj`.`dev_raw`.`meta_ads_insights` "
        "JOIN `proj`.`dev_marts`.x USING (ad_id) WHERE date_day BETWEEN ? AND ?"
    )
    assert to_bigquery_sql("with t as (select 1 as a) select a from t", "p") == (
        "WITH t AS (SELECT 1 AS a) SELECT a FROM t"
    )


def test_query_parameters_are_typed_from_python_values():
    params = query_parameters([True, 3, 1.5, Decimal("2.50"), date(2024, 1, 2), "x", None])
    assert [p.type_ for p in params] == [
        "BOOL",
        "INT64",
        "FLOAT64",
        "NUMERIC",
        "DATE",
        "STRING",
        "STRING",
    ]
    assert all(p.name is None for p in params)
    with pytest.raises(TypeError, match="list"):
        query_parameters([[1]])


def test_settings_need_a_project_and_a_plain_prefix_and_normalise_the_emulator_host():
    with pytest.raises(ValueError, match="GCP_PROJECT"):
        BigQueryConfig(project="")
    with pytest.raises(ValueError, match="BQ_DATASET_PREFIX"):
        BigQueryConfig(project="p", dataset_prefix="dev-alice")
    assert emulator_url("127.0.0.1:9050") == "http://127.0.0.1:9050"
    assert emulator_url("https://bq.local") == "https://bq.local"
    assert emulator_url("") is None
