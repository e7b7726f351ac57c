"""Post one alert to the webhook: a JSON body, retries on 429/5xx/network errors, a result.

Plain Python (no Dagster), kept beside the sensor that is its only caller. Retries go through
:func:`extractors.common.retry.call_with_retries` (tenacity, capped exponential backoff) with this
module's classifier: 429, 5xx, timeouts and connection errors are retried; any other status is
final (a 4xx means the receiver refuses this body and will keep refusing it).

A webhook URL is a secret (Slack, Teams and most chat hooks carry the credential in the path or
query): only its scheme and host (:func:`endpoint_host`) ever reach logs, the ledger or errors.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from extractors.common.redact import redact
from extractors.common.retry import RetryPolicy, Verdict, call_with_retries, classify_transport

RESPONSE_CHARS = 500
"""Characters of a response body (or error text) kept in the ledger."""


class RetriableStatusError(RuntimeError):
    """The webhook answered 429 or 5xx (retried; raised again when attempts run out).

    Attributes:
        status: the HTTP status code.
        body: the start of the response body.
    """

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.body = body


@dataclass(frozen=True)
class PostResult:
    """What posting one alert came to.

    Attributes:
        outcome: ``delivered`` (2xx), ``rejected`` (a final non-2xx status: not retried again),
            or ``failed`` (retries exhausted on 429/5xx/network errors: try at a later tick).
        http_status: the last status received; None when no response came back.
        attempts: HTTP requests made (1 + retries).
        response: the start of the last response body ('' without one).
        error: what went wrong, secrets masked; None when delivered.
    """

    outcome: str
    http_status: int | None
    attempts: int
    response: str
    error: str | None


def endpoint_host(url: str) -> str:
    """``scheme://host[:port]`` of ``url`` — the only part of a webhook URL that may be shown."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def classify(exc: BaseException) -> Verdict:
    """Retry 429 and 5xx answers and network failures; everything else is final."""
    if isinstance(exc, RetriableStatusError):
        return Verdict(True, f"HTTP {exc.status}")
    return classify_transport(exc) or Verdict(False, f"{type(exc).__name__}")


def _secrets_of(url: str) -> tuple[str, ...]:
    parts = urlsplit(url)
    userinfo = parts.netloc.rpartition("@")[0]
    return tuple(s for s in (url, parts.path, parts.query, userinfo) if len(s) > 1)


def post_alert(
    url: str,
    payload: dict[str, Any],
    policy: RetryPolicy,
    *,
    session: requests.Session | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> PostResult:
    """POST ``payload`` as JSON to ``url`` with retries; never raises for HTTP or network errors.

    Args:
        url: the webhook URL (secret: never logged; errors name only :func:`endpoint_host`).
        payload: a JSON-serializable dict (see ``deliveries.payload_of``).
        policy: attempts, backoff (seconds; ``base_delay_s=0`` in tests) and request timeout.
        session: a requests session to reuse across alerts (one per tick).
        sleep: the backoff's sleep (tests pass a recorder).

    Returns:
        The :class:`PostResult`.
    """
    http = session or requests.Session()
    body = json.dumps(payload, ensure_ascii=False).encode()
    attempts = 0
    secrets = _secrets_of(url)

    def _post() -> requests.Response:
        nonlocal attempts
        attempts += 1
        resp = http.post(
            url,
            data=body,
            headers={"Content-Type": "application/json; charset=utf-8"},
            timeout=policy.timeout_s,
        )
        if resp.status_code == 429 or resp.status_code >= 500:
            raise RetriableStatusError(resp.status_code, resp.text[:RESPONSE_CHARS])
        return resp

    what = f"POST alert {payload.get('alert_id')} to {endpoint_host(url)}"
    try:
        resp = call_with_retries(
            _post, classify=classify, policy=policy, what=what, sleep=sleep, secrets=secrets
        )
    except RetriableStatusError as exc:
        return PostResult("failed", exc.status, attempts, exc.body, f"HTTP {exc.status}")
    except requests.RequestException as exc:
        error = redact(f"{type(exc).__name__}: {exc}", secrets)[:RESPONSE_CHARS]
        return PostResult("failed", None, attempts, "", error)
    text = resp.text[:RESPONSE_CHARS]
    if 200 <= resp.status_code < 300:
        return PostResult("delivered", resp.status_code, attempts, text, None)
    return PostResult("rejected", resp.status_code, attempts, text, f"HTTP {resp.status_code}")
