"""``adapter.dispatch`` resolving to the BigQuery implementation of a macro (lint only)."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context


@pass_context
def dispatch(context: Context, macro_name: str, macro_namespace: str | None = None) -> Any:
    """The ``bigquery__`` macro if the project defines one, else the ``default__`` one.

    Raises:
        LookupError: neither is defined.
    """
    del macro_namespace  # one project, one namespace
    for prefix in ("bigquery__", "default__"):
        macro = context.get(prefix + macro_name)
        if macro is not None:
            return macro
    raise LookupError(f"no bigquery__ or default__ implementation of {macro_name}")
