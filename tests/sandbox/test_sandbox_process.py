"""The process helper and CLI: a real ``python -m sandbox serve`` subprocess, started and stopped."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
import requests

from sandbox.cli import DEFAULT_REPLAY_DIR, _knobs, build_parser
from sandbox.process import running_sandbox
from tests.sandbox.sandbox_helpers import NOW, TH


def test_running_sandbox_serves_a_subprocess_and_stops_it_cleanly() -> None:
    faults = [{"match": {"path_regex": "/campaigns"}, "kind": "http_error", "http_status": 502}]
    with running_sandbox(seed=3, days=10, now=NOW, faults=faults, token="tok") as sbx:
        assert sbx.base_url == f"http://127.0.0.1:{sbx.port}"
        url = f"{sbx.base_url}/v21.0/act_{TH}"
        assert requests.get(url, params={"access_token": "tok"}, timeout=10).status_code == 200
        assert (
            requests.get(url, params={"access_token": "bad"}, timeout=10).json()["error"]["code"]
            == 190
        )
        assert (
            requests.get(f"{url}/campaigns", params={"access_token": "tok"}, timeout=10).status_code
            == 502
        )
        assert sbx.info()["seed"] == 3
        assert sbx.advance(1)["now"] == "2026-11-22T12:00:00Z"
        assert sbx.stats()["routes"] == {"meta.account": 2, "meta.campaigns": 1}
        sbx.clear_faults()
        assert (
            requests.get(f"{url}/campaigns", params={"access_token": "tok"}, timeout=10).status_code
            == 200
        )
        pid_hint = sbx.port
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{pid_hint}/__sandbox/health", timeout=2)


def test_cli_parses_scale_knobs_replay_default_and_clock() -> None:
    args = build_parser().parse_args(
        [
            "serve",
            "--port",
            "9000",
            "--now",
            "2026-11-21T12:00:00Z",
            "--replay",
            "--ads",
            "meta=10000",
            "--days",
            "365",
        ]
    )
    assert (args.port, args.days, args.now) == (9000, 365, NOW)
    assert args.replay == DEFAULT_REPLAY_DIR
    repo = Path(__file__).resolve().parents[2]
    assert repo.parent / "shared" / "data" == DEFAULT_REPLAY_DIR
    assert _knobs(args.ads) == {"meta": 10000}
    with pytest.raises(argparse.ArgumentTypeError):
        _knobs(["facebook=3"])
    assert build_parser().parse_args(["serve"]).replay is None
