"""Retries in one place: a platform classifier decides, one capped exponential backoff waits.

Each platform client supplies a ``classify(exc) -> Verdict``. :func:`call_with_retries` runs a
call under tenacity with capped exponential backoff (full jitter off: delays are deterministic so
tests can assert them), honours a platform's "wait this long" hint, logs every retry without
secrets, and re-raises the last error — or the classifier's fatal error — when it gives up.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import requests
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from extractors.common.redact import redact

log = logging.getLogger(__name__)

T = TypeVar("T")


class ExtractError(RuntimeError):
    """An extraction failed for a reason a person must act on (message says what to do)."""


class AuthError(ExtractError):
    """The platform rejected the credentials (expired or revoked token, missing permission)."""


class TruncatedResponseError(ExtractError):
    """A response body was cut off (HTTP 200 but not a complete JSON document). Retriable."""


@dataclass(frozen=True)
class Verdict:
    """What to do with an error.

    Attributes:
        retriable: try again after a backoff.
        reason: short label for logs (``rate limit (code 17)``, ``HTTP 503``...).
        wait_s: minimum wait the platform asked for (seconds), added to the backoff.
        fatal: the exception to raise instead of the original (e.g. an ``AuthError`` with advice).
    """

    retriable: bool
    reason: str
    wait_s: float = 0.0
    fatal: BaseException | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff.

    Attributes:
        max_attempts: total attempts including the first.
        base_delay_s: delay before the 2nd attempt; doubles each attempt.
        max_delay_s: cap on one delay (seconds).
        timeout_s: per-request timeout handed to the HTTP client (seconds).
    """

    max_attempts: int = 6
    base_delay_s: float = 2.0
    max_delay_s: float = 120.0
    timeout_s: float = 120.0

    def delay(self, attempt: int) -> float:
        """Backoff before attempt ``attempt + 1`` (``attempt`` counts from 1)."""
        return min(self.max_delay_s, self.base_delay_s * 2 ** (attempt - 1))


def classify_transport(exc: BaseException) -> Verdict | None:
    """Common verdicts for network-level failures (any platform), or None if not one.

    The reason keeps the error text (with any token in a URL redacted by the logger's caller).
    """
    if isinstance(exc, requests.Timeout | requests.ConnectionError):
        return Verdict(True, f"network: {type(exc).__name__}: {exc}")
    if isinstance(exc, TruncatedResponseError):
        return Verdict(True, "truncated response body")
    return None


def call_with_retries(
    fn: Callable[[], T],
    *,
    classify: Callable[[BaseException], Verdict],
    policy: RetryPolicy,
    what: str,
    sleep: Callable[[float], None] = time.sleep,
    secrets: tuple[str, ...] = (),
) -> T:
    """Run ``fn`` until it succeeds, the classifier says fatal, or attempts run out.

    Args:
        fn: the call (no arguments; bind them with a lambda or partial).
        classify: maps an exception to a :class:`Verdict`.
        policy: backoff and attempt limits.
        what: description for logs (``GET act_1/insights page 3``) — must not contain secrets.
        sleep: the sleep function (tests pass a recorder; nothing waits for real in tests).
        secrets: strings to scrub from any logged error text (tokens).

    Returns:
        ``fn()``'s result.

    Raises:
        The classifier's ``fatal`` exception for fatal errors, otherwise the last error after
        ``policy.max_attempts`` attempts.
    """

    def _retriable(exc: BaseException) -> bool:
        return classify(exc).retriable

    def _wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hint = classify(exc).wait_s if exc else 0.0
        return max(policy.delay(state.attempt_number), hint)

    def _before_sleep(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        verdict = classify(exc) if exc else Verdict(True, "?")
        log.warning(
            "%s: attempt %d/%d failed (%s); retrying in %.1fs",
            what,
            state.attempt_number,
            policy.max_attempts,
            redact(verdict.reason, secrets)[:300],
            state.upcoming_sleep,
        )

    retrying = Retrying(
        stop=stop_after_attempt(policy.max_attempts),
        wait=_wait,
        retry=retry_if_exception(_retriable),
        sleep=sleep,
        before_sleep=_before_sleep,
        reraise=True,
    )
    try:
        return retrying(fn)
    except Exception as exc:
        verdict = classify(exc)
        if verdict.fatal is not None:
            raise verdict.fatal from None
        raise
