"""Recognising a file's kind by name then header, and the period its name declares."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.files.header import (
    FileRejectedError,
    kind_by_name,
    match_header,
    period_from_name,
    recognise,
)
from extractors.files.kinds import KINDS, normalize_header

RECONCILED_HEADER = ["date", "campaign_id", "owner", "category", "currency", "spend",
                     "revenue", "margin"]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("reconciled_campaign_report_2026-11-16.csv", "reconciled_campaign_reports"),
        ("Reconciled-Campaign-Reports-20261116.CSV", "reconciled_campaign_reports"),
        ("saversure_scans_2026-11-16.csv", "scans_daily"),
        ("7eleven_sellout_2026-11-16.csv", "offline_sellout_weekly"),
        ("7-Eleven_Sell-Out_2026-11-16_2026-11-23.csv", "offline_sellout_weekly"),
        ("notes.csv", None),
        ("saversure_scans_latest.csv", None),
    ],
)
def test_kind_by_file_name(files_config, name, kind):
    found = kind_by_name(name, files_config)

    assert (found.name if found else None) == kind


def test_header_names_fold_case_spaces_punctuation_and_bom():
    assert normalize_header("\ufeff Sales (THB) ") == "sales_thb"
    assert normalize_header("Week Start") == "week_start"
    assert normalize_header("Store-ID") == "store_id"


def test_header_in_any_order_with_aliases_and_optional_columns_matches(files_config):
    header = ["Margin", "Revenue", "Spend", "Currency", "Category", "Buyer", "Campaign ID",
              "Date", "Campaign Name"]  # fmt: skip

    match = recognise("reconciled_campaign_report_2026-11-16.csv", header, files_config)

    assert match.kind.name == "reconciled_campaign_reports"
    assert [c.column if c else None for c in match.columns][:6] == [
        "margin", "revenue", "spend", "currency_code", "category", "owner",
    ]  # fmt: skip


def test_wrong_header_is_rejected_listing_expected_found_missing_and_unexpected(files_config):
    header = ["date", "campaign", "owner", "category", "currency", "spend", "revenue", "margin"]

    with pytest.raises(FileRejectedError) as err:
        recognise("reconciled_campaign_report_2026-11-16.csv", header, files_config)

    msg = str(err.value)
    assert err.value.kind == "reconciled_campaign_reports"
    assert (
        "expected columns: date, campaign_id, owner, category, currency, spend, revenue, margin"
        in msg
    )
    assert "(optional: platform, account_id, campaign_name)" in msg
    assert "found columns: date, campaign, owner, category, currency, spend, revenue, margin" in msg
    assert "missing: campaign_id" in msg
    assert "unexpected: campaign" in msg


def test_a_repeated_column_is_a_wrong_header(files_config):
    header = [*RECONCILED_HEADER, "Spend"]

    with pytest.raises(FileRejectedError, match="repeated: spend"):
        recognise("reconciled_campaign_report_2026-11-16.csv", header, files_config)


def test_a_file_with_an_unknown_name_is_recognised_by_its_header_alone(files_config):
    header = ["week_start", "store_id", "store_name", "sku", "units", "sales_thb"]

    assert recognise("export (3).csv", header, files_config).kind.name == "offline_sellout_weekly"


def test_unknown_name_and_near_miss_header_names_the_closest_kind(files_config):
    header = ["date", "sku", "scan_total"]

    with pytest.raises(FileRejectedError) as err:
        recognise("export.csv", header, files_config)

    assert err.value.kind == "scans_daily"
    assert "matches no kind's file_pattern" in str(err.value)
    assert "missing: scans" in str(err.value)


def test_unknown_name_and_unrelated_header_has_no_kind(files_config):
    with pytest.raises(FileRejectedError, match="matches no kind") as err:
        recognise("notes.csv", ["a", "b"], files_config)

    assert err.value.kind is None


def test_match_header_counts_overlap():
    match = match_header(KINDS["scans_daily"], ["date", "sku", "other"])

    assert match.overlap == 2
    assert match.missing == ["scans"]
    assert match.unexpected == ["other"]
    assert not match.ok


@pytest.mark.parametrize(
    ("name", "period"),
    [
        ("saversure_scans_2026-11-16.csv", (date(2026, 11, 16), date(2026, 11, 16))),
        ("saversure_scans_20261116.csv", (date(2026, 11, 16), date(2026, 11, 16))),
        ("saversure_scans_2026-11-16_2026-11-22.csv", (date(2026, 11, 16), date(2026, 11, 22))),
        ("scans.csv", None),
    ],
)
def test_period_from_the_file_name(files_config, name, period):
    assert period_from_name(name, files_config.kinds["scans_daily"]) == period


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("saversure_scans_2026-02-30.csv", "not a calendar date"),
        ("saversure_scans_2026-11-22_2026-11-16.csv", "ends"),
    ],
)
def test_a_bad_period_in_the_name_rejects_the_file(files_config, name, error):
    with pytest.raises(FileRejectedError, match=error):
        period_from_name(name, files_config.kinds["scans_daily"])
