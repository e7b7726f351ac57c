"""What each Graph path does, independent of HTTP (bodies in, bodies out, ``GraphError``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Protocol

from sandbox.faults import FaultRule
from sandbox.meta.backend import EDGE_KIND, NODE_TYPE, MetaBackend
from sandbox.meta.errors import invalid_param, unknown_object
from sandbox.meta.fields import parse_fields, select
from sandbox.meta.frame import InsightsFrame
from sandbox.meta.insights import InsightsQuery, parse_query
from sandbox.meta.paging import page_body, window
from sandbox.meta.render import render_rows
from sandbox.meta.reports import ReportRuns

UrlFor = Callable[[str, str], str]
_PARENT_COLUMN = {"campaign": "campaign_id", "adset": "adset_id", "ad": "ad_id"}
_CHILD_EDGES = {"campaign": ("adsets", "ads"), "adset": ("ads",), "ad": ()}


class GraphExtension(Protocol):
    """Extra Graph nodes served beside the Marketing API (e.g. ``sandbox.meta.content``)."""

    def owns(self, node: str) -> bool:
        """Whether the extension answers ``node``."""
        ...

    def account_for(self, node: str) -> str | None:
        """The account a node belongs to (faults, stats), None if not the extension's."""
        ...

    def family(self, method: str, node: str, edge: str | None) -> str | None:
        """Stats family of a request, None if not the extension's."""
        ...

    def dispatch(
        self, method: str, node: str, edge: str | None, params: dict[str, str], url_for: UrlFor
    ) -> dict:
        """Answer a request for one of its nodes."""
        ...


