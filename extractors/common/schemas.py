"""Typed raw-table contracts: one :class:`TableSpec` per raw table, with its load contract.

Every raw table carries the columns of :data:`META_COLUMNS` — ``account_id``, ``account_timezone``,
``currency_code`` (where the object has money), ``raw_json`` (the full source record, so schema
drift never loses data), ``_loaded_at`` (UTC) and ``_source`` (endpoint or file) — after its own
typed columns. Money is ``decimal(38, 9)`` in the unit the platform reports (see each column);
conversion to currency units happens in dbt staging, never here.

The BigQuery DDL for the same tables lives in ``sql/raw/``; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pyarrow as pa

MONEY = pa.decimal128(38, 9)
"""Money in the platform's own unit (currency units for Meta insights spend)."""

TS = pa.timestamp("us", tz="UTC")

WriteMode = Literal["partition_overwrite", "merge", "append"]

ACTION_LIST = pa.list_(pa.struct([("action_type", pa.string()), ("value", pa.float64())]))
"""Meta ``actions``-style list: counts per action type (``link_click``, ``omni_purchase`` ...)."""

ACTION_VALUE_LIST = pa.list_(pa.struct([("action_type", pa.string()), ("value", MONEY)]))
"""Meta ``action_values``: money per action type, in the ad account currency."""

META_COLUMNS: tuple[pa.Field, ...] = (
    pa.field("account_timezone", pa.string()),
    pa.field("currency_code", pa.string()),
    pa.field("raw_json", pa.string(), nullable=False),
    pa.field("_loaded_at", TS, nullable=False),
    pa.field("_source", pa.string(), nullable=False),
)


@dataclass(frozen=True)
class TableSpec:
    """A raw table and its load contract.

    Attributes:
        schema: warehouse schema (DuckDB) / dataset (BigQuery), e.g. ``raw``.
        name: table name, e.g. ``meta_ads_insights``; the Dagster asset key is ``[schema, name]``.
        columns: typed columns (own columns first, then :data:`META_COLUMNS`).
        primary_key: columns unique per row; the loader quarantines rows that break it.
        write_mode: ``partition_overwrite`` — rows of the extracted (scope value, date range) are
            deleted and replaced in one transaction (re-pulls late attribution, never duplicates);
            ``merge`` — upsert on ``primary_key`` (entity snapshots keep objects the API stops
            listing); ``append`` — insert only (ops logs).
        partition_column: the report date (account-local day); BigQuery partitions on it.
        scope_column: the column the overwrite is scoped by (the account).
        cluster_by: BigQuery clustering columns.
        cursor: the column a sync advances on.
        lookback_days: days before the cursor that every sync re-pulls.
        description: grain and source, for docs and the Dagster UI.
    """

    schema: str
    name: str
    columns: pa.Schema
    primary_key: tuple[str, ...]
    write_mode: WriteMode
    description: str
    partition_column: str | None = None
    scope_column: str | None = "account_id"
    cluster_by: tuple[str, ...] = ()
    cursor: str | None = None
    lookback_days: int | None = None
    required: tuple[str, ...] = field(default=())

    @property
    def fqn(self) -> str:
        """``schema.name``."""
        return f"{self.schema}.{self.name}"

    @property
    def not_null(self) -> tuple[str, ...]:
        """Columns that must be present on every row: the key plus ``required``."""
        return tuple(dict.fromkeys(self.primary_key + self.required))


def _schema(*own: pa.Field, money: bool = True) -> pa.Schema:
    meta = META_COLUMNS if money else tuple(f for f in META_COLUMNS if f.name != "currency_code")
    return pa.schema([*own, *meta])


# --- Meta (Marketing API) -------------------------------------------------------------------

META_AD_ACCOUNTS = TableSpec(
    schema="raw",
    name="meta_ad_accounts",
    description="One row per Meta ad account (GET /{version}/act_{id}); merged on account_id.",
    columns=_schema(
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("account_name", pa.string()),
        pa.field("account_status", pa.int64()),
        pa.field("timezone_offset_hours_utc", pa.float64()),
    ),
    primary_key=("account_id",),
    write_mode="merge",
)

