"""One export file → raw.ga4_events rows: the recorded sample, hand-made NDJSON, Parquet."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime

import duckdb
import pyarrow.compute as pc
import pytest

from extractors.common.loader import conform, split_valid
from extractors.common.schemas import GA4_EVENTS
from extractors.common.warehouse import LoadScope
from extractors.ga4.events import read_export_day
from extractors.ga4.files import ExportDay
from tests.extractors.ga4.ga4_fixtures import SAMPLE, SAMPLE_PROPERTY, SAMPLE_ROWS, TH

LOADED = datetime(2026, 11, 21, 13, tzinfo=UTC)


def _read(path, fmt="json", prop=TH, day=date(2026, 11, 20)):
    table = read_export_day(ExportDay(day, path, fmt, False), prop, LOADED, "src")
    return conform(GA4_EVENTS, table)


def test_the_recorded_sample_reads_every_row_with_placeholders_kept_as_values():
    t = _read(SAMPLE, prop=SAMPLE_PROPERTY, day=date(2020, 11, 1))
    assert t.num_rows == SAMPLE_ROWS
    rows = t.to_pylist()
    assert rows[0]["event_timestamp"] == 1604192073036492  # microseconds, as exported
    assert rows[0]["event_date"] == date(2020, 11, 1)
    assert {r["stream_id"] for r in rows} == {"2100450278"}  # a number in the file
    assert all(r["device"]["mobile_marketing_name"] == "<Other>" for r in rows)
    assert sum(r["traffic_source"]["source"] == "(data deleted)" for r in rows) == 18
    # "ecommerce": "null" (a string) is no ecommerce; 51 rows carry a real object
    assert sum(r["ecommerce"] is not None for r in rows) == 51
    assert {r["ecommerce"]["transaction_id"] for r in rows if r["ecommerce"]} == {"(not set)"}
    # NaN and null first-touch timestamps are NULL, not a failed file
    assert sum(r["user_first_touch_timestamp"] is None for r in rows) == 6
    params = rows[1]["event_params"]
    assert {
        "key": "engagement_time_msec",
        "value": {
            "string_value": None,
            "int_value": 9215,
            "float_value": None,
            "double_value": None,
        },
    } in params
    assert {p["key"]: p["value"] for p in params}["dclid"] is None  # "value": null kept as null
    assert rows[0]["raw_json"] == SAMPLE.read_text().splitlines()[0]
    assert {r["_source"] for r in rows} == {"src"} and rows[0]["currency_code"] == "USD"


def _event(**over):
    base = {
        "event_date": "20261120",
        "event_timestamp": 1795027200123456,
        "event_name": "page_view",
        "user_pseudo_id": "1.1795027200",
        "event_params": [
            {"key": "ga_session_id", "value": {"int_value": 1795027200}},
            {"key": "session_engaged", "value": {"string_value": "1"}},
        ],
        "stream_id": "5100000001",
        "items": [],
    }
    return {**base, **over}


def test_ndjson_lines_are_typed_by_the_contract_and_exact_copies_share_one_dedupe_key(tmp_path):
    path = tmp_path / "events_20261120.jsonl.gz"
    events = [
        _event(),
        _event(),
        _event(
            event_name="purchase",
            ecommerce={"transaction_id": "W1", "purchase_revenue": 890.0, "unknown_field": 1},
            items=[{"item_id": "SG-SER-001", "price": 890, "quantity": "1"}],
        ),
        _event(
            event_timestamp="1795027200999999",
            device={"category": "mobile", "web_info": {"browser": "Safari"}},
        ),
    ]
    path.write_bytes(gzip.compress("\n".join(json.dumps(e) for e in events).encode() + b"\n"))
    t = _read(path)
    rows = t.to_pylist()
    assert [r["event_name"] for r in rows] == ["page_view", "page_view", "purchase", "page_view"]
    assert rows[0]["event_dedupe_key"] == rows[1]["event_dedupe_key"] != rows[2]["event_dedupe_key"]
    assert rows[2]["ecommerce"]["purchase_revenue"] == 890.0
    assert rows[2]["items"][0]["quantity"] == 1 and rows[2]["items"][0]["price"] == 890.0
    assert rows[3]["event_timestamp"] == 1795027200999999  # INT64 written as a string
    assert rows[3]["device"]["web_info"]["browser"] == "Safari"
    assert json.loads(rows[2]["raw_json"])["ecommerce"]["unknown_field"] == 1
    good, rejected = split_valid(
        GA4_EVENTS, t, LoadScope(TH.property_id, date(2026, 11, 20), date(2026, 11, 20))
    )
    assert good.num_rows == 3 and rejected.reasons == [
        "duplicate primary key (property_id, event_date, event_timestamp, event_name, "
        "event_dedupe_key)"
    ]


def test_an_event_without_user_pseudo_id_is_kept(tmp_path):
    path = tmp_path / "events_20261120.jsonl"
    path.write_text(json.dumps(_event(user_pseudo_id=None)) + "\n")
    t = _read(path)
    good, rejected = split_valid(GA4_EVENTS, t, None)
    assert good.num_rows == 1 and not rejected.reasons  # a cookieless ping is a real event


def test_parquet_rows_keep_in_raw_json_exactly_what_the_typed_columns_cannot_hold(tmp_path):
    path = tmp_path / "events_20261120.parquet"
    duckdb.sql(f"""
        copy (select '20261120' as event_date, 1795027200123456 as event_timestamp,
            'page_view' as event_name, '1.1' as user_pseudo_id,
            [{{'key': 'ga_session_id', 'value': {{'string_value': null::varchar,
              'int_value': 1795027200, 'float_value': null::double,
              'double_value': null::double}}}}] as event_params,
            {{'category': 'mobile', 'vendor_id': 'v-1'}} as device,
            {{'country': 'Thailand'}} as geo,
            {{'cookie_deprecation_label': 'label_only_1'}} as publisher
        ) to '{path}' (format parquet)
    """)
    row = _read(path, fmt="parquet").to_pylist()[0]
    assert row["event_params"][0]["value"]["int_value"] == 1795027200
    assert row["device"]["category"] == "mobile" and row["geo"]["country"] == "Thailand"
    assert row["ecommerce"] is None and row["items"] is None  # columns the file does not have
    # device has a field the contract does not type: kept whole; publisher is untyped; geo fits
    assert json.loads(row["raw_json"]) == {
        "device": {"category": "mobile", "vendor_id": "v-1"},
        "publisher": {"cookie_deprecation_label": "label_only_1"},
    }


def test_a_parquet_file_the_contract_types_completely_keeps_an_empty_raw_json(export_dir):
    path = next((export_dir / TH.dataset).glob("events_2*.parquet"))
    t = _read(path, fmt="parquet", day=date(2026, 11, 19))
    assert t.num_rows > 100
    assert pc.unique(t["raw_json"]).to_pylist() == ["{}"]
    assert pc.count_distinct(t["event_dedupe_key"]).as_py() == t.num_rows


def test_an_unreadable_file_raises(tmp_path):
    path = tmp_path / "events_20261120.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"event_date": "20261120"}\n')[:20])
    with pytest.raises(duckdb.Error):
        _read(path)
