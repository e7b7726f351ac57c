"""Every error path of the three marketplace clients, against the sandbox's injected faults."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import requests

from extractors.common.retry import AuthError, RetryPolicy
from extractors.shops.http import PlatformError
from extractors.shops.lazada_client import LazadaApiError
from extractors.shops.settings import ShopeeSettings
from extractors.shops.shopee_client import ShopeeApiError, ShopeeClient
from extractors.shops.tiktok_shop_client import TikTokShopApiError
from tests.extractors.shops.conftest import NOW, SHOPS, TOKEN

LIST_PATHS = {
    "shopee_th": "get_order_list",
    "lazada_th": "/rest/orders/get",
    "tiktok_shop_th": "orders/search",
}
CONFIG_ERRORS = {
    "shopee_th": ShopeeApiError,
    "lazada_th": LazadaApiError,
    "tiktok_shop_th": TikTokShopApiError,
}
KEYS = list(LIST_PATHS)


def _first_page(client):
    start = NOW - timedelta(days=2)
    if client.platform == "shopee":
        return next(client.order_sn_pages(start, NOW))
    return next(client.order_pages(start, NOW))


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize(
    ("rule", "label"),
    [
        ({"kind": "graph_error", "code": 17, "times": 2}, "rate limit"),
        ({"kind": "http_error", "http_status": 503, "times": 2}, "html 5xx"),
        ({"kind": "graph_error", "code": 2, "times": 2}, "platform server error"),
        ({"kind": "truncated_body", "times": 2}, "truncated body"),
    ],
)
def test_transient_errors_are_retried_with_backoff_then_the_page_loads(
    make_client, fresh, no_sleep, key, rule, label
):
    fresh.set_faults([{"match": {"path_regex": LIST_PATHS[key]}, **rule}])
    client = make_client(key)

    page = _first_page(client)

    assert page, label
    assert client.requests_made == 3
    assert no_sleep.calls == [2.0, 4.0]  # capped exponential backoff, no real waiting
    assert fresh.stats()["faults"] == {rule["kind"]: 2}


@pytest.mark.parametrize("key", KEYS)
def test_an_expired_token_stops_at_once_with_advice_and_no_secret(
    make_client, fresh, no_sleep, key
):
    client = make_client(key, token="expired-token-value")

    with pytest.raises(AuthError) as err:
        _first_page(client)

    text = str(err.value)
    assert SHOPS[key].shop_id in text and "Refresh" in text
    assert "expired-token-value" not in text
    assert client.requests_made == 1 and no_sleep.calls == []


@pytest.mark.parametrize("key", KEYS)
def test_a_wrong_app_secret_is_a_configuration_error_not_retried(make_client, no_sleep, key):
    client = make_client(key, secret="not-the-secret")

    with pytest.raises(CONFIG_ERRORS[key]) as err:
        _first_page(client)

    assert "not-the-secret" not in str(err.value)
    assert client.requests_made == 1 and no_sleep.calls == []


@pytest.mark.parametrize("key", KEYS)
def test_a_bad_parameter_error_is_fatal_and_names_the_shop(make_client, fresh, key):
    fresh.set_faults(
        [{"match": {"path_regex": LIST_PATHS[key]}, "kind": "graph_error", "code": 100}]
    )
    client = make_client(key)

    with pytest.raises(CONFIG_ERRORS[key], match=SHOPS[key].shop_id):
        _first_page(client)
    assert client.requests_made == 1


@pytest.mark.parametrize("key", KEYS)
def test_retries_stop_after_the_last_attempt_with_the_last_error(make_client, fresh, no_sleep, key):
    fresh.set_faults(
        [{"match": {"path_regex": LIST_PATHS[key]}, "kind": "graph_error", "code": 17, "times": -1}]
    )
    client = make_client(key, retry=RetryPolicy(max_attempts=3, timeout_s=10))

    with pytest.raises(PlatformError) as err:
        _first_page(client)

    assert err.value.status == 429 or err.value.code == "ApiCallLimit"
    assert client.requests_made == 3 and len(no_sleep.calls) == 2


def test_network_errors_are_retried_then_raised(no_sleep):
    settings = ShopeeSettings(
        api_url="http://127.0.0.1:9", retry=RetryPolicy(max_attempts=2, timeout_s=2)
    )
    client = ShopeeClient(
        1, "net-partner-key", "net-access-tok", SHOPS["shopee_th"], settings, sleep=no_sleep
    )

    with pytest.raises(requests.ConnectionError):
        client.get("/api/v2/order/get_order_list", {})
    assert client.requests_made == 2 and no_sleep.calls == [2.0]


def test_retry_after_and_platform_codes_decide_the_verdict(make_client):
    shopee, lazada, tiktok = (make_client(k) for k in KEYS)

    assert (
        shopee.platform_verdict(
            PlatformError(429, "error_too_many_request", "slow down", retry_after_s=7)
        ).wait_s
        == 7
    )
    assert shopee.platform_verdict(PlatformError(500, "error_server", "")).retriable
    assert isinstance(
        shopee.platform_verdict(PlatformError(403, "invalid_acceess_token", "")).fatal, AuthError
    )
    assert lazada.platform_verdict(PlatformError(200, "SellerCallLimit", "")).retriable
    assert isinstance(
        lazada.platform_verdict(PlatformError(200, "IllegalAccessToken", "")).fatal, AuthError
    )
    assert tiktok.platform_verdict(PlatformError(200, "36009003", "internal")).retriable
    assert tiktok.platform_verdict(PlatformError(429, "36009004", "too many")).retriable
    assert not tiktok.platform_verdict(PlatformError(400, "36009004", "bad param")).retriable
    assert isinstance(tiktok.platform_verdict(PlatformError(401, "105002", "")).fatal, AuthError)


def test_tokens_secrets_and_signatures_never_reach_the_logs(
    make_client, fresh, caplog, monkeypatch
):
    fresh.set_faults(
        [{"match": {"path_regex": "get_order_list"}, "kind": "graph_error", "code": 17}]
    )
    # a logging.config call of an earlier test in this process (dbt, Dagster) may have disabled
    # urllib3's existing loggers; the request line must be logged here to prove it is redacted
    # or raised the level of the "urllib3" logger
    for name in ("urllib3", "urllib3.connectionpool"):
        monkeypatch.setattr(logging.getLogger(name), "disabled", False)
        monkeypatch.setattr(logging.getLogger(name), "propagate", True)
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="urllib3")
    caplog.set_level(logging.DEBUG, logger="urllib3.connectionpool")
    client = make_client("shopee_th")

    _first_page(client)

    text = caplog.text
    assert "get_order_list" in text  # urllib3 logged the request line (query string included)
    assert TOKEN not in text
    assert "sandbox-shopee-partner-key" not in text
    assert "&sign=***&" in text
