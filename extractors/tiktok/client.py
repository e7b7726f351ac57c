"""TikTok Business API client: session, token, shared rate limit, body-code errors, paging.

Plain ``requests`` against ``<api_url>/open_api/v1.3/...`` with the ``Access-Token`` header. One
client serves one advertiser (errors name it, never the token). Every request first takes a
token from the app's shared bucket (:class:`~extractors.common.ratelimit.SharedTokenBucket`,
key ``tiktok:<app_id>``), so all processes of a deployment stay under one request rate together.

The API answers errors with HTTP 200 and a body ``code`` (source: TikTok API for Business v1.3,
"Return codes"; the codes are the project's contract in ARCHITECTURE.md). Classification:

====================  =====================================================================
code / failure        what happens
====================  =====================================================================
40100 rate limit      the shared bucket is emptied for ``rate_limit_pause_s`` (every process
                      backs off), then retried with capped exponential backoff
60001 temporary       retried with backoff
HTTP 5xx / 429,       retried with backoff (network errors and cut-off bodies too)
network, truncated
40067 range too big   :class:`RangeTooLargeError`, not retried here: the report reader halves
                      the date range and asks again
40002 no permission   :class:`AdvertiserAccessError` naming the advertiser: the sync skips it
40104 / 40105 token   :class:`~extractors.common.retry.AuthError` naming the advertiser and
                      ``TIKTOK_ACCESS_TOKEN``
other codes           :class:`TikTokApiError` with the code and message
====================  =====================================================================

Pagination: ``page`` 1, 2, ... until ``page_info.total_page``; each page is retried on its own.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import requests

from extractors.common.ratelimit import SharedTokenBucket
from extractors.common.redact import protect_http_logs
from extractors.common.retry import (
    AuthError,
    ExtractError,
    TruncatedResponseError,
    Verdict,
    call_with_retries,
    classify_transport,
)
from extractors.tiktok import settings as s
from extractors.tiktok.settings import TikTokSettings

log = logging.getLogger(__name__)


class TikTokApiError(ExtractError):
    """A non-zero body ``code``.

    Attributes:
        code: the body code.
        api_message: the body message.
        request_id: the body ``request_id`` (quote it to TikTok support).
    """

    def __init__(self, code: int, api_message: str, request_id: str, advertiser_id: str) -> None:
        super().__init__(
            f"TikTok advertiser {advertiser_id}: code {code}: {api_message} "
            f"(request_id {request_id})"
        )
        self.code, self.api_message, self.request_id = code, api_message, request_id


class RangeTooLargeError(TikTokApiError):
    """Code 40067: the report's date range is longer than the API accepts."""


class AdvertiserAccessError(TikTokApiError):
    """Code 40002: the token's app may not read this advertiser; the sync skips it."""


class HttpStatusError(ExtractError):
    """A non-200 HTTP answer (the API itself answers errors with 200)."""

    def __init__(self, status: int, what: str) -> None:
        super().__init__(f"{what}: HTTP {status}")
        self.status = status


_ERROR_CLASSES: dict[int, type[TikTokApiError]] = {
    s.RANGE_TOO_LARGE: RangeTooLargeError,
    s.NO_PERMISSION: AdvertiserAccessError,
}


def shared_limiter(
    settings: TikTokSettings, sleep: Callable[[float], None] = time.sleep
) -> SharedTokenBucket:
    """The app's token bucket in ``settings.ratelimit_dir`` (a private temp dir when None)."""
    directory = settings.ratelimit_dir or Path(tempfile.gettempdir()) / "adpilot-ratelimit"
    return SharedTokenBucket(
        directory, f"tiktok:{settings.app_id}", settings.rate_per_s, settings.burst, sleep=sleep
    )


def _encode(params: dict[str, Any]) -> dict[str, str]:
    """GET parameters: lists and objects JSON-encoded, as the API expects."""
    return {
        k: v if isinstance(v, str) else orjson.dumps(v).decode()
        for k, v in params.items()
        if v is not None
    }


