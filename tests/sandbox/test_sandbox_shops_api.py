"""The marketplace emulators' wire formats: signatures, paging, errors, faults, request counts.

Requests are signed with ``extractors.shops.signing`` — an implementation independent of the
sandbox's verifier, so a mismatch between the two fails here.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta

import orjson
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from extractors.shops.signing import lazada_sign, shopee_sign, tiktok_shop_sign
from sandbox.market.shops import SHOP_BY_KEY
from sandbox.server import SandboxSettings, build_sandbox
from sandbox.shops import common as creds
from tests.sandbox.sandbox_helpers import NOW

TOKEN = "shop-token"
SHOPEE_TH, SHOPEE_MY, TIKTOK_CIPHER = "810000001", "810000002", "ROW_SIAMGLOWTH0001"
T_NOW = int(NOW.timestamp())


class Shops:
    """Signed requests to the three emulators over a TestClient (no sockets)."""

    def __init__(self, token: str = TOKEN, **settings: object) -> None:
        self.sandbox = build_sandbox(SandboxSettings(now=NOW, token=token, **settings))
        self.http = TestClient(self.sandbox.app)
        self.token = token

    def shopee(
        self,
        path: str,
        shop_id: str = SHOPEE_TH,
        key: str = creds.SHOPEE_PARTNER_KEY,
        token: str | None = None,
        **params: object,
    ):
        token = self.token if token is None else token
        ts = T_NOW
        q = {
            "partner_id": creds.SHOPEE_PARTNER_ID,
            "timestamp": ts,
            "access_token": token,
            "shop_id": shop_id,
            "sign": shopee_sign(key, creds.SHOPEE_PARTNER_ID, path, ts, token, shop_id),
            **params,
        }
        return self.http.get(path, params=q)

    def lazada(
        self,
        api: str,
        secret: str = creds.LAZADA_APP_SECRET,
        token: str | None = None,
        **params: object,
    ):
        q = {
            "app_key": creds.LAZADA_APP_KEY,
            "timestamp": str(T_NOW * 1000),
            "sign_method": "sha256",
            "access_token": self.token if token is None else token,
            **{k: str(v) for k, v in params.items()},
        }
        q["sign"] = lazada_sign(secret, api, q)
        return self.http.get(f"/rest{api}", params=q)

    def tiktok(
        self,
        method: str,
        path: str,
        body: dict | None = None,
        secret: str = creds.TIKTOK_SHOP_APP_SECRET,
        token: str | None = None,
        cipher: str = TIKTOK_CIPHER,
        tamper: bytes | None = None,
        **params: object,
    ):
        raw = orjson.dumps(body) if body is not None else b""
        q = {
            "app_key": creds.TIKTOK_SHOP_APP_KEY,
            "timestamp": str(T_NOW),
            "shop_cipher": cipher,
            **{k: str(v) for k, v in params.items()},
        }
        q["sign"] = tiktok_shop_sign(secret, path, q, raw)
        headers = {
            "x-tts-access-token": self.token if token is None else token,
            "content-type": "application/json",
        }
        return self.http.request(
            method,
            path,
            params=q,
            headers=headers,
            content=tamper if tamper is not None else raw or None,
        )

    def faults(self, rules: list[dict]) -> None:
        assert self.http.post("/__sandbox/faults", json=rules).status_code == 200

    def stats(self) -> dict:
        return self.http.get("/__sandbox/stats").json()


@pytest.fixture(scope="module")
def shops() -> Shops:
    return Shops()


def _list(shops: Shops, t_from: int, t_to: int, **extra: object):
    return shops.shopee(
        "/api/v2/order/get_order_list",
        time_range_field="update_time",
        time_from=t_from,
        time_to=t_to,
        page_size=40,
        **extra,
    )


# --- Shopee ------------------------------------------------------------------------------------


def test_shopee_order_list_pages_with_cursor_and_covers_every_order_once(shops):
    t_from, t_to = T_NOW - 10 * 86400, T_NOW
    sns, cursor, pages = [], "", 0
    while True:
        body = _list(
            shops, t_from, t_to, cursor=cursor, response_optional_fields="order_status"
        ).json()
        assert body["error"] == "" and body["request_id"]
        resp = body["response"]
        sns += [o["order_sn"] for o in resp["order_list"]]
        assert all("order_status" in o for o in resp["order_list"])
        pages += 1
        if not resp["more"]:
            assert resp["next_cursor"] == ""
            break
        cursor = resp["next_cursor"]
    expected = shops.sandbox.shops.book.updated_between(
        SHOP_BY_KEY["shopee_th"],
        datetime.fromtimestamp(t_from, UTC),
        datetime.fromtimestamp(t_to, UTC),
    )
    assert pages > 3
    assert sns == [o.order_id for o, _, _ in expected]
    assert len(set(sns)) == len(sns)


def test_shopee_refuses_a_range_over_15_days(shops):
    resp = _list(shops, T_NOW - 15 * 86400 - 1, T_NOW)
    assert resp.status_code == 400
    assert resp.json()["error"] == "error_param"
    assert _list(shops, T_NOW - 15 * 86400, T_NOW).status_code == 200


def test_shopee_wrong_partner_key_is_error_sign_and_wrong_token_error_auth(shops):
    resp = shops.shopee(
        "/api/v2/order/get_order_list",
        key="not-the-key",
        time_range_field="update_time",
        time_from=T_NOW - 86400,
        time_to=T_NOW,
        page_size=10,
    )
    assert (resp.status_code, resp.json()["error"]) == (403, "error_sign")
    resp = shops.shopee(
        "/api/v2/order/get_order_list",
        token="expired",
        time_range_field="update_time",
        time_from=T_NOW - 86400,
        time_to=T_NOW,
        page_size=10,
    )
    assert (resp.status_code, resp.json()["error"]) == (403, "error_auth")
    assert set(resp.json()) == {"error", "message", "request_id"}
    resp = shops.shopee(
        "/api/v2/order/get_order_list",
        shop_id="999",
        time_range_field="update_time",
        time_from=T_NOW - 86400,
        time_to=T_NOW,
        page_size=10,
    )
    assert resp.json()["error"] == "error_auth"


def test_shopee_order_detail_returns_optional_fields_only_when_asked_and_masks_pii(shops):
    sns = [
        o["order_sn"]
        for o in _list(shops, T_NOW - 5 * 86400, T_NOW).json()["response"]["order_list"]
    ][:3]
    plain = shops.shopee("/api/v2/order/get_order_detail", order_sn_list=",".join(sns)).json()
    full = shops.shopee(
        "/api/v2/order/get_order_detail",
        order_sn_list=",".join(sns),
        response_optional_fields="item_list,recipient_address,total_amount,buyer_username",
    ).json()
    assert [o["order_sn"] for o in plain["response"]["order_list"]] == sns
    assert "item_list" not in plain["response"]["order_list"][0]
    order = full["response"]["order_list"][0]
    assert order["currency"] == "THB" and isinstance(order["total_amount"], float)
    assert order["item_list"][0]["model_quantity_purchased"] >= 1
    assert "******" in order["recipient_address"]["name"]
    assert order["recipient_address"]["phone"].startswith("******")
    too_many = shops.shopee("/api/v2/order/get_order_detail", order_sn_list=",".join(["x"] * 51))
    assert too_many.json()["error"] == "error_param"


def test_shopee_products_list_items_base_info_and_models(shops):
    items = shops.shopee(
        "/api/v2/product/get_item_list", page_size=5, offset=0, item_status="NORMAL"
    ).json()["response"]
    # 12 items: the serum collection is one item with three models
    assert items["has_next_page"] and items["next_offset"] == 5 and items["total_count"] == 12
    info = shops.shopee(
        "/api/v2/product/get_item_base_info", item_id_list="2310000001,2310000002"
    ).json()["response"]["item_list"]
    assert [i["has_model"] for i in info] == [True, False]
    assert info[1]["price_info"][0]["original_price"] == 490.0
    models = shops.shopee("/api/v2/product/get_model_list", item_id=2310000001).json()["response"]
    assert [m["model_sku"] for m in models["model"]] == ["SGW-SER001", "SGW-SER002", "SGW-SER003"]


# --- Lazada ------------------------------------------------------------------------------------


def test_lazada_orders_page_by_offset_sorted_by_update_time(shops):
    after = (NOW - timedelta(days=6)).isoformat()
    first = shops.lazada(
        "/orders/get",
        update_after=after,
        sort_by="updated_at",
        sort_direction="ASC",
        limit=30,
        offset=0,
    ).json()
    assert first["code"] == "0"
    total = first["data"]["countTotal"]
    seen = [o["order_id"] for o in first["data"]["orders"]]
    offset = 30
    while offset < total:
        page = shops.lazada(
            "/orders/get",
            update_after=after,
            sort_by="updated_at",
            sort_direction="ASC",
            limit=30,
            offset=offset,
        ).json()["data"]
        seen += [o["order_id"] for o in page["orders"]]
        offset += 30
    assert total > 30 and len(seen) == total == len(set(seen))
    times = [o["updated_at"] for o in first["data"]["orders"]]
    assert times == sorted(times)
    order = first["data"]["orders"][0]
    assert isinstance(order["price"], str) and order["statuses"]


def test_lazada_items_are_one_per_unit_and_paid_price_is_after_vouchers(shops):
    orders = shops.lazada(
        "/orders/get", update_after=(NOW - timedelta(days=9)).isoformat(), limit=100
    ).json()["data"]["orders"]
    ids = [o["order_id"] for o in orders[:50]]
    batch = shops.lazada("/orders/items/get", order_ids=orjson.dumps(ids).decode()).json()["data"]
    by_id = {o["order_id"]: o for o in orders}
    assert {e["order_id"] for e in batch} == set(ids)
    vouchers = 0.0
    for entry in batch:
        items = entry["order_items"]
        assert len(items) == by_id[entry["order_id"]]["items_count"]
        for i in items:
            assert i["paid_price"] == pytest.approx(i["item_price"] - i["voucher_amount"])
            vouchers += i["voucher_amount"]
    assert vouchers > 0
    one = shops.lazada("/order/items/get", order_id=ids[0]).json()
    assert one["data"] == next(e["order_items"] for e in batch if e["order_id"] == ids[0])


def test_lazada_wrong_secret_is_incomplete_signature_in_a_200(shops):
    resp = shops.lazada("/orders/get", secret="wrong", update_after=NOW.isoformat())
    assert resp.status_code == 200
    assert resp.json()["code"] == "IncompleteSignature"
    resp = shops.lazada("/orders/get", token="expired", update_after=NOW.isoformat())
    assert resp.json()["code"] == "IllegalAccessToken"
    assert shops.lazada("/orders/get").json()["code"] == "MissingParameter"


def test_lazada_products_list_every_sku(shops):
    data = shops.lazada("/products/get", filter="all", limit=50).json()["data"]
    skus = [s["SellerSku"] for p in data["products"] for s in p["skus"]]
    assert data["total_products"] == len(skus) == 13
    assert "SIAMGLOW-SER001-TH" in skus


# --- TikTok Shop -------------------------------------------------------------------------------


def test_tiktok_search_pages_by_token_and_detail_returns_the_same_orders(shops):
    body = {"update_time_ge": T_NOW - 5 * 86400, "update_time_lt": T_NOW}
    ids, token = [], ""
    while True:
        extra = {"page_token": token} if token else {}
        data = shops.tiktok(
            "POST",
            "/order/202309/orders/search",
            body,
            page_size=25,
            sort_field="update_time",
            sort_order="ASC",
            **extra,
        ).json()
        assert data["code"] == 0 and data["message"] == "Success"
        ids += [o["id"] for o in data["data"]["orders"]]
        token = data["data"]["next_page_token"]
        if not token:
            break
    assert len(ids) == data["data"]["total_count"] == len(set(ids)) > 25
    detail = shops.tiktok("GET", "/order/202309/orders", ids=",".join(ids[:3])).json()
    orders = detail["data"]["orders"]
    assert [o["id"] for o in orders] == ids[:3]
    pay = orders[0]["payment"]
    assert float(pay["total_amount"]) == pytest.approx(
        float(pay["sub_total"]) + float(pay["shipping_fee"])
    )
    assert sum(float(li["sale_price"]) for li in orders[0]["line_items"]) == pytest.approx(
        float(pay["sub_total"])
    )


def test_tiktok_signs_the_body_and_names_its_token_errors(shops):
    body = {"update_time_ge": T_NOW - 86400, "update_time_lt": T_NOW}
    tampered = orjson.dumps({**body, "update_time_ge": T_NOW - 2 * 86400})
    resp = shops.tiktok("POST", "/order/202309/orders/search", body, tamper=tampered, page_size=10)
    assert (resp.status_code, resp.json()["code"]) == (401, 106001)
    resp = shops.tiktok("POST", "/order/202309/orders/search", body, token="", page_size=10)
    assert resp.json()["code"] == 105001
    resp = shops.tiktok("POST", "/order/202309/orders/search", body, token="old", page_size=10)
    assert (resp.status_code, resp.json()["code"]) == (401, 105002)
    resp = shops.tiktok("POST", "/order/202309/orders/search", body, cipher="nope", page_size=10)
    assert resp.json()["code"] == 36009004


def test_tiktok_products_search_lists_skus_with_string_prices(shops):
    data = shops.tiktok(
        "POST", "/product/202309/products/search", {"status": "ALL"}, page_size=100
    ).json()["data"]
    skus = [s for p in data["products"] for s in p["skus"]]
    assert len(skus) == data["total_count"] == 14
    assert all(isinstance(s["price"]["sale_price"], str) for s in skus)


# --- faults and counts -------------------------------------------------------------------------


def test_faults_render_each_platforms_error_and_requests_are_counted_per_family():
    s = Shops()
    s.faults(
        [
            {"match": {"path_regex": "get_order_list"}, "kind": "graph_error", "code": 17},
            {"match": {"path_regex": "/rest/orders/get"}, "kind": "graph_error", "code": 17},
            {"match": {"path_regex": "orders/search"}, "kind": "graph_error", "code": 2},
            {"match": {"path_regex": "get_item_list"}, "kind": "http_error", "http_status": 503},
            {"match": {"path_regex": "products/get"}, "kind": "truncated_body"},
            {
                "match": {"path_regex": "get_order_detail"},
                "kind": "graph_error",
                "code": 190,
                "message": "invalid_acceess_token",
            },
        ]
    )
    r = _list(s, T_NOW - 86400, T_NOW)
    assert (r.status_code, r.json()["error"]) == (429, "error_too_many_request")
    r = s.lazada("/orders/get", update_after=NOW.isoformat())
    assert r.json()["code"] == "ApiCallLimit"
    r = s.tiktok("POST", "/order/202309/orders/search", {}, page_size=10)
    assert (r.status_code, r.json()["code"]) == (500, 36009003)
    r = s.shopee("/api/v2/product/get_item_list", page_size=10)
    assert r.status_code == 503 and r.headers["content-type"].startswith("text/html")
    r = s.lazada("/products/get", filter="all")
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(r.content)
    r = s.shopee("/api/v2/order/get_order_detail", order_sn_list="x")
    assert r.json()["error"] == "invalid_acceess_token"
    # each rule fires once; the next request goes through
    assert _list(s, T_NOW - 86400, T_NOW).status_code == 200
    stats = s.stats()
    assert stats["routes"]["shopee.order_list"] == 2
    assert stats["routes"]["lazada.orders"] == 1
    assert stats["routes"]["tiktok_shop.orders_search"] == 1
    assert stats["accounts"][SHOPEE_TH] == 4
    assert stats["faults"]["graph_error"] == 4 and stats["faults"]["http_error"] == 1
