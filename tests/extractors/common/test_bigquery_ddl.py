from dataclasses import replace

import pyarrow as pa
import pytest

from extractors.common import bigquery_ddl as ddl
from extractors.common.schemas import META_ADS_INSIGHTS, META_CAMPAIGNS, QUARANTINE, RAW_TABLES


def test_sql_files_match_every_table_spec_generated_by_the_command():
    # fails when a TableSpec changes (or a new one lands) without `python -m
    # extractors.common.bigquery_ddl`, and when a DDL file is edited by hand or orphaned
    assert ddl.stale_files() == []


def test_the_check_command_reports_a_stale_and_an_orphan_file(tmp_path):
    ddl.write_all(tmp_path)
    assert ddl.stale_files(tmp_path) == []
    path = ddl.ddl_path(META_ADS_INSIGHTS, tmp_path)
    path.write_text(path.read_text().replace("spend NUMERIC(38, 9)", "spend FLOAT64"))
    (tmp_path / "raw" / "gone_table.sql").write_text("select 1")
    assert ddl.stale_files(tmp_path) == [
        f"stale {tmp_path.name}/raw/meta_ads_insights.sql",
        f"orphan {tmp_path.name}/raw/gone_table.sql (no TableSpec)",
    ]
    ddl.write_all(tmp_path)
    assert ddl.stale_files(tmp_path) == []


@pytest.mark.parametrize("spec", RAW_TABLES, ids=lambda s: s.name)
def test_every_raw_table_is_day_partitioned_clustered_and_filter_required_when_a_fact(spec):
    text = ddl.render_ddl(spec)
    assert text.count("CREATE TABLE IF NOT EXISTS") == 1 and text.rstrip().endswith(";")
    for field in spec.columns:
        nullness = "" if field.nullable else " NOT NULL"
        assert f"    {field.name} {ddl.bq_type(field.type)}{nullness}" in text
    if spec.partition_column:
        assert f"PARTITION BY {spec.partition_column}\n" in text
    else:
        assert "PARTITION BY" not in text
    clusters = spec.cluster_by or ((spec.scope_column,) if spec.scope_column else ())
    if clusters:
        assert f"CLUSTER BY {', '.join(clusters)}\n" in text
    fact = spec.write_mode == "partition_overwrite" and spec.partition_column is not None
    assert ("require_partition_filter = TRUE" in text) == fact


def test_the_insights_fact_ddl_reads_as_expected():
    text = ddl.render_ddl(META_ADS_INSIGHTS)
    assert "    spend NUMERIC(38, 9),\n" in text
    assert "    actions ARRAY<STRUCT<action_type STRING, value FLOAT64>>,\n" in text
    assert "    action_values ARRAY<STRUCT<action_type STRING, value NUMERIC(38, 9)>>,\n" in text
    assert "    _loaded_at TIMESTAMP NOT NULL,\n" in text
    assert "PARTITION BY date_day\nCLUSTER BY account_id, campaign_id\nOPTIONS (" in text
    entity = ddl.render_ddl(META_CAMPAIGNS)
    assert "PARTITION BY" not in entity and "CLUSTER BY account_id\n" in entity
    assert "require_partition_filter" not in entity
    assert "CLUSTER BY" not in ddl.render_ddl(QUARANTINE)


@pytest.mark.parametrize(
    ("arrow", "bigquery"),
    [
        (pa.string(), "STRING"),
        (pa.int32(), "INT64"),
        (pa.float32(), "FLOAT64"),
        (pa.bool_(), "BOOL"),
        (pa.date32(), "DATE"),
        (pa.timestamp("us", tz="UTC"), "TIMESTAMP"),
        (pa.timestamp("us"), "DATETIME"),
        (pa.binary(), "BYTES"),
        (pa.decimal128(38, 9), "NUMERIC(38, 9)"),
        (pa.decimal128(18, 2), "NUMERIC(18, 2)"),
        (pa.decimal128(38, 12), "BIGNUMERIC(38, 12)"),
        (pa.list_(pa.string()), "ARRAY<STRING>"),
        (
            pa.struct([("a", pa.int64()), ("b", pa.list_(pa.date32()))]),
            "STRUCT<a INT64, b ARRAY<DATE>>",
        ),
    ],
)
def test_arrow_types_map_to_bigquery_types(arrow, bigquery):
    assert ddl.bq_type(arrow) == bigquery


@pytest.mark.parametrize("bad", [pa.list_(pa.list_(pa.int64())), pa.map_(pa.string(), pa.int64())])
def test_types_bigquery_cannot_store_are_refused(bad):
    with pytest.raises(TypeError):
        ddl.bq_type(bad)


def test_a_partition_column_that_is_not_a_date_is_refused():
    spec = replace(META_ADS_INSIGHTS, partition_column="spend")
    with pytest.raises(ValueError, match="not a date"):
        ddl.render_ddl(spec)


def test_qualify_names_the_full_table_and_refuses_foreign_ddl():
    text = ddl.render_ddl(META_ADS_INSIGHTS)
    out = ddl.qualify_ddl(text, META_ADS_INSIGHTS, "proj.dev_raw.meta_ads_insights")
    assert "CREATE TABLE IF NOT EXISTS `proj.dev_raw.meta_ads_insights` (" in out
    assert "raw.meta_ads_insights (" not in out
    with pytest.raises(ValueError, match="exactly once"):
        ddl.qualify_ddl("select 1", META_ADS_INSIGHTS, "p.d.t")


def test_the_generator_command_writes_then_checks_clean(tmp_path, capsys):
    root = tmp_path / "sql"
    assert ddl.main(["--check"], root=root) == 1
    assert "missing sql/raw/meta_ads_insights.sql" in capsys.readouterr().err
    assert ddl.main([], root=root) == 0
    assert "sql/ops/sync_state.sql" in capsys.readouterr().out.splitlines()
    assert ddl.main(["--check"], root=root) == 0
