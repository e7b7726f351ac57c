"""What the three marketplace emulators share: credentials, signatures, faults, stats, errors.

Each platform module (``shopee``, ``lazada``, ``tiktok_shop``) parses its own request shape and
renders its own body; this module runs the common pipeline around it::

    fault injection -> authentication (app key, signature, access token, shop) -> handler
    -> stats (route family, shop id, status, faults fired) -> truncated-body fault

Sandbox credentials are fixed, published constants (this is a local emulator, they protect
nothing): partner/app keys and secrets below; the access token is the sandbox's ``--token``
(any non-empty token when none is set), the same for every shop. Request timestamps are required
but not compared with the clock (the simulated clock is not wall time).

Faults reuse the sandbox's rule kinds (:mod:`sandbox.faults`); on a shop route
``graph_error`` renders the platform's own error for the rule's ``code`` read as a category —
4, 17, 32, 613 and 80000–80014 (rate limits) → the platform's rate-limit error (HTTP 429);
190, 102 and 463 (token) → its auth error; 1 and 2 (temporary) → its server error (HTTP 500);
anything else → its parameter error — and ``message``, when set, replaces the platform's error
code (Shopee ``error``, Lazada ``code``, TikTok Shop numeric ``code``). ``http_error`` and
``truncated_body`` behave as on the Graph routes. Faults match on method, path and
``account_id`` = the shop id.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import orjson
from starlette.responses import Response

from sandbox.faults import FaultRule, FaultSet
from sandbox.stats import Stats

SHOPEE_PARTNER_ID = 2001887
SHOPEE_PARTNER_KEY = "sandbox-shopee-partner-key-2001887"
LAZADA_APP_KEY = "100887"
LAZADA_APP_SECRET = "sandbox-lazada-app-secret-100887"  # noqa: S105 - public sandbox constant
TIKTOK_SHOP_APP_KEY = "6sandboxappkey"
TIKTOK_SHOP_APP_SECRET = "sandbox-tiktok-shop-app-secret"  # noqa: S105 - public sandbox constant

Category = Literal["auth", "sign", "param", "rate_limit", "server", "not_found"]

_RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, *range(80000, 80015)})
_AUTH_CODES = frozenset({102, 190, 463})
_SERVER_CODES = frozenset({1, 2})


class ShopApiError(Exception):
    """An error a marketplace API would return, by category; the platform renders the body.

    Attributes:
        category: what went wrong (see :data:`Category`).
        message: human message.
        code: platform error code overriding the platform default (from a fault's ``message``).
    """

    def __init__(self, category: Category, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.category = category
        self.message = message
        self.code = code


def category_of_rule(rule: FaultRule) -> Category:
    """The error category a ``graph_error`` fault stands for on a shop route."""
    if rule.code in _RATE_LIMIT_CODES:
        return "rate_limit"
    if rule.code in _AUTH_CODES:
        return "auth"
    if rule.code in _SERVER_CODES:
        return "server"
    return "param"


def hmac_sha256_hex(key: str, message: str) -> str:
    """Lower-case hex HMAC-SHA256 of ``message`` (UTF-8) keyed with ``key``."""
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time string comparison (signatures, tokens)."""
    return hmac.compare_digest(a.encode(), b.encode())


@dataclass
class ShopCall:
    """One incoming marketplace request, as the platform module parsed it.

    Attributes:
        family: stats route family (``shopee.order_list`` ...).
        shop_id: the shop the request is about (None when it names none).
        fired: fault rules firing for this request.
    """

    family: str
    shop_id: str | None
    fired: list[FaultRule] = field(default_factory=list)


@dataclass
class ShopsContext:
    """Shared state of the three emulators (one per sandbox server).

    Attributes:
        faults: the server's fault rules.
        stats: the server's request counters.
        token: the only accepted access token (None = any non-empty token).
    """

    faults: FaultSet
    stats: Stats
    token: str | None = None
    _requests: int = 0

    def token_ok(self, token: str | None) -> bool:
        """Whether an access token is accepted."""
        if not token:
            return False
        return self.token is None or same(token, self.token)

    def request_id(self, family: str) -> str:
        """A deterministic request id (32 hex chars) from the request counter and family."""
        self._requests += 1
        return hashlib.md5(f"{self._requests}:{family}".encode(), usedforsecurity=False).hexdigest()

    def run(
        self,
        call: ShopCall,
        method: str,
        path: str,
        handle: Callable[[str], tuple[int, dict]],
        render_error: Callable[[ShopApiError, str], tuple[int, dict]],
    ) -> Response:
        """Fault injection, the handler (which authenticates), stats and body faults.

        Args:
            call: the parsed call (family, shop, fired rules are set here).
            method: HTTP method (for fault matching).
            path: URL path (for fault matching).
            handle: given the request id, returns (HTTP status, body) or raises
                :class:`ShopApiError`.
            render_error: the platform's error body for an error and a request id.
        """
        call.fired = self.faults.fire(method, path, call.shop_id)
        rid = self.request_id(call.family)
        response = self._fault_response(call, rid, render_error)
        if response is None:
            try:
                status, body = handle(rid)
            except ShopApiError as err:
                status, body = render_error(err, rid)
            raw = orjson.dumps(body)
            cut = next((r for r in call.fired if r.kind == "truncated_body"), None)
            if cut is not None:
                raw, status = raw[: max(1, int(len(raw) * cut.keep_fraction))], 200
            response = Response(raw, status_code=status, media_type="application/json")
        self.stats.record(
            call.family, call.shop_id, response.status_code, [r.kind for r in call.fired]
        )
        return response

    @staticmethod
    def _fault_response(
        call: ShopCall, rid: str, render_error: Callable[[ShopApiError, str], tuple[int, dict]]
    ) -> Response | None:
        rule = next((r for r in call.fired if r.kind in ("graph_error", "http_error")), None)
        if rule is None:
            return None
        if rule.kind == "http_error":
            status = rule.http_status or 503
            if rule.body == "empty":
                return Response(b"", status_code=status, media_type="text/plain")
            html = f"<html><body><h1>{status} Service Unavailable</h1></body></html>"
            return Response(html, status_code=status, media_type="text/html")
        err = ShopApiError(category_of_rule(rule), "injected fault", code=rule.message)
        status, body = render_error(err, rid)
        return Response(
            orjson.dumps(body),
            status_code=rule.http_status or status,
            media_type="application/json",
        )


def int_param(
    params: dict[str, str],
    name: str,
    default: int | None = None,
    *,
    lo: int | None = None,
    hi: int | None = None,
) -> int:
    """An integer query parameter, validated.

    Raises:
        ShopApiError: ``param`` when missing (without default), not an integer or out of range.
    """
    raw = params.get(name)
    if raw in (None, ""):
        if default is None:
            raise ShopApiError("param", f"{name} is required")
        return default
    try:
        value = int(str(raw))
    except ValueError:
        raise ShopApiError("param", f"{name} must be an integer, got {raw!r}") from None
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ShopApiError("param", f"{name} must be between {lo} and {hi}, got {value}")
    return value


def mask(text: str, keep_start: int = 1, keep_end: int = 1) -> str:
    """Mask the middle of a PII string like Shopee does (``Pimchanok`` -> ``P******k``)."""
    if len(text) <= keep_start + keep_end:
        return "*" * len(text)
    end = text[len(text) - keep_end :] if keep_end else ""
    return f"{text[:keep_start]}******{end}"
