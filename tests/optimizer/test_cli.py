"""``python -m optimizer``: the allocation request and the preview from the command line."""

from __future__ import annotations

import json

from extractors.common.warehouse import DuckDBWarehouse
from optimizer.cli import main
from tests.optimizer.marts_fixture import MartOwner, write_marts

OWNERS = [
    MartOwner("1", 1000.0, gain=4000.0, k=1500.0),
    MartOwner("2", 1000.0, gain=1400.0, k=1200.0),
    MartOwner("3", 500.0, gain=900.0, k=800.0, platform="tiktok"),
    MartOwner("4", 800.0, gain=3000.0, k=1000.0, delivering=False),
]


def warehouse(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with DuckDBWarehouse(path) as wh:
        write_marts(wh, OWNERS)
    return path


def test_allocate_json_answers_the_budget_optimization_request(tmp_path, capsys) -> None:
    db = warehouse(tmp_path)
    assert main(["--warehouse", str(db), "allocate", "--total-thb", "3000", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    recs = {r["object_id"]: r for r in body["recommendations"]}
    assert set(recs) == {"1", "2", "3"}  # delivering owners of every platform
    assert sum(r["recommended_budget_thb"] for r in recs.values()) == 3000.0
    assert recs["1"]["recommended_budget_thb"] > 1000 > recs["2"]["recommended_budget_thb"]
    assert body["expected_margin_thb"] > body["current_expected_margin_thb"]
    assert body["by_platform"]["tiktok"]["current_budget_thb"] == 500.0
    assert body["request"]["total_budget_thb"] == 3000.0 and body["message"] == "optimal"
    assert recs["1"]["budget_unit"] == "minor" and 0 < recs["1"]["confidence"] <= 1


def test_allocate_honours_the_step_and_platform_filters(tmp_path, capsys) -> None:
    db = warehouse(tmp_path)
    main(["--warehouse", str(db), "allocate", "--max-step", "0.1", "--platform", "meta", "--json"])
    body = json.loads(capsys.readouterr().out)
    assert {r["object_id"] for r in body["recommendations"]} == {"1", "2"}
    assert all(
        900 - 1e-6 <= r["recommended_budget_thb"] <= 1100 + 1e-6 for r in body["recommendations"]
    )
    assert body["total_budget_thb"] == 2000.0  # today's total of the selected owners


def test_preview_prints_the_plan_and_stores_it_only_when_asked(tmp_path, capsys) -> None:
    db = warehouse(tmp_path)
    assert main(["--warehouse", str(db), "preview", "--policy", "allocation"]) == 0
    assert "| status | platform |" in capsys.readouterr().out
    with DuckDBWarehouse(db, read_only=True) as wh:
        assert (
            wh.query(
                "select count(*) as n from information_schema.tables "
                "where table_name = 'budget_action_plans'"
            ).to_pylist()[0]["n"]
            == 0
        )
    main(["--warehouse", str(db), "preview", "--policy", "allocation", "--write", "--json"])
    printed = json.loads(capsys.readouterr().out)
    with DuckDBWarehouse(db, read_only=True) as wh:
        stored = wh.query("select action_id from ops.budget_action_plans").to_pylist()
    assert sorted(r["action_id"] for r in stored) == sorted(a["action_id"] for a in printed)
    assert printed


def test_a_missing_warehouse_is_a_clear_error(tmp_path, capsys) -> None:
    assert main(["--warehouse", str(tmp_path / "none.duckdb"), "allocate"]) == 2
    assert "run `make run` first" in capsys.readouterr().err
