"""SearchStream rows → Arrow columns → raw tables (pure: protobuf rows built in the test)."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pyarrow as pa
import pytest
from google.ads.googleads.v26.services.types.google_ads_service import GoogleAdsRow

from extractors.common.schemas import GOOGLE_ADS_AD_STATS_DAILY, GOOGLE_ADS_ADS
from extractors.google_ads.columns import Collector, column
from extractors.google_ads.entities import AD_COLUMNS
from extractors.google_ads.reports import AD_STATS_COLUMNS
from extractors.google_ads.settings import AD_FIELDS, AD_STATS_FIELDS
from extractors.google_ads.shape import CustomerInfo, raw_json_sql, to_raw

ROW = GoogleAdsRow.pb()
TH = CustomerInfo("7030000001", "Siam Glow TH", "THB", "Asia/Bangkok")
LOADED = datetime(2026, 11, 21, 12, tzinfo=UTC)


def stat_row(day, ad_id, cost_micros, conversions, value):
    r = ROW()
    r.segments.date = day
    r.campaign.id, r.ad_group.id, r.ad_group_ad.ad.id = 101, 201, ad_id
    m = r.metrics
    m.cost_micros, m.impressions, m.clicks = cost_micros, 1000, 25
    m.conversions, m.conversions_value, m.video_trueview_views = conversions, value, 0
    return r


def ad_row(ad_id, ad_type, status, urls):
    r = ROW()
    r.ad_group_ad.ad.id, r.ad_group_ad.ad.name = ad_id, f"ad {ad_id}"
    r.ad_group_ad.ad.type_ = ad_type
    r.ad_group_ad.status = status
    r.ad_group_ad.ad.final_urls.extend(urls)
    r.ad_group.id, r.campaign.id = 201, 101
    return r


def test_columns_resolve_the_renamed_type_field_and_refuse_unknown_fields():
    assert column("ad_group_ad.ad.type").get(ad_row(1, 15, 2, [])) == 15
    assert column("ad_group_ad.ad.final_urls").arrow_type == pa.list_(pa.string())
    with pytest.raises(KeyError):
        column("metrics.video_views")


def test_batches_collect_into_one_table_with_enums_as_names_and_lists_kept():
    cols = [column(f) for f in AD_FIELDS]
    collector = Collector(cols)
    collector.add([ad_row(1, 15, 2, ["https://a"])])  # RESPONSIVE_SEARCH_AD, ENABLED
    collector.add([ad_row(2, 15, 3, ["https://b", "https://c"])])  # PAUSED
    table = collector.table()
    assert table.num_rows == 2 == collector.rows
    assert table["ad_group_ad.ad.type"].to_pylist() == ["RESPONSIVE_SEARCH_AD"] * 2
    assert table["ad_group_ad.status"].to_pylist() == ["ENABLED", "PAUSED"]
    assert table["ad_group_ad.ad.final_urls"].to_pylist() == [
        ["https://a"],
        ["https://b", "https://c"],
    ]


def test_stats_keep_cost_in_micros_and_conversions_fractional():
    collector = Collector([column(f) for f in AD_STATS_FIELDS])
    collector.add([stat_row("2026-11-20", 301, 1_234_567_890, 2.35, 1234.56)])
    raw = to_raw(collector.table(), GOOGLE_ADS_AD_STATS_DAILY, AD_STATS_COLUMNS, TH, "q", LOADED)
    assert raw.schema.names == GOOGLE_ADS_AD_STATS_DAILY.columns.names
    (row,) = raw.to_pylist()
    assert row["date_day"] == date(2026, 11, 20)
    assert (row["account_id"], row["campaign_id"], row["ad_group_id"], row["ad_id"]) == (
        "7030000001",
        "101",
        "201",
        "301",
    )
    assert row["cost_micros"] == 1_234_567_890  # raw: staging converts
    assert row["conversions"] == 2.35
    assert row["conversions_value"] == Decimal("1234.560000000")
    assert (row["currency_code"], row["account_timezone"]) == ("THB", "Asia/Bangkok")
    assert json.loads(row["raw_json"]) == {
        "segments": {"date": "2026-11-20"},
        "campaign": {"id": 101},
        "ad_group": {"id": 201},
        "ad_group_ad": {"ad": {"id": 301}},
        "metrics": {
            "cost_micros": 1_234_567_890,
            "impressions": 1000,
            "clicks": 25,
            "conversions": 2.35,
            "conversions_value": 1234.56,
            "video_trueview_views": 0,
        },
    }


def test_an_empty_result_shapes_into_an_empty_raw_table_of_the_right_schema():
    raw = to_raw(
        Collector([column(f) for f in AD_FIELDS]).table(),
        GOOGLE_ADS_ADS,
        AD_COLUMNS,
        TH,
        "q",
        LOADED,
    )
    assert raw.num_rows == 0
    assert raw.schema.names == GOOGLE_ADS_ADS.columns.names


def test_raw_json_nests_dotted_paths_like_the_row_message():
    sql = raw_json_sql(("campaign.id", "campaign_budget.amount_micros", "campaign.name"))
    assert sql == (
        "to_json({'campaign': {'id': \"campaign.id\", 'name': \"campaign.name\"}, "
        "'campaign_budget': {'amount_micros': \"campaign_budget.amount_micros\"}})"
        "::varchar"
    )
