"""The signed-JSON HTTP core the three marketplace clients share: one request, retried.

A platform client supplies, per call, a ``prepare()`` that builds the request **with a fresh
timestamp and signature** (a retry re-signs: Shopee and TikTok Shop reject stale timestamps),
and a ``check(doc, status)`` that raises :class:`PlatformError` for an error body. This module
sends it with ``requests`` under :func:`extractors.common.retry.call_with_retries`:

- network errors, truncated 2xx bodies, HTML/empty 5xx and 429 pages: retried;
- error bodies: the platform's :meth:`SignedJsonClient.platform_verdict` decides (rate limits
  and server errors retried; auth and signature errors stop with an actionable message);
- ``Retry-After`` (seconds) is honoured as the minimum wait.

Every request has the policy's timeout; secrets are registered with
:func:`extractors.common.redact.protect_http_logs` and scrubbed from logged errors.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
import requests

from extractors.common.redact import protect_http_logs
from extractors.common.retry import (
    ExtractError,
    RetryPolicy,
    TruncatedResponseError,
    Verdict,
    call_with_retries,
    classify_transport,
)
from extractors.shops.common import ShopInfo

log = logging.getLogger(__name__)


class PlatformError(ExtractError):
    """An error body returned by a marketplace API.

    Attributes:
        status: HTTP status.
        code: the platform's error code as text (Shopee ``error``, Lazada ``code``, TikTok Shop
            numeric ``code``).
        message: the platform's message.
        request_id: the platform's request id (quote it to platform support).
        retry_after_s: ``Retry-After`` header value, seconds (0 when absent).
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        request_id: str | None = None,
        retry_after_s: float = 0.0,
    ) -> None:
        super().__init__(f"HTTP {status}, code {code}: {message} (request_id {request_id})")
        self.status, self.code, self.message = status, code, message
        self.request_id, self.retry_after_s = request_id, retry_after_s


class HttpStatusError(ExtractError):
    """A non-2xx response without a JSON body (an HTML error page, an empty body)."""

    def __init__(self, status: int, what: str, retry_after_s: float = 0.0) -> None:
        super().__init__(f"{what}: HTTP {status} without a JSON body")
        self.status, self.retry_after_s = status, retry_after_s


@dataclass(frozen=True)
class Prepared:
    """One signed request, ready to send (built anew for every attempt)."""

    method: str
    url: str
    params: Mapping[str, Any]
    headers: Mapping[str, str] = field(default_factory=dict)
    data: bytes | None = None


def _retry_after(headers: Mapping[str, str]) -> float:
    try:
        return max(0.0, float(headers.get("Retry-After", "0")))
    except ValueError:
        return 0.0


class SignedJsonClient:
    """Base of the marketplace clients (one instance per shop).

    Args:
        secrets: every secret the client holds (masked in logs and errors).
        retry: backoff policy (its ``timeout_s`` is each request's timeout).
        sleep: sleep function (tests pass a recorder).
        session: a ``requests.Session`` (one per client by default).
    """

    platform = "marketplace"
    shop: ShopInfo

    def __init__(
        self,
        *,
        secrets: tuple[str, ...],
        retry: RetryPolicy,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
    ) -> None:
        self._secrets = tuple(s for s in secrets if s)
        protect_http_logs(self._secrets)
        self.retry, self._sleep = retry, sleep
        self.session = session or requests.Session()
        self.requests_made = 0

    # -- to override ---------------------------------------------------------------------
    def platform_verdict(self, err: PlatformError) -> Verdict:
        """Decide about an error body (see the platform clients)."""
        return Verdict(False, str(err))

    # -- classification ------------------------------------------------------------------
    def classify(self, exc: BaseException) -> Verdict:
        """Retriable or fatal, with the platform's advice for fatal errors."""
        transport = classify_transport(exc)
        if transport is not None:
            return transport
        if isinstance(exc, HttpStatusError):
            return Verdict(
                exc.status >= 500 or exc.status == 429,
                f"HTTP {exc.status}",
                wait_s=exc.retry_after_s,
            )
        if isinstance(exc, PlatformError):
            return self.platform_verdict(exc)
        return Verdict(False, type(exc).__name__)

    # -- calls ---------------------------------------------------------------------------
    def _send(
        self,
        req: Prepared,
        what: str,
        check: Callable[[dict[str, Any], int, Mapping[str, str]], None],
    ) -> dict[str, Any]:
        self.requests_made += 1
        resp = self.session.request(
            req.method,
            req.url,
            params=dict(req.params),
            headers=dict(req.headers),
            data=req.data,
            timeout=self.retry.timeout_s,
        )
        try:
            doc = orjson.loads(resp.content)
        except orjson.JSONDecodeError:
            if resp.status_code >= 400:
                raise HttpStatusError(resp.status_code, what, _retry_after(resp.headers)) from None
            raise TruncatedResponseError(f"{what}: body is not complete JSON") from None
        if not isinstance(doc, dict):
            raise TruncatedResponseError(f"{what}: body is not a JSON object")
        check(doc, resp.status_code, resp.headers)
        if resp.status_code >= 400:  # a JSON body the platform check did not recognise
            raise HttpStatusError(resp.status_code, what, _retry_after(resp.headers))
        return doc

    def call(
        self,
        prepare: Callable[[], Prepared],
        what: str,
        check: Callable[[dict[str, Any], int, Mapping[str, str]], None],
    ) -> dict[str, Any]:
        """Send a request until it succeeds, an error is fatal, or attempts run out.

        Args:
            prepare: builds the signed request (called again for every attempt).
            what: label for logs (never contains secrets).
            check: raises :class:`PlatformError` when the body is an error.

        Returns:
            The parsed JSON body.

        Raises:
            The platform verdict's fatal error (``AuthError``, a config error), or the last
            transient error once attempts run out.
        """
        return call_with_retries(
            lambda: self._send(prepare(), what, check),
            classify=self.classify,
            policy=self.retry,
            what=what,
            sleep=self._sleep,
            secrets=self._secrets,
        )
