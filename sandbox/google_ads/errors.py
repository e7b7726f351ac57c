"""Google Ads API errors as the real API sends them: a gRPC status plus a ``GoogleAdsFailure``.

The failure travels in the trailing metadata under
``google.ads.googleads.v26.errors.googleadsfailure-bin`` (serialized ``GoogleAdsFailure``), next
to ``request-id``; the google-ads client reads it from there and raises ``GoogleAdsException`` —
except for ``INTERNAL`` and ``RESOURCE_EXHAUSTED``, which it re-raises as the plain
``grpc.RpcError`` (the failure is still in the trailing metadata).

Status codes as the API uses them (https://developers.google.com/google-ads/api/docs/best-practices/error-types):
``QuotaError`` → ``RESOURCE_EXHAUSTED``, ``InternalError`` → ``INTERNAL``, ``AuthenticationError``
→ ``UNAUTHENTICATED``, ``AuthorizationError`` → ``PERMISSION_DENIED``, request/query/mutate
errors → ``INVALID_ARGUMENT``.
"""

from __future__ import annotations

import grpc
from google.ads.googleads.v26.errors.types.errors import ErrorCode, GoogleAdsFailure

API_VERSION = "v26"
FAILURE_KEY = f"google.ads.googleads.{API_VERSION}.errors.googleadsfailure-bin"

_ERROR_CODE = ErrorCode.pb().DESCRIPTOR
_FAILURE = GoogleAdsFailure.pb()

DEFAULT_STATUS: dict[str, grpc.StatusCode] = {
    "quota_error": grpc.StatusCode.RESOURCE_EXHAUSTED,
    "internal_error": grpc.StatusCode.INTERNAL,
    "authentication_error": grpc.StatusCode.UNAUTHENTICATED,
    "authorization_error": grpc.StatusCode.PERMISSION_DENIED,
}
"""Status of an error type; every other type is ``INVALID_ARGUMENT``."""

HTTP_EQUIVALENT: dict[grpc.StatusCode, int] = {
    grpc.StatusCode.OK: 200,
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.CANCELLED: 499,
    grpc.StatusCode.INTERNAL: 500,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
}
"""gRPC status → HTTP status (google.rpc.Code mapping), for the sandbox's request counters."""


def status_code(name: str) -> grpc.StatusCode:
    """``grpc.StatusCode`` by name (``RESOURCE_EXHAUSTED``).

    Raises:
        ValueError: not a status name.
    """
    try:
        return grpc.StatusCode[name.upper()]
    except KeyError:
        raise ValueError(f"{name!r} is not a gRPC status code name") from None


def enum_number(error_type: str, code: str) -> int:
    """The number of ``code`` in the enum of ``ErrorCode.<error_type>``.

    Raises:
        ValueError: unknown error type or code (names both).
    """
    fd = _ERROR_CODE.fields_by_name.get(error_type)
    if fd is None or fd.enum_type is None:
        raise ValueError(f"{error_type!r} is not a GoogleAdsError error type (e.g. quota_error)")
    value = fd.enum_type.values_by_name.get(code)
    if value is None:
        raise ValueError(f"{code!r} is not a value of {error_type}")
    return value.number


class GoogleAdsApiError(Exception):
    """One error the API returns (one ``GoogleAdsError`` in the failure).

    Args:
        error_type: the ``ErrorCode`` oneof field (``query_error``, ``quota_error`` ...).
        code: the enum value name (``UNRECOGNIZED_FIELD``, ``RESOURCE_EXHAUSTED`` ...).
        message: the human message.
        status: gRPC status (default by :data:`DEFAULT_STATUS`).
        retry_delay_s: for quota errors, ``details.quota_error_details.retry_delay``.
        with_failure: False for a bare status (a front-end ``UNAVAILABLE``: no failure).

    Raises:
        ValueError: ``error_type``/``code`` are not real names.
    """

    def __init__(
        self,
        error_type: str,
        code: str,
        message: str,
        *,
        status: grpc.StatusCode | None = None,
        retry_delay_s: float | None = None,
        with_failure: bool = True,
    ) -> None:
        super().__init__(f"{error_type}.{code}: {message}")
        self.number = enum_number(error_type, code)
        self.error_type, self.code, self.message = error_type, code, message
        self.status = status or DEFAULT_STATUS.get(error_type, grpc.StatusCode.INVALID_ARGUMENT)
        self.retry_delay_s = retry_delay_s
        self.with_failure = with_failure

    def failure_bytes(self, request_id: str) -> bytes:
        """The serialized ``GoogleAdsFailure``."""
        failure = _FAILURE(request_id=request_id)
        err = failure.errors.add()
        setattr(err.error_code, self.error_type, self.number)
        err.message = self.message
        if self.retry_delay_s is not None:
            quota = err.details.quota_error_details
            quota.rate_scope = 2  # ACCOUNT
            quota.rate_name = "Requests per developer token per day"
            quota.retry_delay.FromNanoseconds(int(self.retry_delay_s * 1e9))
        return failure.SerializeToString()

    def trailing_metadata(self, request_id: str) -> tuple[tuple[str, str | bytes], ...]:
        """The trailing metadata of the failed call."""
        md: list[tuple[str, str | bytes]] = [("request-id", request_id)]
        if self.with_failure:
            md.insert(0, (FAILURE_KEY, self.failure_bytes(request_id)))
        return tuple(md)

    def abort(self, context: grpc.ServicerContext, request_id: str) -> None:
        """End the call with this error (raises, as ``context.abort`` does)."""
        context.set_trailing_metadata(self.trailing_metadata(request_id))
        context.abort(self.status, self.message)


def query_error(code: str, message: str) -> GoogleAdsApiError:
    """A ``QueryError`` (``INVALID_ARGUMENT``)."""
    return GoogleAdsApiError("query_error", code, message)
