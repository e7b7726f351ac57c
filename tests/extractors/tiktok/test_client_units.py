"""The TikTok client without a server: body codes, retries, paging, rate budget, token hygiene."""

import logging
from dataclasses import dataclass, field

import orjson
import pytest

from extractors.common.ratelimit import SharedTokenBucket
from extractors.common.retry import AuthError, RetryPolicy
from extractors.tiktok.client import (
    AdvertiserAccessError,
    RangeTooLargeError,
    TikTokApiError,
    TikTokClient,
)
from extractors.tiktok.settings import TikTokSettings

TOKEN = "secret-tiktok-token-0001"
ADV = "7020000000000001"


@dataclass
class FakeResponse:
    status_code: int
    content: bytes


@dataclass
class FakeSession:
    """Answers queued responses in order and records each request."""

    answers: list[FakeResponse]
    calls: list[dict] = field(default_factory=list)

    def _next(self, method, url, **kw):
        self.calls.append({"method": method, "url": url, **kw})
        return self.answers.pop(0)

    def get(self, url, **kw):
        return self._next("GET", url, **kw)

    def post(self, url, **kw):
        return self._next("POST", url, **kw)


def body(code=0, data=None, message="OK"):
    return FakeResponse(
        200,
        orjson.dumps({"code": code, "message": message, "request_id": "r1", "data": data or {}}),
    )


class SimClock:
    """Simulated time: ``sleep`` records the wait and moves ``now`` forward (no real waiting)."""

    def __init__(self):
        self.t, self.calls = 1000.0, []

    def now(self):
        return self.t

    def sleep(self, seconds):
        self.calls.append(seconds)
        self.t += seconds


@pytest.fixture
def clock():
    return SimClock()


def make(tmp_path, answers, clock, **settings):
    cfg = TikTokSettings(
        api_url="http://api.test",
        ratelimit_dir=tmp_path,
        rate_limit_pause_s=7.0,
        retry=RetryPolicy(base_delay_s=1, max_delay_s=4, max_attempts=4),
        **settings,
    )
    limiter = SharedTokenBucket(
        tmp_path, "tiktok:default", cfg.rate_per_s, cfg.burst, clock=clock.now, sleep=clock.sleep
    )
    session = FakeSession(list(answers))
    client = TikTokClient(TOKEN, ADV, cfg, sleep=clock.sleep, limiter=limiter, session=session)
    return client, session


def test_requests_carry_the_token_header_and_json_encoded_list_parameters(tmp_path, clock):
    client, session = make(tmp_path, [body(data={"list": []})], clock)
    client.call(
        "GET",
        "campaign/get",
        {
            "advertiser_id": ADV,
            "fields": ["campaign_id"],
            "filtering": {"primary_status": "STATUS_ALL"},
        },
    )
    call = session.calls[0]
    assert call["url"] == "http://api.test/open_api/v1.3/campaign/get/"
    assert call["headers"] == {"Access-Token": TOKEN}
    assert call["params"] == {
        "advertiser_id": ADV,
        "fields": '["campaign_id"]',
        "filtering": '{"primary_status":"STATUS_ALL"}',
    }
    assert call["timeout"] == 120.0


def test_rate_limit_code_waits_the_platforms_pause_then_retries(tmp_path, clock):
    client, session = make(tmp_path, [body(40100, message="Too many requests"), body()], clock)

    assert client.call("GET", "campaign/get") == {}
    assert len(session.calls) == 2
    assert clock.calls[0] == 7.0  # the platform's pause, not the 1 s backoff


def test_rate_limit_code_puts_the_shared_bucket_in_debt_for_every_process(tmp_path, clock):
    cfg = TikTokSettings(
        api_url="http://api.test",
        ratelimit_dir=tmp_path,
        rate_limit_pause_s=7.0,
        retry=RetryPolicy(max_attempts=1),
    )
    mine = SharedTokenBucket(tmp_path, "tiktok:default", 10.0, 10.0, clock=clock.now)
    client = TikTokClient(
        TOKEN,
        ADV,
        cfg,
        sleep=clock.sleep,
        limiter=mine,
        session=FakeSession([body(40100, message="Too many requests")]),
    )
    other = SharedTokenBucket(tmp_path, "tiktok:default", 10.0, 10.0, clock=clock.now)

    with pytest.raises(TikTokApiError, match="code 40100"):
        client.call("GET", "campaign/get")
    assert other.try_acquire() == pytest.approx(7.1)  # 7 s of debt, then one token's interval


