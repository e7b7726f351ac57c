"""Each file loads once: the content-hash ledger, archive and rejected moves, re-deliveries."""

from __future__ import annotations

import pytest

from extractors.files import load as load_module
from extractors.files.inbox import ARCHIVE, DUPLICATES, REJECTED
from tests.extractors.files.conftest import rows

DAY = "2026-11-21"  # the loader clock's UTC day
SCANS = "saversure_scans_2026-11-16.csv"
SCANS_V1 = b"date,sku,scans\n2026-11-16,SG-SER-001,10\n2026-11-16,SG-SER-002,20\n2026-11-16,SG-SER-003,30\n"
SCANS_V2 = b"date,sku,scans\n2026-11-16,SG-SER-001,11\n2026-11-16,SG-SER-002,20\n"
REPORT = "reconciled_campaign_report_2026-11-16.csv"
HEAD = b"date,campaign_id,owner,category,currency,spend,revenue,margin\n"


def ledger(warehouse):
    return rows(warehouse, "select file_name, kind, status, rows_loaded, stored_path "
                "from ops.file_loads order by loaded_at, file_name")  # fmt: skip


def test_a_loaded_file_is_archived_under_the_load_day_and_recorded(loader, drop, inbox, warehouse):
    drop(SCANS, SCANS_V1)

    (result,) = loader.load_pending()

    assert not (inbox.root / SCANS).exists()
    assert (inbox.root / ARCHIVE / DAY / SCANS).read_bytes() == SCANS_V1
    assert ledger(warehouse) == [
        {"file_name": SCANS, "kind": "scans_daily", "status": "loaded", "rows_loaded": 3,
         "stored_path": f"{ARCHIVE}/{DAY}/{SCANS}"}
    ]  # fmt: skip
    assert len(result.file_hash) == 64


def test_the_same_file_dropped_again_is_skipped_and_set_aside(loader, drop, inbox, warehouse):
    drop(SCANS, SCANS_V1)
    loader.load_pending()
    drop(SCANS, SCANS_V1)

    (again,) = loader.load_pending()

    assert again.status == "skipped"
    assert "already loaded as saversure_scans_2026-11-16.csv" in again.message
    dup = inbox.root / ARCHIVE / DAY / DUPLICATES / SCANS
    assert dup.read_bytes() == SCANS_V1
    assert "identical content" in dup.with_name(SCANS + ".why.txt").read_text()
    assert len(ledger(warehouse)) == 1
    assert rows(warehouse, "select count(*) as n from raw.file_scans_daily") == [{"n": 3}]
    assert rows(warehouse, "select count(*) as n from ops.sync_state") == [{"n": 1}]


def test_the_same_content_under_another_name_is_skipped(loader, drop, inbox, warehouse):
    drop(SCANS, SCANS_V1)
    drop("saversure_scans_2026-11-16 (copy).csv", SCANS_V1)

    first, second = loader.load_pending()

    assert (first.status, second.status) == ("loaded", "skipped")
    assert first.file_hash == second.file_hash
    assert [r["file_name"] for r in ledger(warehouse)] == [SCANS]
    assert rows(warehouse, "select count(*) as n from raw.file_scans_daily") == [{"n": 3}]


def test_a_wrong_header_rejects_the_file_whole_with_expected_and_found(
    loader, drop, inbox, warehouse
):
    drop(REPORT, b"date,campaign,owner,category,currency,spend,revenue,margin\n"
                 b"2026-11-16,1,nok,serum,THB,1,2,0\n")  # fmt: skip

    (result,) = loader.load_pending()

    assert (result.status, result.kind) == ("rejected", "reconciled_campaign_reports")
    why = (inbox.root / REJECTED / (REPORT + ".why.txt")).read_text()
    assert "expected columns: date, campaign_id, owner" in why
    assert "found columns: date, campaign, owner" in why
    assert "missing: campaign_id" in why
    assert (inbox.root / REJECTED / REPORT).exists()
    assert not (inbox.root / REPORT).exists()
    assert ledger(warehouse) == [
        {"file_name": REPORT, "kind": "reconciled_campaign_reports", "status": "rejected",
         "rows_loaded": 0, "stored_path": f"{REJECTED}/{REPORT}"}
    ]  # fmt: skip
    assert rows(warehouse, "select count(*) as n from raw.file_reconciled_campaign_reports") == [
        {"n": 0}
    ]


def test_a_rejected_file_dropped_again_is_skipped_but_its_correction_loads(loader, drop, warehouse):
    bad = b"date,campaign,owner,category,currency,spend,revenue,margin\n"
    drop(REPORT, bad)
    loader.load_pending()
    drop(REPORT, bad)
    drop(REPORT.replace(".csv", "_fixed.csv"), HEAD + b"2026-11-16,1,nok,serum,THB,1,2,0\n")

    again, fixed = loader.load_pending()

    assert again.status == "skipped"
    assert "already rejected" in again.message
    assert (fixed.status, fixed.rows_loaded) == ("loaded", 1)


