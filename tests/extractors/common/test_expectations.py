from datetime import UTC, date, datetime
from decimal import Decimal

import pyarrow as pa

from extractors.common.expectations import money_columns, validate_table
from extractors.common.schemas import META_ADS_INSIGHTS, META_CAMPAIGNS

T0 = datetime(2026, 11, 20, tzinfo=UTC)


def insert(wh, rows):
    cols = {f.name: [None] * len(rows) for f in META_ADS_INSIGHTS.columns}
    cols["date_day"] = [r[0] for r in rows]
    cols["account_id"] = ["1"] * len(rows)
    cols["ad_id"] = [r[1] for r in rows]
    cols["spend"] = [Decimal(r[2]) for r in rows]
    cols.update(raw_json=["{}"] * len(rows), _loaded_at=[T0] * len(rows), _source=["t"] * len(rows))
    loose = pa.schema([f.with_nullable(True) for f in META_ADS_INSIGHTS.columns])
    wh.append(META_ADS_INSIGHTS, pa.table(cols, schema=loose))  # bypasses the loader on purpose


def test_money_columns_follow_types_and_unit_suffixes():
    assert "spend" in money_columns(META_ADS_INSIGHTS)
    assert set(money_columns(META_CAMPAIGNS)) == {"daily_budget_minor", "lifetime_budget_minor"}


def test_clean_window_passes(warehouse):
    insert(warehouse, [(date(2026, 11, 1), "a", "1.5"), (date(2026, 11, 2), "a", "0")])
    res = validate_table(warehouse, META_ADS_INSIGHTS, (date(2026, 11, 1), date(2026, 11, 2)))
    assert res.passed and res.rows == 2 and not res.warnings


def test_duplicates_and_negative_money_fail_and_are_described(warehouse):
    insert(warehouse, [(date(2026, 11, 1), "a", "1"), (date(2026, 11, 1), "a", "-3")])
    res = validate_table(warehouse, META_ADS_INSIGHTS, (date(2026, 11, 1), date(2026, 11, 1)))
    assert not res.passed
    failed = {o.expectation for o in res.outcomes if not o.success}
    assert failed == {"expect_compound_columns_to_be_unique", "expect_column_values_to_be_between"}
    assert "-3.0" in res.describe()


def test_empty_window_is_only_a_warning(warehouse):
    insert(warehouse, [(date(2026, 11, 1), "a", "1")])
    res = validate_table(warehouse, META_ADS_INSIGHTS, (date(2026, 12, 1), date(2026, 12, 2)))
    assert res.passed and [w.expectation for w in res.warnings] == [
        "expect_table_row_count_to_be_between"
    ]
