from datetime import UTC, date, datetime
from decimal import Decimal

import orjson
import pytest

from extractors.common.schemas import META_ADS_INSIGHTS
from extractors.meta.entities import AccountInfo
from extractors.meta.insights import (
    ReportJobFailedError,
    Window,
    chunk_window,
    parse_pages,
    split_window,
)

ACCOUNT = AccountInfo("701", "Test", "THB", "Asia/Bangkok")
NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


def test_windows_are_cut_without_gaps_or_overlaps():
    parts = chunk_window(date(2026, 1, 1), date(2026, 3, 5), 31)
    assert [(w.since, w.until) for w in parts] == [
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 3, 3)),
        (date(2026, 3, 4), date(2026, 3, 5)),
    ]


def test_failed_jobs_split_by_campaign_then_by_date():
    w = Window(date(2026, 1, 1), date(2026, 1, 4))
    by_campaign = split_window(w, ["a", "b", "c"])
    assert [p.campaign_ids for p in by_campaign] == [("a",), ("b", "c")]
    by_date = split_window(Window(date(2026, 1, 1), date(2026, 1, 4), ("a",)), ["a"])
    assert [(p.since, p.until) for p in by_date] == [
        (date(2026, 1, 1), date(2026, 1, 2)),
        (date(2026, 1, 3), date(2026, 1, 4)),
    ]
    with pytest.raises(ReportJobFailedError):
        split_window(Window(date(2026, 1, 1), date(2026, 1, 1), ("a",)), ["a"])


def page(rows, after=None):
    paging = {"cursors": {"before": "x", "after": after or "y"}}
    if after:
        paging["next"] = "http://next"
    return orjson.dumps({"data": rows, "paging": paging}).decode()


def test_pages_parse_to_typed_rows_with_original_json():
    row = {
        "account_id": "701",
        "campaign_id": "c",
        "adset_id": "s",
        "ad_id": "a1",
        "date_start": "2026-11-01",
        "date_stop": "2026-11-01",
        "spend": "123.45",
        "impressions": "1000",
        "clicks": "30",
        "inline_link_clicks": "20",
        "reach": "900",
        "frequency": "1.111",
        "account_currency": "THB",
        "actions": [{"action_type": "omni_purchase", "value": "2"}],
        "action_values": [{"action_type": "omni_purchase", "value": "999.5"}],
    }
    other = {**row, "ad_id": "a2", "actions": None}
    other.pop("action_values")
    t = parse_pages([page([row], after="c1"), page([other])], META_ADS_INSIGHTS, ACCOUNT, NOW, "s")
    assert t.schema.names == META_ADS_INSIGHTS.columns.names
    r = t.to_pylist()
    assert r[0]["date_day"] == date(2026, 11, 1)
    assert r[0]["spend"] == Decimal("123.45")
    assert r[0]["ad_set_id"] == "s" and r[0]["impressions"] == 1000
    assert r[0]["actions"] == [{"action_type": "omni_purchase", "value": 2.0}]
    assert r[0]["action_values"][0]["value"] == Decimal("999.5")
    assert orjson.loads(r[0]["raw_json"]) == row
    assert r[1]["action_values"] is None
    assert r[0]["account_timezone"] == "Asia/Bangkok" and r[0]["_loaded_at"] == NOW


def test_no_pages_give_an_empty_table_of_the_right_shape():
    t = parse_pages([], META_ADS_INSIGHTS, ACCOUNT, NOW, "s")
    assert t.num_rows == 0 and t.schema.names == META_ADS_INSIGHTS.columns.names
