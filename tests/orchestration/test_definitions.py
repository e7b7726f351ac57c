"""Snapshot of the Dagster definitions, and what happens when the accounts file is wrong.

Regenerate the snapshot after an intended change with ``UPDATE_SNAPSHOT=1 pytest <this file>``.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SNAPSHOT = Path(__file__).with_name("definitions_snapshot.json")
REPO = Path(__file__).resolve().parents[2]


def describe(defs) -> dict:
    graph = defs.resolve_asset_graph()
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        assets[key.to_user_string()] = {
            "group": node.group_name,
            "partitioned": node.partitions_def is not None,
        }
    checks = sorted(f"{c.asset_key.to_user_string()}:{c.name}" for c in graph.asset_check_keys)
    return {
        "assets": assets,
        "checks": checks,
        "jobs": sorted(j.name for j in defs.resolve_all_job_defs() if not j.name.startswith("__")),
        "schedules": {s.name: s.cron_schedule for s in defs.schedules or []},
        "sensors": sorted(s.name for s in defs.sensors or []),
        "resources": sorted(defs.resources or {}),
    }


def test_definitions_match_the_snapshot(monkeypatch):
    monkeypatch.delenv("ADPILOT_ACCOUNTS_FILE", raising=False)
    from orchestration.definitions import defs

    current = describe(defs)
    if os.environ.get("UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")
    expected = json.loads(SNAPSHOT.read_text())
    assert current == expected, "definitions changed: review, then UPDATE_SNAPSHOT=1 to accept"


def test_raw_tables_and_their_dbt_sources_are_one_node_each():
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    raw = [k for k in graph.get_all_asset_keys() if k.path[0] == "raw"]
    assert raw, "no raw assets"
    for key in raw:
        node = graph.get(key)
        assert node.is_materializable, f"{key} is only a dbt source, not the extractor asset"
        children = {c.path[0] for c in node.child_keys}
        assert "staging" in children, f"{key} feeds no staging model"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("meta:\n  accounts:\n    - account_id: act_12x\n", "meta.accounts[0].account_id"),
        ("meta:\n  api_version: 21\n  accounts: []\n", "meta.api_version"),
        ("meta:\n  lookback_days: 90\n  accounts: []\n", "meta.lookback_days"),
    ],
)
def test_malformed_accounts_file_fails_at_load_naming_the_field(tmp_path, text, field):
    bad = tmp_path / "accounts.yml"
    bad.write_text(text)
    env = {**os.environ, "ADPILOT_ACCOUNTS_FILE": str(bad)}
    proc = subprocess.run(
        [sys.executable, "-c", "import orchestration.definitions"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode != 0
    assert "ConfigError" in proc.stderr
    assert f"{bad}: {field}" in proc.stderr


def test_missing_accounts_file_fails_at_load(tmp_path):
    env = {**os.environ, "ADPILOT_ACCOUNTS_FILE": str(tmp_path / "nope.yml")}
    proc = subprocess.run(
        [sys.executable, "-c", "import orchestration.definitions"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode != 0
    assert "nope.yml: configuration file not found" in proc.stderr
