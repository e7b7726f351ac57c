"""The ``dbt build`` Dagster runs: the command, the partition window and the scoring weights.

Pure functions, tested on their own (``tests/orchestration/test_dbt_vars.py``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import date
from typing import Any

BUILD_COMMAND = ["build", "--exclude-resource-type", "unit_test"]
"""What every Dagster run of the dbt assets invokes (before the selection and ``--vars``).

Models, seeds, snapshots and data tests, but not unit tests: their inputs are fixtures, so they
test the SQL, not the data, and they run in CI (``make test``: the DuckDB scenario builds and the
BigQuery emulator build), as dbt's docs recommend ("When to run unit tests",
https://docs.getdbt.com/docs/build/unit-tests; the flag: .../reference/global-configs/resource-type,
dbt >= 1.8). The benchmark's full build and sync run the same command.
"""


SYNC_THREADS = 2
"""dbt threads of a DuckDB build over a sync-sized window (:func:`duckdb_threads_arg`)."""

SYNC_WINDOW_MAX_DAYS = 35
"""The longest window (days) built with :data:`SYNC_THREADS`: Meta's 28-day attribution window
plus the new day, with room for a sync that ran late; a longer backfill runs one model at a time."""


def duckdb_threads_arg(
    first: date | None, last: date | None, env: Mapping[str, str] = os.environ
) -> list[str]:
    """``["--threads", "2"]`` for a DuckDB build over a window of at most 35 days, else ``[]``.

    The DuckDB profile builds one model at a time (``ADPILOT_DBT_THREADS``, default 1), so a
    full build's peak memory is one year-long model's: two year-long score models at once
    exceed 4 GiB. A scheduled sync's window holds a month of rows, so two models at once fit
    easily, and the sync's queries, data tests and dbt's own per-node work overlap on the two
    cores. On the 10,000-ad benchmark the 29-day sync took 53 s with two threads instead of
    65 s, at a peak of 2.2 GiB (``bench/README.md`` §3, ``incremental.json``).

    Returns ``[]`` (the profile's count) with no window, a window longer than
    :data:`SYNC_WINDOW_MAX_DAYS`, or ``ADPILOT_DBT_THREADS`` set in ``env``: an explicit count is
    kept for every run. BigQuery runs never take this (its profile has its own ``BQ_THREADS``).
    """
    if first is None or last is None or env.get("ADPILOT_DBT_THREADS"):
        return []
    if (last - first).days + 1 > SYNC_WINDOW_MAX_DAYS:
        return []
    return ["--threads", str(SYNC_THREADS)]


def window_vars(first: date, last: date) -> dict[str, str]:
    """``{"min_date": "YYYY-MM-DD", "max_date": "YYYY-MM-DD"}`` for an inclusive window.

    Incremental models rebuild exactly these account-local days (window delete + append on DuckDB,
    static ``insert_overwrite`` partitions on BigQuery).

    Raises:
        ValueError: ``last`` is before ``first``.
    """
    if last < first:
        raise ValueError(f"window end {last} is before its start {first}")
    return {"min_date": first.isoformat(), "max_date": last.isoformat()}


def dbt_vars_arg(
    first: date | None, last: date | None, extra: Mapping[str, Any] | None = None
) -> list[str]:
    """CLI arguments (``["--vars", "<json>"]``) for a dbt invocation over a window.

    With no window (an unpartitioned run), only ``extra`` is passed, and incremental models
    process everything their sources hold.
    """
    payload: dict[str, Any] = dict(extra or {})
    if first is not None and last is not None:
        payload.update(window_vars(first, last))
    return ["--vars", json.dumps(payload, sort_keys=True)] if payload else []


def build_args(
    first: date | None,
    last: date | None,
    warehouse_kind: str,
    extra: Mapping[str, Any] | None = None,
    env: Mapping[str, str] = os.environ,
) -> list[str]:
    """The whole ``dbt`` command line of a Dagster run of the dbt assets over a window.

    :data:`BUILD_COMMAND`, then on DuckDB the window's thread count (:func:`duckdb_threads_arg`),
    then ``--vars`` (:func:`dbt_vars_arg`). The benchmark's sync runs the same arguments.

    Args:
        first: the window's first account-local day (None: no window).
        last: its last day, inclusive (None: no window).
        warehouse_kind: ``duckdb`` or ``bigquery`` (``WarehouseResource.kind``).
        extra: vars passed on every invocation (the scoring weights).
        env: the environment ``ADPILOT_DBT_THREADS`` is read from.
    """
    threads = duckdb_threads_arg(first, last, env) if warehouse_kind == "duckdb" else []
    return [*BUILD_COMMAND, *threads, *dbt_vars_arg(first, last, extra)]
