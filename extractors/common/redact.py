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
