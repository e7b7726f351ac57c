from dataclasses import replace
from datetime import date

import pyarrow as pa
import pytest

from extractors.common.schemas import META_ADS_INSIGHTS
from extractors.common.warehouse import LoadScope, quote_ident


def test_ensure_table_adds_columns_a_spec_gained(warehouse):
    warehouse.ensure_table(META_ADS_INSIGHTS)
    grown = replace(
        META_ADS_INSIGHTS,
        columns=META_ADS_INSIGHTS.columns.append(pa.field("new_metric", pa.int64())),
    )
    warehouse.ensure_table(grown)
    cols = warehouse.query(
        "select column_name, data_type from information_schema.columns "
        "where table_name = 'meta_ads_insights'"
    ).to_pydict()
    types = dict(zip(cols["column_name"], cols["data_type"], strict=True))
    assert types["new_metric"] == "BIGINT"
    assert types["spend"] == "DECIMAL(38,9)"
    assert types["_loaded_at"] == "TIMESTAMP WITH TIME ZONE"


def test_failed_write_rolls_back(warehouse):
    warehouse.ensure_table(META_ADS_INSIGHTS)
    bad = pa.table({"date_day": [date(2026, 1, 1)]})  # lacks columns: insert fails after delete
    with pytest.raises(Exception):  # noqa: B017, PT011 - any DuckDB error
        warehouse.replace_scope(
            META_ADS_INSIGHTS, bad, LoadScope("1", date(2026, 1, 1), date(2026, 1, 1))
        )
    # the connection is usable and not left inside a transaction
    assert warehouse.query("select count(*) n from raw.meta_ads_insights")["n"][0].as_py() == 0


@pytest.mark.parametrize("bad", ["a b", "x;drop", "1x", 'a"'])
def test_identifiers_are_checked(bad):
    with pytest.raises(ValueError, match="not a plain SQL identifier"):
        quote_ident(bad)


def test_scope_end_before_start_is_refused():
    with pytest.raises(ValueError, match="before start"):
        LoadScope("1", date(2026, 1, 2), date(2026, 1, 1))


def test_a_query_right_after_table_exists_works(warehouse):
    warehouse.ensure_table(META_ADS_INSIGHTS)
    assert warehouse.table_exists("raw.meta_ads_insights")
    assert not warehouse.table_exists("raw.nope")
    assert warehouse.query("select 1 as x")["x"][0].as_py() == 1
