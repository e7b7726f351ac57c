from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import orjson
import pyarrow as pa
import pytest

from extractors.common.schemas import META_ADS_INSIGHTS, META_CAMPAIGNS_INSIGHTS
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


# The previous parse (one JSON string per row, each field extracted with ``->>``/``from_json`` on
# its own) is the reference the bulk parse must reproduce column for column.
_ACTIONS = '\'[{"action_type":"VARCHAR","value":"DOUBLE"}]\''
_ACTION_VALUES = '\'[{"action_type":"VARCHAR","value":"DECIMAL(38,9)"}]\''
FIELD_BY_FIELD = {
    "date_day": "cast(j->>'date_start' as date)",
    "account_id": "coalesce(j->>'account_id', $account_id)",
    "campaign_id": "j->>'campaign_id'",
    "campaign_name": "j->>'campaign_name'",
    "ad_set_id": "j->>'adset_id'",
    "ad_set_name": "j->>'adset_name'",
    "ad_id": "j->>'ad_id'",
    "ad_name": "j->>'ad_name'",
    "spend": "cast(j->>'spend' as decimal(38,9))",
    "impressions": "cast(j->>'impressions' as bigint)",
    "clicks": "cast(j->>'clicks' as bigint)",
    "inline_link_clicks": "cast(j->>'inline_link_clicks' as bigint)",
    "reach": "cast(j->>'reach' as bigint)",
    "frequency": "cast(j->>'frequency' as double)",
    "actions": f"from_json(j->'actions', {_ACTIONS})",
    "action_values": f"from_json(j->'action_values', {_ACTION_VALUES})",
    "video_thruplay_watched_actions": f"from_json(j->'video_thruplay_watched_actions', {_ACTIONS})",
    "video_play_actions": f"from_json(j->'video_play_actions', {_ACTIONS})",
    "account_timezone": "$account_timezone",
    "currency_code": "coalesce(j->>'account_currency', $currency_code)",
    "raw_json": "j::varchar",
    "_loaded_at": "$loaded_at",
    "_source": "$source",
}
RECORDED_PAGE = Path(__file__).parent / "fixtures" / "insights_page_ad_level.json"


def parse_field_by_field(bodies, spec, tmp_path):
    path = tmp_path / "pages.json"
    path.write_text("\n".join(bodies), encoding="utf-8")
    select = ", ".join(f"{FIELD_BY_FIELD[f.name]} as {f.name}" for f in spec.columns)
    sql = (
        "with pages as (select data from read_json($path, format='unstructured', "
        "columns={data: 'JSON[]'})), rows as (select unnest(data) as j from pages) "
        f"select {select} from rows"
    )
    params = {
        "path": str(path),
        "account_id": ACCOUNT.account_id,
        "account_timezone": ACCOUNT.timezone,
        "currency_code": ACCOUNT.currency_code,
        "loaded_at": NOW,
        "source": "s",
    }
    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    table = con.sql(sql, params=params).to_arrow_table()
    con.close()
    return table.cast(pa.schema([f.with_nullable(True) for f in spec.columns]))


ODD_ROWS = [
    {
        "ad_id": "a1",
        "date_start": "2026-11-01",
        "spend": 12.5,
        "impressions": 10,
        "frequency": 1,
        "campaign_name": 'ครีม é "q" / \\ \u2028 😀',
        "actions": [{"action_type": "x", "value": "abc"}, {"action_type": "y", "value": 3}],
    },
    {
        "ad_id": "a2",
        "date_start": "2026-11-01",
        "spend": None,
        "account_id": None,
        "account_currency": None,
        "actions": [],
        "action_values": None,
        "reach": "5",
    },
    {
        "ad_id": None,
        "date_start": "2026-11-02",
        "campaign_id": 123,
        "ad_name": {"nested": [1, 2]},
        "video_play_actions": {"not": "a list"},
    },
    {
        "ad_id": "a4",
        "date_start": "2026-11-03",
        "spend": "1e3",
        "frequency": "1.5e-3",
        "extra": {"z": [1, 2.50, True, None]},
        "action_values": [
            {"action_type": "p", "value": "0.0000000001"},
            {"value": "12345678901234567890.123"},
        ],
    },
]


@pytest.mark.parametrize(
    "spec", [META_ADS_INSIGHTS, META_CAMPAIGNS_INSIGHTS], ids=["ad", "campaign"]
)
def test_bulk_parse_gives_the_field_by_field_table_on_recorded_and_odd_pages(spec, tmp_path):
    bodies = [
        RECORDED_PAGE.read_text(encoding="utf-8"),
        page([]),
        # numbers as JSON numbers, nulls, missing fields, unicode and escapes, pretty-printed
        orjson.dumps({"data": ODD_ROWS[:2]}, option=orjson.OPT_INDENT_2).decode(),
        '{"paging": {}}',
        page(ODD_ROWS[2:]),
        page(orjson.loads(RECORDED_PAGE.read_text(encoding="utf-8"))["data"][:3]),  # duplicates
    ]
    expected = parse_field_by_field(bodies, spec, tmp_path)
    got = parse_pages(bodies, spec, ACCOUNT, NOW, "s")
    assert expected.num_rows == 40 + 4 + 3
    assert got.schema == expected.schema
    assert got.to_pylist() == expected.to_pylist()  # values, nulls, raw_json text and row order
    assert got["ad_id" if spec is META_ADS_INSIGHTS else "campaign_id"].null_count > 0


@pytest.mark.parametrize(
    ("body", "error", "match"),
    [
        (
            page([{"ad_id": "x", "date_start": "2026-11-01", "spend": "12,5"}]),
            duckdb.ConversionException,
            "12,5",
        ),
        (page([{"ad_id": "x", "date_start": "01/11/2026"}]), duckdb.ConversionException, "date"),
        ('{"data": [{"ad_id": "x"', duckdb.InvalidInputException, "Malformed JSON"),
    ],
    ids=["number", "date", "truncated_page"],
)
def test_a_value_that_does_not_cast_or_a_broken_page_fails_the_parse(body, error, match):
    with pytest.raises(error, match=match):
        parse_pages([page([]), body], META_ADS_INSIGHTS, ACCOUNT, NOW, "s")
