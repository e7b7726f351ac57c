"""The sandbox's CSV drops: realistic, deterministic, consistent with the simulated market."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import numpy as np
import pytest

from sandbox.files import market_drops, settled_days, write_drops
from sandbox.files.broken import (
    cell,
    drop_column,
    duplicate_line,
    rename_column,
    set_cell,
    with_bom,
    with_cp874_line,
)
from sandbox.files.reconciled import reconciled_report
from sandbox.files.render import BOM
from sandbox.files.scans import scans_file
from sandbox.files.sellout import STORES, sellout_file, week_starts
from sandbox.market import Market, MarketConfig
from sandbox.market.catalog import MINOR_PER_UNIT, PRODUCT_GROUPS, PRODUCTS
from tests.sandbox.sandbox_helpers import NOW

DAY = date(2026, 11, 16)  # a Monday, settled at NOW


def table(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_reconciled_report_has_one_row_per_meta_campaign_with_spend(market):
    drop = reconciled_report(market, DAY)
    h = market.hierarchy("meta")
    truth = market.truth("meta", DAY)
    spend = np.bincount(h.ad_campaign, weights=truth.spend_minor, minlength=len(h.campaigns))

    got = table(drop.data)

    assert drop.name == "reconciled_campaign_report_2026-11-16.csv"
    assert [r["campaign_id"] for r in got] == sorted(
        c.id for c, s in zip(h.campaigns, spend, strict=True) if s > 0
    )
    by_id = {c.id: (i, c) for i, c in enumerate(h.campaigns)}
    for r in got:
        i, c = by_id[r["campaign_id"]]
        acct = next(a for a in h.accounts if a.account_id == c.account_id)
        assert r["currency"] == acct.currency
        assert float(r["spend"]) == pytest.approx(
            spend[i] / MINOR_PER_UNIT[acct.currency], abs=0.005
        )
        assert r["category"] == c.product_group
        assert r["owner"] == {1: "nok", 2: "wei", 3: "alex"}[acct.index]
    assert {r["owner"] for r in got} == {"nok", "wei", "alex"}
    assert {r["category"] for r in got} <= set(PRODUCT_GROUPS)
    assert any(float(r["margin"]) < 0 for r in got)  # loss-making campaign-days exist


def test_scan_file_covers_every_sku_in_thai_regions_with_a_bom(market):
    drop = scans_file(market, DAY)

    got = table(drop.data)

    assert drop.data.startswith(BOM)
    assert {r["sku"] for r in got} == {p.sku for p in PRODUCTS}
    assert "ภาคตะวันออกเฉียงเหนือ" in {r["region"] for r in got}
    assert all(int(r["scans"]) > 0 for r in got)
    assert len({(r["sku"], r["region"]) for r in got}) == len(got)


def test_scans_rise_with_the_days_ad_driven_purchases(market):
    days = [DAY - timedelta(days=i) for i in range(14)]
    totals = [sum(int(r["scans"]) for r in table(scans_file(market, d).data)) for d in days]
    purchases = [int(market.truth("meta", d).purchases.sum()) for d in days]

    assert np.corrcoef(totals, purchases)[0, 1] > 0


def test_sellout_is_weekly_per_store_with_thai_store_names_and_crlf(market):
    drop = sellout_file(market, DAY)

    got = table(drop.data)

    assert b"\r\n" in drop.data and not drop.data.startswith(BOM)
    assert {r["week_start"] for r in got} == {"2026-11-16"}
    assert {r["store_name"] for r in got} <= {name for _, name in STORES}
    assert any("เชียงใหม่" in r["store_name"] for r in got)
    price = {p.sku: p.price_thb for p in PRODUCTS}
    for r in got:
        unit = float(r["sales_thb"]) / int(r["units"])
        assert unit == pytest.approx(price[r["sku"]]) or unit == pytest.approx(
            0.9 * price[r["sku"]]
        )


def test_week_starts_are_the_mondays_of_whole_weeks_inside_the_window():
    assert week_starts(date(2026, 11, 3), date(2026, 11, 22)) == [
        date(2026, 11, 9),
        date(2026, 11, 16),
    ]
    assert week_starts(date(2026, 11, 16), date(2026, 11, 21)) == []


def test_drops_cover_settled_days_only_in_arrival_order(market):
    drops = market_drops(market, date(2026, 1, 1), date(2026, 12, 31))

    first, last = settled_days(market, date(2026, 1, 1), date(2026, 12, 31))
    assert first == market.history_start
    assert last == date(2026, 11, 20)  # the US account's 2026-11-21 is not over at NOW
    days = (last - first).days + 1
    kinds = [d.kind for d in drops]
    assert kinds.count("reconciled_campaign_reports") == days
    assert kinds.count("scans_daily") == days
    assert kinds.count("offline_sellout_weekly") == len(week_starts(first, last))
    assert drops[0].name == f"reconciled_campaign_report_{first}.csv"


def test_drops_are_deterministic_from_the_seed():
    a = market_drops(Market(MarketConfig(seed=42, days=35, now=NOW)), DAY, DAY)
    b = market_drops(Market(MarketConfig(seed=42, days=35, now=NOW)), DAY, DAY)
    c = market_drops(Market(MarketConfig(seed=7, days=35, now=NOW)), DAY, DAY)

    assert [d.data for d in a] == [d.data for d in b]
    assert [d.name for d in a] == [d.name for d in c]
    assert [d.data for d in a] != [d.data for d in c]


def test_write_drops_stamps_increasing_modification_times(market, tmp_path):
    drops = market_drops(market, DAY, DAY)

    paths = write_drops(drops, tmp_path / "inbox", mtime=1_000.0)

    assert [p.name for p in paths] == [d.name for d in drops]
    assert [p.stat().st_mtime for p in paths] == [1_000.0 + i for i in range(len(drops))]
    assert paths[0].read_bytes() == drops[0].data


def test_broken_helpers_change_exactly_what_they_say(market):
    drop = sellout_file(market, DAY)

    assert cell(set_cell(drop, 3, "units", "many"), 3, "units") == "many"
    assert cell(set_cell(drop, 3, "units", "many"), 4, "units") == cell(drop, 4, "units")
    assert duplicate_line(drop, 2).rows == drop.rows + 1
    assert b"store_code" in rename_column(drop, "store_id", "store_code").data.split(b"\r\n")[0]
    assert b"units" not in drop_column(drop, "units").data.split(b"\r\n")[0]
    assert with_bom(drop).data == BOM + drop.data
    cp = with_cp874_line(drop, 2)
    assert cp.data.split(b"\r\n")[1] == drop.data.split(b"\r\n")[1].decode().encode("cp874")
    with pytest.raises(UnicodeDecodeError):
        cp.data.decode("utf-8")
    with pytest.raises(ValueError, match="ASCII"):
        with_cp874_line(reconciled_report(market, DAY), 1)