META_CAMPAIGNS = TableSpec(
    schema="raw",
    name="meta_campaigns",
    description=(
        "One row per Meta campaign (GET /act_{id}/campaigns, every effective_status); merged on "
        "campaign_id. Budgets in minor units of the account currency (cents, satang); set only "
        "when the campaign owns the budget (CBO)."
    ),
    columns=_schema(
        pa.field("campaign_id", pa.string(), nullable=False),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("campaign_name", pa.string()),
        pa.field("objective", pa.string()),
        pa.field("status", pa.string()),
        pa.field("effective_status", pa.string()),
        pa.field("buying_type", pa.string()),
        pa.field("bid_strategy", pa.string()),
        pa.field("daily_budget_minor", pa.int64()),
        pa.field("lifetime_budget_minor", pa.int64()),
        pa.field("start_time", TS),
        pa.field("stop_time", TS),
        pa.field("created_time", TS),
        pa.field("updated_time", TS),
    ),
    primary_key=("campaign_id",),
    write_mode="merge",
)

META_AD_SETS = TableSpec(
    schema="raw",
    name="meta_ad_sets",
    description=(
        "One row per Meta ad set (GET /act_{id}/adsets); merged on ad_set_id. Budgets in minor "
        "units; null when the campaign owns the budget (CBO)."
    ),
    columns=_schema(
        pa.field("ad_set_id", pa.string(), nullable=False),
        pa.field("campaign_id", pa.string()),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("ad_set_name", pa.string()),
        pa.field("status", pa.string()),
        pa.field("effective_status", pa.string()),
        pa.field("optimization_goal", pa.string()),
        pa.field("billing_event", pa.string()),
        pa.field("bid_strategy", pa.string()),
        pa.field("daily_budget_minor", pa.int64()),
        pa.field("lifetime_budget_minor", pa.int64()),
        pa.field("start_time", TS),
        pa.field("end_time", TS),
        pa.field("created_time", TS),
        pa.field("updated_time", TS),
    ),
    primary_key=("ad_set_id",),
    write_mode="merge",
)

META_ADS = TableSpec(
    schema="raw",
    name="meta_ads",
    description=(
        "One row per Meta ad (GET /act_{id}/ads with creative{object_story_id, "
        "effective_object_story_id}); merged on ad_id. object_story_id links the ad to the page "
        "post it promotes ({page_id}_{post_id})."
    ),
    columns=_schema(
        pa.field("ad_id", pa.string(), nullable=False),
        pa.field("ad_set_id", pa.string()),
        pa.field("campaign_id", pa.string()),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("ad_name", pa.string()),
        pa.field("status", pa.string()),
        pa.field("effective_status", pa.string()),
        pa.field("creative_id", pa.string()),
        pa.field("object_story_id", pa.string()),
        pa.field("effective_object_story_id", pa.string()),
        pa.field("created_time", TS),
        pa.field("updated_time", TS),
        money=False,
    ),
    primary_key=("ad_id",),
    write_mode="merge",
)

_INSIGHT_METRICS: tuple[pa.Field, ...] = (
    pa.field("spend", MONEY),
    pa.field("impressions", pa.int64()),
    pa.field("clicks", pa.int64()),
    pa.field("inline_link_clicks", pa.int64()),
    pa.field("reach", pa.int64()),
    pa.field("frequency", pa.float64()),
    pa.field("actions", ACTION_LIST),
    pa.field("action_values", ACTION_VALUE_LIST),
    pa.field("video_thruplay_watched_actions", ACTION_LIST),
    pa.field("video_play_actions", ACTION_LIST),
)

