"""Graph API errors with the real body shape.

Wire format (https://developers.facebook.com/docs/graph-api/guides/error-handling)::

    {"error": {"message": "...", "type": "OAuthException", "code": 190, "error_subcode": 463,
               "fbtrace_id": "A...", "is_transient": false}}

Codes used: 100 invalid parameter (and, with subcode 33 and type GraphMethodException, unknown
object), 104 missing token, 190 invalid/expired token (subcode 463 = expired), 2500 unknown path,
and — through fault injection — 1, 2, 4, 17, 613, 80004 and others.
"""

from __future__ import annotations

import hashlib

DEFAULT_MESSAGES: dict[int, str] = {
    1: "An unknown error occurred",
    2: "Service temporarily unavailable",
    4: "Application request limit reached",
    17: "User request limit reached",
    100: "Invalid parameter",
    190: "Error validating access token: Session has expired on Saturday, 21-Nov-26 04:00:00 "
    "PST. The current time is Saturday, 21-Nov-26 04:00:01 PST.",
    613: "Calls to this api have exceeded the rate limit.",
    80004: "There have been too many calls to this ad-account. Wait a bit and try again. For "
    "more info, please refer to https://developers.facebook.com/docs/graph-api/overview/"
    "rate-limiting#ads-management.",
}
TRANSIENT_CODES = frozenset({1, 2, 4, 17, 341, 613, 80000, 80003, 80004})


class GraphError(Exception):
    """An error the Graph API would return.

    Attributes:
        code: Graph error code.
        message: human message (``(#code) ...`` prefix added for parameter errors).
        subcode: ``error_subcode`` or None.
        type: ``OAuthException``, ``GraphMethodException``...
        http_status: HTTP status of the response (400 unless stated).
        user_title / user_msg: ``error_user_title`` / ``error_user_msg`` when set.
    """

    def __init__(
        self,
        code: int,
        message: str | None = None,
        *,
        subcode: int | None = None,
        type_: str = "OAuthException",
        http_status: int = 400,
        user_title: str | None = None,
        user_msg: str | None = None,
    ) -> None:
        self.code = code
        self.message = message or DEFAULT_MESSAGES.get(code, "An unknown error occurred")
        self.subcode = subcode
        self.type = type_
        self.http_status = http_status
        self.user_title = user_title
        self.user_msg = user_msg
        super().__init__(f"({code}) {self.message}")

    def body(self, trace_seed: str) -> dict:
        """The JSON body; ``trace_seed`` makes the ``fbtrace_id`` deterministic."""
        err: dict = {"message": self.message, "type": self.type, "code": self.code}
        if self.subcode is not None:
            err["error_subcode"] = self.subcode
        err["is_transient"] = self.code in TRANSIENT_CODES
        if self.user_title:
            err["error_user_title"] = self.user_title
        if self.user_msg:
            err["error_user_msg"] = self.user_msg
        err["fbtrace_id"] = fbtrace_id(trace_seed)
        return {"error": err}


def fbtrace_id(seed: str) -> str:
    """A stable 23-character trace id derived from ``seed``."""
    return "A" + hashlib.sha256(seed.encode()).hexdigest()[:22]


def invalid_param(message: str, *, user_title: str | None = None) -> GraphError:
    """Code 100 with the real ``(#100) ...`` message prefix."""
    return GraphError(100, f"(#100) {message}", user_title=user_title)


def unknown_object(object_id: str, method: str = "get") -> GraphError:
    """The real error for an id that does not exist (code 100, subcode 33)."""
    return GraphError(
        100,
        f"Unsupported {method} request. Object with ID '{object_id}' does not exist, cannot be "
        "loaded due to missing permissions, or does not support this operation. Please read "
        "the Graph API documentation at https://developers.facebook.com/docs/graph-api",
        subcode=33,
        type_="GraphMethodException",
    )


def missing_token() -> GraphError:
    """No access token at all (code 104)."""
    return GraphError(104, "An access token is required to request this resource.")


def expired_token() -> GraphError:
    """Token rejected (code 190, subcode 463 "Session has expired")."""
    return GraphError(190, subcode=463)