class TikTokClient:
    """Business API access for one advertiser.

    Args:
        access_token: the app's long-term access token (from the environment; never logged).
        advertiser_id: the advertiser's id (digits).
        settings: host, version, paging, rate and retry settings.
        sleep: sleep function for backoff and rate waits (tests pass a recorder).
        limiter: the shared token bucket; default :func:`shared_limiter` of ``settings``.
        session: a ``requests.Session`` to reuse (tests, connection pooling).

    Raises:
        AuthError: no token was given.
    """

    def __init__(
        self,
        access_token: str,
        advertiser_id: str,
        settings: TikTokSettings | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        limiter: SharedTokenBucket | None = None,
        session: requests.Session | None = None,
    ) -> None:
        if not access_token:
            raise AuthError(
                f"no TikTok access token for advertiser {advertiser_id}: set {s.TOKEN_ENV}"
            )
        self.settings = settings or TikTokSettings()
        self.advertiser_id = advertiser_id
        self._token = access_token
        protect_http_logs((access_token,))
        self._sleep = sleep
        self.limiter = limiter or shared_limiter(self.settings, sleep)
        self.session = session or requests.Session()
        self.requests_made = 0

    # -- error classification ------------------------------------------------------------
    def classify(self, exc: BaseException) -> Verdict:
        """Decide whether ``exc`` is worth a retry (see the module docstring's table)."""
        transport = classify_transport(exc)
        if transport is not None:
            return transport
        if isinstance(exc, HttpStatusError):
            return Verdict(exc.status >= 500 or exc.status == 429, f"HTTP {exc.status}")
        if not isinstance(exc, TikTokApiError):
            return Verdict(False, type(exc).__name__)
        label = f"code {exc.code}: {exc.api_message}"
        if exc.code == s.RATE_LIMIT:
            return Verdict(True, f"rate limit, {label}", wait_s=self.settings.rate_limit_pause_s)
        if exc.code == s.TEMPORARY:
            return Verdict(True, f"temporary, {label}")
        if exc.code in (s.TOKEN_INVALID, s.TOKEN_MISSING):
            return Verdict(
                False,
                label,
                fatal=AuthError(
                    f"TikTok rejected the access token for advertiser {self.advertiser_id} "
                    f"({label}, request_id {exc.request_id}). Generate a new long-term token "
                    f"for the app and set {s.TOKEN_ENV}; nothing was written for this advertiser."
                ),
            )
        return Verdict(False, label)

    # -- calls ---------------------------------------------------------------------------
    def _call_once(self, method: str, path: str, params: dict[str, Any], what: str) -> dict:
        self.limiter.acquire()
        self.requests_made += 1
        url = self.settings.url(path)
        headers = {"Access-Token": self._token}
        timeout = self.settings.retry.timeout_s
        if method == "GET":
            resp = self.session.get(url, params=_encode(params), headers=headers, timeout=timeout)
        else:
            resp = self.session.post(url, json=params, headers=headers, timeout=timeout)
        if resp.status_code != 200:
            raise HttpStatusError(resp.status_code, what)
        try:
            body = orjson.loads(resp.content)
        except orjson.JSONDecodeError as exc:
            raise TruncatedResponseError(f"{what}: body is not complete JSON ({exc})") from None
        if not isinstance(body, dict) or "code" not in body:
            raise TruncatedResponseError(f"{what}: body has no code")
        code = int(body["code"])
        if code != 0:
            if code == s.RATE_LIMIT:
                self.limiter.penalize(self.settings.rate_limit_pause_s)
            cls = _ERROR_CLASSES.get(code, TikTokApiError)
            raise cls(
                code, str(body.get("message")), str(body.get("request_id")), self.advertiser_id
            )
        data = body.get("data")
        return data if isinstance(data, dict) else {}

    def call(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None = None,
        *,
        what: str | None = None,
    ) -> dict:
        """One request with rate limiting and retries; returns the body's ``data``.

        Args:
            method: ``GET`` or ``POST``.
            path: the endpoint after the version, e.g. ``campaign/get``.
            params: query parameters (GET; lists/objects JSON-encoded) or the JSON body (POST).
            what: description for logs (defaults to method, path and advertiser).

        Raises:
            AuthError: token missing or rejected.
            AdvertiserAccessError: no permission for the advertiser (40002).
            RangeTooLargeError: report range too long (40067).
            TikTokApiError: any other non-zero code, or a retriable one after the last attempt.
        """
        label = what or f"{method} {path} advertiser {self.advertiser_id}"
        return call_with_retries(
            lambda: self._call_once(method, path, dict(params or {}), label),
            classify=self.classify,
            policy=self.settings.retry,
            what=label,
            sleep=self._sleep,
            secrets=(self._token,),
        )

    def pages(self, path: str, params: dict[str, Any], page_size: int) -> Iterator[dict]:
        """Yield the ``data`` of every page (``page`` 1..``page_info.total_page``).

        A page that fails is retried on its own, so a transient error on page 7 re-reads
        neither pages 1–6 nor duplicates their rows.
        """
        page = 1
        while True:
            data = self.call(
                "GET",
                path,
                {**params, "page": page, "page_size": page_size},
                what=f"GET {path} advertiser {self.advertiser_id} page {page}",
            )
            yield data
            total = int((data.get("page_info") or {}).get("total_page") or 1)
            if page >= total:
                return
            page += 1
