"""The warehouse as a Dagster resource: opens the configured ``Warehouse`` for one step."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import dagster as dg

from extractors.common.warehouse import DuckDBWarehouse, Warehouse
from orchestration.lib.settings import BigQuerySettings, RuntimeSettings

WRITER_POOL = "warehouse_writer"
"""Concurrency pool of every asset that writes the warehouse. DuckDB allows one writer per file,
so the local instance limits this pool to 1 (``orchestration/dagster.yaml``)."""


class WarehouseResource(dg.ConfigurableResource):
    """Where raw tables are loaded (``ADPILOT_WAREHOUSE`` picks the kind; see README).

    Attributes:
        kind: ``duckdb`` (embedded default) or ``bigquery``.
        duckdb_path: the DuckDB file.
        gcp_project: BigQuery project of the datasets and jobs (``GCP_PROJECT``).
        bq_location: dataset and job location (``BQ_LOCATION``, default ``US``).
        bq_dataset_prefix: prefix of every dataset (``BQ_DATASET_PREFIX``; ``dev_alice_``).
        bigquery_emulator_host: a local emulator's ``host:port`` or URL
            (``BIGQUERY_EMULATOR_HOST``); empty for Google.
        bq_credentials_path: service-account key file (``GOOGLE_APPLICATION_CREDENTIALS``);
            empty → Application Default Credentials.
    """

    kind: Literal["duckdb", "bigquery"] = "duckdb"
    duckdb_path: str = "data/warehouse.duckdb"
    gcp_project: str = ""
    bq_location: str = "US"
    bq_dataset_prefix: str = ""
    bigquery_emulator_host: str = ""
    bq_credentials_path: str = ""

    def open(self) -> Warehouse:
        """A new, unopened-until-used warehouse of the configured kind.

        Raises:
            ValueError: ``kind`` is ``bigquery`` and no project is set.
        """
        if self.kind == "bigquery":
            # imported here: google-cloud-bigquery costs a second to import and DuckDB runs
            # never need it
            from extractors.common.bigquery import BigQueryWarehouse
            from extractors.common.bigquery_sql import BigQueryConfig, emulator_url

            return BigQueryWarehouse(
                BigQueryConfig(
                    project=self.gcp_project,
                    location=self.bq_location,
                    dataset_prefix=self.bq_dataset_prefix,
                    api_endpoint=emulator_url(self.bigquery_emulator_host),
                    credentials_path=self.bq_credentials_path or None,
                )
            )
        return DuckDBWarehouse(self.duckdb_path)

    @contextmanager
    def session(self) -> Iterator[Warehouse]:
        """Open the warehouse for one step and close it after (so dbt can write next)."""
        wh = self.open()
        try:
            yield wh
        finally:
            wh.close()


def warehouse_resource(settings: RuntimeSettings, bigquery: BigQuerySettings) -> WarehouseResource:
    """The resource for ``settings.warehouse`` (``ADPILOT_WAREHOUSE``): DuckDB file or BigQuery.

    Raises:
        ValueError: BigQuery is selected but ``GCP_PROJECT`` is not set.
    """
    if settings.warehouse == "bigquery" and not bigquery.project:
        raise ValueError(
            "ADPILOT_WAREHOUSE=bigquery needs GCP_PROJECT (see README, Run on BigQuery)"
        )
    return WarehouseResource(
        kind=settings.warehouse,
        duckdb_path=str(settings.duckdb_path),
        gcp_project=bigquery.project,
        bq_location=bigquery.location,
        bq_dataset_prefix=bigquery.dataset_prefix,
        bigquery_emulator_host=bigquery.emulator_host,
    )
