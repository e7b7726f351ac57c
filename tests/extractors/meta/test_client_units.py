import json

import pytest
from facebook_business.exceptions import FacebookRequestError

from extractors.common.redact import RedactingFilter, redact
from extractors.common.retry import AuthError, RetryPolicy, TruncatedResponseError
from extractors.meta.client import MetaApiError, MetaClient, paging_after, usage_pause_s
from extractors.meta.settings import MetaSettings

TOKEN = "sandbox-secret-token-123"


def graph_error(
    code: int, subcode: int | None = None, status: int = 400, headers: dict | None = None
) -> FacebookRequestError:
    body = {
        "error": {
            "message": f"boom {code}",
            "type": "OAuthException",
            "code": code,
            "error_subcode": subcode,
            "fbtrace_id": "x",
        }
    }
    return FacebookRequestError(
        "Call was not successful",
        {"method": "GET", "path": "/x"},
        status,
        headers or {},
        json.dumps(body),
    )


@pytest.fixture
def client(no_sleep):
    return MetaClient(TOKEN, "701", MetaSettings(graph_url="http://127.0.0.1:1"), sleep=no_sleep)


def test_paging_after_reads_cursor_only_when_next_exists():
    body = (
        '{"data":[{"a":"1"}],"paging":{"cursors":{"before":"b0","after":"c1"},"next":"http://x"}}'
    )
    assert paging_after(body) == "c1"
    last = '{"data":[{"a":"1"}],"paging":{"cursors":{"before":"b0","after":"c1"}}}'
    assert paging_after(last) is None
    assert paging_after('{"data":[]}') is None


def test_paging_after_is_not_fooled_by_paging_inside_the_data():
    body = '{"data":[{"name":"\\"paging\\""}],"paging":{"cursors":{"after":"z"},"next":"n"}}'
    assert paging_after(body) == "z"


@pytest.mark.parametrize("cut", [10, 40, 75, -3, -1])
def test_truncated_bodies_are_detected(cut):
    body = '{"data":[{"a":"1"},{"a":"2"}],"paging":{"cursors":{"after":"c1"},"next":"http://x"}}'
    with pytest.raises(TruncatedResponseError):
        paging_after(body[:cut])


def test_usage_pause_grows_above_threshold_and_honours_regain_time():
    low = {"x-fb-ads-insights-throttle": '{"app_id_util_pct": 40, "acc_id_util_pct": 10}'}
    high = {"x-fb-ads-insights-throttle": '{"app_id_util_pct": 95, "acc_id_util_pct": 10}'}
    assert usage_pause_s(low, 75) == 0
    assert usage_pause_s(high, 75) == pytest.approx(60 * (95 - 75) / 25)
    buc = {
        "x-business-use-case-usage": json.dumps(
            {
                "701": [
                    {
                        "type": "ads_insights",
                        "call_count": 20,
                        "total_cputime": 5,
                        "total_time": 5,
                        "estimated_time_to_regain_access": 3,
                    }
                ]
            }
        )
    }
    assert usage_pause_s(buc, 75) == 180
    assert usage_pause_s({"x-app-usage": "not json"}, 75) == 0


@pytest.mark.parametrize("code", [1, 2, 4, 17, 32, 613, 80000, 80004, 80014])
def test_platform_rate_limit_and_temporary_codes_are_retriable(client, code):
    assert client.classify(graph_error(code)).retriable


def test_http_5xx_is_retriable_and_4xx_graph_100_is_fatal(client):
    assert client.classify(graph_error(2, status=503)).retriable
    verdict = client.classify(graph_error(100, 33))
    assert not verdict.retriable
    assert isinstance(verdict.fatal, MetaApiError)
    assert "ad account 701" in str(verdict.fatal)


def test_expired_token_is_fatal_with_advice_and_no_token(client):
    verdict = client.classify(graph_error(190, 463))
    assert not verdict.retriable
    assert isinstance(verdict.fatal, AuthError)
    msg = str(verdict.fatal)
    assert "ad account 701" in msg and "META_ACCESS_TOKEN" in msg and TOKEN not in msg


def test_rate_limit_wait_uses_regain_header(client):
    headers = {
        "x-business-use-case-usage": json.dumps(
            {"701": [{"call_count": 100, "estimated_time_to_regain_access": 2}]}
        )
    }
    assert client.classify(graph_error(80004, headers=headers)).wait_s == 120


def test_backoff_is_capped_exponential():
    p = RetryPolicy(base_delay_s=2, max_delay_s=20)
    assert [p.delay(a) for a in range(1, 6)] == [2, 4, 8, 16, 20]


def test_redaction_masks_tokens_in_urls_and_known_values():
    text = f"Max retries exceeded with url: /v21.0/act_1?access_token={TOKEN}&limit=5 ({TOKEN})"
    out = redact(text, (TOKEN,))
    assert TOKEN not in out and "access_token=***" in out and "limit=5" in out


def test_redacting_filter_rewrites_log_records(caplog):
    import logging

    logger = logging.getLogger("redact-test")
    logger.addFilter(RedactingFilter((TOKEN,)))
    with caplog.at_level(logging.INFO, logger="redact-test"):
        logger.info("calling with %s", TOKEN)
    assert TOKEN not in caplog.text and "***" in caplog.text


def test_client_without_token_names_the_variable():
    with pytest.raises(AuthError, match="set META_ACCESS_TOKEN"):
        MetaClient("", "701")