class GraphHandlers:
    """Dispatches Graph requests to the backend and report runs (and to ``extensions``)."""

    def __init__(self, backend: MetaBackend, clock: Callable[[], int]) -> None:
        self.backend = backend
        self.runs = ReportRuns()
        self._clock = clock
        self.extensions: list[GraphExtension] = []

    # --- routing facts ---------------------------------------------------------------------

    def account_for(self, node: str) -> str | None:
        """The ad account a node belongs to (digits), if it is known."""
        if node.startswith("act_"):
            return node.removeprefix("act_")
        for ext in self.extensions:
            if ext.owns(node):
                return ext.account_for(node)
        run = self.runs.get(node)
        return run.account_id if run else self.backend.account_of(node)

    def family(self, method: str, node: str, edge: str | None) -> str:
        """Route family for stats and usage headers."""
        for ext in self.extensions:
            if ext.owns(node):
                return ext.family(method, node, edge) or "meta.node"
        is_run = self.runs.get(node) is not None
        if edge == "insights":
            if method == "POST":
                return "meta.report_create"
            return "meta.report_insights" if is_run else "meta.insights"
        if edge:
            return f"meta.{edge}"
        if method == "POST":
            return "meta.write"
        if is_run:
            return "meta.report_status"
        return "meta.account" if node.startswith("act_") else "meta.node"

    # --- dispatch --------------------------------------------------------------------------

    def dispatch(
        self,
        method: str,
        node: str,
        edge: str | None,
        params: dict[str, str],
        url_for: UrlFor,
        fired: list[FaultRule],
    ) -> dict:
        """Answer one Graph request (authentication and faults already handled)."""
        for ext in self.extensions:
            if ext.owns(node):
                return ext.dispatch(method, node, edge, params, url_for)
        if edge is None:
            return self._node_post(node, params) if method == "POST" else self._node(node, params)
        if edge == "insights":
            if method == "POST":
                return self._create_run(node, params, fired)
            return self._insights(node, params, url_for)
        if method == "POST":
            raise unknown_object(node, "post")
        return self._edge(node, edge, params, url_for)

    def _node(self, node: str, params: dict[str, str]) -> dict:
        fields = parse_fields(params.get("fields"))
        if node.startswith("act_"):
            found = self.backend.account_node(node)
            if found is None:
                raise unknown_object(node)
            return select(found, fields, "AdAccount", ("id", "account_id", "name"))
        run = self.runs.poll(node)
        if run is not None:
            full = run.node()
            return select(full, fields, "AdReportRun", tuple(full))
        hit = self.backend.find_object(node)
        if hit is None:
            raise unknown_object(node)
        kind, obj = hit
        return select(obj, fields, NODE_TYPE[kind], ("id", "name"))

    def _node_post(self, node: str, params: dict[str, str]) -> dict:
        if node.startswith("act_") or self.runs.get(node) is not None:
            raise unknown_object(node, "post")
        self.backend.update(node, params)
        return {"success": True}

    def _edge(self, node: str, edge: str, params: dict[str, str], url_for: UrlFor) -> dict:
        kind = EDGE_KIND.get(edge)
        if node.startswith("act_"):
            if self.backend.account_node(node) is None:
                raise unknown_object(node)
            objs = self.backend.objects(node, kind) if kind else None
        else:
            hit = self.backend.find_object(node)
            if hit is None:
                raise unknown_object(node)
            parent_kind, parent = hit
            objs = None
            if kind and edge in _CHILD_EDGES.get(parent_kind, ()):
                column = _PARENT_COLUMN[parent_kind]
                objs = [
                    o
                    for o in self.backend.objects(parent["account_id"], kind)
                    if o.get(column) == node
                ]
        if objs is None or kind is None:
            raise invalid_param(f"Tried accessing nonexisting field ({edge})")
        objs = _filter_status(objs, params)
        fields = parse_fields(params.get("fields"))
        win = window(len(objs), params)
        data = [select(o, fields, NODE_TYPE[kind]) for o in objs[win.start : win.stop]]
        body = page_body(data, win, url_for)
        if params.get("summary") in ("true", "1", "True"):
            body["summary"] = {"total_count": len(objs)}
        return body

    # --- insights --------------------------------------------------------------------------

    def _query(self, node: str, params: dict[str, str]) -> tuple[str, InsightsQuery]:
        scope: tuple[tuple[str, frozenset[str]], ...]
        if node.startswith("act_"):
            if self.backend.account_node(node) is None:
                raise unknown_object(node)
            account, level, scope = node.removeprefix("act_"), "account", ()
        else:
            hit = self.backend.find_object(node)
            if hit is None or hit[0] not in _PARENT_COLUMN:
                raise unknown_object(node)
            account = str(hit[1]["account_id"]).removeprefix("act_")
            level, scope = hit[0], ((_PARENT_COLUMN[hit[0]], frozenset({node})),)
        q = parse_query(
            params, level, self.backend.local_today(account), self.backend.default_range(account)
        )
        return account, InsightsQuery(
            q.level, q.fields, q.since, q.until, q.all_days, q.filters + scope
        )

    def _frame(self, account: str, q: InsightsQuery) -> InsightsFrame:
        frame = self.backend.insights(account, q.level, q.since, q.until, q.filters)
        return frame.rollup(q.level, by_day=False) if q.all_days else frame

    def _insights(self, node: str, params: dict[str, str], url_for: UrlFor) -> dict:
        run = self.runs.get(node)
        if run is not None:
            if not run.completed:
                status, pct = run.status()
                raise invalid_param(f"Report run {node} is not complete ({status}, {pct}%)")
            account, q, frame = run.account_id, run.query, run.frame
        else:
            account, q = self._query(node, params)
            frame = self._frame(account, q)
        win = window(len(frame), params)
        return page_body(render_rows(frame, q, win.start, win.stop), win, url_for)

    def _create_run(self, node: str, params: dict[str, str], fired: list[FaultRule]) -> dict:
        account, q = self._query(node, params)
        extra = sum(r.polls for r in fired if r.kind == "async_slow")
        fail = next((r.percent for r in fired if r.kind == "async_job_failed"), None)
        run = self.runs.create(account, q, self._frame(account, q), self._clock(), extra, fail)
        return {"report_run_id": run.id}


def _filter_status(objs: list[dict], params: dict[str, str]) -> list[dict]:
    raw = params.get("effective_status")
    if not raw:
        return objs
    try:
        wanted = set(json.loads(raw)) if raw.startswith("[") else set(raw.split(","))
    except ValueError as exc:
        raise invalid_param("effective_status must be a JSON array") from exc
    # recorded objects without a status (Fivetran history) cannot be judged: keep them
    return [o for o in objs if "effective_status" not in o or o["effective_status"] in wanted]
