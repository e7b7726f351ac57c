"""The ``dbt build`` Dagster runs: the command, the partition window and the scoring weights.

Pure functions, tested on their own (``tests/orchestration/test_dbt_vars.py``).
"""

from __future__ import annotations

import json
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
