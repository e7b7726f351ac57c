"""The production warehouse: :class:`BigQueryWarehouse`, the ``Warehouse`` protocol on BigQuery.

Every write is two jobs and never a streaming insert:

1. a **load job** of the batch as Parquet into a staging table
   (``<prefix>_adpilot_staging.<dataset>__<table>__<digest>``; the staging dataset's tables expire
   after a day, and the table is dropped once applied);
2. one **DML statement** that applies it atomically — a single ``MERGE`` (BigQuery runs each DML
   statement as one atomic transaction):

   - ``replace_scope``: ``MERGE … ON FALSE WHEN NOT MATCHED BY SOURCE AND <account> AND <date
     range> THEN DELETE WHEN NOT MATCHED THEN INSERT`` — the extracted (account, date range) is
     deleted and the batch inserted in one statement; the date range is a literal filter on the
     partition column, so only the window's partitions are touched (and tables with
     ``require_partition_filter`` accept it);
   - ``merge``: ``MERGE … ON <primary key> WHEN MATCHED THEN UPDATE … WHEN NOT MATCHED THEN
     INSERT``;
   - ``append``: ``INSERT … SELECT`` from the staging table.

**Exactly once.** Job ids are deterministic: ``adpilot_<op>_<table>_<digest>_<n>`` where
``digest`` hashes the target table, the operation, the scope and the Parquet bytes of the batch
(:func:`load_digest`). A retried call with the same batch finds its apply job already there and
returns that job's result instead of applying the batch again; a job id that is taken
(``409 Conflict``: another attempt submitted it meanwhile) is waited for, not resubmitted. A
*failed* earlier job keeps its id forever, so the next attempt uses ``n + 1``. Batches always
differ between syncs (``_loaded_at``), so only a retry of the same batch shares ids. An empty
``replace_scope`` is a plain ``DELETE`` of the scope with a fresh id: deleting twice is harmless,
and a deterministic id would skip the delete in an "empty, rows, empty" sequence.

Tables are created from the generated DDL in ``sql/<schema>/<table>.sql``
(:mod:`extractors.common.bigquery_ddl`): DAY partitions on the report date, clustering by
account, ``require_partition_filter`` on facts.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from google.api_core.exceptions import Conflict, NotFound
from google.cloud import bigquery

from extractors.common.bigquery_ddl import SQL_DIR, bq_type, ddl_path, qualify_ddl
from extractors.common.bigquery_sql import (
    BigQueryConfig,
    bq_ident,
    make_client,
    query_parameters,
    to_bigquery_sql,
)
from extractors.common.schemas import TableSpec
from extractors.common.warehouse import LoadScope, WriteResult

log = logging.getLogger(__name__)

MAX_JOB_ATTEMPTS = 20
"""Failed earlier jobs skipped (ids ``_0`` … ``_19``) before a write gives up."""


def load_digest(spec: TableSpec, target: str, op: str, scope: str, payload: bytes) -> str:
    """Hex SHA-256 of what identifies one write: target table, operation, scope and batch bytes."""
    h = hashlib.sha256()
    for part in (target, spec.fqn, op, scope):
        h.update(part.encode())
        h.update(b"\x00")
    h.update(payload)
    return h.hexdigest()


def schema_fields(schema: pa.Schema) -> list[bigquery.SchemaField]:
    """BigQuery load schema for an Arrow schema, every column NULLABLE (lists REPEATED).

    Used for staging tables: the batch was validated by the loader; NOT NULL is enforced by the
    target table's DDL when the batch is applied.
    """
    return [_field(f.name, f.type) for f in schema]


def _field(name: str, dtype: pa.DataType) -> bigquery.SchemaField:
    mode = "NULLABLE"
    if pa.types.is_list(dtype) or pa.types.is_large_list(dtype):
        mode, dtype = "REPEATED", dtype.value_type
    if pa.types.is_struct(dtype):
        return bigquery.SchemaField(
            name, "RECORD", mode, fields=[_field(f.name, f.type) for f in dtype]
        )
    type_name = bq_type(dtype).split("(")[0]
    return bigquery.SchemaField(name, type_name, mode)


class BigQueryWarehouse:
    """Raw tables in BigQuery datasets ``<prefix><schema>`` of one project.

    Args:
        config: project, location, dataset prefix, endpoint and credentials.
        client: a ready client (tests); default :func:`make_client` of ``config``.
        sql_dir: where the DDL files are (``<repo>/sql``).

    Raises (from every write):
        google.api_core.exceptions.GoogleAPIError: a job failed (bad data, permissions, quota).
    """

    dialect = "bigquery"

    def __init__(
        self,
        config: BigQueryConfig,
        *,
        client: Any | None = None,
        sql_dir: Path = SQL_DIR,
    ) -> None:
        self.config = config
        self.client = client if client is not None else make_client(config)
        self.sql_dir = sql_dir
        self._datasets: set[str] = set()
        self._tables: set[str] = set()

    # -- names ----------------------------------------------------------------------------
    def dataset(self, schema: str) -> str:
        """The dataset of ``schema`` (``raw`` → ``<prefix>raw``)."""
        return f"{self.config.dataset_prefix}{schema}"

    def table_ref(self, spec: TableSpec) -> str:
        """``project.dataset.table`` of ``spec``."""
        return f"{self.config.project}.{self.dataset(spec.schema)}.{spec.name}"

    def close(self) -> None:
        """Close the client's HTTP session."""
        self.client.close()

    def __enter__(self) -> BigQueryWarehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- DDL ------------------------------------------------------------------------------
    def _ensure_dataset(self, dataset: str, *, expiration_hours: int | None = None) -> None:
        if dataset in self._datasets:
            return
        ds = bigquery.Dataset(f"{self.config.project}.{dataset}")
        ds.location = self.config.location
        if expiration_hours is not None:
            ds.default_table_expiration_ms = expiration_hours * 3_600_000
        self.client.create_dataset(ds, exists_ok=True)
        self._datasets.add(dataset)

    def table_exists(self, fqn: str) -> bool:
        """True if ``schema.table`` exists (``schema`` without the dataset prefix)."""
        schema, _, name = fqn.partition(".")
        try:
            self.client.get_table(f"{self.config.project}.{self.dataset(schema)}.{name}")
        except NotFound:
            return False
        return True

    def ensure_table(self, spec: TableSpec) -> None:
        """Create the dataset (in the configured location) and the table from its DDL file.

        An existing table gains the columns the spec added since (``ALTER TABLE ADD COLUMN``,
        nullable: BigQuery cannot add required columns).

        Raises:
            FileNotFoundError: ``sql/<schema>/<table>.sql`` is missing (regenerate the DDL).
        """
        ref = self.table_ref(spec)
        if ref in self._tables:
            return
        self._ensure_dataset(self.dataset(spec.schema))
        try:
            have = {f.name for f in self.client.get_table(ref).schema}
        except NotFound:
            ddl = ddl_path(spec, self.sql_dir).read_text()
            self._run_sql(qualify_ddl(ddl, spec, ref))
        else:
            for f in spec.columns:
                if f.name not in have:
                    self._run_sql(
                        f"ALTER TABLE `{ref}` ADD COLUMN IF NOT EXISTS "
                        f"{bq_ident(f.name)} {bq_type(f.type)}"
                    )
        self._tables.add(ref)

    # -- jobs -----------------------------------------------------------------------------
    def _run_sql(self, sql: str, params: Sequence[Any] | None = None) -> bigquery.QueryJob:
        config = bigquery.QueryJobConfig(query_parameters=query_parameters(params or []))
        job = self.client.query(sql, job_config=config, location=self.config.location)
        job.result(timeout=self.config.job_timeout_s)
        return job

    def _get_job(self, job_id: str) -> Any | None:
        try:
            return self.client.get_job(job_id, location=self.config.location)
        except NotFound:
            return None

    def run_once(
        self, base_id: str, submit: Callable[[str], Any], *, reuse_done: bool = True
    ) -> Any:
        """Run the job ``base_id`` exactly once, across retries of the caller.

        Looks for ``<base_id>_0``, ``_1`` …: a finished successful job is returned as is (unless
        ``reuse_done`` is false: then its effect is known to be gone and it is skipped); a running
        one is waited for; a failed one is skipped (its id stays taken); the first free id is
        submitted with ``submit(job_id)``. A ``Conflict`` on submit means another attempt took the
        id meanwhile: that job is waited for instead.

        Returns:
            The finished job.

        Raises:
            google.api_core.exceptions.GoogleAPIError: the job (ours or the one waited for)
                failed, or every attempt id holds a failed job.
        """
        for attempt in range(MAX_JOB_ATTEMPTS):
            job_id = f"{base_id}_{attempt}"
            job = self._get_job(job_id)
            if job is not None and job.state == "DONE" and (job.error_result or not reuse_done):
                log.info("job %s is spent (%s); next attempt id", job_id, job.error_result)
                continue
            if job is None:
                try:
                    job = submit(job_id)
                except Conflict:
                    log.info("job %s exists already: waiting for it instead", job_id)
                    job = self.client.get_job(job_id, location=self.config.location)
            else:
                log.info("job %s exists already: reusing its result", job_id)
            job.result(timeout=self.config.job_timeout_s)
            return job
        raise RuntimeError(f"{base_id}: {MAX_JOB_ATTEMPTS} failed attempts; giving up")

    def _job_base(self, op: str, spec: TableSpec, digest: str) -> str:
        return f"adpilot_{op}_{spec.schema}_{spec.name}_{digest[:40]}"

    def _stage(self, spec: TableSpec, payload: bytes, digest: str) -> str:
        """Load ``payload`` (Parquet) into a fresh staging table; return its reference."""
        dataset = f"{self.config.dataset_prefix}{self.config.staging_dataset}"
        self._ensure_dataset(dataset, expiration_hours=self.config.staging_expiration_hours)
        ref = f"{self.config.project}.{dataset}.{spec.schema}__{spec.name}__{digest[:24]}"
        fields = schema_fields(spec.columns)
        try:
            self.client.get_table(ref)
            fresh = False
        except NotFound:
            table = bigquery.Table(ref, schema=fields)
            table.expires = datetime.now(UTC) + timedelta(
                hours=self.config.staging_expiration_hours
            )
            self.client.create_table(table, exists_ok=True)
            fresh = True
        job_config = bigquery.LoadJobConfig(
            source_format=bigquery.SourceFormat.PARQUET,
            write_disposition=bigquery.WriteDisposition.WRITE_TRUNCATE,
            schema=fields,
        )
        parquet_options = bigquery.ParquetOptions()
        parquet_options.enable_list_inference = True  # list<x> → ARRAY<x>, not {list:{element}}
        job_config.parquet_options = parquet_options

        def submit(job_id: str) -> Any:
            return self.client.load_table_from_file(
                io.BytesIO(payload),
                ref,
                job_config=job_config,
                job_id=job_id,
                location=self.config.location,
                size=len(payload),
            )

        # A load job that succeeded into a staging table since expired or dropped is spent.
        self.run_once(self._job_base("load", spec, digest), submit, reuse_done=not fresh)
        return ref

    def _apply(
        self, op: str, spec: TableSpec, table: pa.Table, scope: str, build_sql: Callable[[str], str]
    ) -> Any:
        """Stage ``table`` and run ``build_sql(staging_ref)`` exactly once; return the DML job."""
        batch = table.select(spec.columns.names).cast(
            pa.schema([f.with_nullable(True) for f in spec.columns])
        )
        buf = io.BytesIO()
        pq.write_table(batch, buf)
        payload = buf.getvalue()
        digest = load_digest(spec, self.table_ref(spec), op, scope, payload)
        staged: list[str] = []

        def submit(job_id: str) -> Any:
            staged.append(self._stage(spec, payload, digest))
            return self.client.query(
                build_sql(staged[-1]),
                job_config=bigquery.QueryJobConfig(),
                job_id=job_id,
                location=self.config.location,
                job_retry=None,  # the id is ours: a retry must not reuse it for a new query
            )

        job = self.run_once(self._job_base(op, spec, digest), submit)
        for ref in staged:
            self.client.delete_table(ref, not_found_ok=True)
        return job

    # -- writes ---------------------------------------------------------------------------
    def _columns(self, spec: TableSpec, prefix: str = "") -> str:
        return ", ".join(f"{prefix}{bq_ident(c)}" for c in spec.columns.names)

    def replace_scope(self, spec: TableSpec, table: pa.Table, scope: LoadScope) -> WriteResult:
        """Replace the rows of ``scope`` (account, inclusive date range) by ``table``, atomically.

        Raises:
            ValueError: ``spec`` is not partitioned by date and scoped by account.
        """
        if not (spec.partition_column and spec.scope_column):
            raise ValueError(f"{spec.fqn} has no partition and scope column to overwrite by")
        self.ensure_table(spec)
        ref = self.table_ref(spec)
        acct, part = bq_ident(spec.scope_column), bq_ident(spec.partition_column)
        in_scope = (
            f"T.{acct} = '{_sql_string(scope.account_id)}' AND T.{part} BETWEEN "
            f"DATE '{scope.start.isoformat()}' AND DATE '{scope.end.isoformat()}'"
        )
        if table.num_rows == 0:
            job = self._run_sql(f"DELETE FROM `{ref}` AS T WHERE {in_scope}")
            return WriteResult(0, _affected(job))
        cols = self._columns(spec)

        def build(staging: str) -> str:
            return (
                f"MERGE `{ref}` AS T USING `{staging}` AS S ON FALSE "
                f"WHEN NOT MATCHED BY SOURCE AND {in_scope} THEN DELETE "
                f"WHEN NOT MATCHED THEN INSERT ({cols}) VALUES ({cols})"
            )

        scope_key = f"{scope.account_id}|{scope.start}|{scope.end}"
        job = self._apply("replace", spec, table, scope_key, build)
        inserted = table.num_rows
        stats = getattr(job, "dml_stats", None)
        deleted = stats.deleted_row_count if stats else _affected(job) - inserted
        return WriteResult(inserted, deleted)

    def merge(self, spec: TableSpec, table: pa.Table) -> WriteResult:
        """Upsert ``table`` on ``spec.primary_key`` in one ``MERGE``.

        ``rows_deleted`` counts the rows replaced (updated), from the job's DML statistics; a
        server that reports none (the local emulator) gives 0 there.
        """
        self.ensure_table(spec)
        if table.num_rows == 0:
            return WriteResult(0, 0)
        ref, cols = self.table_ref(spec), self._columns(spec)
        on = " AND ".join(f"T.{bq_ident(k)} = S.{bq_ident(k)}" for k in spec.primary_key)
        updates = ", ".join(
            f"{bq_ident(c)} = S.{bq_ident(c)}"
            for c in spec.columns.names
            if c not in spec.primary_key
        )

        def build(staging: str) -> str:
            matched = f"WHEN MATCHED THEN UPDATE SET {updates} " if updates else ""
            return (
                f"MERGE `{ref}` AS T USING `{staging}` AS S ON {on} {matched}"
                f"WHEN NOT MATCHED THEN INSERT ({cols}) VALUES ({cols})"
            )

        job = self._apply("merge", spec, table, "", build)
        stats = getattr(job, "dml_stats", None)
        return WriteResult(table.num_rows, stats.updated_row_count if stats else 0)

    def append(self, spec: TableSpec, table: pa.Table) -> WriteResult:
        """Insert ``table`` as is (through a staging table, never streaming inserts)."""
        self.ensure_table(spec)
        if table.num_rows == 0:
            return WriteResult(0, 0)
        ref, cols = self.table_ref(spec), self._columns(spec)
        self._apply(
            "append",
            spec,
            table,
            "",
            lambda staging: f"INSERT INTO `{ref}` ({cols}) SELECT {cols} FROM `{staging}`",
        )
        return WriteResult(table.num_rows, 0)

    # -- reads ----------------------------------------------------------------------------
    def query(
        self, sql: str, params: Sequence[Any] | None = None, *, dialect: str = "duckdb"
    ) -> pa.Table:
        """Run a read query and return Arrow.

        Args:
            sql: a query in the DuckDB dialect the rest of the code base writes (``"raw"."t"``,
                ``?`` parameters, ``double``) — transpiled to BigQuery, with ``schema.table``
                names qualified by project and dataset prefix — or, with ``dialect="bigquery"``,
                BigQuery SQL run as is.
            params: positional values for ``?`` (str, int, float, bool, Decimal, date, datetime).
            dialect: ``duckdb`` (default) or ``bigquery``.
        """
        if dialect != "bigquery":
            sql = to_bigquery_sql(sql, self.config.project, self.config.dataset_prefix)
        job = self._run_sql(sql, params)
        return job.to_arrow(create_bqstorage_client=False)

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        """Run a BigQuery statement whose result is not needed (DDL, maintenance)."""
        self._run_sql(sql, params)


def _affected(job: Any) -> int:
    return int(job.num_dml_affected_rows or 0)


def _sql_string(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")
