"""The Google Ads client's retry classifier and credential checks (no server)."""

import logging

import grpc
import pytest
from google.ads.googleads.errors import GoogleAdsException
from google.ads.googleads.v26.errors.types.errors import GoogleAdsFailure
from google.api_core.exceptions import from_grpc_error

from extractors.common.retry import AuthError, RetryPolicy, call_with_retries
from extractors.google_ads.client import (
    GoogleAdsApiClient,
    GoogleAdsApiError,
    _protect_library_logs,
)
from extractors.google_ads.settings import GoogleAdsSettings

ACCESS, DEV = "ya29.secret-access-token", "dev-secret-token-123"
FAILURE_KEY = "google.ads.googleads.v26.errors.googleadsfailure-bin"


class FakeCall(grpc.RpcError, grpc.Call):
    """A failed gRPC call as the client library sees it."""

    def __init__(self, code, metadata=()):
        self._code, self._md = code, tuple(metadata)

    def code(self):
        return self._code

    def details(self):
        return "failed"

    def trailing_metadata(self):
        return self._md

    def initial_metadata(self):
        return ()

    def is_active(self):
        return False

    def time_remaining(self):
        return None

    def cancel(self):
        return False

    def add_callback(self, callback):
        return False


def failure(error_type, code, message="boom", retry_delay_s=None):
    pb = GoogleAdsFailure.pb()(request_id="req-1")
    err = pb.errors.add()
    fd = err.error_code.DESCRIPTOR.fields_by_name[error_type]
    setattr(err.error_code, error_type, fd.enum_type.values_by_name[code].number)
    err.message = message
    if retry_delay_s is not None:
        err.details.quota_error_details.retry_delay.seconds = retry_delay_s
    return pb


def wrapped(status, error_type, code, **kw):
    """What the library raises for a status it wraps: GoogleAdsException."""
    fail = failure(error_type, code, **kw)
    call = FakeCall(status, [(FAILURE_KEY, fail.SerializeToString()), ("request-id", "req-1")])
    return GoogleAdsException(call, call, GoogleAdsFailure.wrap(fail), "req-1")


def unwrapped(status, error_type=None, code=None, **kw):
    """What a stream raises for INTERNAL / RESOURCE_EXHAUSTED: api_core's GoogleAPICallError."""
    md = [("request-id", "req-2")]
    if error_type:
        md.insert(0, (FAILURE_KEY, failure(error_type, code, **kw).SerializeToString()))
    return from_grpc_error(FakeCall(status, md))


@pytest.fixture
def client():
    return GoogleAdsApiClient(ACCESS, DEV, "703-000-0001", GoogleAdsSettings(endpoint="x:1"))


def test_quota_exhaustion_is_retried_after_the_delay_google_asks_for(client):
    v = client.classify(
        unwrapped(
            grpc.StatusCode.RESOURCE_EXHAUSTED,
            "quota_error",
            "RESOURCE_EXHAUSTED",
            retry_delay_s=42,
        )
    )
    assert v.retriable
    assert v.wait_s == 42.0
    assert "quota_error.RESOURCE_EXHAUSTED" in v.reason and "req-2" in v.reason


@pytest.mark.parametrize(
    "status",
    [grpc.StatusCode.INTERNAL, grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED],
)
def test_internal_unavailable_and_deadline_errors_are_retried(client, status):
    assert client.classify(unwrapped(status)).retriable
    assert client.classify(FakeCall(status)).retriable  # a bare transport error too


def test_a_prohibited_quota_is_not_retried(client):
    v = client.classify(
        unwrapped(grpc.StatusCode.RESOURCE_EXHAUSTED, "quota_error", "ACCESS_PROHIBITED")
    )
    assert not v.retriable
    assert isinstance(v.fatal, GoogleAdsApiError)


