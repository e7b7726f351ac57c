"""The whole pipeline (Dagster job: extract → load → dbt build → checks) on DuckDB vs the sandbox."""

from datetime import UTC, datetime

import dagster as dg
import duckdb
import pytest

from config.accounts import load_accounts
from config.scoring import load_scoring
from orchestration.definitions import build_definitions
from orchestration.lib.partitions import range_tags
from orchestration.lib.settings import runtime_settings
from orchestration.run import simulated_window
from orchestration.sandbox_env import sandbox_env
from sandbox.process import running_sandbox

pytestmark = pytest.mark.e2e

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TOKEN = "e2e-sandbox-token-0001"
FAULTS = [
    {"kind": "graph_error", "code": 17, "match": {"path_regex": "/insights"}, "times": 2},
    {"kind": "http_error", "http_status": 503, "times": 2, "after": 4},
    {"kind": "async_job_failed", "times": 1},
    {"kind": "truncated_body", "match": {"path_regex": "/insights"}, "times": 1, "after": 6},
]


# Columns that record *when* a run happened, not what it loaded: content snapshots' capture time
# and the optimizer's per-run view (its clock is the latest sync, so the spend velocity measured
# at that instant and the row id built on it change with every run).
RUN_TIME_COLUMNS = (
    "snapshot_at",
    "as_of_at",
    "spend_velocity",
    "day_elapsed_fraction",
    "budget_recommendation_id",
)


def fingerprint(path) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent hash per table, load and run-time metadata excluded."""
    con = duckdb.connect(str(path), read_only=True)
    out = {}
    tables = con.sql(
        "select table_schema, table_name from information_schema.tables where "
        "table_schema in ('raw','marts') and table_type = 'BASE TABLE'"
    ).fetchall()
    for schema, name in tables:
        cols = [
            c
            for (c,) in con.sql(
                "select column_name from information_schema.columns where table_schema = ? and "
                "table_name = ? and column_name not in ('_loaded_at', 'raw_json', '_source') "
                "and list_position(?, column_name) is null",
                params=[schema, name, list(RUN_TIME_COLUMNS)],
            ).fetchall()
        ]
        sel = ", ".join(f'"{c}"' for c in cols)
        out[f"{schema}.{name}"] = con.execute(
            f"select count(*), coalesce(sum(hash(row({sel}))), 0) from {schema}.{name}"
        ).fetchall()[0]
    con.close()
    return out


def run_pipeline(defs: dg.Definitions, keys: dg.PartitionKeyRange) -> dg.ExecuteInProcessResult:
    job = defs.resolve_job_def("pipeline_job")
    # retries and polls wait through the same code path, just for milliseconds
    meta = defs.resources["meta"].model_copy(
        update={"retry_base_delay_s": 0.001, "poll_interval_s": 0.001}
    )
    return job.execute_in_process(
        tags=range_tags(keys),
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        resources={"meta": meta},
    )


def test_pipeline_under_faults_then_rerun_gives_identical_reconciled_tables(tmp_path, monkeypatch):
    db = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("ADPILOT_DUCKDB_PATH", str(db))
    monkeypatch.setenv("ADPILOT_PII_SALT", "e2e-test-salt")
    for var, folder in (
        ("ADPILOT_INBOX_DIR", "inbox"),
        ("ADPILOT_GA4_EXPORT_DIR", "ga4_export"),
        ("ADPILOT_RATELIMIT_DIR", "ratelimit"),
    ):  # nothing of the repository's data/ folder leaks in
        monkeypatch.setenv(var, str(tmp_path / folder))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    # dagster-dbt's runs' target directories, and the parse they start from, go here
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "dbt"))
    keys = simulated_window(NOW, 14)
    with running_sandbox(seed=11, days=20, now=NOW, token=TOKEN, in_process=True) as sb:
        # every source of the code location syncs from the sandbox, as in make run
        for name, value in sandbox_env(sb).items():
            monkeypatch.setenv(name, value)
        settings = runtime_settings()
        defs = build_definitions(settings, load_accounts(), load_scoring())
        sb.set_faults(FAULTS)
        first = run_pipeline(defs, keys)
        fired = sum(sb.stats()["faults"].values())
        sb.clear_faults()
        assert first.success, [e.message for e in first.all_events if e.is_failure]
        after_faults = fingerprint(db)
        second = run_pipeline(defs, keys)
    assert second.success
    assert fired >= 6, "the faults must actually have fired"
    assert fingerprint(db) == after_faults, "a re-run (and a run under faults) changed tables"
    assert after_faults["raw.meta_ads_insights"][0] > 500

    # the window reached dbt through the environment, and the second run kept the first's parse
    runs = sorted((tmp_path / "dbt").glob("*/dbt.log"), key=lambda p: p.stat().st_mtime)
    assert len(runs) == 2 and (tmp_path / "dbt" / "partial_parse.msgpack").exists()
    window = f"date_day between cast('{keys.start}' as date) and cast('{keys.end}' as date)"
    # dbt rotates its log at 10 MB: dbt.log.1, .2, ...
    first_log, second_log = (
        "".join(p.read_text() for p in r.parent.glob("dbt.log*")) for r in runs
    )
    assert "Unable to do partial parsing" in first_log  # nothing parsed before it here
    assert "Unable to do partial parsing" not in second_log
    assert "Nothing changed, skipping partial parsing" in second_log
    assert "delete from" in second_log and window in second_log

    checks = [
        # Dagster 1.12: the event's data is the evaluation itself
        getattr(e.event_specific_data, "asset_check_evaluation", e.event_specific_data)
        for e in second.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    failed = [c.check_name for c in checks if not c.passed and c.severity.value == "ERROR"]
    assert checks and not failed
    assert any(c.check_name == "raw_contract" for c in checks)

    con = duckdb.connect(str(db), read_only=True)
    raw, mart = con.execute("""
        select (select (count(*), sum(spend)) from raw.meta_ads_insights),
               (select (count(*), sum(spend)) from marts.fct_ad_performance_daily
                where platform = 'meta')""").fetchall()[0]
    assert raw == mart, "Meta's ad-days and spend (account currency) reach the fact unchanged"
    thb = con.execute(
        "select count(*) from marts.fct_ad_performance_daily where spend_thb is null"
    ).fetchall()[0]
    assert thb == (0,)
