"""Meta Graph API client: SDK session, retries, throttling, pagination.

Built on the facebook-business SDK (``FacebookAdsApi``/``FacebookSession``) with the Graph host
taken from settings, so the same code talks to graph.facebook.com and to the sandbox. One client
serves one ad account (errors name the account).

Retriable (capped exponential backoff, see ``extractors.common.retry``): Graph codes 1, 2
(temporary), 4, 17, 32, 613 (rate limits), 80000–80014 (business-use-case rate limits), HTTP 5xx,
network errors and truncated bodies. Code 190 (expired/invalid token) stops with an
:class:`~extractors.common.retry.AuthError` naming the account and what to do. Everything else is
fatal and raised as a :class:`MetaApiError` with the Graph message.

Throttling follows the usage headers (``x-business-use-case-usage``, ``x-fb-ads-insights-throttle``,
``x-app-usage``, ``x-ad-account-usage``): above ``throttle_pause_pct`` the client pauses before its
next call, and waits out ``estimated_time_to_regain_access`` when Meta sets it.
Source: https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from facebook_business.api import FacebookAdsApi, FacebookResponse
from facebook_business.exceptions import FacebookRequestError
from facebook_business.session import FacebookSession

from extractors.common.redact import protect_http_logs, redact
from extractors.common.retry import (
    AuthError,
    ExtractError,
    TruncatedResponseError,
    Verdict,
    call_with_retries,
    classify_transport,
)
from extractors.meta.settings import MetaSettings

log = logging.getLogger(__name__)

RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, *range(80000, 80015)})
TEMPORARY_CODES = frozenset({1, 2})
TOKEN_CODES = frozenset({190})


class MetaApiError(ExtractError):
    """A Graph API error that retrying will not fix (bad parameter, missing permission...)."""


class HttpStatusError(ExtractError):
    """A non-2xx response the SDK did not turn into an error (e.g. an HTML 500 page)."""

    def __init__(self, status: int, what: str) -> None:
        super().__init__(f"{what}: HTTP {status}")
        self.status = status


@dataclass(frozen=True)
class Page:
    """One page of a Graph list response.

    Attributes:
        body: the response body as received (JSON text).
        after: cursor of the next page, or None on the last page.
        headers: response headers (usage headers are read from here).
    """

    body: str
    after: str | None
    headers: Mapping[str, str]

    def data(self) -> list[dict[str, Any]]:
        """The page's ``data`` records, parsed (use for small pages; insights parse in bulk)."""
        return list(orjson.loads(self.body).get("data", []))


def paging_after(body: str) -> str | None:
    """Read the next-page cursor from a Graph list body, validating that the body is complete.

    Graph list bodies end with ``"paging":{...}}``; parsing only that tail keeps large report pages
    from being parsed twice (the rows are parsed in bulk later). A body whose tail does not parse
    was cut off in transit.

    Returns:
        The ``after`` cursor when a ``next`` page exists, else None.

    Raises:
        TruncatedResponseError: the body is not a complete JSON document.
    """
    stripped = body.rstrip()
    if not stripped.endswith("}"):
        raise TruncatedResponseError("response body is cut off (no closing brace)")
    idx = stripped.rfind('"paging"')
    try:
        if idx < 0:
            orjson.loads(stripped)  # small bodies without paging: validate fully
            return None
        tail = orjson.loads("{" + stripped[idx:])
    except orjson.JSONDecodeError as exc:
        raise TruncatedResponseError(f"response body is not complete JSON: {exc}") from None
    paging = tail.get("paging")
    if not isinstance(paging, dict) or "next" not in paging:
        return None
    after = (paging.get("cursors") or {}).get("after")
    return str(after) if after else None


