"""dbt's ``exceptions`` namespace (lint only)."""

from __future__ import annotations


def raise_compiler_error(message: str) -> None:
    """Fail the render the way dbt fails a compile.

    Raises:
        RuntimeError: always.
    """
    raise RuntimeError(message)
