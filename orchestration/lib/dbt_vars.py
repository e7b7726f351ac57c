"""The ``dbt build`` Dagster runs: the command, the partition window and the scoring weights.

The window reaches dbt in the process environment (:func:`window_env`), the scoring weights as
``--vars``. dbt re-parses the whole project when ``--vars`` change, so a window in ``--vars``
would cost every sync a full parse; in the environment it costs none on DuckDB (dbt's partial
parse is kept) and a re-parse of the windowed models on BigQuery (``date_window.sql``,
DECISIONLOG 25). Tested in ``tests/orchestration/test_dbt_vars.py``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
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


WINDOW_ENV = ("ADPILOT_WINDOW_MIN_DATE", "ADPILOT_WINDOW_MAX_DATE")
"""The environment variables ``date_window()`` reads the window from (when no ``--vars`` has it)."""


PARTIAL_PARSE_FILE = "partial_parse.msgpack"
"""dbt's saved parse in a target directory (partial parsing: a run re-parses only what changed)."""


def window_env(first: date | None, last: date | None) -> dict[str, str]:
    """``{"ADPILOT_WINDOW_MIN_DATE": "YYYY-MM-DD", "ADPILOT_WINDOW_MAX_DATE": ...}``, or ``{}``.

    The same inclusive account-local days as :func:`window_vars`, for the dbt process's
    environment.

    Raises:
        ValueError: ``last`` is before ``first``, or only one of them is given.
    """
    if first is None and last is None:
        return {}
    if first is None or last is None:
        raise ValueError(f"a window needs both ends (got {first} and {last})")
    window = window_vars(first, last)
    return {WINDOW_ENV[0]: window["min_date"], WINDOW_ENV[1]: window["max_date"]}


@contextmanager
def window_environment(first: date | None, last: date | None) -> Iterator[dict[str, str]]:
    """Put the window in ``os.environ`` for the block (removed without one); restore after.

    For clients that copy ``os.environ`` when they start dbt and take no environment of their
    own (dagster-dbt's ``DbtCliResource.cli``, 0.29). Not for concurrent use within one process:
    Dagster runs each run's steps in their own process and dbt runs under the warehouse writer
    pool.

    Yields:
        The window's variables (``{}`` without a window).
    """
    values = window_env(first, last)
    saved = {name: os.environ.pop(name) for name in WINDOW_ENV if name in os.environ}
    os.environ.update(values)
    try:
        yield values
    finally:
        for name in WINDOW_ENV:
            os.environ.pop(name, None)
        os.environ.update(saved)


def dbt_vars_arg(
    first: date | None, last: date | None, extra: Mapping[str, Any] | None = None
) -> list[str]:
    """CLI arguments (``["--vars", "<json>"]``) for a dbt invocation, with a window or none.

    The window as ``--vars`` is for a person at the command line and for tests; Dagster and the
    benchmark pass it in the environment (:func:`window_env`), keeping dbt's partial parse. With
    no window, only ``extra`` is passed, and incremental models process everything their
    sources hold (unless the environment has a window).
    """
    payload: dict[str, Any] = dict(extra or {})
    if first is not None and last is not None:
        payload.update(window_vars(first, last))
    return ["--vars", json.dumps(payload, sort_keys=True)] if payload else []