def usage_pause_s(
    headers: Mapping[str, str], threshold_pct: float, max_pause_s: float = 60.0
) -> float:
    """Seconds to pause before the next call, from Meta's usage headers.

    Utilisation is the largest percentage in any of the usage headers. Below ``threshold_pct``:
    no pause; above it the pause grows linearly to ``max_pause_s`` at 100%. If a header carries
    ``estimated_time_to_regain_access`` (minutes), that wait wins.
    """
    util, regain_min = 0.0, 0.0
    for name in (
        "x-business-use-case-usage",
        "x-fb-ads-insights-throttle",
        "x-app-usage",
        "x-ad-account-usage",
    ):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            doc = orjson.loads(raw)
        except orjson.JSONDecodeError:
            log.warning("ignoring malformed %s header", name)
            continue
        entries = [e for v in doc.values() for e in v] if name.startswith("x-business") else [doc]
        for e in entries:
            if not isinstance(e, dict):
                continue
            for k, v in e.items():
                if isinstance(v, int | float) and (
                    k.endswith("_pct") or k in ("call_count", "total_cputime", "total_time")
                ):
                    util = max(util, float(v))
            regain_min = max(regain_min, float(e.get("estimated_time_to_regain_access") or 0))
    if regain_min > 0:
        return regain_min * 60.0
    if util <= threshold_pct:
        return 0.0
    return max_pause_s * min(1.0, (util - threshold_pct) / max(1.0, 100.0 - threshold_pct))


