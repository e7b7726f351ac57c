"""TikTok Business API errors: HTTP 200 with a non-zero body ``code``.

Wire format (every v1.3 endpoint)::

    {"code": 40100, "message": "Too many requests...", "request_id": "2026112112...", "data": {}}

Codes served (the project's contract, ARCHITECTURE.md "Extract"): 40001 invalid parameter,
40002 no permission for the advertiser, 40067 date range too large, 40100 rate limit (QPS/QPM),
40104 access token missing, 40105 access token invalid or expired, 60001 temporary
(maintenance, retry).
"""

from __future__ import annotations

import hashlib

INVALID_PARAM = 40001
NO_PERMISSION = 40002
RANGE_TOO_LARGE = 40067
RATE_LIMIT = 40100
TOKEN_MISSING = 40104
TOKEN_INVALID = 40105
TEMPORARY = 60001

DEFAULT_MESSAGES: dict[int, str] = {
    INVALID_PARAM: "Invalid parameter.",
    NO_PERMISSION: "No permission to operate advertiser.",
    RANGE_TOO_LARGE: "The date range is too large.",
    RATE_LIMIT: "Too many requests. Please retry in some time.",
    TOKEN_MISSING: "Access token is null.",
    TOKEN_INVALID: "Access token is incorrect or has been revoked.",
    TEMPORARY: "The system is under maintenance. Please try again later.",
}


class TikTokError(Exception):
    """An error the API answers with (always HTTP 200).

    Attributes:
        code: body code (see the module constants).
        message: human message.
    """

    def __init__(self, code: int, message: str | None = None) -> None:
        self.code = code
        self.message = message or DEFAULT_MESSAGES.get(code, "Unknown error.")
        super().__init__(f"({code}) {self.message}")

    def body(self, request_id: str) -> dict:
        """The response body."""
        return {"code": self.code, "message": self.message, "request_id": request_id, "data": {}}


def request_id(seed: str) -> str:
    """A stable 32-character request id derived from ``seed`` (TikTok ids are digit strings)."""
    return str(int(hashlib.sha256(seed.encode()).hexdigest()[:24], 16)).zfill(32)[:32]


def invalid_param(message: str) -> TikTokError:
    """Code 40001 with a message naming the parameter."""
    return TikTokError(INVALID_PARAM, message)


def no_permission(advertiser_id: str) -> TikTokError:
    """Code 40002 for an advertiser the token may not access (or that does not exist)."""
    return TikTokError(NO_PERMISSION, f"No permission to operate advertiser {advertiser_id}.")