META_ADS_INSIGHTS = TableSpec(
    schema="raw",
    name="meta_ads_insights",
    description=(
        "One row per Meta ad per account-local day (GET /act_{id}/insights, level=ad, "
        "time_increment=1, empty action_breakdowns, async AdReportRun). spend and action_values "
        "in account currency units. Written by partition overwrite of (account, date range); "
        "every sync re-pulls the last 28 days so late-attributed conversions land."
    ),
    columns=_schema(
        pa.field("date_day", pa.date32(), nullable=False),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("campaign_id", pa.string()),
        pa.field("ad_set_id", pa.string()),
        pa.field("ad_id", pa.string(), nullable=False),
        pa.field("campaign_name", pa.string()),
        pa.field("ad_set_name", pa.string()),
        pa.field("ad_name", pa.string()),
        *_INSIGHT_METRICS,
    ),
    primary_key=("date_day", "account_id", "ad_id"),
    write_mode="partition_overwrite",
    partition_column="date_day",
    cluster_by=("account_id", "campaign_id"),
    cursor="date_day",
    lookback_days=28,
)

META_CAMPAIGNS_INSIGHTS = TableSpec(
    schema="raw",
    name="meta_campaigns_insights",
    description=(
        "One row per Meta campaign per account-local day (level=campaign, same fields as the "
        "ad-level report). Used to reconcile the ad-level report with Ads Manager totals: spend "
        "that Meta reports for a campaign but no listed ad carries (deleted ads, recorded data) "
        "is kept as a campaign remainder row in the facts instead of being lost."
    ),
    columns=_schema(
        pa.field("date_day", pa.date32(), nullable=False),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("campaign_id", pa.string(), nullable=False),
        pa.field("campaign_name", pa.string()),
        *_INSIGHT_METRICS,
    ),
    primary_key=("date_day", "account_id", "campaign_id"),
    write_mode="partition_overwrite",
    partition_column="date_day",
    cluster_by=("account_id", "campaign_id"),
    cursor="date_day",
    lookback_days=28,
)

# --- ops ------------------------------------------------------------------------------------

QUARANTINE = TableSpec(
    schema="ops",
    name="quarantine",
    description=(
        "One row per rejected source row: where it came from (file and line, or endpoint and "
        "record key), the table it was meant for, why it was rejected, and the row itself."
    ),
    columns=pa.schema(
        [
            pa.field("quarantine_id", pa.string(), nullable=False),
            pa.field("target_table", pa.string(), nullable=False),
            pa.field("source", pa.string(), nullable=False),
            pa.field("record_ref", pa.string()),
            pa.field("account_id", pa.string()),
            pa.field("reason", pa.string(), nullable=False),
            pa.field("raw_record", pa.string()),
            pa.field("quarantined_at", TS, nullable=False),
        ]
    ),
    primary_key=("quarantine_id",),
    write_mode="merge",
    scope_column=None,
)

SYNC_STATE = TableSpec(
    schema="ops",
    name="sync_state",
    description=(
        "One row per (table, account, window) load: what was extracted, when, how many rows "
        "loaded and quarantined. The audit trail of the raw layer."
    ),
    columns=pa.schema(
        [
            pa.field("load_id", pa.string(), nullable=False),
            pa.field("target_table", pa.string(), nullable=False),
            pa.field("account_id", pa.string()),
            pa.field("window_start", pa.date32()),
            pa.field("window_end", pa.date32()),
            pa.field("rows_loaded", pa.int64(), nullable=False),
            pa.field("rows_deleted", pa.int64(), nullable=False),
            pa.field("rows_quarantined", pa.int64(), nullable=False),
            pa.field("source", pa.string()),
            pa.field("loaded_at", TS, nullable=False),
        ]
    ),
    primary_key=("load_id",),
    write_mode="append",
    scope_column=None,
)

RAW_TABLES: tuple[TableSpec, ...] = (
    META_AD_ACCOUNTS,
    META_CAMPAIGNS,
    META_AD_SETS,
    META_ADS,
    META_ADS_INSIGHTS,
    META_CAMPAIGNS_INSIGHTS,
)
"""Every raw table, in the order a full sync loads them. Later sources append here."""

OPS_TABLES: tuple[TableSpec, ...] = (QUARANTINE, SYNC_STATE)