class MetaClient:
    """Graph API access for one ad account.

    Args:
        access_token: the token (from the environment; never logged).
        account_id: the ad account's digits (for error messages and paths).
        settings: version, host, paging and retry settings.
        sleep: sleep function (tests pass a recorder so nothing waits for real).
    """

    def __init__(
        self,
        access_token: str,
        account_id: str,
        settings: MetaSettings | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not access_token:
            raise AuthError(
                f"no Meta access token for ad account {account_id}: set META_ACCESS_TOKEN"
            )
        self.settings = settings or MetaSettings()
        self.account_id = account_id
        self._token = access_token
        protect_http_logs((access_token,))
        self._sleep = sleep
        self._pause_s = 0.0
        session = FacebookSession(access_token=access_token, timeout=self.settings.retry.timeout_s)
        session.GRAPH = self.settings.graph_url.rstrip("/")  # instance attribute: per client
        self.api = FacebookAdsApi(session, api_version=self.settings.api_version)
        self.requests_made = 0

    # -- error classification ------------------------------------------------------------
    def classify(self, exc: BaseException) -> Verdict:
        """Decide whether ``exc`` is worth a retry (see module docstring for the rules)."""
        transport = classify_transport(exc)
        if transport is not None:
            return transport
        if isinstance(exc, HttpStatusError):
            return Verdict(exc.status >= 500 or exc.status == 429, f"HTTP {exc.status}")
        if isinstance(exc, FacebookRequestError):
            code, sub = exc.api_error_code(), exc.api_error_subcode()
            status = exc.http_status() or 0
            label = f"Graph error {code}/{sub} (HTTP {status}): {exc.api_error_message()}"
            if code in TOKEN_CODES:
                return Verdict(
                    False,
                    label,
                    fatal=AuthError(
                        f"Meta rejected the access token for ad account {self.account_id} "
                        f"({label}: {exc.api_error_message()}). Generate a new token (Business "
                        "Settings → System users) and set META_ACCESS_TOKEN; nothing was written "
                        "for this account."
                    ),
                )
            if code in RATE_LIMIT_CODES:
                wait = usage_pause_s(exc.http_headers() or {}, self.settings.throttle_pause_pct)
                return Verdict(True, f"rate limit, {label}", wait_s=wait)
            if code in TEMPORARY_CODES or status >= 500:
                return Verdict(True, f"temporary, {label}")
            return Verdict(
                False,
                label,
                fatal=MetaApiError(
                    f"ad account {self.account_id}: {label}: {exc.api_error_message()}"
                ),
            )
        return Verdict(False, type(exc).__name__)

    # -- calls ---------------------------------------------------------------------------
    def _call_once(
        self, method: str, path: tuple[str, ...], params: dict[str, Any], what: str
    ) -> FacebookResponse:
        if self._pause_s > 0:
            log.info("%s: usage high, pausing %.1fs before the next call", what, self._pause_s)
            self._sleep(self._pause_s)
            self._pause_s = 0.0
        self.requests_made += 1
        resp = self.api.call(method, path, params=params)
        status = resp.status() or 0
        if status >= 400:
            raise HttpStatusError(status, what)
        self._pause_s = usage_pause_s(resp.headers() or {}, self.settings.throttle_pause_pct)
        return resp

    def call(
        self,
        method: str,
        path: tuple[str, ...],
        params: dict[str, Any] | None = None,
        *,
        what: str | None = None,
    ) -> FacebookResponse:
        """One Graph call with retries and throttling.

        Args:
            method: ``GET`` or ``POST``.
            path: path tokens after the version, e.g. ``("act_1", "insights")``.
            params: query (GET) or form (POST) parameters; lists/dicts are JSON-encoded.
            what: description for logs (defaults to method and path).

        Raises:
            AuthError: token rejected (code 190).
            MetaApiError: a non-retriable Graph error.
            The last transient error when retries run out.
        """
        label = what or f"{method} {'/'.join(path)}"
        return call_with_retries(
            lambda: self._call_once(method, path, dict(params or {}), label),
            classify=self.classify,
            policy=self.settings.retry,
            what=label,
            sleep=self._sleep,
            secrets=(self._token,),
        )

    def request_json(
        self,
        method: str,
        path: tuple[str, ...],
        params: dict[str, Any] | None = None,
        *,
        what: str | None = None,
    ) -> dict[str, Any]:
        """One Graph call whose body must be a JSON object (objects, job creation, job status).

        A body that does not parse (cut off in transit) is retried like any transient error.

        Raises:
            AuthError / MetaApiError: as :meth:`call`.
        """
        label = what or f"{method} {'/'.join(path)}"

        def once() -> dict[str, Any]:
            resp = self._call_once(method, path, dict(params or {}), label)
            try:
                doc = orjson.loads(resp.body() or "")
            except orjson.JSONDecodeError as exc:
                msg = f"{label}: body is not complete JSON ({exc})"
                raise TruncatedResponseError(msg) from None
            if not isinstance(doc, dict):
                raise TruncatedResponseError(f"{label}: body is not a JSON object")
            return doc

        return call_with_retries(
            once,
            classify=self.classify,
            policy=self.settings.retry,
            what=label,
            sleep=self._sleep,
            secrets=(self._token,),
        )

    def get_json(
        self, path: tuple[str, ...], params: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """GET one object as JSON (see :meth:`request_json`)."""
        return self.request_json("GET", path, params)

    def pages(self, path: tuple[str, ...], params: dict[str, Any]) -> Iterator[Page]:
        """Yield every page of a Graph list (cursor paging with ``after`` on the same path).

        A page that fails is retried on its own (the cursor of the page is kept), so a transient
        error on page 7 does not re-read pages 1–6 and cannot duplicate rows.
        """
        after: str | None = None
        n = 0
        while True:
            n += 1
            page_params = dict(params)
            if after:
                page_params["after"] = after
            label = f"GET {'/'.join(path)} page {n}"

            def once(p: dict[str, Any] = page_params, lbl: str = label) -> Page:
                resp = self._call_once("GET", path, p, lbl)
                body = resp.body() or ""
                return Page(body, paging_after(body), resp.headers() or {})

            page = call_with_retries(
                once,
                classify=self.classify,
                policy=self.settings.retry,
                what=label,
                sleep=self._sleep,
                secrets=(self._token,),
            )
            yield page
            if not page.after:
                return
            after = page.after

    def wait(self, seconds: float) -> None:
        """Sleep through the client's injectable sleep (polling waits use it too)."""
        self._sleep(seconds)

    def scrub(self, text: str) -> str:
        """``text`` with this client's token masked (for messages built from SDK errors)."""
        return redact(text, (self._token,))
