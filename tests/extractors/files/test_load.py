"""Loading dropped files: bad rows quarantined by file and line, good rows loaded, Thai intact."""

from __future__ import annotations

from decimal import Decimal

from extractors.files.inbox import ARCHIVE, REJECTED
from tests.extractors.files.conftest import rows

RECONCILED = "reconciled_campaign_report_2026-11-16.csv"
SCANS = "saversure_scans_2026-11-16.csv"
SELLOUT = "7eleven_sellout_2026-11-16.csv"


def quarantine(warehouse, name):
    found = rows(
        warehouse,
        "select record_ref, reason, raw_record, target_table from ops.quarantine "
        "where source = ? order by cast(split_part(record_ref, ':', 2) as int)",
        [name],
    )
    return {r["record_ref"]: r["reason"] for r in found}, found


def test_reconciled_report_loads_good_rows_and_quarantines_each_bad_one_by_line(
    loader, drop, warehouse
):
    drop(RECONCILED)

    (result,) = loader.load_pending()

    assert (result.status, result.kind) == ("loaded", "reconciled_campaign_reports")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (8, 2, 6)
    reasons, _ = quarantine(warehouse, RECONCILED)
    assert reasons == {
        f"{RECONCILED}:3": "spend is not a number: 1,250.00",
        f"{RECONCILED}:4": "date is not a date (%Y-%m-%d): 2026-11-31",
        f"{RECONCILED}:5": "owner is missing",
        f"{RECONCILED}:7": "duplicate key (date_day, campaign_id): same as line 2",
        f"{RECONCILED}:8": "spend is below 0: -3.00",
        f"{RECONCILED}:9": "date 2026-11-17 is outside the file period 2026-11-16..2026-11-16",
    }
    loaded = rows(
        warehouse,
        "select campaign_id, campaign_name, owner, currency_code, spend, margin, "
        "source_file_line, source_file_hash, _source from raw.file_reconciled_campaign_reports "
        "order by campaign_id",
    )
    assert [(r["campaign_id"], r["source_file_line"]) for r in loaded] == [
        ("120110010000000001", 2),
        ("120110030000000005", 6),
    ]
    assert loaded[0]["campaign_name"] == "TH | Serum | โปรโมชั่น 11.11"
    assert loaded[0]["margin"] == Decimal("735.20")
    assert loaded[1]["currency_code"] == "USD"  # 'usd' upper-cased
    assert {r["source_file_hash"] for r in loaded} == {result.file_hash}
    assert {r["_source"] for r in loaded} == {RECONCILED}


def test_quarantined_rows_keep_the_row_as_delivered(loader, drop, warehouse):
    drop(RECONCILED)

    loader.load_pending()

    _, found = quarantine(warehouse, RECONCILED)
    first = found[0]
    assert first["target_table"] == "raw.file_reconciled_campaign_reports"
    assert '"spend":"1,250.00"' in first["raw_record"]
    assert '"buyer":"nok"' in first["raw_record"]  # the file's own header names


def test_scan_file_with_bom_crlf_blank_lines_cp874_line_unknown_sku_and_short_line(
    loader, drop, warehouse
):
    drop(SCANS)

    (result,) = loader.load_pending()

    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (6, 3, 3)
    reasons, found = quarantine(warehouse, SCANS)
    assert list(reasons) == [f"{SCANS}:5", f"{SCANS}:6", f"{SCANS}:7"]
    assert reasons[f"{SCANS}:5"] == "unknown SKU SG-XXX-999 (not in the master SKU list)"
    assert reasons[f"{SCANS}:6"].startswith("line is not valid UTF-8")
    assert "cp874" in reasons[f"{SCANS}:6"]
    assert reasons[f"{SCANS}:7"] == "line has 4 fields, the header has 5"
    assert "SG-MSK-001" in found[1]["raw_record"]


