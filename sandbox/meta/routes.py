"""Graph API routes: ``/{version}/{node}`` and ``/{version}/{node}/{edge}`` (GET and POST).

Served for any ``v<major>.<minor>`` version, with or without a trailing slash (the SDK posts
updates to ``/{version}/{id}/``). The access token comes from the ``access_token`` query or form
parameter or an ``Authorization: Bearer|OAuth <token>`` header. Each request passes through
fault injection, then authentication, then the handler; every response carries usage headers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.faults import FaultRule, FaultSet
from sandbox.meta.backend import MetaBackend
from sandbox.meta.errors import GraphError, expired_token, missing_token
from sandbox.meta.handlers import GraphHandlers
from sandbox.meta.usage import UsageTracker
from sandbox.stats import Stats

VERSION_RE = re.compile(r"^v\d+\.\d+$")
_INSIGHT_FAMILIES = frozenset(
    {"meta.insights", "meta.report_create", "meta.report_status", "meta.report_insights"}
)


@dataclass
class _Call:
    method: str
    path: str
    node: str
    edge: str | None
    params: dict[str, str]
    account_id: str | None = None
    family: str = "meta.node"
    fired: list[FaultRule] = field(default_factory=list)


class GraphApi:
    """The Graph emulator: wire it into Starlette with :meth:`routes`."""

    def __init__(
        self,
        backend: MetaBackend,
        faults: FaultSet,
        stats: Stats,
        token: str | None = None,
        clock: Callable[[], int] | None = None,
        usage: UsageTracker | None = None,
    ) -> None:
        self.handlers = GraphHandlers(backend, clock or (lambda: 0))
        self.backend, self.faults, self.stats = backend, faults, stats
        self.token = token
        self.usage = usage or UsageTracker()
        self._requests = 0

    def routes(self) -> list[Route]:
        """Starlette routes (with and without the trailing slash)."""
        methods = ["GET", "POST"]
        return [
            Route(p, self.handle, methods=methods)
            for p in (
                "/{version}/{node}",
                "/{version}/{node}/",
                "/{version}/{node}/{edge}",
                "/{version}/{node}/{edge}/",
            )
        ]

    async def handle(self, request: Request) -> Response:
        """Every Graph request."""
        params = dict(request.query_params)
        if request.method == "POST":
            params.update(await _body_params(request))
        call = _Call(
            request.method,
            request.url.path,
            request.path_params["node"],
            request.path_params.get("edge"),
            params,
        )
        call.account_id = self.handlers.account_for(call.node)
        call.family = self.handlers.family(call.method, call.node, call.edge)
        creation = call.method == "POST" and call.edge == "insights"
        call.fired = self.faults.fire(call.method, call.path, call.account_id, creation)
        self._requests += 1
        self.usage.record(call.account_id)
        response = self._fault_response(call)
        if response is None:
            response = self._graph_response(call, request, str(request.path_params["version"]))
        self._finish(call, response)
        return response

    def _graph_response(self, call: _Call, request: Request, version: str) -> Response:
        trace = f"{self._requests}:{call.method}:{call.path}"
        try:
            if not VERSION_RE.match(version):
                raise GraphError(2500, f"Unknown path components: /{version}/{call.node}")
            self._authenticate(call.params, request.headers.get("authorization"))
            body = self.handlers.dispatch(
                call.method, call.node, call.edge, call.params, _url_for(request), call.fired
            )
            status = 200
        except GraphError as err:
            status, body = err.http_status, err.body(trace)
        raw = orjson.dumps(body)
        truncate = next((r for r in call.fired if r.kind == "truncated_body"), None)
        if truncate is not None:
            raw, status = raw[: max(1, int(len(raw) * truncate.keep_fraction))], 200
        return Response(raw, status_code=status, media_type="application/json")

    def _authenticate(self, params: dict[str, str], auth: str | None) -> None:
        token = params.get("access_token")
        if not token and auth:
            scheme, _, value = auth.partition(" ")
            if scheme.lower() in ("bearer", "oauth"):
                token = value.strip()
        if not token:
            raise missing_token()
        if self.token is not None and token != self.token:
            raise expired_token()

    def _fault_response(self, call: _Call) -> Response | None:
        rule = next((r for r in call.fired if r.kind in ("graph_error", "http_error")), None)
        if rule is None:
            return None
        if rule.kind == "http_error":
            status = rule.http_status or 503
            if rule.body == "empty":
                return Response(b"", status_code=status, media_type="text/plain")
            html = (
                f"<html><head><title>Error {status}</title></head><body><h1>{status} "
                "Service Unavailable</h1></body></html>"
            )
            return Response(html, status_code=status, media_type="text/html")
        err = GraphError(
            rule.code, rule.message, subcode=rule.subcode, http_status=rule.http_status or 400
        )
        body = err.body(f"{self._requests}:fault:{call.path}")
        return Response(
            orjson.dumps(body), status_code=err.http_status, media_type="application/json"
        )

    def _finish(self, call: _Call, response: Response) -> None:
        override: dict[str, float] = {}
        for rule in call.fired:
            if rule.kind == "usage":
                override.update(rule.usage_override())
        headers = self.usage.headers(call.account_id, call.family in _INSIGHT_FAMILIES, override)
        response.headers.update(headers)
        self.stats.record(
            call.family, call.account_id, response.status_code, [r.kind for r in call.fired]
        )


async def _body_params(request: Request) -> dict[str, str]:
    """POST parameters from a form (the SDK's encoding) or JSON body.

    Parsed here with the standard library: Starlette's own form parser needs python-multipart,
    which the project does not depend on.
    """
    body = await request.body()
    if not body:
        return {}
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            return {}
        return (
            {k: v if isinstance(v, str) else orjson.dumps(v).decode() for k, v in data.items()}
            if isinstance(data, dict)
            else {}
        )
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def _url_for(request: Request) -> Callable[[str, str], str]:
    def build(key: str, cursor: str) -> str:
        url = request.url.remove_query_params(["after", "before"])
        return str(url.include_query_params(**{key: cursor}))

    return build
