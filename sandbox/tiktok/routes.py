"""TikTok Business API v1.3 routes (``/open_api/v1.3/...``), mounted on the sandbox app.

Each request passes through fault injection, then authentication (the ``Access-Token`` header),
then the handler. Every answer that reaches the API layer is HTTP 200 with
``{"code", "message", "request_id", "data"}`` (errors included, as the real API does); only
injected ``http_error`` faults change the HTTP status. Requests are counted in the sandbox stats
under route families ``tiktok.advertiser``, ``tiktok.campaign``, ``tiktok.adgroup``,
``tiktok.ad``, ``tiktok.report`` and ``tiktok.write``, per advertiser.

POST bodies are JSON (the SDK's encoding); GET parameters are query parameters with lists and
objects JSON-encoded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.faults import FaultRule, FaultSet
from sandbox.stats import Stats
from sandbox.tiktok.backend import TikTokBackend
from sandbox.tiktok.errors import TOKEN_INVALID, TOKEN_MISSING, TikTokError, request_id
from sandbox.tiktok.handlers import TikTokHandlers
from sandbox.tiktok.params import str_list
from sandbox.tiktok.posts import business_videos

PREFIX = "/open_api/v1.3"

Handler = Callable[[TikTokHandlers, dict[str, Any]], dict]

_ROUTES: dict[str, tuple[str, str, Handler]] = {
    "advertiser/info": ("GET", "tiktok.advertiser", lambda h, p: h.advertiser_info(p)),
    "campaign/get": ("GET", "tiktok.campaign", lambda h, p: h.objects("campaign", p)),
    "adgroup/get": ("GET", "tiktok.adgroup", lambda h, p: h.objects("adgroup", p)),
    "ad/get": ("GET", "tiktok.ad", lambda h, p: h.objects("ad", p)),
    "report/integrated/get": ("GET", "tiktok.report", lambda h, p: h.report(p)),
    "campaign/update": ("POST", "tiktok.write", lambda h, p: h.update_budget("campaign", p)),
    "adgroup/update": ("POST", "tiktok.write", lambda h, p: h.update_budget("adgroup", p)),
    "campaign/status/update": ("POST", "tiktok.write", lambda h, p: h.update_status("campaign", p)),
    "adgroup/status/update": ("POST", "tiktok.write", lambda h, p: h.update_status("adgroup", p)),
    "ad/status/update": ("POST", "tiktok.write", lambda h, p: h.update_status("ad", p)),
    # Accounts API (organic videos of a TikTok account): sandbox/tiktok/posts.py
    "business/video/list": (
        "GET",
        "tiktok.business_video",
        lambda h, p: business_videos(h.backend, p),
    ),
}


class TikTokApi:
    """The TikTok emulator: wire it into Starlette with :meth:`routes`.

    Args:
        backend: the market or replay data.
        faults: the sandbox's fault rules (``tiktok_error``, ``http_error``,
            ``truncated_body`` apply here).
        stats: the sandbox's request counters.
        token: the only accepted access token; None accepts any non-empty token.
    """

    def __init__(
        self, backend: TikTokBackend, faults: FaultSet, stats: Stats, token: str | None = None
    ) -> None:
        self.backend, self.faults, self.stats, self.token = backend, faults, stats, token
        self.handlers = TikTokHandlers(backend)
        self._requests = 0

    def routes(self) -> list[Route]:
        """Starlette routes, with and without the trailing slash."""
        out = []
        for path, (method, family, fn) in _ROUTES.items():
            endpoint = self._endpoint(family, fn)
            out += [
                Route(f"{PREFIX}/{path}/", endpoint, methods=[method]),
                Route(f"{PREFIX}/{path}", endpoint, methods=[method]),
            ]
        return out

    def _endpoint(self, family: str, fn: Handler) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            params: dict[str, Any] = dict(request.query_params)
            if request.method == "POST":
                params.update(await _json_body(request))
            self._requests += 1
            rid = request_id(f"{self._requests}:{request.method}:{request.url.path}")
            account = _account_of(params)
            fired = self.faults.fire(request.method, request.url.path, account)
            response = _fault_response(fired, rid)
            if response is None:
                response = self._answer(request, params, fn, rid, fired)
            self.stats.record(family, account, response.status_code, [r.kind for r in fired])
            return response

        return endpoint

    def _answer(
        self,
        request: Request,
        params: dict[str, Any],
        fn: Handler,
        rid: str,
        fired: list[FaultRule],
    ) -> Response:
        try:
            self._authenticate(request.headers.get("access-token"))
            body = {
                "code": 0,
                "message": "OK",
                "request_id": rid,
                "data": fn(self.handlers, params),
            }
        except TikTokError as err:
            body = err.body(rid)
        raw = orjson.dumps(body)
        cut = next((r for r in fired if r.kind == "truncated_body"), None)
        if cut is not None:
            raw = raw[: max(1, int(len(raw) * cut.keep_fraction))]
        return Response(raw, status_code=200, media_type="application/json")

    def _authenticate(self, token: str | None) -> None:
        if not token:
            raise TikTokError(TOKEN_MISSING)
        if self.token is not None and token != self.token:
            raise TikTokError(TOKEN_INVALID)


def _account_of(params: dict[str, Any]) -> str | None:
    if params.get("advertiser_id"):
        return str(params["advertiser_id"])
    if params.get("business_id"):  # Accounts API: the TikTok account
        return str(params["business_id"])
    try:
        ids = str_list(params, "advertiser_ids")
    except TikTokError:
        return None
    return ids[0] if ids else None


def _fault_response(fired: list[FaultRule], rid: str) -> Response | None:
    rule = next((r for r in fired if r.kind in ("tiktok_error", "http_error")), None)
    if rule is None:
        return None
    if rule.kind == "http_error":
        status = rule.http_status or 503
        if rule.body == "empty":
            return Response(b"", status_code=status, media_type="text/plain")
        html = f"<html><body><h1>{status} Service Unavailable</h1></body></html>"
        return Response(html, status_code=status, media_type="text/html")
    body = TikTokError(rule.code, rule.message).body(rid)
    return Response(orjson.dumps(body), status_code=200, media_type="application/json")


async def _json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}
