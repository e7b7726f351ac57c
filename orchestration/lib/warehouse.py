"""The warehouse as a Dagster resource: opens the configured ``Warehouse`` for one step."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import dagster as dg

from extractors.common.warehouse import DuckDBWarehouse, Warehouse

WRITER_POOL = "warehouse_writer"
"""Concurrency pool of every asset that writes the warehouse. DuckDB allows one writer per file,
so the local instance limits this pool to 1 (``orchestration/dagster.yaml``)."""


class WarehouseResource(dg.ConfigurableResource):
    """Where raw tables are loaded.

    Attributes:
        kind: ``duckdb`` (embedded default).
        duckdb_path: the DuckDB file.
    """

    kind: Literal["duckdb"] = "duckdb"
    duckdb_path: str = "data/warehouse.duckdb"

    @contextmanager
    def session(self) -> Iterator[Warehouse]:
        """Open the warehouse for one step and close it after (so dbt can write next)."""
        wh = DuckDBWarehouse(self.duckdb_path)
        try:
            yield wh
        finally:
            wh.close()
