"""Export files → raw.ga4_events: partition overwrite per property and day, late events on
re-sync, re-runs that change nothing, days without a file left alone."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta

import duckdb
import pytest

from extractors.common.schemas import GA4_EVENTS
from extractors.ga4.files import ExportLayoutError
from extractors.ga4.sync import sync_events
from sandbox.ga4.export import write_export
from tests.extractors.ga4.ga4_fixtures import (
    GLOBAL,
    NOW,
    SAMPLE,
    SAMPLE_PROPERTY,
    SAMPLE_ROWS,
    TH,
    small_market,
    small_properties,
)

FIRST, LAST = date(2026, 11, 1), date(2026, 11, 22)


def _per_day(wh, prop):
    rows = wh.query(
        "select event_date d, count(*) n from raw.ga4_events where property_id = ? group by 1",
        [prop.property_id],
    ).to_pylist()
    return {r["d"]: r["n"] for r in rows}


def _file_rows(path):
    return duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchall()[0][0]


def test_every_day_with_a_file_loads_all_its_events_and_a_rerun_changes_nothing(
    warehouse, export_dir
):
    loads = sync_events(warehouse, export_dir, TH, FIRST, LAST, loaded_at=NOW)
    assert [d.day for d, _ in loads] == [NOW.date() - timedelta(days=k) for k in range(5, -1, -1)]
    assert loads[-1][0].intraday and not loads[0][0].intraday
    for day, result in loads:
        assert result.rows_loaded == _file_rows(day.path) and result.rows_quarantined == 0
    before = warehouse.query(
        "select event_dedupe_key, property_id from raw.ga4_events order by 1"
    ).to_pylist()
    again = sync_events(warehouse, export_dir, TH, FIRST, LAST)
    assert [r.rows_deleted for _, r in again] == [r.rows_loaded for _, r in loads]
    assert (
        warehouse.query(
            "select event_dedupe_key, property_id from raw.ga4_events order by 1"
        ).to_pylist()
        == before
    )
    sources = warehouse.query("select distinct _source from raw.ga4_events order by 1")
    assert sources["_source"].to_pylist()[0] == f"{TH.dataset}/events_20261116.parquet"


def test_properties_are_separate_scopes(warehouse, export_dir):
    sync_events(warehouse, export_dir, TH, FIRST, LAST)
    th = warehouse.query("select count(*) n from raw.ga4_events")["n"][0].as_py()
    sync_events(warehouse, export_dir, GLOBAL, FIRST, LAST)
    sync_events(warehouse, export_dir, TH, FIRST, LAST)  # re-loading TH leaves GLOBAL's rows
    rows = warehouse.query("select property_id p, count(*) n from raw.ga4_events group by 1")
    counts = {r["p"]: r["n"] for r in rows.to_pylist()}
    assert counts[TH.property_id] == th and counts[GLOBAL.property_id] > 0
    currency = warehouse.query(
        "select distinct property_id, currency_code, account_timezone "
        "from raw.ga4_events order by 1"
    ).to_pylist()
    assert currency == [
        {"property_id": "410000001", "currency_code": "THB", "account_timezone": "Asia/Bangkok"},
        {"property_id": "410000002", "currency_code": "USD", "account_timezone": "Asia/Singapore"},
    ]


def test_a_resync_of_the_last_three_days_picks_up_late_events(warehouse, export_dir, tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(export_dir, folder)
    sync_events(warehouse, folder, TH, FIRST, LAST)
    first = _per_day(warehouse, TH)
    later = NOW + timedelta(days=1)
    window = (later.date() - timedelta(days=3), later.date())
    written = write_export(small_market(later), folder, *window, properties=small_properties()[:1])
    loads = sync_events(warehouse, folder, TH, *window)
    now = _per_day(warehouse, TH)
    yesterday = NOW.date() - timedelta(days=1)
    assert now[yesterday] > first[yesterday]  # events that arrived late
    assert now[NOW.date()] > first[NOW.date()]  # the rest of the day that was in progress
    for f in written:
        assert now[f.day] == f.events
    untouched = [d for d in first if d < window[0]]
    assert untouched and all(now[d] == first[d] for d in untouched)
    assert [d.intraday for d, _ in loads] == [False, False, False, True]


def test_a_day_whose_file_is_missing_keeps_its_rows(warehouse, export_dir, tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(export_dir, folder)
    sync_events(warehouse, folder, TH, FIRST, LAST)
    day = NOW.date() - timedelta(days=2)
    before = _per_day(warehouse, TH)
    (folder / TH.dataset / f"events_{day:%Y%m%d}.parquet").unlink()
    loads = sync_events(warehouse, folder, TH, FIRST, LAST)
    assert day not in [d.day for d, _ in loads]
    assert _per_day(warehouse, TH) == before


def test_two_versions_of_a_day_stop_the_property_before_anything_is_written(
    warehouse, export_dir, tmp_path
):
    folder = tmp_path / "export"
    shutil.copytree(export_dir, folder)
    day = NOW.date() - timedelta(days=2)
    shutil.copy(SAMPLE, folder / TH.dataset / f"events_{day:%Y%m%d}.jsonl")
    with pytest.raises(ExportLayoutError, match=f"events_{day:%Y%m%d}"):
        sync_events(warehouse, folder, TH, FIRST, LAST)
    assert warehouse.query(f"select count(*) n from {GA4_EVENTS.fqn}")["n"][0].as_py() == 0


def test_the_recorded_sample_split_by_day_loads_all_460_rows(warehouse, tmp_path):
    from sandbox.ga4.replay import write_replay

    write_replay(SAMPLE, tmp_path)
    loads = sync_events(
        warehouse,
        tmp_path,
        SAMPLE_PROPERTY,
        date(2020, 1, 1),
        date(2021, 12, 31),
        loaded_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert len(loads) == 92
    assert sum(r.rows_loaded for _, r in loads) == SAMPLE_ROWS
    assert sum(r.rows_quarantined for _, r in loads) == 0
