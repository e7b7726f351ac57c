"""Run the dbt project's own compiled SQL on a DuckDB file, without dbt in the loop.

The closed-loop benchmark rebuilds the optimizer marts 30 times per policy and seed; a ``dbt
build`` each time would cost ~10 s. Instead ``dbt compile`` runs once (:func:`compile_models`)
and each rebuild executes the compiled SQL of the selected nodes in dependency order
(:func:`materialize`): views as views, tables and incremental models as full tables (the
compiled SQL of an incremental model without window vars is its full rebuild), seeds from their
CSV. The SQL is exactly the project's; what is skipped is dbt's bookkeeping (tests, contracts,
docs), which ``tests/dbt`` covers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT = REPO_ROOT / "dbt_project"


@dataclass(frozen=True)
class Node:
    """One compiled dbt node: ``schema.name``, how to materialize it, and its SQL (or seed CSV)."""

    unique_id: str
    schema: str
    name: str
    materialized: str
    sql: str | None
    seed_path: Path | None


def _dbt(args: list[str], db_path: Path, work: Path, dbt_vars: dict | None) -> None:
    env = {
        **os.environ,
        "ADPILOT_DUCKDB_PATH": str(db_path),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    cmd = [
        str(Path(sys.executable).parent / "dbt"),
        *args,
        "--project-dir",
        str(DBT_PROJECT),
        "--profiles-dir",
        str(DBT_PROJECT),
        "--quiet",
    ]
    if dbt_vars:
        cmd += ["--vars", json.dumps(dbt_vars)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if out.returncode:
        raise RuntimeError(
            f"dbt {' '.join(args)} failed:\n{out.stdout[-3000:]}{out.stderr[-2000:]}"
        )


def _order(nodes: dict[str, dict], wanted: set[str]) -> list[str]:
    done: list[str] = []

    def visit(uid: str) -> None:
        if uid in done or uid not in wanted:
            return
        for dep in nodes[uid].get("depends_on", {}).get("nodes", []):
            visit(dep)
        done.append(uid)

    for uid in sorted(wanted):
        visit(uid)
    return done


def compile_models(
    select: str, db_path: Path, work: Path, dbt_vars: dict | None = None
) -> list[Node]:
    """``dbt compile --select <select>`` once; the selected nodes in dependency order.

    The database file must be named like the ones :func:`materialize` runs on (compiled SQL
    names the DuckDB catalog, which is the file's stem).
    """
    _dbt(["compile", "--select", select], db_path, work, dbt_vars)
    manifest = json.loads((work / "target" / "manifest.json").read_text())
    listed = subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            "ls",
            "--select",
            select,
            "--resource-type",
            "model",
            "seed",
            "--output",
            "json",
            "--output-keys",
            "unique_id",
            "--project-dir",
            str(DBT_PROJECT),
            "--profiles-dir",
            str(DBT_PROJECT),
            "--quiet",
        ],
        env={
            **os.environ,
            "ADPILOT_DUCKDB_PATH": str(db_path),
            "DBT_TARGET_PATH": str(work / "target"),
            "DBT_LOG_PATH": str(work / "logs"),
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    wanted = {json.loads(line)["unique_id"] for line in listed.splitlines() if line.strip()}
    nodes = manifest["nodes"]
    out = []
    for uid in _order(nodes, wanted):
        n = nodes[uid]
        seed = DBT_PROJECT / n["original_file_path"] if n["resource_type"] == "seed" else None
        out.append(
            Node(
                uid,
                n["schema"],
                n["alias"] or n["name"],
                n["config"]["materialized"],
                n.get("compiled_code"),
                seed,
            )
        )
    return out


def materialize(con: duckdb.DuckDBPyConnection, nodes: list[Node]) -> None:
    """Build every node on ``con`` (replacing what exists), in the given order."""
    for n in nodes:
        con.execute(f'create schema if not exists "{n.schema}"')
        target = f'"{n.schema}"."{n.name}"'
        if n.seed_path is not None:
            con.execute(
                f"create or replace table {target} as "
                f"select * from read_csv_auto('{n.seed_path}', header = true)"
            )
        elif n.materialized == "view":
            con.execute(f"create or replace view {target} as {n.sql}")
        else:
            con.execute(f"create or replace table {target} as {n.sql}")
