"""dbt's cross-database macros the project calls as ``dbt.<name>`` (BigQuery flavour, lint only)."""

from __future__ import annotations


def hash(field: str) -> str:  # shadows the builtin on purpose: dbt's own name
    """``dbt.hash`` as dbt-bigquery renders it."""
    return f"to_hex(md5(cast({field} as string)))"
