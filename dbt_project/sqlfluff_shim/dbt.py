"""dbt's cross-database macros the project calls as ``dbt.<name>`` (BigQuery flavour, lint only)."""

from __future__ import annotations


def hash(field: str) -> str:  # shadows the builtin on purpose: dbt's own name
    """``dbt.hash`` as dbt-bigquery renders it."""
    return f"to_hex(md5(cast({field} as string)))"


def type_string() -> str:
    """``dbt.type_string`` on BigQuery."""
    return "string"


def type_bigint() -> str:
    """``dbt.type_bigint`` on BigQuery."""
    return "int64"


def type_float() -> str:
    """``dbt.type_float`` on BigQuery."""
    return "float64"


def type_timestamp() -> str:
    """``dbt.type_timestamp`` on BigQuery."""
    return "timestamp"


def dateadd(datepart: str, interval: object, from_date_or_timestamp: str) -> str:
    """``dbt.dateadd`` as dbt-bigquery renders it."""
    return f"date_add({from_date_or_timestamp}, interval {interval} {datepart})"


def date_trunc(datepart: str, date: str) -> str:
    """``dbt.date_trunc`` as dbt-bigquery renders it."""
    return f"timestamp_trunc(cast({date} as timestamp), {datepart})"


def concat(fields: list[str]) -> str:
    """``dbt.concat`` as dbt-bigquery renders it."""
    return f"concat({', '.join(fields)})"


def safe_cast(field: str, type_: str) -> str:
    """``dbt.safe_cast`` as dbt-bigquery renders it."""
    return f"safe_cast({field} as {type_})"


def listagg(
    measure: str,
    delimiter_text: str = "','",
    order_by_clause: str | None = None,
    limit_num: int | None = None,
) -> str:
    """``dbt.listagg`` as dbt-bigquery renders it."""
    order = f" {order_by_clause}" if order_by_clause else ""
    limit = f" limit {limit_num}" if limit_num else ""
    return f"string_agg({measure}, {delimiter_text}{order}{limit})"
