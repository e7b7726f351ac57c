"""Daily Saversure scan files: QR-code scans per SKU per Thai region.

Scans follow a fixed per-SKU baseline (weekends 25 % higher) plus a lift from the day's Meta
purchases of the SKU (ads drive some buyers to scan), split over six regions. Counter-based
noise (seed, SKU, day, region) keeps every number reproducible and independent of the others.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from sandbox.files.render import DropFile, to_csv
from sandbox.market import Market
from sandbox.market.catalog import PRODUCTS
from sandbox.market.hashing import normal, poisson, uniform

KIND = "scans_daily"
HEADER = ("date", "sku", "product_name", "region", "scans")
REGIONS: tuple[tuple[str, float], ...] = (
    ("กรุงเทพฯ และปริมณฑล", 0.38),
    ("ภาคกลาง", 0.16),
    ("ภาคเหนือ", 0.12),
    ("ภาคตะวันออกเฉียงเหนือ", 0.16),
    ("ภาคตะวันออก", 0.08),
    ("ภาคใต้", 0.10),
)
"""Regions as Saversure names them (Thai), with their share of scans."""

THAI_NAMES: dict[str, str] = {
    "SG-SER-001": "เซรั่มวิตามินซี ไบรท์เทนนิ่ง 30 มล.",
    "SG-SER-002": "เซรั่มไนอะซินาไมด์ 10% 30 มล.",
    "SG-SER-003": "เซรั่มไฮยาลูรอน ไฮดรา 50 มล.",
    "SG-SUN-001": "กันแดด เดลี่ ยูวี ชิลด์ SPF50+ 50 มล.",
    "SG-SUN-002": "กันแดดเนื้อฟลูอิด มีสี SPF50 40 มล.",
    "SG-CLN-001": "โฟมล้างหน้า สูตรอ่อนโยน 150 มล.",
    "SG-CLN-002": "คลีนซิ่งออยล์ น้ำซาวข้าว 200 มล.",
    "SG-MSK-001": "สลีปปิ้งมาสก์ 80 มล.",
    "SG-MSK-002": "เคลย์มาสก์ กระชับรูขุมขน 100 ก.",
    "SG-MST-001": "ครีมเซราไมด์ บำรุงผิว 50 มล.",
    "SG-MST-002": "เจลว่านหางจระเข้ 100 มล.",
    "SG-SET-001": "ชุดเริ่มต้น โกลว์ สตาร์ทเตอร์",
}
"""Thai product names (as Thai retailers and feeds print them)."""

_CODE = 901  # noise stream of the scan feed (part of the hash address: never renumber)


def file_name(day: date) -> str:
    """``saversure_scans_<day>.csv``."""
    return f"saversure_scans_{day.isoformat()}.csv"


def sku_purchases(market: Market, day: date) -> np.ndarray:
    """Meta purchases of each catalogue SKU on ``day`` (an ad's purchases split over its SKUs)."""
    h = market.hierarchy("meta")
    t = market.truth("meta", day)
    index = {p.sku: i for i, p in enumerate(PRODUCTS)}
    out = np.zeros(len(PRODUCTS))
    for ad, bought in zip(h.ads, t.purchases.tolist(), strict=True):
        for sku in ad.skus:
            out[index[sku]] += bought / len(ad.skus)
    return out


def scan_rows(market: Market, day: date) -> list[tuple[object, ...]]:
    """One row per SKU and region for ``day``; rows with zero scans are left out."""
    seed, d = market.config.seed, day.toordinal()
    n_sku, n_reg = len(PRODUCTS), len(REGIONS)
    sku_i = np.arange(n_sku)[:, None]
    reg_i = np.arange(n_reg)[None, :]
    base = 30.0 + 150.0 * uniform(seed, _CODE, np.arange(n_sku), 0)
    weekend = 1.25 if day.weekday() >= 5 else 1.0
    total = base * weekend + 0.8 * sku_purchases(market, day)
    share = np.array([s for _, s in REGIONS])
    mu = total[:, None] * share[None, :]
    scans = poisson(
        mu, uniform(seed, _CODE, sku_i, d, reg_i, 1), normal(seed, _CODE, sku_i, d, reg_i, 2)
    )
    rows: list[tuple[object, ...]] = []
    for i, p in enumerate(PRODUCTS):
        for j, (region, _) in enumerate(REGIONS):
            if scans[i, j] > 0:
                rows.append((day.isoformat(), p.sku, THAI_NAMES[p.sku], region, int(scans[i, j])))
    return rows


def scans_file(market: Market, day: date) -> DropFile:
    """The day's scan file as Saversure drops it (UTF-8 with a BOM: an Excel export)."""
    return DropFile(file_name(day), KIND, to_csv(HEADER, scan_rows(market, day), bom=True))
