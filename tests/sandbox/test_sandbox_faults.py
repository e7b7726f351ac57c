"""Fault injection: every kind, counters (times/after), matching, runtime and file config."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sandbox.faults import FaultError, load_rules, parse_rules
from tests.sandbox.sandbox_helpers import SG, TH, Graph

INSIGHTS = {"fields": "spend", "level": "account"}


def _codes(graph: Graph, n: int, path: str = f"act_{TH}/insights") -> list[int]:
    return [graph.get(path, **INSIGHTS).status_code for _ in range(n)]


def test_graph_error_fires_after_k_matches_for_n_requests(graph: Graph) -> None:
    graph.control(
        "POST",
        "faults",
        json=[
            {
                "match": {"method": "GET", "path_regex": "/insights"},
                "kind": "graph_error",
                "code": 17,
                "subcode": 2446079,
                "times": 2,
                "after": 1,
            }
        ],
    )
    assert _codes(graph, 5) == [200, 400, 400, 200, 200]
    graph.control(
        "POST",
        "faults",
        json=[
            {"match": {"path_regex": "/insights"}, "kind": "graph_error", "code": 613, "times": 1}
        ],
    )
    err = graph.get(f"act_{TH}/insights", **INSIGHTS).json()["error"]
    assert (err["code"], err["type"], err["is_transient"]) == (613, "OAuthException", True)
    assert "rate limit" in err["message"]
    described = graph.control("GET", "faults")
    assert described["rules"][0]["matched"] == 1
    assert described["fired"] == {"graph_error": 1}


def test_expired_token_fault_works_without_a_configured_token(graph: Graph) -> None:
    graph.control(
        "POST", "faults", json=[{"kind": "graph_error", "code": 190, "subcode": 463, "times": -1}]
    )
    for _ in range(3):
        err = graph.get(f"act_{TH}").json()["error"]
        assert (err["code"], err["error_subcode"]) == (190, 463)
    graph.control("DELETE", "faults")
    assert graph.get(f"act_{TH}").status_code == 200


def test_rules_match_on_method_and_account(graph: Graph) -> None:
    graph.control(
        "POST",
        "faults",
        json={
            "rules": [
                {
                    "match": {"account_id": f"act_{SG}"},
                    "kind": "graph_error",
                    "code": 80004,
                    "times": -1,
                },
                {"match": {"method": "POST"}, "kind": "graph_error", "code": 2, "times": -1},
            ]
        },
    )
    assert _codes(graph, 2) == [200, 200]
    assert _codes(graph, 2, f"act_{SG}/insights") == [400, 400]
    assert graph.get(f"act_{SG}/insights").json()["error"]["code"] == 80004
    assert graph.post(f"act_{TH}/insights", **INSIGHTS).json()["error"]["code"] == 2


@pytest.mark.parametrize(("body", "media"), [("html", "text/html"), ("empty", "text/plain")])
def test_http_error_returns_a_non_json_body(graph: Graph, body: str, media: str) -> None:
    graph.control("POST", "faults", json=[{"kind": "http_error", "http_status": 503, "body": body}])
    resp = graph.get(f"act_{TH}/campaigns")
    assert resp.status_code == 503
    assert resp.headers["content-type"].startswith(media)
    assert ("503" in resp.text) if body == "html" else resp.content == b""
    assert "x-app-usage" in resp.headers
    assert graph.get(f"act_{TH}/campaigns").status_code == 200


def test_truncated_body_is_a_200_with_invalid_json(graph: Graph) -> None:
    full = graph.get(f"act_{TH}/campaigns", fields="id,name").content
    graph.control("POST", "faults", json=[{"kind": "truncated_body", "keep_fraction": 0.5}])
    cut = graph.get(f"act_{TH}/campaigns", fields="id,name")
    assert cut.status_code == 200
    assert cut.content == full[: len(full) // 2]
    with pytest.raises(json.JSONDecodeError):
        json.loads(cut.content)


def test_async_job_failed_ends_the_run_and_hides_its_rows(graph: Graph) -> None:
    graph.control(
        "POST",
        "faults",
        json=[{"match": {"path_regex": "insights"}, "kind": "async_job_failed", "percent": 42}],
    )
    # a plain GET of insights does not consume the async rule
    assert graph.get(f"act_{TH}/insights", **INSIGHTS).status_code == 200
    failed = graph.post(f"act_{TH}/insights", **INSIGHTS).json()["report_run_id"]
    statuses = [graph.ok(failed)["async_status"] for _ in range(3)]
    assert statuses == ["Job Running", "Job Failed", "Job Failed"]
    assert graph.ok(failed)["async_percent_completion"] == 42
    assert graph.get(f"{failed}/insights").json()["error"]["code"] == 100
    ok = graph.post(f"act_{TH}/insights", **INSIGHTS).json()["report_run_id"]
    assert [graph.ok(ok)["async_status"] for _ in range(2)] == ["Job Running", "Job Completed"]


def test_async_slow_adds_status_polls(graph: Graph) -> None:
    graph.control("POST", "faults", json=[{"kind": "async_slow", "polls": 3}])
    run = graph.post(f"act_{TH}/insights", **INSIGHTS).json()["report_run_id"]
    seen = [
        (b["async_status"], b["async_percent_completion"])
        for b in (graph.ok(run) for _ in range(5))
    ]
    assert seen == [
        ("Job Not Started", 0),
        ("Job Started", 40),
        ("Job Running", 60),
        ("Job Running", 80),
        ("Job Completed", 100),
    ]


def test_usage_fault_sets_the_throttle_headers(graph: Graph) -> None:
    graph.control(
        "POST",
        "faults",
        json=[
            {
                "kind": "usage",
                "app_id_util_pct": 97.5,
                "acc_id_util_pct": 99,
                "times": -1,
                "estimated_time_to_regain_access": 7,
            }
        ],
    )
    resp = graph.get(f"act_{TH}/insights", **INSIGHTS)
    assert resp.status_code == 200
    throttle = json.loads(resp.headers["x-fb-ads-insights-throttle"])
    assert (throttle["app_id_util_pct"], throttle["acc_id_util_pct"]) == (97.5, 99.0)
    buc = json.loads(resp.headers["x-business-use-case-usage"])[TH][0]
    assert (buc["call_count"], buc["estimated_time_to_regain_access"]) == (99, 7)
    assert graph.control("GET", "stats")["faults"] == {"usage": 1}


def test_rules_load_from_yaml_and_json_files_and_reject_typos(
    tmp_path: Path, make_graph: Callable
) -> None:
    yml = tmp_path / "faults.yml"
    yml.write_text(
        "rules:\n  - match: {path_regex: /campaigns}\n    kind: http_error\n"
        "    http_status: 500\n    times: -1\n"
    )
    js = tmp_path / "faults.json"
    js.write_text(json.dumps([{"kind": "graph_error", "code": 4}]))
    assert [r.kind for r in load_rules(yml)] == ["http_error"]
    assert load_rules(js)[0].code == 4
    g = make_graph(faults=load_rules(yml))
    assert g.get(f"act_{TH}/campaigns").status_code == 500
    assert g.get(f"act_{TH}/ads").status_code == 200
    with pytest.raises(FaultError):
        parse_rules([{"kind": "graph_eror"}])
    with pytest.raises(FaultError):
        parse_rules([{"kind": "usage", "tims": 3}])
    resp = g.http.post("/__sandbox/faults", json=[{"kind": "nope"}])
    assert resp.status_code == 400
