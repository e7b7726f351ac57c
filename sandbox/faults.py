"""Fault injection: deterministic, counter-based rules that break chosen requests.

A rule (YAML or JSON; a file holds a list of rules or ``{"rules": [...]}``)::

    - match: {method: GET, path_regex: "/insights", account_id: "7010000000000001"}
      kind: graph_error          # see KINDS
      code: 17                   # graph_error: Graph code, subcode, http_status (400), message
      times: 2                   # first N matching requests (-1 = forever; default 1)
      after: 0                   # skip the first K matching requests

Kinds: ``graph_error`` (a Graph error body), ``tiktok_error`` (a TikTok body ``code`` with
HTTP 200: ``code``, ``message``), ``http_error`` (``http_status`` 500/503 with an
HTML or empty ``body``), ``truncated_body`` (200 with the JSON cut mid-way),
``async_job_failed`` (matching report runs end "Job Failed" at ``percent``),
``async_slow`` (``polls`` extra status polls before completion), ``usage`` (usage headers show
``app_id_util_pct`` / ``acc_id_util_pct`` / ``estimated_time_to_regain_access``), and for the
Google Ads gRPC server ``grpc_error`` (a gRPC ``grpc_status`` with a ``GoogleAdsFailure`` of
``google_error``, e.g. ``quota_error.RESOURCE_EXHAUSTED`` with ``retry_delay_s``; after
``after_messages`` stream messages when > 0). gRPC requests match with method ``POST`` and the
path ``/google.ads.googleads.v26.services.<Service>/<Method>`` (SearchStream: plus a space and
the GAQL query); ``grpc_error`` rules see only gRPC requests and the other kinds only HTTP ones.

Every rule counts the requests it matches; async kinds count only report-run creations
(``POST .../insights``). ``graph_error`` and the async kinds see only Graph paths,
``tiktok_error`` only TikTok paths (``/open_api/...``). No wall clock, no randomness: the same
requests fail every run.
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Literal

import grpc
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

Kind = Literal[
    "graph_error",
    "http_error",
    "truncated_body",
    "async_job_failed",
    "async_slow",
    "usage",
    "grpc_error",
    "tiktok_error",
]
RESPONSE_KINDS = frozenset({"graph_error", "http_error", "tiktok_error"})
ASYNC_KINDS = frozenset({"async_job_failed", "async_slow"})
GRPC_KINDS = frozenset({"grpc_error"})
TIKTOK_PATH_PREFIX = "/open_api/"
GRAPH_ONLY_KINDS = frozenset({"graph_error", *ASYNC_KINDS})


class FaultError(ValueError):
    """Fault rules that do not validate."""


class Match(BaseModel):
    """Which requests a rule applies to (every given condition must hold)."""

    model_config = ConfigDict(extra="forbid")

    method: str | None = None
    path_regex: str | None = None
    account_id: str | None = None

    def matches(self, method: str, path: str, account_id: str | None) -> bool:
        """Whether a request matches (``account_id`` compared without ``act_``)."""
        if self.method and self.method.upper() != method.upper():
            return False
        if self.path_regex and not re.search(self.path_regex, path):
            return False
        want = (self.account_id or "").removeprefix("act_")
        return not want or want == (account_id or "")


class FaultRule(BaseModel):
    """One rule (see the module docstring for the kinds and their parameters)."""

    model_config = ConfigDict(extra="forbid")

    match: Match = Field(default_factory=Match)
    kind: Kind
    times: int = 1
    after: int = 0
    code: int = 1
    subcode: int | None = None
    http_status: int | None = None
    message: str | None = None
    body: Literal["html", "empty"] = "html"
    keep_fraction: float = Field(0.5, gt=0.0, lt=1.0)
    percent: int = Field(37, ge=0, le=100)
    polls: int = Field(3, ge=0)
    app_id_util_pct: float | None = None
    acc_id_util_pct: float | None = None
    estimated_time_to_regain_access: int | None = None
    grpc_status: str | None = None
    google_error: str | None = Field(None, pattern=r"^[a-z_]+_error\.[A-Z_0-9]+$")
    after_messages: int = Field(0, ge=0)
    retry_delay_s: float | None = Field(None, ge=0)

    @field_validator("grpc_status")
    @classmethod
    def _grpc_status(cls, v: str | None) -> str | None:
        if v is not None and v not in grpc.StatusCode.__members__:
            raise ValueError(f"{v!r} is not a gRPC status code name (e.g. RESOURCE_EXHAUSTED)")
        return v

    def usage_override(self) -> dict[str, float]:
        """The usage-header values this rule sets."""
        keys = ("app_id_util_pct", "acc_id_util_pct", "estimated_time_to_regain_access")
        return {k: getattr(self, k) for k in keys if getattr(self, k) is not None}


def parse_rules(data: object) -> list[FaultRule]:
    """Validate rules from parsed JSON/YAML (a list, or a mapping with ``rules``).

    Raises:
        FaultError: with pydantic's explanation.
    """
    if isinstance(data, dict):
        data = data.get("rules", [])
    if data is None:
        return []
    if not isinstance(data, list):
        raise FaultError("fault rules must be a list or {'rules': [...]}")
    try:
        return [FaultRule.model_validate(r) for r in data]
    except ValidationError as exc:
        raise FaultError(str(exc)) from exc


def load_rules(path: str | Path) -> list[FaultRule]:
    """Read rules from a ``.yml``/``.yaml`` or ``.json`` file."""
    text = Path(path).read_text(encoding="utf-8")
    data = json.loads(text) if str(path).endswith(".json") else yaml.safe_load(text)
    return parse_rules(data)


class FaultSet:
    """The active rules and their match counters (thread-safe)."""

    def __init__(self, rules: list[FaultRule] | None = None) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._seen: list[int] = []
        self.fired: dict[str, int] = {}
        self.replace(rules or [])

    def replace(self, rules: list[FaultRule]) -> None:
        """Install new rules (match and fire counters restart)."""
        with self._lock:
            self._rules = list(rules)
            self._seen = [0] * len(rules)
            self.fired = {}

    def clear(self) -> None:
        """Remove every rule."""
        self.replace([])

    def fire(
        self,
        method: str,
        path: str,
        account_id: str | None,
        creation: bool = False,
        *,
        rpc: bool = False,
    ) -> list[FaultRule]:
        """Count a request against every matching rule; return the rules that fire for it.

        Args:
            method: HTTP method.
            path: URL path.
            account_id: the ad account the request concerns (digits), if known.
            creation: the request creates an async report run (async kinds only see these).
            rpc: the request came to the gRPC server (only ``grpc_error`` rules see these).

        Returns:
            Firing rules in rule order.
        """
        out = []
        with self._lock:
            for i, rule in enumerate(self._rules):
                if rule.kind in ASYNC_KINDS and not creation:
                    continue
                tiktok = path.startswith(TIKTOK_PATH_PREFIX)
                if (rule.kind == "tiktok_error" and not tiktok) or (
                    rule.kind in GRAPH_ONLY_KINDS and tiktok
                ):
                    continue
                if (rule.kind in GRPC_KINDS) != rpc:
                    continue
                if not rule.match.matches(method, path, account_id):
                    continue
                n = self._seen[i]
                self._seen[i] += 1
                if n >= rule.after and (rule.times < 0 or n < rule.after + rule.times):
                    out.append(rule)
                    self.fired[rule.kind] = self.fired.get(rule.kind, 0) + 1
        return out

    def describe(self) -> dict:
        """Rules with their match counters (for ``GET /__sandbox/faults``)."""
        with self._lock:
            return {
                "rules": [
                    {**r.model_dump(exclude_none=True), "matched": n}
                    for r, n in zip(self._rules, self._seen, strict=True)
                ],
                "fired": dict(self.fired),
            }