def test_thai_text_round_trips_into_the_warehouse(loader, drop, warehouse):
    drop(SCANS)
    drop(SELLOUT)

    loader.load_pending()

    scans = rows(
        warehouse,
        "select master_sku, sku, region, product_name, scans, source_file_line "
        "from raw.file_scans_daily order by source_file_line",
    )
    assert scans[0] == {
        "master_sku": "SG-SER-001",
        "sku": "SG-SER-001",
        "region": "กรุงเทพฯ และปริมณฑล",
        "product_name": "เซรั่มวิตามินซี 30 มล.",
        "scans": 120,
        "source_file_line": 2,
    }
    assert (scans[1]["sku"], scans[1]["master_sku"]) == ("SG-SER-002", "SG-SER-002")
    stores = rows(warehouse, "select store_name from raw.file_offline_sellout_weekly")
    assert {"เซเว่น อีเลฟเว่น สาขานิมมานเหมินทร์ เชียงใหม่"} <= {r["store_name"] for r in stores}
    raw = rows(warehouse, "select raw_json from raw.file_scans_daily where source_file_line = 2")
    assert '"Region":"กรุงเทพฯ และปริมณฑล"' in raw[0]["raw_json"]


def test_sellout_rows_outside_the_week_or_negative_are_quarantined(loader, drop, warehouse):
    drop(SELLOUT)

    (result,) = loader.load_pending()

    assert (result.rows_loaded, result.rows_quarantined) == (2, 2)
    reasons, _ = quarantine(warehouse, SELLOUT)
    assert reasons == {
        f"{SELLOUT}:4": "week_start 2026-11-17 is outside the file period 2026-11-16..2026-11-16",
        f"{SELLOUT}:5": "units is below 0: -1",
    }
    loaded = rows(
        warehouse,
        "select store_id, retailer, currency_code, account_timezone, sales "
        "from raw.file_offline_sellout_weekly order by store_id",
    )
    assert [r["store_id"] for r in loaded] == ["01021", "03105"]  # leading zeros kept
    assert {(r["retailer"], r["currency_code"], r["account_timezone"]) for r in loaded} == {
        ("7-eleven", "THB", "Asia/Bangkok")
    }


def test_a_week_start_on_the_wrong_weekday_is_quarantined(loader, drop, warehouse):
    # no date in the name: recognised by header, period = the file's own dates
    drop(
        "sellout export.csv",
        b"week_start,store_id,store_name,sku,units,sales_thb\n"
        b"2026-11-16,01021,A,SG-SER-001,1,890.00\n"
        b"2026-11-18,01021,A,SG-SER-002,1,690.00\n",
    )

    (result,) = loader.load_pending()

    assert (result.kind, result.rows_loaded) == ("offline_sellout_weekly", 1)
    assert (result.period_start.isoformat(), result.period_end.isoformat()) == (
        "2026-11-16",
        "2026-11-16",
    )
    reasons, _ = quarantine(warehouse, "sellout export.csv")
    assert reasons == {
        "sellout export.csv:3": "week_start 2026-11-18 is a Wednesday, weeks start on monday"
    }


def test_missing_required_values_and_wrong_types_in_every_numeric_kind(loader, drop, warehouse):
    drop(
        "saversure_scans_2026-11-16.csv",
        b"date,sku,scans\n"
        b"2026-11-16,SG-SER-001,\n"
        b"2026-11-16,,4\n"
        b"16/11/2026,SG-SER-002,4\n"
        b"2026-11-16,SG-SER-003,4.5\n"
        b"2026-11-16,SG-SUN-001,12\n",
    )

    (result,) = loader.load_pending()

    reasons, _ = quarantine(warehouse, "saversure_scans_2026-11-16.csv")
    assert list(reasons.values()) == [
        "scans is missing",
        "sku is missing",
        "date is not a date (%Y-%m-%d): 16/11/2026",
        "scans is not a whole number: 4.5",
    ]
    loaded = rows(warehouse, "select master_sku, region, scans from raw.file_scans_daily")
    assert loaded == [{"master_sku": "SG-SUN-001", "region": "ALL", "scans": 12}]
    assert result.rows_loaded == 1