@pytest.mark.parametrize(
    ("status", "error_type", "code", "advice"),
    [
        (
            grpc.StatusCode.UNAUTHENTICATED,
            "authentication_error",
            "OAUTH_TOKEN_EXPIRED",
            "refresh the OAuth access token and set GOOGLE_ADS_ACCESS_TOKEN",
        ),
        (
            grpc.StatusCode.UNAUTHENTICATED,
            "authentication_error",
            "DEVELOPER_TOKEN_INVALID",
            "check the developer token in GOOGLE_ADS_DEVELOPER_TOKEN",
        ),
        (
            grpc.StatusCode.PERMISSION_DENIED,
            "authorization_error",
            "USER_PERMISSION_DENIED",
            "access to the customer, or set login_customer_id",
        ),
        (
            grpc.StatusCode.PERMISSION_DENIED,
            "authorization_error",
            "DEVELOPER_TOKEN_NOT_APPROVED",
            "check the developer token in GOOGLE_ADS_DEVELOPER_TOKEN",
        ),
        (
            grpc.StatusCode.INVALID_ARGUMENT,
            "request_error",
            "DEVELOPER_TOKEN_PARAMETER_MISSING",
            "check the developer token in GOOGLE_ADS_DEVELOPER_TOKEN",
        ),
    ],
)
def test_credential_errors_stop_with_advice_naming_the_customer_and_the_variable(
    client, status, error_type, code, advice
):
    v = client.classify(wrapped(status, error_type, code, message=f"bad {ACCESS}"))
    assert not v.retriable
    assert isinstance(v.fatal, AuthError)
    text = str(v.fatal)
    assert "customer 7030000001" in text and advice in text and code in text
    assert ACCESS not in text and DEV not in text


def test_a_query_error_is_fatal_with_the_apis_code_and_request_id(client):
    v = client.classify(
        wrapped(
            grpc.StatusCode.INVALID_ARGUMENT,
            "query_error",
            "UNRECOGNIZED_FIELD",
            message="Unrecognized field 'x'",
        )
    )
    assert not v.retriable
    assert isinstance(v.fatal, GoogleAdsApiError)
    assert "query_error.UNRECOGNIZED_FIELD" in str(v.fatal) and "req-1" in str(v.fatal)


def test_retries_back_off_and_then_succeed_and_auth_errors_stop_at_once(client, no_sleep):
    attempts = iter(
        [
            unwrapped(grpc.StatusCode.INTERNAL, "internal_error", "INTERNAL_ERROR"),
            unwrapped(
                grpc.StatusCode.RESOURCE_EXHAUSTED,
                "quota_error",
                "RESOURCE_EXHAUSTED",
                retry_delay_s=30,
            ),
        ]
    )

    def flaky():
        exc = next(attempts, None)
        if exc is not None:
            raise exc
        return "rows"

    policy = RetryPolicy(max_attempts=4, base_delay_s=1, max_delay_s=8)
    assert (
        call_with_retries(flaky, classify=client.classify, policy=policy, what="q", sleep=no_sleep)
        == "rows"
    )
    assert no_sleep.calls == [1.0, 30.0]  # backoff, then Google's retry delay

    def denied():
        raise wrapped(
            grpc.StatusCode.UNAUTHENTICATED, "authentication_error", "OAUTH_TOKEN_EXPIRED"
        )

    with pytest.raises(AuthError):
        call_with_retries(denied, classify=client.classify, policy=policy, what="q", sleep=no_sleep)
    assert len(no_sleep.calls) == 2  # no retry of a credential error


@pytest.mark.parametrize(
    ("access", "dev", "env"),
    [("", DEV, "GOOGLE_ADS_ACCESS_TOKEN"), (ACCESS, "", "GOOGLE_ADS_DEVELOPER_TOKEN")],
)
def test_a_missing_token_fails_before_any_call_naming_the_variable(access, dev, env):
    with pytest.raises(AuthError, match=env):
        GoogleAdsApiClient(access, dev, "7030000001")


def test_the_librarys_request_log_never_shows_the_tokens(caplog):
    _protect_library_logs((ACCESS, DEV))
    logger = logging.getLogger("google.ads.googleads.client")
    with caplog.at_level(logging.DEBUG, logger="google.ads.googleads.client"):
        logger.debug(
            "Request headers: {'developer-token': '%s', 'authorization': 'Bearer %s'}", DEV, ACCESS
        )
    assert caplog.records
    assert DEV not in caplog.text and ACCESS not in caplog.text
