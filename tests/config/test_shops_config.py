"""``config/shops.yml`` and ``config/sku_mapping.csv``: validation with line and field named."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from config.loading import ConfigError
from config.shops import load_master_products, load_shops, load_sku_mapping
from sandbox.market.catalog import PRODUCTS
from sandbox.market.shops import LISTINGS, SHOPS

REPO = Path(__file__).resolve().parents[2]
MASTERS = REPO / "dbt_project" / "seeds" / "master_products.csv"
HEADER = "platform,shop,platform_sku,master_sku,product_group,note\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_committed_shops_file_lists_the_sandbox_shops():
    cfg = load_shops()
    assert sorted((p, s.key, s.shop_id, s.currency, s.timezone) for p, s in cfg.all_shops()) == (
        sorted((s.platform, s.key, s.shop_id, s.currency, s.timezone) for s in SHOPS)
    )
    assert cfg.lookback_days == 14
    assert cfg.tiktok_shop.shops[0].shop_cipher == "ROW_SIAMGLOWTH0001"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (
            "shopee:\n  partner_id: 1\n  shops:\n    - {key: a, shop_id: x1, region: TH, currency: THB,"
            " timezone: Asia/Bangkok, access_token_env: T}\n",
            "shopee.shops[0].shop_id",
        ),
        (
            "shopee:\n  partner_id: 1\n  shops:\n    - {key: a, shop_id: '1', region: TH, currency: THB,"
            " timezone: Mars/Olympus, access_token_env: T}\n",
            "shopee.shops[0].timezone",
        ),
        ("lazada:\n  app_key: k\n  app_secret_env: lower-case\n", "lazada.app_secret_env"),
        (
            "tiktok_shop:\n  app_key: k\n  shops:\n    - {key: t, shop_id: '1', region: TH, "
            "currency: THB, timezone: Asia/Bangkok, access_token_env: T}\n",
            "tiktok_shop",
        ),
        ("lookback_days: 0\n", "lookback_days"),
    ],
)
def test_malformed_shops_file_names_the_field(tmp_path, text, field):
    with pytest.raises(ConfigError) as err:
        load_shops(write(tmp_path, "shops.yml", text))
    assert field in str(err.value)


def test_committed_mapping_maps_every_listing_except_the_intentionally_unmapped():
    rows = load_sku_mapping(shops=load_shops(), masters=load_master_products(MASTERS))
    mapped = {(r.shop, r.platform_sku): r.master_sku for r in rows}
    for shop in SHOPS:
        for x in LISTINGS[shop.key]:
            if x.intentionally_unmapped:
                assert (shop.key, x.mapping_sku) not in mapped
            else:
                assert mapped[(shop.key, x.mapping_sku)] == x.master_sku
    assert {r.shop_id for r in rows if r.shop == "shopee_th"} == {"810000001"}


def test_master_products_seed_is_the_sandbox_catalogue():
    with MASTERS.open() as f:
        seed = {
            r["sku"]: (r["product_group"], float(r["list_price_thb"]), float(r["unit_cost_thb"]))
            for r in csv.DictReader(f)
        }
    assert seed == {p.sku: (p.group, p.price_thb, p.unit_cost_thb) for p in PRODUCTS}


def test_mapping_errors_name_every_line_and_field(tmp_path):
    path = write(
        tmp_path,
        "m.csv",
        HEADER
        + "shopee,shopee_th,SGW-SER001,SG-SER-001,serum,\n"  # line 2 ok
        + "shopee,shopee_xx,SGW-SER002,SG-SER-002,serum,\n"  # line 3 shop
        + "lazada,lazada_th,X-1,SG-NOPE-001,serum,\n"  # line 4 master
        + "lazada,lazada_th,X-2,SG-SUN-001,serum,\n"  # line 5 group
        + "shopee,shopee_th,SGW-SER001,SG-SER-003,serum,\n"  # line 6 duplicate
        + "tiktok_shop,,y,SG-SER-001,serum,\n"  # line 7 no shop
        + "Bad Platform,,z,sg-ser-001,,\n",
    )  # line 8 three

    with pytest.raises(ConfigError) as err:
        load_sku_mapping(path, shops=load_shops(), masters=load_master_products(MASTERS))

    text = str(err.value)
    assert "8 problem(s)" in text
    for expected in (
        "line 3, shop: 'shopee_xx' is not a shopee shop key",
        "line 4, master_sku: 'SG-NOPE-001' is not in the master product list",
        "line 5, product_group: 'serum' differs from the master product's 'sunscreen'",
        "line 6, platform_sku: 'SGW-SER001' of shopee shopee_th is already mapped on line 2",
        "line 7, shop: required for marketplace rows",
        "line 8, platform: must be a lower-case name",
        "line 8, master_sku: must be an upper-case SKU code",
        "line 8, product_group: empty",
    ):
        assert expected in text
    assert "line 2," not in text


def test_rows_of_other_platforms_may_leave_the_shop_empty(tmp_path):
    path = write(tmp_path, "m.csv", HEADER + "saversure,,8851234567890,SG-SER-001,serum,\n")
    rows = load_sku_mapping(path, shops=load_shops(), masters=load_master_products(MASTERS))
    assert (rows[0].platform, rows[0].shop, rows[0].shop_id) == ("saversure", "", None)


def test_missing_columns_and_missing_file_fail_clearly(tmp_path):
    with pytest.raises(ConfigError, match=r"line 1: missing columns \['master_sku'"):
        load_sku_mapping(write(tmp_path, "m.csv", "platform,shop,platform_sku\n"))
    with pytest.raises(ConfigError, match="not found"):
        load_sku_mapping(tmp_path / "nope.csv")