def test_sku_codes_of_the_kinds_platform_map_to_master_skus(
    warehouse, inbox, files_config, clock, drop
):
    from config.files import SkuCatalog
    from extractors.files.load import FileLoader

    catalog = SkuCatalog(
        {"SG-SER-001": "serum"}, {"7-eleven": {"885000111": "SG-SER-001"}}, origin="test"
    )
    drop(
        "7eleven_sellout_2026-11-16.csv",
        b"week_start,store_id,store_name,sku,units,sales_thb\n"
        b"2026-11-16,01021,A,885000111,2,1780.00\n"
        b"2026-11-16,01022,B,885000999,1,890.00\n",
    )

    with FileLoader(warehouse, inbox, files_config, catalog, now=clock) as fl:
        (result,) = fl.load_pending()

    assert result.rows_loaded == 1
    assert rows(warehouse, "select sku, master_sku from raw.file_offline_sellout_weekly") == [
        {"sku": "885000111", "master_sku": "SG-SER-001"}
    ]
    reasons, _ = quarantine(warehouse, "7eleven_sellout_2026-11-16.csv")
    assert reasons == {
        "7eleven_sellout_2026-11-16.csv:3": "unknown SKU 885000999 (not in the master SKU list)"
    }


def test_the_load_is_recorded_in_sync_state_with_the_period(loader, drop, warehouse):
    drop(SELLOUT)

    loader.load_pending()

    (log,) = rows(
        warehouse,
        "select target_table, account_id, window_start, window_end, rows_loaded, "
        "rows_quarantined, source from ops.sync_state",
    )
    assert log["target_table"] == "raw.file_offline_sellout_weekly"
    assert log["account_id"] == "7-eleven"  # the overwrite's scope: the retailer
    assert (log["window_start"].isoformat(), log["window_end"].isoformat()) == (
        "2026-11-16",
        "2026-11-16",
    )
    assert (log["rows_loaded"], log["source"]) == (2, SELLOUT)


def test_a_file_where_most_lines_are_cp874_is_rejected_whole(loader, drop, inbox, warehouse):
    body = b"date,sku,product_name,scans\n" + "\n".join(
        f"2026-11-16,SG-SER-00{i},เซรั่ม,{i}" for i in (1, 2, 3)
    ).encode("cp874")
    drop("saversure_scans_2026-11-16.csv", body)

    (result,) = loader.load_pending()

    assert result.status == "rejected"
    assert "3 of 3 lines are not valid UTF-8" in result.message
    assert (inbox.root / REJECTED / "saversure_scans_2026-11-16.csv").exists()
    assert rows(warehouse, "select count(*) as n from raw.file_scans_daily") == [{"n": 0}]


def test_a_file_with_no_valid_row_writes_nothing_and_keeps_the_previous_rows(
    loader, drop, warehouse
):
    drop("saversure_scans_2026-11-16.csv", b"date,sku,scans\n2026-11-16,SG-SER-001,10\n")
    loader.load_pending()
    drop("saversure_scans_2026-11-16_v2.csv", b"date,sku,scans\n2026-11-16,SG-SER-001,ten\n")

    (second,) = loader.load_pending()

    assert (second.status, second.rows_loaded, second.rows_quarantined) == ("loaded", 0, 1)
    assert "nothing written" in second.message
    assert rows(warehouse, "select scans from raw.file_scans_daily") == [{"scans": 10}]


def test_every_table_exists_after_a_pass_over_an_empty_inbox(loader, warehouse, inbox):
    assert loader.load_pending() == []

    for fqn in (
        "ops.file_loads",
        "raw.file_reconciled_campaign_reports",
        "raw.file_scans_daily",
        "raw.file_offline_sellout_weekly",
    ):
        assert rows(warehouse, f"select count(*) as n from {fqn}") == [{"n": 0}]
    assert not (inbox.root / ARCHIVE).exists()
