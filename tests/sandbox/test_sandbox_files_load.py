"""The sandbox's drops through the real loader: clean files load whole, broken ones as promised."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from config.files import load_files_config, load_sku_catalog
from extractors.files.inbox import Inbox
from extractors.files.load import FileLoader
from sandbox.files import market_drops, write_drops
from sandbox.files.broken import duplicate_line, rename_column, set_cell, with_cp874_line
from sandbox.files.reconciled import reconciled_report
from sandbox.files.scans import scans_file

DAY = date(2026, 11, 16)


@pytest.fixture
def loader(warehouse, tmp_path):
    inbox = Inbox(tmp_path / "inbox")
    now = datetime(2026, 11, 21, 3, tzinfo=UTC)
    with FileLoader(warehouse, inbox, load_files_config(), load_sku_catalog(), lambda: now) as fl:
        yield fl


def test_twelve_days_of_market_drops_load_without_a_quarantined_row(market, loader, warehouse):
    drops = market_drops(market, date(2026, 11, 9), date(2026, 11, 20))
    write_drops(drops, loader.inbox.root, mtime=1_000.0)

    results = loader.load_pending()

    assert [r.status for r in results] == ["loaded"] * len(drops)
    assert sum(r.rows_quarantined for r in results) == 0
    for kind, fqn in (
        ("reconciled_campaign_reports", "raw.file_reconciled_campaign_reports"),
        ("scans_daily", "raw.file_scans_daily"),
        ("offline_sellout_weekly", "raw.file_offline_sellout_weekly"),
    ):
        n = warehouse.query(f"select count(*) as n from {fqn}")["n"][0].as_py()
        assert n == sum(d.rows for d in drops if d.kind == kind) > 0


def test_broken_market_drops_quarantine_exactly_the_broken_lines(market, loader, warehouse):
    report = reconciled_report(market, DAY)
    report = set_cell(report, 3, "spend", "12,500.00")
    report = set_cell(report, 4, "owner", "")
    report = duplicate_line(report, 2)
    scans = with_cp874_line(scans_file(market, DAY), 5)
    write_drops([report, scans], loader.inbox.root, mtime=1_000.0)

    loader.load_pending()

    found = warehouse.query("select record_ref, reason from ops.quarantine").to_pylist()
    refs = {r["record_ref"]: r["reason"] for r in found}
    last = report.rows + 1
    assert set(refs) == {
        f"{report.name}:3",
        f"{report.name}:4",
        f"{report.name}:{last}",
        f"{scans.name}:5",
    }
    assert refs[f"{report.name}:3"] == "spend is not a number: 12,500.00"
    assert refs[f"{report.name}:4"] == "owner is missing"
    assert refs[f"{report.name}:{last}"].startswith("duplicate key")
    assert "cp874" in refs[f"{scans.name}:5"]


def test_a_renamed_column_rejects_the_market_file(market, loader):
    broken = rename_column(reconciled_report(market, DAY), "campaign_id", "campaign")
    write_drops([broken], loader.inbox.root, mtime=1_000.0)

    (result,) = loader.load_pending()

    assert result.status == "rejected"
    assert "missing: campaign_id" in result.message
    assert "unexpected: campaign" in result.message
