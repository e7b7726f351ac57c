"""Keep secrets out of logs and error messages.

Tokens reach text in two ways: a value we know (the token we were given) and a URL that carries
it in the query string (``requests`` puts the full URL in connection errors). Both are scrubbed.
"""

from __future__ import annotations

import logging
import re

_QUERY_SECRET = re.compile(
    r"(?i)((?:access_token|appsecret_proof|client_secret|refresh_token|developer_token|sign|"
    r"partner_key|app_secret)=)[^&\s'\"]+"
)
MASK = "***"


def redact(text: str, secrets: tuple[str, ...] | list[str] = ()) -> str:
    """Return ``text`` with known secret values and secret-looking query parameters masked."""
    out = _QUERY_SECRET.sub(rf"\1{MASK}", text)
    for s in secrets:
        if s and len(s) >= 4:
            out = out.replace(s, MASK)
    return out


class RedactingFilter(logging.Filter):
    """A logging filter that masks secrets in every record passing through a handler/logger.

    Args:
        secrets: secret values to mask (tokens read from the environment at start-up).
    """

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message with secrets masked; never drops a record."""
        msg = record.getMessage()
        clean = redact(msg, self.secrets)
        if clean != msg:
            record.msg, record.args = clean, None
        return True


HTTP_LOGGERS = ("urllib3.connectionpool", "urllib3.util.retry", "requests", "httpx", "httpcore")
"""Loggers of HTTP libraries that print request URLs (with query strings) at DEBUG level."""


def protect_http_logs(secrets: tuple[str, ...] = ()) -> None:
    """Mask tokens in every record the HTTP libraries log (idempotent).

    ``urllib3`` logs each request line, query string included, at DEBUG; tokens passed as
    ``access_token=`` would otherwise reach any handler that shows DEBUG records.
    """
    for name in HTTP_LOGGERS:
        logger = logging.getLogger(name)
        existing = next((f for f in logger.filters if isinstance(f, RedactingFilter)), None)
        if existing is None:
            logger.addFilter(RedactingFilter(secrets))
        else:
            existing.secrets = tuple(dict.fromkeys(existing.secrets + secrets))
