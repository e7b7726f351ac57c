"""The order marts built by dbt from a real raw layer: sandbox shops synced by the extractors,
the recorded Shopee Vietnam order, and the committed SKU mapping.

The raw layer enters through the real extractors and loader; dbt builds only the order models
and their parents (``--indirect-selection cautious``), so other sources' models do not matter.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from dataclasses import asdict
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import orjson
import pytest

from config.shops import load_master_products, load_shops, load_sku_mapping
from extractors.common.loader import load_table
from extractors.common.schemas import RAW_TABLES, SHOPEE_ORDER_ITEMS, SHOPEE_ORDERS, SKU_MAPPING
from extractors.common.warehouse import DuckDBWarehouse
from extractors.shops.common import ShopInfo
from extractors.shops.lazada_client import LazadaClient
from extractors.shops.settings import LazadaSettings, ShopeeSettings, TikTokShopSettings
from extractors.shops.shopee_client import ShopeeClient
from extractors.shops.shopee_extract import parse_orders
from extractors.shops.sku_mapping import mapping_table
from extractors.shops.sync import sync_orders, sync_products
from extractors.shops.tiktok_shop_client import TikTokShopClient
from sandbox.process import running_sandbox
from sandbox.shops import common as creds
from tests.conftest import SHARED_DATA
from tests.dbt.dbt_scenario import REPO_ROOT, DbtRun, query, run_dbt

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
SALT = "test-salt-7f3a"
TOKEN = "dbt-orders-token"
SINCE, UNTIL = date(2026, 11, 7), date(2026, 11, 21)
VN_SHOP = ShopInfo("shopee", "1060000001", "VN", "VND", "Asia/Ho_Chi_Minh")
SAMPLE = SHARED_DATA / "shopee" / "get_order_detail.response.json"
# the order models and their parents; the marts built on them (reporting, optimizer) need the
# other sources and are tested with those
SELECT = [
    "+fct_orders",
    "+fct_order_items",
    "+dim_products",
    "+int_platform_skus__unmapped",
    "currencies",
]
SHOPS = [
    ShopInfo("shopee", "810000001", "TH", "THB", "Asia/Bangkok"),
    ShopInfo("shopee", "810000002", "MY", "MYR", "Asia/Kuala_Lumpur"),
    ShopInfo("lazada", "1000000001", "TH", "THB", "Asia/Bangkok"),
    ShopInfo(
        "tiktok_shop", "7494000000000001", "TH", "THB", "Asia/Bangkok", cipher="ROW_SIAMGLOWTH0001"
    ),
]


def _client(shop: ShopInfo, base_url: str):
    if shop.platform == "shopee":
        return ShopeeClient(
            creds.SHOPEE_PARTNER_ID,
            creds.SHOPEE_PARTNER_KEY,
            TOKEN,
            shop,
            ShopeeSettings(api_url=base_url),
            clock=NOW.timestamp,
        )
    if shop.platform == "lazada":
        return LazadaClient(
            creds.LAZADA_APP_KEY,
            creds.LAZADA_APP_SECRET,
            TOKEN,
            shop,
            LazadaSettings(api_url=f"{base_url}/rest"),
            clock=NOW.timestamp,
        )
    return TikTokShopClient(
        creds.TIKTOK_SHOP_APP_KEY,
        creds.TIKTOK_SHOP_APP_SECRET,
        TOKEN,
        shop,
        TikTokShopSettings(api_url=base_url),
        clock=NOW.timestamp,
    )


def load_raw(path: Path) -> set[str]:
    """Sync the sandbox's shops, the recorded VND order and the SKU mapping into ``path``.

    Returns:
        Every buyer PII string the raw layer holds (names, e-mails, usernames, user ids), for the
        PII assertions.
    """
    with DuckDBWarehouse(path) as wh:
        for spec in RAW_TABLES:  # the whole raw layer exists, as after any sync
            wh.ensure_table(spec)
        with running_sandbox(now=NOW, days=30, token=TOKEN, in_process=True) as sb:
            for shop in SHOPS:
                client = _client(shop, sb.base_url)
                sync_orders(client, wh, SINCE, UNTIL, now=NOW)
                sync_products(client, wh, now=NOW)
        orders, items = parse_orders(
            orjson.loads(SAMPLE.read_bytes())["response"]["order_list"], VN_SHOP, str(SAMPLE), NOW
        )
        load_table(wh, SHOPEE_ORDERS, orders, source="sample")
        load_table(wh, SHOPEE_ORDER_ITEMS, items, source="sample")
        rows = load_sku_mapping(
            shops=load_shops(),
            masters=load_master_products(
                REPO_ROOT / "dbt_project" / "seeds" / "master_products.csv"
            ),
        )
        load_table(
            wh, SKU_MAPPING, mapping_table([asdict(r) for r in rows], "csv", NOW), source="csv"
        )
        pii = set()
        for sql in (
            "select buyer_username as v from raw.shopee_orders",
            "select buyer_user_id as v from raw.shopee_orders",
            "select customer_first_name || ' ' || customer_last_name as v from raw.lazada_orders",
            "select customer_last_name as v from raw.lazada_orders",
            "select buyer_email as v from raw.tiktok_shop_orders",
            "select user_id as v from raw.tiktok_shop_orders",
        ):
            pii |= {v for v in wh.query(sql)["v"].to_pylist() if v}
    return pii


def build(path: Path, workdir: Path) -> DbtRun:
    return run_dbt(
        ["build", "--select", *SELECT, "--indirect-selection", "cautious"],
        path,
        workdir,
        ADPILOT_PII_SALT=SALT,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The scenario built once per session (pytest-xdist workers share it).

    First the order models and seeds are built on the still empty warehouse (no shop raw
    tables: the stand-ins), then the raw layer is loaded and the whole selection built with its
    tests. One database file, so the second dbt run parses partially.
    """
    if not SAMPLE.is_file():
        pytest.skip("../shared/data is not next to the repository")
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    workdir = root / "dbt_orders"
    path, record = workdir / "warehouse.duckdb", workdir / "run.json"
    with (root / "dbt_orders.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            workdir.mkdir(exist_ok=True)
            empty = run_dbt(
                [
                    "build",
                    "--select",
                    *SELECT,
                    "--resource-type",
                    "model",
                    "--resource-type",
                    "seed",
                ],
                path,
                workdir,
                ADPILOT_PII_SALT=SALT,
            )
            empty_counts = (
                [
                    query(path, f"select count(*) from marts.{t}")[0][0]
                    for t in ("fct_orders", "dim_products")
                ]
                if empty.returncode == 0
                else []
            )
            pii = load_raw(path)
            run = build(path, workdir)
            record.write_text(
                json.dumps(
                    {
                        "run": run.__dict__,
                        "pii": sorted(pii),
                        "empty": empty.__dict__,
                        "empty_counts": empty_counts,
                    }
                )
            )
        saved = json.loads(record.read_text())
    run = DbtRun(**saved["run"])
    assert run.returncode == 0, run.output[-4000:]
    return {
        "path": path,
        "run": run,
        "pii": set(saved["pii"]),
        "empty": DbtRun(**saved["empty"]),
        "empty_counts": saved["empty_counts"],
    }


def rows(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    return query(path, sql, params)


def test_build_passes_reconciliation_and_invariants_and_warns_on_unmapped_and_vnd(built):
    run = built["run"]
    for name in (
        "assert_orders_reconcile_with_raw",
        "assert_order_lines_add_up_to_their_orders",
        "assert_order_items_have_positive_quantities",
    ):
        assert run.status(name) == "pass", name
    assert run.status("assert_platform_skus_are_mapped") == "warn"
    assert run.status("assert_order_fx_rates_cover_every_currency_day") == "warn"
    generic = {uid.split(".")[2]: st for uid, st in run.statuses.items()}
    assert generic["not_null_fct_order_items_master_sku"] == "warn"
    assert generic["relationships_composite_fct_order_items_order_key__ref_fct_orders_"] == "pass"
    assert run.status("fct_orders") == "success" and run.status("dim_products") == "success"


def test_no_buyer_pii_reaches_any_mart(built):
    path, pii = built["path"], built["pii"]
    assert len(pii) > 500
    tables = rows(
        path, "select table_name from information_schema.tables where table_schema = 'marts'"
    )
    found = []
    for (table,) in tables:
        cols = [
            c
            for (c,) in rows(
                path,
                "select column_name from information_schema.columns "
                "where table_schema = 'marts' and table_name = ? and "
                "data_type = 'VARCHAR'",
                [table],
            )
        ]
        for col in cols:
            values = {v for (v,) in rows(path, f'select distinct "{col}" from marts."{table}"')}
            found += [(table, col, v) for v in values & pii]
    assert {t for (t,) in tables} >= {"fct_orders", "fct_order_items", "dim_products"}
    assert found == []
    staged = {v for (v,) in rows(path, "select buyer_hash from staging.stg_tiktok_shop__orders")}
    assert not staged & pii


def test_buyer_hash_is_the_salted_sha256_of_the_platform_buyer_id_and_repeats(built):
    path = built["path"]
    user_id, buyer_hash = rows(
        path,
        "select o.user_id, f.buyer_hash from raw.tiktok_shop_orders "
        "o join marts.fct_orders f on f.order_id = o.order_id "
        "limit 1",
    )[0]
    expected = hashlib.sha256(f"{SALT}tiktok_shop|7494000000000001|{user_id}".encode())
    assert buyer_hash == expected.hexdigest()
    repeat = rows(
        path,
        "select count(*) from (select buyer_hash from marts.fct_orders "
        "group by 1 having count(*) > 1)",
    )[0][0]
    assert repeat > 0


def test_the_recorded_vnd_order_stages_with_null_thb_and_its_line_unmapped(built):
    path = built["path"]
    order = rows(
        path,
        "select currency_code, order_status, total_amount, revenue, "
        "shipping_fee, fx_rate_to_thb, revenue_thb, order_date, has_unmapped_items "
        "from marts.fct_orders where order_id = '2404098R48U37H'",
    )
    assert order == [
        (
            "VND",
            "completed",
            Decimal("32119"),
            Decimal("27119"),
            Decimal("5000"),
            None,
            None,
            date(2024, 4, 9),
            True,
        )
    ]
    line = rows(
        path,
        "select master_sku, platform_sku, quantity, gross_amount, "
        "item_discount_amount, voucher_amount, line_revenue "
        "from marts.fct_order_items where order_id = '2404098R48U37H'",
    )
    assert line == [
        (
            None,
            "QAZ-SADOER-05",
            1,
            Decimal("300000"),
            Decimal("252000"),
            Decimal("20881"),
            Decimal("27119"),
        )
    ]


def test_unmapped_skus_are_listed_and_their_lines_kept(built):
    path = built["path"]
    unmapped = {
        (p, s)
        for p, s in rows(
            path, "select platform, platform_sku from intermediate.int_platform_skus__unmapped"
        )
    }
    assert {
        ("shopee", "QAZ-SADOER-05"),
        ("shopee", "GIFT-POUCH-TH"),
        ("shopee", "SGW-DUO-SERSUN"),
        ("tiktok_shop", "sg_ser_001_live"),
    } <= unmapped
    assert not {s for _, s in unmapped} & {"SGW-SER001", "SIAMGLOW-SER001-TH", "sg_ser_001"}
    raw_lines = (
        rows(path, "select count(*) from raw.shopee_order_items")[0][0]
        + rows(path, "select count(*) from raw.lazada_order_items")[0][0]
        + rows(path, "select count(*) from raw.tiktok_shop_order_items")[0][0]
    )
    fact_lines, unmapped_lines = rows(
        path, "select count(*), count(*) - count(master_sku) from marts.fct_order_items"
    )[0]
    assert fact_lines == raw_lines and unmapped_lines > 0
    gifts = rows(
        path,
        "select sum(line_revenue), min(quantity) from marts.fct_order_items "
        "where platform_sku like 'GIFT-POUCH-%'",
    )[0]
    assert gifts == (Decimal(0), 1)


def test_statuses_are_normalized_and_thb_follows_the_as_of_rate(built):
    path = built["path"]
    statuses = set(rows(path, "select platform, order_status from marts.fct_orders"))
    assert {
        ("shopee", "refunded"),
        ("lazada", "refunded"),
        ("tiktok_shop", "cancelled"),
        ("lazada", "completed"),
        ("tiktok_shop", "pending"),
    } <= statuses
    assert ("tiktok_shop", "refunded") not in statuses
    myr = rows(
        path,
        "select revenue, fx_rate_to_thb, revenue_thb, order_date from "
        "marts.fct_orders where currency_code = 'MYR' order by order_date limit 1",
    )
    revenue, rate, revenue_thb, day = myr[0]
    ecb = rows(
        path,
        "select rate_to_thb from intermediate.int_fx_rates__as_of "
        "where currency_code = 'MYR' and valid_from_date <= ? "
        "and ? < valid_until_date",
        [day, day],
    )[0][0]
    assert rate == ecb and revenue_thb == pytest.approx(revenue * rate)
    thb = rows(
        path,
        "select count(*) from marts.fct_orders where currency_code = 'THB' "
        "and revenue_thb != revenue",
    )[0][0]
    assert thb == 0


def test_gross_profit_is_thb_revenue_minus_master_unit_cost(built):
    path = built["path"]
    line = rows(
        path,
        "select master_sku, quantity, line_revenue_thb, unit_cost_thb, "
        "gross_profit_thb from marts.fct_order_items where master_sku = 'SG-SER-001' "
        "and currency_code = 'THB' limit 1",
    )[0]
    _, qty, revenue_thb, unit_cost, profit = line
    assert unit_cost == Decimal("310")
    assert profit == revenue_thb - unit_cost * qty
    dims = rows(
        path,
        "select master_sku, mapped_platform_skus, shops_listing from marts.dim_products order by 1",
    )
    assert len(dims) == 12 and dims[0] == ("SG-CLN-001", 4, 4)


def test_order_models_build_on_a_warehouse_without_shop_raw_tables(built):
    empty = built["empty"]

    assert empty.returncode == 0, empty.output[-3000:]
    assert "does not exist yet; using an empty stand-in" in empty.output
    assert built["empty_counts"] == [0, 12]  # no orders; the products come from the seed