def test_a_name_taken_in_the_archive_gets_the_hash_prefix(loader, drop, inbox):
    drop(SCANS, SCANS_V1)
    loader.load_pending()
    drop(SCANS, SCANS_V2)

    (second,) = loader.load_pending()

    stored = inbox.root / second.stored_path
    assert stored.name == f"saversure_scans_2026-11-16.{second.file_hash[:12]}.csv"
    assert stored.read_bytes() == SCANS_V2
    assert (inbox.root / ARCHIVE / DAY / SCANS).read_bytes() == SCANS_V1


def test_a_corrected_scan_delivery_replaces_the_days_rows(loader, drop, warehouse):
    drop(SCANS, SCANS_V1)
    loader.load_pending()
    drop(SCANS, SCANS_V2)

    (second,) = loader.load_pending()

    assert (second.rows_loaded, second.rows_replaced) == (2, 3)
    assert rows(warehouse, "select master_sku, scans from raw.file_scans_daily order by 1") == [
        {"master_sku": "SG-SER-001", "scans": 11},
        {"master_sku": "SG-SER-002", "scans": 20},
    ]  # SG-SER-003 is gone: the correction is complete for its day


def test_a_scan_delivery_leaves_other_days_alone(loader, drop, warehouse):
    drop(SCANS, SCANS_V1)
    drop("saversure_scans_2026-11-17.csv", b"date,sku,scans\n2026-11-17,SG-SER-001,5\n")

    loader.load_pending()

    days = rows(warehouse, "select date_day, count(*) as n from raw.file_scans_daily group by 1 "
                "order by 1")  # fmt: skip
    assert [(r["date_day"].isoformat(), r["n"]) for r in days] == [
        ("2026-11-16", 3),
        ("2026-11-17", 1),
    ]


def test_a_corrected_report_merges_by_day_and_campaign(loader, drop, warehouse):
    drop(REPORT, HEAD + b"2026-11-16,1,nok,serum,THB,100,300,10\n"
                        b"2026-11-16,2,wei,mask,SGD,50,80,-5\n")  # fmt: skip
    loader.load_pending()
    drop(REPORT.replace(".csv", "_v2.csv"), HEAD + b"2026-11-16,1,nok,serum,THB,120,300,-10\n"
                                                   b"2026-11-16,3,alex,set,USD,7,9,1\n")  # fmt: skip

    (second,) = loader.load_pending()

    assert (second.rows_loaded, second.rows_replaced) == (2, 1)
    got = rows(warehouse, "select campaign_id, spend, _source from "
               "raw.file_reconciled_campaign_reports order by campaign_id")  # fmt: skip
    assert [(r["campaign_id"], float(r["spend"])) for r in got] == [
        ("1", 120.0),  # corrected
        ("2", 50.0),  # not in the correction: kept (reports may be split by buyer)
        ("3", 7.0),
    ]
    assert got[0]["_source"] == "reconciled_campaign_report_2026-11-16_v2.csv"


def test_when_original_and_correction_wait_together_the_newer_file_wins(loader, drop, warehouse):
    drop(SCANS, SCANS_V1)
    drop("saversure_scans_2026-11-16-corrected.csv", SCANS_V2)

    loader.load_pending()

    assert rows(warehouse, "select sum(scans) as n from raw.file_scans_daily") == [{"n": 31}]


def test_a_failing_write_leaves_the_file_in_the_inbox_for_the_next_pass(
    loader, drop, inbox, warehouse, monkeypatch
):
    drop(SCANS, SCANS_V1)
    real = load_module.load_table

    def broken(*args, **kwargs):
        raise RuntimeError("warehouse unavailable")

    monkeypatch.setattr(load_module, "load_table", broken)
    (failed,) = loader.load_pending()
    monkeypatch.setattr(load_module, "load_table", real)

    assert (failed.status, failed.message) == ("failed", "warehouse unavailable")
    assert (inbox.root / SCANS).exists()
    assert ledger(warehouse) == []
    (retry,) = loader.load_pending()
    assert (retry.status, retry.rows_loaded) == ("loaded", 3)


def test_an_explicit_path_already_taken_by_another_run_is_skipped_quietly(loader, inbox):
    assert loader.load_pending([inbox.root / SCANS]) == []


def test_pending_lists_settled_csv_files_oldest_first(drop, inbox):
    drop("b.csv", b"x")
    drop("a.CSV", b"x")
    drop(".hidden.csv", b"x")
    drop("upload.csv.part", b"x")
    (inbox.root / "sub.csv").mkdir()

    assert [p.name for p in inbox.pending()] == ["b.csv", "a.CSV"]
    assert inbox.pending(modified_before=1_700_000_001.5) == [inbox.root / "b.csv"]


@pytest.mark.parametrize("status", ["skipped", "failed"])
def test_only_loaded_and_rejected_outcomes_are_recorded(warehouse, status):
    from datetime import UTC, datetime

    from extractors.files.ledger import FileLoad, record

    with pytest.raises(ValueError, match="not recorded"):
        record(warehouse, FileLoad("h", "f.csv", None, status, datetime.now(UTC)))