@pytest.mark.parametrize(
    "failure",
    [
        body(60001, message="System maintenance"),
        FakeResponse(503, b"<html>503</html>"),
        FakeResponse(200, b'{"code": 0, "message": "OK", "data": {"li'),
    ],
)
def test_temporary_failures_are_retried_with_backoff(tmp_path, clock, failure):
    client, session = make(tmp_path, [failure, failure, body(data={"ok": 1})], clock)
    assert client.call("GET", "ad/get") == {"ok": 1}
    assert len(session.calls) == 3
    assert clock.calls[-2:] == [1, 2]


def test_retries_give_up_after_the_policy_with_the_last_error(tmp_path, clock):
    client, session = make(tmp_path, [body(60001)] * 4, clock)
    with pytest.raises(TikTokApiError, match="code 60001"):
        client.call("GET", "ad/get")
    assert len(session.calls) == 4


def test_range_too_large_and_no_permission_are_raised_at_once_as_their_own_types(tmp_path, clock):
    client, session = make(
        tmp_path,
        [body(40067, message="date range too large"), body(40002, message="No permission")],
        clock,
    )
    with pytest.raises(RangeTooLargeError):
        client.call("GET", "report/integrated/get")
    with pytest.raises(AdvertiserAccessError, match=f"advertiser {ADV}: code 40002"):
        client.call("GET", "campaign/get")
    assert len(session.calls) == 2  # neither was retried


def test_other_codes_are_fatal_api_errors(tmp_path, clock):
    client, session = make(tmp_path, [body(40001, message="Invalid parameter: metrics")], clock)
    with pytest.raises(TikTokApiError, match="40001: Invalid parameter: metrics"):
        client.call("GET", "report/integrated/get")
    assert len(session.calls) == 1


def test_a_rejected_token_names_the_advertiser_and_variable_never_the_token(
    tmp_path, clock, caplog
):
    client, _ = make(tmp_path, [body(40105, message=f"Access token {TOKEN} revoked")], clock)
    with caplog.at_level(logging.DEBUG), pytest.raises(AuthError) as err:
        client.call("GET", "campaign/get")
    text = str(err.value)
    assert ADV in text and "TIKTOK_ACCESS_TOKEN" in text
    assert "code 40105" in text
    assert TOKEN not in caplog.text


def test_a_missing_token_is_refused_before_any_request(tmp_path):
    with pytest.raises(AuthError, match="TIKTOK_ACCESS_TOKEN"):
        TikTokClient("", ADV, TikTokSettings(ratelimit_dir=tmp_path))


def test_pages_follow_total_page_and_retry_a_failed_page_alone(tmp_path, clock):
    def page(n):
        return body(
            data={
                "list": [{"id": n}],
                "page_info": {"page": n, "page_size": 1, "total_number": 3, "total_page": 3},
            }
        )

    client, session = make(tmp_path, [page(1), body(60001), page(2), page(3)], clock)
    rows = [r["id"] for p in client.pages("ad/get", {"advertiser_id": ADV}, 1) for r in p["list"]]

    assert rows == [1, 2, 3]
    assert [c["params"]["page"] for c in session.calls] == ["1", "2", "2", "3"]


def test_every_request_draws_from_the_apps_shared_bucket(tmp_path, clock):
    client, session = make(tmp_path, [body()] * 5, clock, rate_per_s=2.0, burst=2.0)
    for _ in range(5):
        client.call("GET", "campaign/get")
    # 2 go out at once; each of the next 3 waits half a second for its token
    assert clock.calls == [0.5, 0.5, 0.5]
    assert len(session.calls) == 5
