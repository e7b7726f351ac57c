"""Weekly 7-Eleven offline sell-out: units and THB sales per SKU per store per Monday-week.

Twenty stores with Thai branch names; each store carries a fixed subset of the catalogue; weekly
units are Poisson around store size × SKU popularity, sales = units × shelf price (list price,
10 % off in promotion weeks). Windows export: UTF-8 without BOM, CRLF line endings.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from sandbox.files.render import DropFile, money, to_csv
from sandbox.files.scans import THAI_NAMES
from sandbox.market import Market
from sandbox.market.catalog import PRODUCTS
from sandbox.market.hashing import normal, poisson, uniform

KIND = "offline_sellout_weekly"
HEADER = ("week_start", "store_id", "store_name", "sku", "product_name", "units", "sales_thb")
STORES: tuple[tuple[str, str], ...] = (
    ("01021", "เซเว่น อีเลฟเว่น สาขาสยามสแควร์"),
    ("01188", "เซเว่น อีเลฟเว่น สาขาอโศก"),
    ("01342", "เซเว่น อีเลฟเว่น สาขาสีลม คอมเพล็กซ์"),
    ("01407", "เซเว่น อีเลฟเว่น สาขาลาดพร้าว 71"),
    ("01593", "เซเว่น อีเลฟเว่น สาขาบางนา-ตราด กม.3"),
    ("02014", "เซเว่น อีเลฟเว่น สาขาฟิวเจอร์พาร์ค รังสิต"),
    ("02266", "เซเว่น อีเลฟเว่น สาขาแจ้งวัฒนะ"),
    ("02391", "เซเว่น อีเลฟเว่น สาขาปิ่นเกล้า"),
    ("03105", "เซเว่น อีเลฟเว่น สาขานิมมานเหมินทร์ เชียงใหม่"),
    ("03177", "เซเว่น อีเลฟเว่น สาขาประตูท่าแพ เชียงใหม่"),
    ("03420", "เซเว่น อีเลฟเว่น สาขาเชียงราย หอนาฬิกา"),
    ("04033", "เซเว่น อีเลฟเว่น สาขามิตรภาพ ขอนแก่น"),
    ("04218", "เซเว่น อีเลฟเว่น สาขาโพศรี อุดรธานี"),
    ("04375", "เซเว่น อีเลฟเว่น สาขาในเมือง นครราชสีมา"),
    ("05012", "เซเว่น อีเลฟเว่น สาขาพัทยากลาง"),
    ("05146", "เซเว่น อีเลฟเว่น สาขาบางแสน ชลบุรี"),
    ("06027", "เซเว่น อีเลฟเว่น สาขาป่าตอง ภูเก็ต"),
    ("06119", "เซเว่น อีเลฟเว่น สาขาหาดใหญ่ ใน"),
    ("06254", "เซเว่น อีเลฟเว่น สาขาเกาะสมุย เฉวง"),
    ("07008", "เซเว่น อีเลฟเว่น สาขาอยุธยา ปาร์ค"),
)
"""(store id, Thai store name) — fixed, like the catalogue."""

_CODE = 902  # noise stream of the sell-out feed (part of the hash address: never renumber)


def file_name(week_start: date) -> str:
    """``7eleven_sellout_<week start>.csv``."""
    return f"7eleven_sellout_{week_start.isoformat()}.csv"


def week_starts(first: date, last: date) -> list[date]:
    """Mondays of the weeks that lie entirely within ``first``..``last``."""
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    out = []
    while monday + timedelta(days=6) <= last:
        out.append(monday)
        monday += timedelta(days=7)
    return out


def sellout_rows(market: Market, week_start: date) -> list[tuple[object, ...]]:
    """One row per (store, carried SKU) with sales in the week starting ``week_start``."""
    seed, w = market.config.seed, week_start.toordinal()
    n_store, n_sku = len(STORES), len(PRODUCTS)
    st = np.arange(n_store)[:, None]
    sk = np.arange(n_sku)[None, :]
    size = 0.5 + 1.5 * uniform(seed, _CODE, np.arange(n_store), 0, 0)
    popularity = 1.0 + 7.0 * uniform(seed, _CODE, 0, np.arange(n_sku), 1)
    carried = uniform(_CODE, st, sk, 2) < 0.75  # assortment: fixed, not seeded
    promo = uniform(seed, _CODE, w, np.arange(n_sku), 3) < 0.2
    mu = size[:, None] * popularity[None, :] * carried
    units = poisson(mu, uniform(seed, _CODE, st, sk, w, 4), normal(seed, _CODE, st, sk, w, 5))
    rows: list[tuple[object, ...]] = []
    for i, (store_id, store_name) in enumerate(STORES):
        for j, p in enumerate(PRODUCTS):
            if units[i, j] > 0:
                price = p.price_thb * (0.9 if promo[j] else 1.0)
                rows.append(
                    (
                        week_start.isoformat(),
                        store_id,
                        store_name,
                        p.sku,
                        THAI_NAMES[p.sku],
                        int(units[i, j]),
                        money(units[i, j] * price),
                    )
                )
    return rows


def sellout_file(market: Market, week_start: date) -> DropFile:
    """The week's 7-Eleven sell-out file (CRLF, no BOM)."""
    return DropFile(
        file_name(week_start), KIND, to_csv(HEADER, sellout_rows(market, week_start), crlf=True)
    )
