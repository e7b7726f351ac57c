"""Constants and a small Graph client shared by the sandbox tests."""

from __future__ import annotations

import json
import warnings
from datetime import UTC, datetime
from pathlib import Path

with warnings.catch_warnings():  # starlette warns that its TestClient will move to httpx2
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from sandbox.server import Sandbox

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TH, SG, US = "7010000000000001", "7010000000000002", "7010000000000003"
SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


class Graph:
    """A tiny Graph client over a Starlette TestClient (no sockets)."""

    def __init__(self, sandbox: Sandbox, token: str = "test-token") -> None:
        self.sandbox = sandbox
        self.http = TestClient(sandbox.app)
        self.token = token

    def _params(self, params: dict) -> dict:
        out = {"access_token": self.token}
        for k, v in params.items():
            out[k] = v if isinstance(v, str) else json.dumps(v)
        return out

    def get(self, path: str, **params: object):
        return self.http.get(f"/v21.0/{path}", params=self._params(params))

    def post(self, path: str, **params: object):
        return self.http.post(f"/v21.0/{path}", data=self._params(params))

    def ok(self, path: str, **params: object) -> dict:
        resp = self.get(path, **params)
        assert resp.status_code == 200, resp.text
        return resp.json()

    def all_pages(self, path: str, **params: object) -> list[dict]:
        """Follow ``paging.cursors.after`` while ``paging.next`` exists (like the SDK)."""
        rows, after = [], None
        while True:
            body = self.ok(path, **params, **({"after": after} if after else {}))
            rows += body["data"]
            if "next" not in body.get("paging", {}):
                return rows
            after = body["paging"]["cursors"]["after"]

    def control(self, method: str, path: str, **kw: object) -> dict:
        resp = self.http.request(method, f"/__sandbox/{path}", **kw)
        assert resp.status_code == 200, resp.text
        return resp.json()
