"""BigQuery connection settings, the client factory, and the SQL helpers of the warehouse.

Kept apart from :mod:`extractors.common.bigquery` so the warehouse module holds only the load
and apply logic.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlglot
from google.cloud import bigquery
from sqlglot import exp

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class BigQueryConfig:
    """Where and how to reach BigQuery (values come from the environment, see README).

    Attributes:
        project: GCP project that holds the datasets and runs the jobs (``GCP_PROJECT``).
        location: dataset and job location, e.g. ``US``, ``EU``, ``asia-southeast1``
            (``BQ_LOCATION``).
        dataset_prefix: prepended to every dataset (``BQ_DATASET_PREFIX``; ``dev_alice_`` →
            ``dev_alice_raw``), so developers and CI never share datasets.
        api_endpoint: a local emulator's URL (``BIGQUERY_EMULATOR_HOST``); none for Google.
        credentials_path: service-account key file (``GOOGLE_APPLICATION_CREDENTIALS``); none →
            Application Default Credentials (or anonymous against an emulator).
        staging_dataset: dataset (after the prefix) of the load staging tables; its tables
            expire after ``staging_expiration_hours``.
        job_timeout_s: seconds to wait for one job before giving up on it.
    """

    project: str
    location: str = "US"
    dataset_prefix: str = ""
    api_endpoint: str | None = None
    credentials_path: str | None = None
    staging_dataset: str = "_adpilot_staging"
    staging_expiration_hours: int = 24
    job_timeout_s: float = 900.0

    def __post_init__(self) -> None:
        if not self.project:
            raise ValueError("BigQuery needs a project: set GCP_PROJECT")
        if self.dataset_prefix and not _IDENT.match(self.dataset_prefix):
            raise ValueError(
                f"BQ_DATASET_PREFIX must be letters, digits, _: {self.dataset_prefix!r}"
            )


def emulator_url(host: str | None) -> str | None:
    """``BIGQUERY_EMULATOR_HOST`` as a URL: ``host:port`` gets ``http://``; empty → None."""
    if not host:
        return None
    return host if "://" in host else f"http://{host}"


def make_client(config: BigQueryConfig) -> bigquery.Client:
    """A ``google.cloud.bigquery.Client`` for ``config``.

    Against an emulator (``api_endpoint``) the client is anonymous, and uploads are sent as
    ``application/octet-stream``: the local emulator rejects the library's default ``*/*``
    content type on load-job uploads (a module-level setting of the library, set only here).
    """
    from google.api_core.client_options import ClientOptions

    if config.api_endpoint:
        import google.cloud.bigquery.client as client_module
        from google.auth.credentials import AnonymousCredentials

        client_module._GENERIC_CONTENT_TYPE = "application/octet-stream"
        return bigquery.Client(
            project=config.project,
            location=config.location,
            credentials=AnonymousCredentials(),
            client_options=ClientOptions(api_endpoint=config.api_endpoint),
        )
    credentials = None
    if config.credentials_path:
        from google.oauth2 import service_account

        credentials = service_account.Credentials.from_service_account_file(
            config.credentials_path, scopes=["https://www.googleapis.com/auth/cloud-platform"]
        )
    return bigquery.Client(
        project=config.project, location=config.location, credentials=credentials
    )


def bq_ident(name: str) -> str:
    """A column or table name we own, backquoted; anything else is refused.

    Raises:
        ValueError: ``name`` is not a plain identifier.
    """
    if not _IDENT.match(name):
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return f"`{name}`"


def _param_type(value: Any) -> str:
    # bool before int (bool is an int); datetime before date (datetime is a date)
    if isinstance(value, bool):
        return "BOOL"
    if isinstance(value, int):
        return "INT64"
    if isinstance(value, float):
        return "FLOAT64"
    if isinstance(value, Decimal):
        return "NUMERIC"
    if isinstance(value, dt.datetime):
        return "TIMESTAMP" if value.tzinfo else "DATETIME"
    if isinstance(value, dt.date):
        return "DATE"
    if isinstance(value, str) or value is None:
        return "STRING"
    raise TypeError(f"no BigQuery parameter type for {type(value).__name__}")


def query_parameters(params: Sequence[Any]) -> list[bigquery.ScalarQueryParameter]:
    """Positional (``?``) query parameters, typed from the Python values.

    Raises:
        TypeError: a value of a type without a BigQuery scalar type.
    """
    return [bigquery.ScalarQueryParameter(None, _param_type(v), v) for v in params]


def to_bigquery_sql(sql: str, project: str, dataset_prefix: str = "") -> str:
    """DuckDB-dialect SQL → BigQuery SQL, ``schema.table`` qualified as ``project.<prefix>schema``.

    Only names with a schema and no catalog are qualified (CTE names and columns are left
    alone). ``?`` parameters stay positional.

    Raises:
        sqlglot.errors.ParseError: ``sql`` is not valid DuckDB SQL.
    """
    tree = sqlglot.parse_one(sql, read="duckdb")
    for table in tree.find_all(exp.Table):
        if table.args.get("db") is not None and not table.catalog:
            table.set("catalog", exp.to_identifier(project, quoted=True))
            table.set("db", exp.to_identifier(f"{dataset_prefix}{table.db}", quoted=True))
    return tree.sql(dialect="bigquery")
