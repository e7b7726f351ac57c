"""The recorded real Shopee ``get_order_detail`` response (VND) parses and loads without error."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import orjson
import pytest

from extractors.common.loader import load_table
from extractors.common.schemas import SHOPEE_ORDER_ITEMS, SHOPEE_ORDERS
from extractors.shops.common import ShopInfo
from extractors.shops.shopee_extract import parse_orders
from tests.conftest import SHARED_DATA

SAMPLE = SHARED_DATA / "shopee" / "get_order_detail.response.json"
VN_SHOP = ShopInfo("shopee", "1060000001", "VN", "VND", "Asia/Ho_Chi_Minh")
LOADED_AT = datetime(2024, 4, 20, tzinfo=UTC)


@pytest.fixture(scope="module")
def sample() -> dict:
    if not SAMPLE.is_file():
        pytest.skip("../shared/data is not next to the repository")
    return orjson.loads(SAMPLE.read_bytes())


def test_the_real_vnd_order_parses_with_its_amounts_times_and_line(sample):
    orders, items = parse_orders(sample["response"]["order_list"], VN_SHOP, "sample", LOADED_AT)

    o = orders.to_pylist()[0]
    assert (o["order_sn"], o["order_status"], o["currency_code"]) == (
        "2404098R48U37H",
        "COMPLETED",
        "VND",
    )
    assert o["total_amount"] == Decimal(32119) and o["estimated_shipping_fee"] == Decimal(5000)
    assert o["create_time"] == datetime(2024, 4, 8, 18, 39, 51, tzinfo=UTC)
    assert o["pay_time"] == datetime.fromtimestamp(1712817766, UTC)
    assert (o["buyer_user_id"], o["buyer_username"], o["cod"]) == ("1170319091", "xt4fdsf96j", True)
    assert o["recipient_city"] == "Huyện Phước Long"
    line = items.to_pylist()[0]
    assert (line["model_sku"], line["item_sku"], line["quantity"]) == ("QAZ-SADOER-05", None, 1)
    # vouchers make the buyer's total lower than the line's discounted price
    assert line["discounted_price"] == Decimal(48000) > o["total_amount"]
    assert line["original_price"] == Decimal(300000)


def test_raw_json_of_the_sample_drops_the_recipient_name_phone_and_address(sample):
    orders, _ = parse_orders(sample["response"]["order_list"], VN_SHOP, "sample", LOADED_AT)

    doc = orjson.loads(orders["raw_json"][0].as_py())
    assert set(doc["recipient_address"]) == {"city", "district", "region", "state"}
    assert doc["item_list"][0]["model_sku"] == "QAZ-SADOER-05"  # the rest stays as recorded


def test_the_sample_loads_through_the_contract_without_quarantine(sample, warehouse):
    orders, items = parse_orders(sample["response"]["order_list"], VN_SHOP, "sample", LOADED_AT)

    results = [
        load_table(warehouse, SHOPEE_ORDERS, orders, source=str(SAMPLE)),
        load_table(warehouse, SHOPEE_ORDER_ITEMS, items, source=str(SAMPLE)),
    ]

    assert [(r.rows_loaded, r.rows_quarantined) for r in results] == [(1, 0), (1, 0)]
    row = warehouse.query(
        "select shop_id, account_timezone, total_amount from raw.shopee_orders"
    ).to_pylist()[0]
    assert row == {
        "shop_id": "1060000001",
        "account_timezone": "Asia/Ho_Chi_Minh",
        "total_amount": Decimal("32119.000000000"),
    }
