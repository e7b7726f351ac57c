"""Google Ads API errors as the google-ads client raises them: status, failure, request id.

The library raises three shapes (see :func:`status_and_errors`): ``GoogleAdsException`` with the
parsed ``GoogleAdsFailure``; for ``INTERNAL`` and ``RESOURCE_EXHAUSTED`` the plain ``RpcError``,
which api_core's stream iterator turns into a ``GoogleAPICallError`` whose ``response`` is the
call (the failure is in its trailing metadata under
``google.ads.googleads.<version>.errors.googleadsfailure-bin``); and bare transport
errors (``RpcError``). Each ``GoogleAdsError`` becomes an :class:`ApiError` (``error_type.code``,
message, and the quota's ``retry_delay``).

Source: https://developers.google.com/google-ads/api/docs/best-practices/error-types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import grpc
from google.ads.googleads.errors import GoogleAdsException
from google.api_core.exceptions import GoogleAPICallError

from extractors.common.retry import ExtractError


class GoogleAdsApiError(ExtractError):
    """A Google Ads API error that retrying will not fix (bad query, bad operation ...)."""


@dataclass(frozen=True)
class ApiError:
    """One ``GoogleAdsError`` of a failure: ``error_type.code`` and the message."""

    error_type: str
    code: str
    message: str
    retry_delay_s: float = 0.0

    def __str__(self) -> str:
        return f"{self.error_type}.{self.code}: {self.message}"


def failure_errors(failure: Any) -> list[ApiError]:
    """The errors of a ``GoogleAdsFailure`` (proto-plus or raw protobuf)."""
    pb = type(failure).pb(failure) if hasattr(type(failure), "pb") else failure
    out = []
    for err in pb.errors:
        kind = err.error_code.WhichOneof("error_code") or "unknown_error"
        fd = err.error_code.DESCRIPTOR.fields_by_name.get(kind)
        number = getattr(err.error_code, kind, 0)
        name = (
            fd.enum_type.values_by_number[number].name
            if fd and fd.enum_type and number in fd.enum_type.values_by_number
            else str(number)
        )
        delay = 0.0
        if err.details.HasField("quota_error_details"):
            delay = err.details.quota_error_details.retry_delay.ToNanoseconds() / 1e9
        out.append(ApiError(kind, name, err.message, delay))
    return out


def metadata_failure(call: object, version: str) -> tuple[list[ApiError], str]:
    """(errors, request id) from a gRPC call's trailing metadata."""
    if not isinstance(call, grpc.Call):
        return [], ""
    md = dict(call.trailing_metadata() or ())
    raw = md.get(f"google.ads.googleads.{version}.errors.googleadsfailure-bin")
    errors = []
    if isinstance(raw, bytes):
        from google.ads.googleads.v26.errors.types.errors import GoogleAdsFailure

        errors = failure_errors(GoogleAdsFailure.pb().FromString(raw))
    return errors, str(md.get("request-id", ""))


def status_and_errors(
    exc: BaseException, version: str
) -> tuple[grpc.StatusCode | None, list[ApiError], str]:
    """(gRPC status, failure errors, request id) of what the client library raised.

    Three shapes: ``GoogleAdsException`` (the library parsed the failure); for ``INTERNAL`` and
    ``RESOURCE_EXHAUSTED`` the library leaves the ``RpcError`` alone and api_core's stream
    iterator turns it into a ``GoogleAPICallError`` whose ``response`` is the call; a bare
    ``RpcError`` (transport failures).
    """
    if isinstance(exc, GoogleAdsException):
        return exc.error.code(), failure_errors(exc.failure), exc.request_id or ""
    if isinstance(exc, GoogleAPICallError):
        call = exc.response if isinstance(exc.response, grpc.Call) else exc.__cause__
        errors, request_id = metadata_failure(call, version)
        return exc.grpc_status_code, errors, request_id
    if isinstance(exc, grpc.RpcError):
        errors, request_id = metadata_failure(exc, version)
        code = exc.code() if isinstance(exc, grpc.Call) else grpc.StatusCode.UNKNOWN
        return code, errors, request_id
    return None, [], ""
