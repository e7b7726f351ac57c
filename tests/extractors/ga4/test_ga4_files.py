"""Which export file holds which day: daily over intraday, junk ignored, ambiguity refused."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.ga4.files import ExportLayoutError, export_days
from tests.extractors.ga4.ga4_fixtures import TH


def _touch(folder, *names):
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        (folder / n).write_text("")


def test_each_day_takes_its_daily_file_over_the_intraday_one_and_ignores_other_names(tmp_path):
    _touch(
        tmp_path / TH.dataset,
        "events_20261119.parquet",
        "events_intraday_20261120.jsonl.gz",
        "events_20261120.jsonl",
        "events_intraday_20261121.parquet",
        "README.md",
        "events_20261118.parquet.tmp",
        "events_2026111.parquet",
        "events_20261399.jsonl",
    )
    days = export_days(tmp_path, TH, date(2026, 11, 19), date(2026, 11, 21))
    assert [(d.day, d.path.name, d.fmt, d.intraday) for d in days] == [
        (date(2026, 11, 19), "events_20261119.parquet", "parquet", False),
        (date(2026, 11, 20), "events_20261120.jsonl", "json", False),
        (date(2026, 11, 21), "events_intraday_20261121.parquet", "parquet", True),
    ]


def test_days_outside_the_window_and_a_missing_folder_give_nothing(tmp_path):
    _touch(tmp_path / TH.dataset, "events_20261110.parquet", "events_20261130.parquet")
    assert export_days(tmp_path, TH, date(2026, 11, 11), date(2026, 11, 29)) == []
    assert export_days(tmp_path / "nowhere", TH, date(2026, 1, 1), date(2026, 12, 31)) == []


def test_two_formats_of_one_day_are_refused_naming_both_files(tmp_path):
    _touch(tmp_path / TH.dataset, "events_20261119.parquet", "events_20261119.jsonl.gz")
    with pytest.raises(
        ExportLayoutError,
        match=r"2 files for 2026-11-19 \(events_20261119\.json"
        r"l\.gz, events_20261119\.parquet\)",
    ):
        export_days(tmp_path, TH, date(2026, 11, 19), date(2026, 11, 19))
