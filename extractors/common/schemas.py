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

# --- TikTok (Business API v1.3) ---------------------------------------------------------------

_TIKTOK_ENTITY = (
    pa.field("operation_status", pa.string()),  # ENABLE / DISABLE (what the advertiser set)
    pa.field("secondary_status", pa.string()),  # delivery status (…_DELIVERY_OK, …_BUDGET_EXCEED)
    pa.field("create_time", TS),
    pa.field("modify_time", TS),
)

TIKTOK_ADVERTISERS = TableSpec(
    schema="raw",
    name="tiktok_advertisers",
    description="One row per TikTok advertiser (GET /open_api/v1.3/advertiser/info/); merged.",
    columns=_schema(
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("advertiser_name", pa.string()),
        pa.field("status", pa.string()),
    ),
    primary_key=("account_id",),
    write_mode="merge",
)

TIKTOK_CAMPAIGNS = TableSpec(
    schema="raw",
    name="tiktok_campaigns",
    description=(
        "One row per TikTok campaign (GET /campaign/get/); merged. budget in currency units of "
        "the advertiser currency; set when the campaign owns the budget (CBO, budget_mode "
        "BUDGET_MODE_DAY), else BUDGET_MODE_INFINITE and the ad groups hold budgets."
    ),
    columns=_schema(
        pa.field("campaign_id", pa.string(), nullable=False),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("campaign_name", pa.string()),
        pa.field("objective_type", pa.string()),
        pa.field("budget_mode", pa.string()),
        pa.field("budget", MONEY),
        *_TIKTOK_ENTITY,
    ),
    primary_key=("campaign_id",),
    write_mode="merge",
)

TIKTOK_AD_GROUPS = TableSpec(
    schema="raw",
    name="tiktok_ad_groups",
    description=(
        "One row per TikTok ad group (GET /adgroup/get/); merged. budget in currency units "
        "(BUDGET_MODE_DAY = daily budget)."
    ),
    columns=_schema(
        pa.field("ad_group_id", pa.string(), nullable=False),
        pa.field("campaign_id", pa.string()),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("ad_group_name", pa.string()),
        pa.field("budget_mode", pa.string()),
        pa.field("budget", MONEY),
        pa.field("optimization_goal", pa.string()),
        pa.field("billing_event", pa.string()),
        pa.field("bid_type", pa.string()),
        *_TIKTOK_ENTITY,
    ),
    primary_key=("ad_group_id",),
    write_mode="merge",
)

TIKTOK_ADS = TableSpec(
    schema="raw",
    name="tiktok_ads",
    description=(
        "One row per TikTok ad (GET /ad/get/); merged. tiktok_item_id is the TikTok post a "
        "Spark Ad promotes (links ads to content)."
    ),
    columns=_schema(
        pa.field("ad_id", pa.string(), nullable=False),
        pa.field("ad_group_id", pa.string()),
        pa.field("campaign_id", pa.string()),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("ad_name", pa.string()),
        pa.field("ad_format", pa.string()),
        pa.field("tiktok_item_id", pa.string()),
        pa.field("video_id", pa.string()),
        pa.field("landing_page_url", pa.string()),
        *_TIKTOK_ENTITY,
        money=False,
    ),
    primary_key=("ad_id",),
    write_mode="merge",
)

TIKTOK_ADS_REPORTS_DAILY = TableSpec(
    schema="raw",
    name="tiktok_ads_reports_daily",
    description=(
        "One row per TikTok ad per advertiser-local day (POST/GET /report/integrated/get/, "
        "report_type BASIC, data_level AUCTION_AD, dimensions [ad_id, stat_time_day]). spend "
        "and total_purchase_value in currency units; ctr is not stored (derived). Partition "
        "overwrite of (advertiser, window); 3-day lookback (reporting settles in ~11 h)."
    ),
    columns=_schema(
        pa.field("date_day", pa.date32(), nullable=False),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("campaign_id", pa.string()),
        pa.field("ad_group_id", pa.string()),
        pa.field("ad_id", pa.string(), nullable=False),
        pa.field("campaign_name", pa.string()),
        pa.field("ad_group_name", pa.string()),
        pa.field("ad_name", pa.string()),
        pa.field("spend", MONEY),
        pa.field("impressions", pa.int64()),
        pa.field("clicks", pa.int64()),
        pa.field("reach", pa.int64()),
        pa.field("conversion", pa.float64()),
        pa.field("complete_payment", pa.float64()),  # purchases (web)
        pa.field("total_purchase_value", MONEY),
        pa.field("video_play_actions", pa.int64()),
        pa.field("video_watched_2s", pa.int64()),
        pa.field("video_watched_6s", pa.int64()),
        pa.field("video_views_p100", pa.int64()),
        pa.field("average_video_play", pa.float64()),  # seconds per play
        pa.field("likes", pa.int64()),
        pa.field("comments", pa.int64()),
        pa.field("shares", pa.int64()),
        pa.field("follows", pa.int64()),
        pa.field("profile_visits", pa.int64()),
    ),
    primary_key=("date_day", "account_id", "ad_id"),
    write_mode="partition_overwrite",
    partition_column="date_day",
    cluster_by=("account_id", "campaign_id"),
    cursor="date_day",
    lookback_days=3,
)

# --- Google Ads (API v26, GAQL through GoogleAdsService.SearchStream) --------------------------

GOOGLE_ADS_CUSTOMERS = TableSpec(
    schema="raw",
    name="google_ads_customers",
    description="One row per Google Ads customer (GAQL FROM customer); merged on account_id.",
    columns=_schema(
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("descriptive_name", pa.string()),
        pa.field("status", pa.string()),
    ),
    primary_key=("account_id",),
    write_mode="merge",
)

GOOGLE_ADS_CAMPAIGNS = TableSpec(
    schema="raw",
    name="google_ads_campaigns",
    description=(
        "One row per Google Ads campaign with its budget (GAQL FROM campaign, campaign_budget); "
        "merged. budget_amount_micros: daily budget in micros of the account currency "
        "(1,000,000 micros = 1 unit); campaign_budget_id is the budget owner for write-back."
    ),
    columns=_schema(
        pa.field("campaign_id", pa.string(), nullable=False),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("campaign_name", pa.string()),
        pa.field("status", pa.string()),
        pa.field("advertising_channel_type", pa.string()),  # SEARCH, PERFORMANCE_MAX ...
        pa.field("bidding_strategy_type", pa.string()),
        pa.field("campaign_budget_id", pa.string()),
        pa.field("budget_amount_micros", pa.int64()),
        pa.field("start_date", pa.date32()),
        pa.field("end_date", pa.date32()),
    ),
    primary_key=("campaign_id",),
    write_mode="merge",
)

GOOGLE_ADS_AD_GROUPS = TableSpec(
    schema="raw",
    name="google_ads_ad_groups",
    description="One row per Google Ads ad group (GAQL FROM ad_group); merged.",
    columns=_schema(
        pa.field("ad_group_id", pa.string(), nullable=False),
        pa.field("campaign_id", pa.string()),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("ad_group_name", pa.string()),
        pa.field("status", pa.string()),
        pa.field("type", pa.string()),
        money=False,
    ),
    primary_key=("ad_group_id",),
    write_mode="merge",
)

GOOGLE_ADS_ADS = TableSpec(
    schema="raw",
    name="google_ads_ads",
    description="One row per Google Ads ad in an ad group (GAQL FROM ad_group_ad); merged.",
    columns=_schema(
        pa.field("ad_id", pa.string(), nullable=False),
        pa.field("ad_group_id", pa.string(), nullable=False),
        pa.field("campaign_id", pa.string()),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("ad_name", pa.string()),
        pa.field("ad_type", pa.string()),
        pa.field("status", pa.string()),
        pa.field("final_urls", pa.list_(pa.string())),
        money=False,
    ),
    primary_key=("ad_group_id", "ad_id"),
    write_mode="merge",
)

_GOOGLE_METRICS: tuple[pa.Field, ...] = (
    pa.field("cost_micros", pa.int64()),  # micros of the account currency
    pa.field("impressions", pa.int64()),
    pa.field("clicks", pa.int64()),
    pa.field("conversions", pa.float64()),  # fractional under data-driven attribution
    pa.field("conversions_value", MONEY),  # account currency units
    pa.field("video_views", pa.int64()),
)

GOOGLE_ADS_AD_STATS_DAILY = TableSpec(
    schema="raw",
    name="google_ads_ad_stats_daily",
    description=(
        "One row per Google Ads ad per account-local day (GAQL FROM ad_group_ad with "
        "segments.date). cost_micros kept raw (converted in staging). Partition overwrite of "
        "(customer, window); 14-day lookback by default."
    ),
    columns=_schema(
        pa.field("date_day", pa.date32(), nullable=False),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("campaign_id", pa.string()),
        pa.field("ad_group_id", pa.string(), nullable=False),
        pa.field("ad_id", pa.string(), nullable=False),
        *_GOOGLE_METRICS,
    ),
    primary_key=("date_day", "account_id", "ad_group_id", "ad_id"),
    write_mode="partition_overwrite",
    partition_column="date_day",
    cluster_by=("account_id", "campaign_id"),
    cursor="date_day",
    lookback_days=14,
)

GOOGLE_ADS_CAMPAIGN_STATS_DAILY = TableSpec(
    schema="raw",
    name="google_ads_campaign_stats_daily",
    description=(
        "One row per Google Ads campaign per account-local day (GAQL FROM campaign with "
        "segments.date). Performance Max campaigns have no ad-level rows: their delivery is "
        "only here (kept as campaign-level rows in the facts)."
    ),
    columns=_schema(
        pa.field("date_day", pa.date32(), nullable=False),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("campaign_id", pa.string(), nullable=False),
        *_GOOGLE_METRICS,
    ),
    primary_key=("date_day", "account_id", "campaign_id"),
    write_mode="partition_overwrite",
    partition_column="date_day",
    cluster_by=("account_id", "campaign_id"),
    cursor="date_day",
    lookback_days=14,
)

# --- File drops (CSV files in the inbox; extractors/files) -----------------------------------
# One table per kind of file. Every row keeps the file it came from (source_file_hash, the file's
# sha256, joins ops.file_loads) and its line in that file; raw_json is the CSV row as delivered
# ({header: text}); _source is the file name. account_timezone is the zone the file's dates are
# local to (config/files.yml). Write modes, per kind (see extractors/files/kinds.py):
# reconciled reports merge on (date_day, campaign_id); scans and sell-out replace the file's
# period for their feed / retailer (a delivery is complete for its period).

_FILE_LINEAGE: tuple[pa.Field, ...] = (
    pa.field("source_file_hash", pa.string(), nullable=False),
    pa.field("source_file_line", pa.int64(), nullable=False),
)

FILE_RECONCILED_CAMPAIGN_REPORTS = TableSpec(
    schema="raw",
    name="file_reconciled_campaign_reports",
    description=(
        "One row per campaign per report day from the reconciled campaign reports dropped in the "
        "inbox (reconciled_campaign_report_*.csv: campaign, owner, category, spend, revenue, "
        "margin in the row's currency units). Merged on (date_day, campaign_id): a corrected "
        "re-delivery replaces the rows it contains and keeps the others."
    ),
    columns=_schema(
        pa.field("date_day", pa.date32(), nullable=False),
        pa.field("campaign_id", pa.string(), nullable=False),
        pa.field("account_id", pa.string()),
        pa.field("platform", pa.string()),
        pa.field("campaign_name", pa.string()),
        pa.field("owner", pa.string()),
        pa.field("category", pa.string()),
        pa.field("spend", MONEY),
        pa.field("revenue", MONEY),
        pa.field("margin", MONEY),  # revenue - cost of goods - spend: may be negative
        *_FILE_LINEAGE,
    ),
    primary_key=("date_day", "campaign_id"),
    write_mode="merge",
    partition_column="date_day",
    scope_column=None,
    cluster_by=("campaign_id",),
    required=("owner", "category", "currency_code", "spend", "revenue", "margin"),
)

FILE_SCANS_DAILY = TableSpec(
    schema="raw",
    name="file_scans_daily",
    description=(
        "One row per master SKU per region per day of a scan feed (Saversure QR scans, "
        "saversure_scans_*.csv). region is 'ALL' when the feed has no regional breakdown. "
        "Partition overwrite of (feed, the file's days): a re-delivery replaces its period."
    ),
    columns=_schema(
        pa.field("date_day", pa.date32(), nullable=False),
        pa.field("feed", pa.string(), nullable=False),
        pa.field("region", pa.string(), nullable=False),
        pa.field("master_sku", pa.string(), nullable=False),
        pa.field("sku", pa.string()),
        pa.field("product_name", pa.string()),
        pa.field("scans", pa.int64()),
        *_FILE_LINEAGE,
        money=False,
    ),
    primary_key=("date_day", "feed", "region", "master_sku"),
    write_mode="partition_overwrite",
    partition_column="date_day",
    scope_column="feed",
    cluster_by=("feed", "master_sku"),
    required=("scans",),
)

FILE_OFFLINE_SELLOUT_WEEKLY = TableSpec(
    schema="raw",
    name="file_offline_sellout_weekly",
    description=(
        "One row per master SKU per store per week of a retailer's offline sell-out (7-Eleven, "
        "7eleven_sellout_*.csv): units and sales in currency units of currency_code (THB). "
        "week_start is the retailer's week start (Monday). Partition overwrite of (retailer, the "
        "file's weeks): a re-delivery replaces its period."
    ),
    columns=_schema(
        pa.field("week_start", pa.date32(), nullable=False),
        pa.field("retailer", pa.string(), nullable=False),
        pa.field("store_id", pa.string(), nullable=False),
        pa.field("master_sku", pa.string(), nullable=False),
        pa.field("store_name", pa.string()),
        pa.field("sku", pa.string()),
        pa.field("product_name", pa.string()),
        pa.field("units", pa.int64()),
        pa.field("sales", MONEY),
        *_FILE_LINEAGE,
    ),
    primary_key=("week_start", "retailer", "store_id", "master_sku"),
    write_mode="partition_overwrite",
    partition_column="week_start",
    scope_column="retailer",
    cluster_by=("retailer", "store_id"),
    required=("units", "sales", "currency_code"),
)

FILE_LOADS = TableSpec(
    schema="ops",
    name="file_loads",
    description=(
        "One row per distinct file content (sha256) seen in the inbox: its name, kind, what "
        "loading it did (status loaded | rejected, rows read / loaded / replaced / quarantined, "
        "the period it covered), why it was rejected, and where the file was moved. The "
        "exactly-once ledger: a file whose hash is here is never loaded again."
    ),
    columns=pa.schema(
        [
            pa.field("file_hash", pa.string(), nullable=False),
            pa.field("file_name", pa.string(), nullable=False),
            pa.field("kind", pa.string()),
            pa.field("status", pa.string(), nullable=False),
            pa.field("rows_read", pa.int64(), nullable=False),
            pa.field("rows_loaded", pa.int64(), nullable=False),
            pa.field("rows_replaced", pa.int64(), nullable=False),
            pa.field("rows_quarantined", pa.int64(), nullable=False),
            pa.field("period_start", pa.date32()),
            pa.field("period_end", pa.date32()),
            pa.field("message", pa.string()),
            pa.field("stored_path", pa.string()),
            pa.field("loaded_at", TS, nullable=False),
        ]
    ),
    primary_key=("file_hash",),
    write_mode="merge",
    scope_column=None,
)

# --- Marketplaces (Shopee v2, Lazada, TikTok Shop 202309) -------------------------------------
# Orders change for weeks (payment, shipping, delivery, confirmation, returns): orders and their
# items are merged on their keys; every sync re-reads the last 14 days of *updates*
# (extractors/shops/settings.py). Amounts stay in the platform's unit, which for all three is
# currency units of the shop currency (Shopee numbers, Lazada and TikTok Shop strings → exact
# decimals; VND and JPY shops have no minor unit). Buyer PII: only the fields staging hashes are
# typed; names, phones and street addresses are removed from raw_json (extractors/shops/common.py).

SHOPEE_ORDERS = TableSpec(
    schema="raw",
    name="shopee_orders",
    description=(
        "One row per Shopee order (GET /api/v2/order/get_order_list by update_time, then "
        "get_order_detail); merged on (shop_id, order_sn). total_amount (what the buyer paid, "
        "after vouchers, shipping included) and fees in currency units of currency_code; times "
        "UTC from unix seconds. Re-read for 14 days of updates."
    ),
    columns=_schema(
        pa.field("shop_id", pa.string(), nullable=False),
        pa.field("order_sn", pa.string(), nullable=False),
        pa.field("region", pa.string()),
        pa.field("order_status", pa.string()),
        pa.field("buyer_user_id", pa.string()),
        pa.field("buyer_username", pa.string()),
        pa.field("total_amount", MONEY),
        pa.field("estimated_shipping_fee", MONEY),
        pa.field("actual_shipping_fee", MONEY),
        pa.field("payment_method", pa.string()),
        pa.field("cod", pa.bool_()),
        pa.field("cancel_by", pa.string()),
        pa.field("cancel_reason", pa.string()),
        pa.field("recipient_city", pa.string()),
        pa.field("recipient_state", pa.string()),
        pa.field("create_time", TS),
        pa.field("update_time", TS),
        pa.field("pay_time", TS),
    ),
    primary_key=("shop_id", "order_sn"),
    write_mode="merge",
    scope_column="shop_id",
    cluster_by=("shop_id",),
    cursor="update_time",
    lookback_days=14,
    required=("order_status", "create_time", "update_time", "currency_code"),
)

SHOPEE_ORDER_ITEMS = TableSpec(
    schema="raw",
    name="shopee_order_items",
    description=(
        "One row per line of a Shopee order (get_order_detail item_list): an item, or a model "
        "of an item with variations (model_id 0 = none). Prices per unit in currency units: "
        "original_price before and discounted_price after the item promotion; order vouchers "
        "are not split per line by this API. Merged on (shop_id, order_sn, order_item_id, "
        "model_id) with the order."
    ),
    columns=_schema(
        pa.field("shop_id", pa.string(), nullable=False),
        pa.field("order_sn", pa.string(), nullable=False),
        pa.field("order_item_id", pa.string(), nullable=False),
        pa.field("item_id", pa.string()),
        pa.field("model_id", pa.string(), nullable=False),
        pa.field("item_name", pa.string()),
        pa.field("item_sku", pa.string()),
        pa.field("model_name", pa.string()),
        pa.field("model_sku", pa.string()),
        pa.field("quantity", pa.int64()),
        pa.field("original_price", MONEY),
        pa.field("discounted_price", MONEY),
        pa.field("promotion_type", pa.string()),
        pa.field("is_main_item", pa.bool_()),
        pa.field("order_update_time", TS),
    ),
    primary_key=("shop_id", "order_sn", "order_item_id", "model_id"),
    write_mode="merge",
    scope_column="shop_id",
    cluster_by=("shop_id",),
    cursor="order_update_time",
    lookback_days=14,
    required=("quantity",),
)

SHOPEE_PRODUCTS = TableSpec(
    schema="raw",
    name="shopee_products",
    description=(
        "One row per Shopee item, or per model of an item with variations (get_item_list, "
        "get_item_base_info, get_model_list); merged on (shop_id, item_id, model_id). Prices "
        "in currency units at the time of the sync."
    ),
    columns=_schema(
        pa.field("shop_id", pa.string(), nullable=False),
        pa.field("item_id", pa.string(), nullable=False),
        pa.field("model_id", pa.string(), nullable=False),
        pa.field("item_name", pa.string()),
        pa.field("item_sku", pa.string()),
        pa.field("model_name", pa.string()),
        pa.field("model_sku", pa.string()),
        pa.field("item_status", pa.string()),
        pa.field("original_price", MONEY),
        pa.field("current_price", MONEY),
        pa.field("update_time", TS),
    ),
    primary_key=("shop_id", "item_id", "model_id"),
    write_mode="merge",
    scope_column="shop_id",
)

LAZADA_ORDERS = TableSpec(
    schema="raw",
    name="lazada_orders",
    description=(
        "One row per Lazada order (GET /orders/get by update_after, sorted by updated_at); "
        "merged on (seller_id, order_id). price = items total after item promotions, voucher "
        "= seller + platform vouchers, shipping_fee paid by the buyer; currency units (the API "
        "sends strings, e.g. '1,290.00'). statuses: the order's item statuses, comma-joined."
    ),
    columns=_schema(
        pa.field("seller_id", pa.string(), nullable=False),
        pa.field("order_id", pa.string(), nullable=False),
        pa.field("order_number", pa.string()),
        pa.field("statuses", pa.string()),
        pa.field("price", MONEY),
        pa.field("voucher", MONEY),
        pa.field("voucher_seller", MONEY),
        pa.field("voucher_platform", MONEY),
        pa.field("shipping_fee", MONEY),
        pa.field("items_count", pa.int64()),
        pa.field("payment_method", pa.string()),
        pa.field("customer_first_name", pa.string()),
        pa.field("customer_last_name", pa.string()),
        pa.field("shipping_city", pa.string()),
        pa.field("created_at", TS),
        pa.field("updated_at", TS),
    ),
    primary_key=("seller_id", "order_id"),
    write_mode="merge",
    scope_column="seller_id",
    cluster_by=("seller_id",),
    cursor="updated_at",
    lookback_days=14,
    required=("statuses", "created_at", "updated_at", "currency_code"),
)

LAZADA_ORDER_ITEMS = TableSpec(
    schema="raw",
    name="lazada_order_items",
    description=(
        "One row per Lazada order item (GET /orders/items/get); Lazada lists one item per unit "
        "bought. item_price after the item promotion, paid_price after vouchers, shipping_amount "
        "the unit's share of the buyer's shipping fee; currency units. Merged on (seller_id, "
        "order_item_id); status changes per item (returns)."
    ),
    columns=_schema(
        pa.field("seller_id", pa.string(), nullable=False),
        pa.field("order_item_id", pa.string(), nullable=False),
        pa.field("order_id", pa.string(), nullable=False),
        pa.field("sku", pa.string()),
        pa.field("shop_sku", pa.string()),
        pa.field("sku_id", pa.string()),
        pa.field("product_id", pa.string()),
        pa.field("name", pa.string()),
        pa.field("variation", pa.string()),
        pa.field("item_price", MONEY),
        pa.field("paid_price", MONEY),
        pa.field("voucher_seller", MONEY),
        pa.field("voucher_platform", MONEY),
        pa.field("shipping_amount", MONEY),
        pa.field("tax_amount", MONEY),
        pa.field("status", pa.string()),
        pa.field("cancel_return_initiator", pa.string()),
        pa.field("reason", pa.string()),
        pa.field("created_at", TS),
        pa.field("updated_at", TS),
    ),
    primary_key=("seller_id", "order_item_id"),
    write_mode="merge",
    scope_column="seller_id",
    cluster_by=("seller_id",),
    cursor="updated_at",
    lookback_days=14,
)

LAZADA_PRODUCTS = TableSpec(
    schema="raw",
    name="lazada_products",
    description=(
        "One row per Lazada SKU (GET /products/get, filter=all); merged on (seller_id, "
        "sku_id). price = list price, special_price = promotional price, currency units."
    ),
    columns=_schema(
        pa.field("seller_id", pa.string(), nullable=False),
        pa.field("sku_id", pa.string(), nullable=False),
        pa.field("item_id", pa.string()),
        pa.field("seller_sku", pa.string()),
        pa.field("shop_sku", pa.string()),
        pa.field("name", pa.string()),
        pa.field("status", pa.string()),
        pa.field("price", MONEY),
        pa.field("special_price", MONEY),
        pa.field("updated_time", TS),
    ),
    primary_key=("seller_id", "sku_id"),
    write_mode="merge",
    scope_column="seller_id",
)

TIKTOK_SHOP_ORDERS = TableSpec(
    schema="raw",
    name="tiktok_shop_orders",
    description=(
        "One row per TikTok Shop order (POST /order/202309/orders/search by update_time); "
        "merged on (shop_id, order_id). payment amounts (strings on the wire) in currency "
        "units: sub_total = products after seller and platform discounts, total_amount = "
        "sub_total + shipping_fee (+ tax)."
    ),
    columns=_schema(
        pa.field("shop_id", pa.string(), nullable=False),
        pa.field("order_id", pa.string(), nullable=False),
        pa.field("status", pa.string()),
        pa.field("user_id", pa.string()),
        pa.field("buyer_email", pa.string()),
        pa.field("original_total_product_price", MONEY),
        pa.field("seller_discount", MONEY),
        pa.field("platform_discount", MONEY),
        pa.field("sub_total", MONEY),
        pa.field("shipping_fee", MONEY),
        pa.field("tax", MONEY),
        pa.field("total_amount", MONEY),
        pa.field("payment_method_name", pa.string()),
        pa.field("is_cod", pa.bool_()),
        pa.field("cancel_reason", pa.string()),
        pa.field("cancellation_initiator", pa.string()),
        pa.field("recipient_region_code", pa.string()),
        pa.field("create_time", TS),
        pa.field("update_time", TS),
        pa.field("paid_time", TS),
    ),
    primary_key=("shop_id", "order_id"),
    write_mode="merge",
    scope_column="shop_id",
    cluster_by=("shop_id",),
    cursor="update_time",
    lookback_days=14,
    required=("status", "create_time", "update_time", "currency_code"),
)

TIKTOK_SHOP_ORDER_ITEMS = TableSpec(
    schema="raw",
    name="tiktok_shop_order_items",
    description=(
        "One row per TikTok Shop line item (line_items of the order; one per unit bought). "
        "Per unit, currency units: sale_price = original_price - seller_discount - "
        "platform_discount. Merged on (shop_id, line_item_id) with the order."
    ),
    columns=_schema(
        pa.field("shop_id", pa.string(), nullable=False),
        pa.field("line_item_id", pa.string(), nullable=False),
        pa.field("order_id", pa.string(), nullable=False),
        pa.field("sku_id", pa.string()),
        pa.field("seller_sku", pa.string()),
        pa.field("product_id", pa.string()),
        pa.field("product_name", pa.string()),
        pa.field("sku_name", pa.string()),
        pa.field("original_price", MONEY),
        pa.field("sale_price", MONEY),
        pa.field("seller_discount", MONEY),
        pa.field("platform_discount", MONEY),
        pa.field("display_status", pa.string()),
        pa.field("is_gift", pa.bool_()),
        pa.field("order_update_time", TS),
    ),
    primary_key=("shop_id", "line_item_id"),
    write_mode="merge",
    scope_column="shop_id",
    cluster_by=("shop_id",),
    cursor="order_update_time",
    lookback_days=14,
)

TIKTOK_SHOP_PRODUCTS = TableSpec(
    schema="raw",
    name="tiktok_shop_products",
    description=(
        "One row per TikTok Shop SKU (POST /product/202309/products/search); merged on "
        "(shop_id, sku_id). sale_price in currency units at the time of the sync."
    ),
    columns=_schema(
        pa.field("shop_id", pa.string(), nullable=False),
        pa.field("sku_id", pa.string(), nullable=False),
        pa.field("product_id", pa.string()),
        pa.field("title", pa.string()),
        pa.field("seller_sku", pa.string()),
        pa.field("status", pa.string()),
        pa.field("sale_price", MONEY),
        pa.field("update_time", TS),
    ),
    primary_key=("shop_id", "sku_id"),
    write_mode="merge",
    scope_column="shop_id",
)

SKU_MAPPING = TableSpec(
    schema="raw",
    name="sku_mapping",
    description=(
        "One row per platform SKU mapped to the brand's master SKU and product group, loaded "
        "from config/sku_mapping.csv (validated; source_line = the CSV line). shop is the shop "
        "key of config/shops.yml for marketplace rows (shop_id its platform id) and free text "
        "(or empty) for other platforms (scan feeds, retailers). Every load is the whole file: "
        "staging keeps the rows of the latest _loaded_at, so a row deleted from the file "
        "disappears. Merged on (platform, shop, platform_sku)."
    ),
    columns=_schema(
        pa.field("platform", pa.string(), nullable=False),
        pa.field("shop", pa.string(), nullable=False),
        pa.field("platform_sku", pa.string(), nullable=False),
        pa.field("shop_id", pa.string()),
        pa.field("master_sku", pa.string(), nullable=False),
        pa.field("product_group", pa.string(), nullable=False),
        pa.field("note", pa.string()),
        pa.field("source_line", pa.int64()),
        money=False,
    ),
    primary_key=("platform", "shop", "platform_sku"),
    write_mode="merge",
    scope_column=None,
    required=("master_sku", "product_group"),
)

SHOP_ORDER_TABLES: tuple[TableSpec, ...] = (
    SHOPEE_ORDERS,
    SHOPEE_ORDER_ITEMS,
    LAZADA_ORDERS,
    LAZADA_ORDER_ITEMS,
    TIKTOK_SHOP_ORDERS,
    TIKTOK_SHOP_ORDER_ITEMS,
)
SHOP_PRODUCT_TABLES: tuple[TableSpec, ...] = (
    SHOPEE_PRODUCTS,
    LAZADA_PRODUCTS,
    TIKTOK_SHOP_PRODUCTS,
)

# --- GA4 (BigQuery export shape: events_YYYYMMDD) -------------------------------------------
# Types follow Google's "[GA4] BigQuery Export schema" (support.google.com/analytics/answer/
# 7029846): every export column we use is typed here, nested as in the export. Fields not typed
# here (app_info, publisher, session_traffic_source_last_click ...) are kept in raw_json, so they
# are never lost (extractors/ga4/events.py). Money (purchase_revenue, price ...) stays FLOAT64 as
# exported, in the property currency.

GA4_PARAM_VALUE = pa.struct(
    [
        ("string_value", pa.string()),
        ("int_value", pa.int64()),
        ("float_value", pa.float64()),
        ("double_value", pa.float64()),
    ]
)
"""One ``event_params`` value: exactly one field is set (GA4 types each value when collected)."""

GA4_EVENT_PARAMS = pa.list_(pa.struct([("key", pa.string()), ("value", GA4_PARAM_VALUE)]))
"""``event_params``: repeated (key, value) structs, e.g. ``ga_session_id`` → int_value."""

GA4_USER_PROPERTIES = pa.list_(
    pa.struct(
        [
            ("key", pa.string()),
            (
                "value",
                pa.struct([*GA4_PARAM_VALUE, ("set_timestamp_micros", pa.int64())]),
            ),
        ]
    )
)

GA4_ITEM = pa.struct(
    [
        ("item_id", pa.string()),
        ("item_name", pa.string()),
        ("item_brand", pa.string()),
        ("item_variant", pa.string()),
        ("item_category", pa.string()),
        ("item_category2", pa.string()),
        ("item_category3", pa.string()),
        ("item_category4", pa.string()),
        ("item_category5", pa.string()),
        ("price_in_usd", pa.float64()),
        ("price", pa.float64()),
        ("quantity", pa.int64()),
        ("item_revenue_in_usd", pa.float64()),
        ("item_revenue", pa.float64()),
        ("item_refund_in_usd", pa.float64()),
        ("item_refund", pa.float64()),
        ("coupon", pa.string()),
        ("affiliation", pa.string()),
        ("location_id", pa.string()),
        ("item_list_id", pa.string()),
        ("item_list_name", pa.string()),
        ("item_list_index", pa.string()),
        ("promotion_id", pa.string()),
        ("promotion_name", pa.string()),
        ("creative_name", pa.string()),
        ("creative_slot", pa.string()),
    ]
)

GA4_EVENTS = TableSpec(
    schema="raw",
    name="ga4_events",
    description=(
        "One row per GA4 event of a property's BigQuery export (events_YYYYMMDD; NDJSON files "
        "of that shape on the embedded default), nested fields typed as exported. event_date is "
        "the property-local day (YYYYMMDD in the export, a date here); event_timestamp is "
        "microseconds since the epoch (UTC, client time). event_dedupe_key = md5 of the exported "
        "record, so exact duplicate exports collapse. Partition overwrite of (property, day) for "
        "every day with an export file; each sync re-reads the last 3 days, which GA4 keeps "
        "updating with late events. currency_code / account_timezone are the property's. "
        "raw_json: the exported JSON line (NDJSON files), or for Parquet files the fields the "
        "typed columns do not hold ({} when none)."
    ),
    columns=_schema(
        pa.field("property_id", pa.string(), nullable=False),
        pa.field("event_date", pa.date32(), nullable=False),
        pa.field("event_timestamp", pa.int64(), nullable=False),
        pa.field("event_name", pa.string(), nullable=False),
        pa.field("event_dedupe_key", pa.string(), nullable=False),
        pa.field("user_pseudo_id", pa.string()),
        pa.field("user_id", pa.string()),
        pa.field("stream_id", pa.string()),
        pa.field("platform", pa.string()),
        pa.field("event_params", GA4_EVENT_PARAMS),
        pa.field("event_previous_timestamp", pa.int64()),
        pa.field("event_value_in_usd", pa.float64()),
        pa.field("event_bundle_sequence_id", pa.int64()),
        pa.field("event_server_timestamp_offset", pa.int64()),
        pa.field(
            "privacy_info",
            pa.struct(
                [
                    ("analytics_storage", pa.string()),
                    ("ads_storage", pa.string()),
                    ("uses_transient_token", pa.string()),
                ]
            ),
        ),
        pa.field("user_properties", GA4_USER_PROPERTIES),
        pa.field("user_first_touch_timestamp", pa.int64()),
        pa.field("user_ltv", pa.struct([("revenue", pa.float64()), ("currency", pa.string())])),
        pa.field(
            "device",
            pa.struct(
                [
                    ("category", pa.string()),
                    ("mobile_brand_name", pa.string()),
                    ("mobile_model_name", pa.string()),
                    ("mobile_marketing_name", pa.string()),
                    ("mobile_os_hardware_model", pa.string()),
                    ("operating_system", pa.string()),
                    ("operating_system_version", pa.string()),
                    ("language", pa.string()),
                    ("is_limited_ad_tracking", pa.string()),
                    ("time_zone_offset_seconds", pa.int64()),
                    (
                        "web_info",
                        pa.struct(
                            [
                                ("browser", pa.string()),
                                ("browser_version", pa.string()),
                                ("hostname", pa.string()),
                            ]
                        ),
                    ),
                ]
            ),
        ),
        pa.field(
            "geo",
            pa.struct(
                [
                    ("city", pa.string()),
                    ("country", pa.string()),
                    ("continent", pa.string()),
                    ("region", pa.string()),
                    ("sub_continent", pa.string()),
                    ("metro", pa.string()),
                ]
            ),
        ),
        pa.field(
            "traffic_source",  # the user's first-touch acquisition, not the session's
            pa.struct([("name", pa.string()), ("medium", pa.string()), ("source", pa.string())]),
        ),
        pa.field(
            "collected_traffic_source",  # the event's own UTM / click ids (export since 2023)
            pa.struct(
                [
                    ("manual_campaign_id", pa.string()),
                    ("manual_campaign_name", pa.string()),
                    ("manual_source", pa.string()),
                    ("manual_medium", pa.string()),
                    ("manual_term", pa.string()),
                    ("manual_content", pa.string()),
                    ("gclid", pa.string()),
                    ("dclid", pa.string()),
                    ("srsltid", pa.string()),
                ]
            ),
        ),
        pa.field(
            "ecommerce",
            pa.struct(
                [
                    ("total_item_quantity", pa.int64()),
                    ("purchase_revenue_in_usd", pa.float64()),
                    ("purchase_revenue", pa.float64()),
                    ("refund_value_in_usd", pa.float64()),
                    ("refund_value", pa.float64()),
                    ("shipping_value_in_usd", pa.float64()),
                    ("shipping_value", pa.float64()),
                    ("tax_value_in_usd", pa.float64()),
                    ("tax_value", pa.float64()),
                    ("unique_items", pa.int64()),
                    ("transaction_id", pa.string()),
                ]
            ),
        ),
        pa.field("items", pa.list_(GA4_ITEM)),
        pa.field("is_active_user", pa.bool_()),
    ),
    # user_pseudo_id is not part of the key: consent-mode cookieless pings export it as null,
    # and they are real events (counted, not sessionized). The dedupe hash covers it.
    primary_key=("property_id", "event_date", "event_timestamp", "event_name", "event_dedupe_key"),
    write_mode="partition_overwrite",
    partition_column="event_date",
    scope_column="property_id",
    cluster_by=("property_id", "event_name"),
    cursor="event_date",
    lookback_days=3,
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
    TIKTOK_ADVERTISERS,
    TIKTOK_CAMPAIGNS,
    TIKTOK_AD_GROUPS,
    TIKTOK_ADS,
    TIKTOK_ADS_REPORTS_DAILY,
    GOOGLE_ADS_CUSTOMERS,
    GOOGLE_ADS_CAMPAIGNS,
    GOOGLE_ADS_AD_GROUPS,
    GOOGLE_ADS_ADS,
    GOOGLE_ADS_AD_STATS_DAILY,
    GOOGLE_ADS_CAMPAIGN_STATS_DAILY,
    FILE_RECONCILED_CAMPAIGN_REPORTS,
    FILE_SCANS_DAILY,
    FILE_OFFLINE_SELLOUT_WEEKLY,
    *SHOP_PRODUCT_TABLES,
    *SHOP_ORDER_TABLES,
    SKU_MAPPING,
    GA4_EVENTS,
)
"""Every raw table, in the order a full sync loads them. Later sources append here."""

OPS_TABLES: tuple[TableSpec, ...] = (QUARANTINE, SYNC_STATE, FILE_LOADS)

# --- optimizer (ops): action plans, the audit log of every write attempt, human overrides ------
# Written by optimizer/ledger.py (merge / append through the Warehouse); read by the optimizer
# marts (dbt: marts/optimizer/action_outcomes) and the apply step. Budget amounts are in the
# platform's native unit named by `unit` (Meta `minor`, TikTok `units`, Google `micros`).

BUDGET_ACTION_PLANS = TableSpec(
    schema="ops",
    name="budget_action_plans",
    description=(
        "One row per planned budget action per optimizer run (the preview): what would change "
        "(before → after in the platform's unit, and THB), why (rule or allocation), the "
        "expected impact and confidence, and its status after overrides and guardrails "
        "(ready, clipped, blocked, vetoed, edited). Merged on action_id (deterministic from run, "
        "object and change, so re-previewing a run rewrites its rows)."
    ),
    columns=pa.schema(
        [
            pa.field("action_id", pa.string(), nullable=False),
            pa.field("run_id", pa.string(), nullable=False),
            pa.field("policy", pa.string(), nullable=False),
            pa.field("platform", pa.string(), nullable=False),
            pa.field("account_id", pa.string(), nullable=False),
            pa.field("object_id", pa.string(), nullable=False),
            pa.field("object_level", pa.string(), nullable=False),  # campaign | ad_group
            pa.field("object_name", pa.string()),
            pa.field("campaign_id", pa.string()),
            pa.field("product_group", pa.string()),
            pa.field("buyer", pa.string()),
            pa.field("action_type", pa.string(), nullable=False),  # budget | pause
            pa.field("field", pa.string(), nullable=False),  # daily_budget | status
            pa.field("unit", pa.string(), nullable=False),  # minor | units | micros
            pa.field("currency_code", pa.string()),
            pa.field("before_value", MONEY),  # daily budget in `unit` (a pause keeps it here)
            pa.field("after_value", MONEY),  # null for a pause
            pa.field("proposed_after_value", MONEY),  # before overrides and guardrails
            pa.field("before_status", pa.string()),
            pa.field("after_status", pa.string()),
            pa.field("before_thb", MONEY),
            pa.field("after_thb", MONEY),
            pa.field("change_pct", pa.float64()),
            pa.field("reason", pa.string()),
            pa.field("rule", pa.string()),  # rules fired, or "allocation"
            pa.field("expected_spend_change_thb", MONEY),  # per day
            pa.field("expected_margin_change_thb", MONEY),  # per day
            pa.field("confidence", pa.float64()),
            pa.field("status", pa.string(), nullable=False),
            pa.field("guardrail_notes", pa.string()),
            pa.field("override_by", pa.string()),
            pa.field("as_of_at", TS),
            pa.field("planned_at", TS, nullable=False),
        ]
    ),
    primary_key=("action_id",),
    write_mode="merge",
    scope_column=None,
)

AUDIT_LOG = TableSpec(
    schema="ops",
    name="audit_log",
    description=(
        "One row per event of a budget action: the intent recorded before a platform call, "
        "its result (applied, failed, verify_mismatch), a reconciliation after a crash, a skip, "
        "or a human override taking effect. Who (actor), what (object, field, before → after, "
        "value read back), when (occurred_at, UTC), the API response and trace id, or the "
        "error. Append-only: the trail of every write attempt."
    ),
    columns=pa.schema(
        [
            pa.field("audit_id", pa.string(), nullable=False),
            pa.field("action_id", pa.string(), nullable=False),
            pa.field("run_id", pa.string()),
            pa.field("event", pa.string(), nullable=False),
            pa.field("actor", pa.string(), nullable=False),
            pa.field("platform", pa.string(), nullable=False),
            pa.field("account_id", pa.string()),
            pa.field("object_id", pa.string(), nullable=False),
            pa.field("object_level", pa.string()),
            pa.field("field", pa.string()),
            pa.field("unit", pa.string()),
            pa.field("before_value", pa.string()),
            pa.field("after_value", pa.string()),
            pa.field("observed_value", pa.string()),  # read back from the platform
            pa.field("api_response", pa.string()),
            pa.field("api_trace_id", pa.string()),
            pa.field("error", pa.string()),
            pa.field("occurred_at", TS, nullable=False),
        ]
    ),
    primary_key=("audit_id",),
    write_mode="append",
    scope_column=None,
)

ACTION_OVERRIDES = TableSpec(
    schema="ops",
    name="action_overrides",
    description=(
        "One row per human override of the optimizer: veto or edit one planned action "
        "(action_id), or mark an object manual (never touched, optionally until a date). Rows "
        "here work like entries of config/overrides/*.yml; merged on override_id."
    ),
    columns=pa.schema(
        [
            pa.field("override_id", pa.string(), nullable=False),
            pa.field("decision", pa.string(), nullable=False),  # veto | edit | manual
            pa.field("action_id", pa.string()),
            pa.field("platform", pa.string()),
            pa.field("object_id", pa.string()),
            pa.field("after_value", MONEY),  # edit: the amount to apply, the action's unit
            pa.field("decided_by", pa.string(), nullable=False),
            pa.field("reason", pa.string()),
            pa.field("valid_until", pa.date32()),
            pa.field("created_at", TS),
        ]
    ),
    primary_key=("override_id",),
    write_mode="merge",
    scope_column=None,
)

OPTIMIZER_TABLES: tuple[TableSpec, ...] = (BUDGET_ACTION_PLANS, AUDIT_LOG, ACTION_OVERRIDES)
"""The optimizer's ops tables (also part of :data:`OPS_TABLES`)."""

OPS_TABLES = (*OPS_TABLES, *OPTIMIZER_TABLES)

# --- alerts (ops): the webhook delivery ledger ------------------------------------------------
# Written by orchestration/defs/alerts/deliveries.py (the alert webhook sensor); an alert_id with
# a `delivered` or `rejected` row is never posted again.

ALERT_DELIVERIES = TableSpec(
    schema="ops",
    name="alert_deliveries",
    description=(
        "One row per attempt to deliver one alert (marts.alerts alert_id) to the webhook: the "
        "outcome (delivered: 2xx; rejected: a 4xx other than 429, never retried; failed: "
        "retries exhausted, retried at a later sensor tick), the last HTTP status (null without "
        "a response), HTTP attempts made, the start of the response body or the error (secrets "
        "masked), the endpoint's host only, and when it was sent (UTC). Append-only."
    ),
    columns=pa.schema(
        [
            pa.field("delivery_id", pa.string(), nullable=False),
            pa.field("alert_id", pa.string(), nullable=False),
            pa.field("alert_evaluation_id", pa.string()),
            pa.field("alert_type", pa.string()),
            pa.field("outcome", pa.string(), nullable=False),  # delivered | rejected | failed
            pa.field("endpoint_host", pa.string()),
            pa.field("response", pa.string()),
            pa.field("error", pa.string()),
            pa.field("http_status", pa.int64()),
            pa.field("attempts", pa.int64(), nullable=False),
            pa.field("date_day", pa.date32()),  # the alert evaluation's day
            pa.field("sent_at", TS, nullable=False),
        ]
    ),
    primary_key=("delivery_id",),
    write_mode="append",
    scope_column=None,
)

OPS_TABLES = (*OPS_TABLES, ALERT_DELIVERIES)

# --- Content: organic posts, videos and media (Facebook, Instagram, TikTok) -------------------
# Written by extractors/content/sync.py. Post/media tables are merged on the platform id; the
# metrics tables hold **lifetime snapshots** (every platform serves post metrics as lifetime
# totals): one row per item per content-account-local snapshot day, written by partition
# overwrite of (account, that day), so each hourly sync replaces the day's snapshot and the last
# sync of a day wins. dbt derives daily values as differences of consecutive snapshots
# (DECISIONLOG "Content metrics"). account_id is the content account: the Facebook page, the
# Instagram professional account or the TikTok account (business_id). content_id is the
# stable UUID of extractors/content/ids.py.

_CONTENT_ITEM = (
    pa.field("account_id", pa.string(), nullable=False),
    pa.field("content_id", pa.string(), nullable=False),
    pa.field("created_time", TS),
)
_SNAPSHOT = (
    pa.field("snapshot_date", pa.date32(), nullable=False),
    pa.field("account_id", pa.string(), nullable=False),
)


def _snapshot_spec(name: str, key: str, description: str, *metrics: pa.Field) -> TableSpec:
    return TableSpec(
        schema="raw",
        name=name,
        description=description,
        columns=_schema(
            *_SNAPSHOT,
            pa.field(key, pa.string(), nullable=False),
            pa.field("snapshot_at", TS, nullable=False),
            *metrics,
            money=False,
        ),
        primary_key=("snapshot_date", "account_id", key),
        write_mode="partition_overwrite",
        partition_column="snapshot_date",
        cluster_by=("account_id",),
        cursor="snapshot_date",
        lookback_days=0,
        required=("snapshot_at",),
    )


META_PAGE_POSTS = TableSpec(
    schema="raw",
    name="meta_page_posts",
    description=(
        "One row per published Facebook page post (GET /{page_id}/posts with attachments); "
        "merged on post_id ({page_id}_{post_id}, the form ads name as object_story_id). "
        "video_id is the video node of a video post (attachments.target.id)."
    ),
    columns=_schema(
        pa.field("post_id", pa.string(), nullable=False),
        *_CONTENT_ITEM,
        pa.field("message", pa.string()),
        pa.field("permalink_url", pa.string()),
        pa.field("status_type", pa.string()),
        pa.field("media_type", pa.string()),  # attachments[0].media_type: video, photo, link ...
        pa.field("video_id", pa.string()),
        money=False,
    ),
    primary_key=("post_id",),
    write_mode="merge",
)

META_PAGE_POST_METRICS = _snapshot_spec(
    "meta_page_post_metrics",
    "post_id",
    "One row per Facebook page post per page-local snapshot day: lifetime totals as of "
    "snapshot_at (UTC) from GET /{post_id}/insights (post_impressions, post_impressions_unique, "
    "post_reactions_by_type_total, post_clicks; period=lifetime), the post's comments and shares "
    "summaries, and for video posts GET /{video_id}/video_insights (total_video_views = 3-second "
    "plays, total_video_complete_views, total_video_view_total_time and "
    "total_video_avg_time_watched converted from ms to seconds). Partition overwrite of "
    "(page, snapshot day): the day's last sync wins.",
    pa.field("impressions", pa.int64()),
    pa.field("reach", pa.int64()),
    pa.field("reactions", pa.int64()),  # every reaction type
    pa.field("likes", pa.int64()),  # the `like` reaction
    pa.field("clicks", pa.int64()),
    pa.field("comments", pa.int64()),
    pa.field("shares", pa.int64()),
    pa.field("video_views_3s", pa.int64()),
    pa.field("video_complete_views", pa.int64()),
    pa.field("video_watch_time_s", pa.float64()),
    pa.field("video_avg_watch_time_s", pa.float64()),
)

META_INSTAGRAM_MEDIA = TableSpec(
    schema="raw",
    name="meta_instagram_media",
    description=(
        "One row per Instagram media object of a professional account (GET /{ig_user_id}/media: "
        "caption, media_type, media_product_type, permalink, timestamp); merged on media_id. "
        "Meta ads that use an Instagram post name it as the creative's "
        "effective_instagram_media_id (raw.meta_ad_creative_links)."
    ),
    columns=_schema(
        pa.field("media_id", pa.string(), nullable=False),
        *_CONTENT_ITEM,
        pa.field("caption", pa.string()),
        pa.field("media_type", pa.string()),  # IMAGE, VIDEO, CAROUSEL_ALBUM
        pa.field("media_product_type", pa.string()),  # FEED, REELS, STORY, AD
        pa.field("permalink", pa.string()),
        pa.field("shortcode", pa.string()),
        money=False,
    ),
    primary_key=("media_id",),
    write_mode="merge",
)

META_INSTAGRAM_MEDIA_METRICS = _snapshot_spec(
    "meta_instagram_media_metrics",
    "media_id",
    "One row per Instagram media per account-local snapshot day: lifetime totals as of "
    "snapshot_at (UTC) from GET /{media_id}/insights (views, reach, likes, comments, shares, "
    "saved, total_interactions; reels also ig_reels_video_view_total_time and "
    "ig_reels_avg_watch_time, ms converted to seconds). Partition overwrite of (account, day).",
    pa.field("views", pa.int64()),
    pa.field("reach", pa.int64()),
    pa.field("likes", pa.int64()),
    pa.field("comments", pa.int64()),
    pa.field("shares", pa.int64()),
    pa.field("saves", pa.int64()),
    pa.field("total_interactions", pa.int64()),
    pa.field("watch_time_s", pa.float64()),
    pa.field("avg_watch_time_s", pa.float64()),
)

TIKTOK_POSTS = TableSpec(
    schema="raw",
    name="tiktok_posts",
    description=(
        "One row per video of a TikTok account (GET /open_api/v1.3/business/video/list/, "
        "Accounts API); merged on item_id, the id Spark Ads name as tiktok_item_id."
    ),
    columns=_schema(
        pa.field("item_id", pa.string(), nullable=False),
        *_CONTENT_ITEM,
        pa.field("caption", pa.string()),
        pa.field("share_url", pa.string()),
        pa.field("video_duration_s", pa.float64()),
        money=False,
    ),
    primary_key=("item_id",),
    write_mode="merge",
)

TIKTOK_POST_METRICS = _snapshot_spec(
    "tiktok_post_metrics",
    "item_id",
    "One row per TikTok video per account-local snapshot day: lifetime totals as of "
    "snapshot_at (UTC) from business/video/list (video_views, reach, likes, comments, shares, "
    "favorites, total_time_watched and average_time_watched in seconds, full_video_watched_rate "
    "0-1). Partition overwrite of (account, day).",
    pa.field("video_views", pa.int64()),
    pa.field("reach", pa.int64()),
    pa.field("likes", pa.int64()),
    pa.field("comments", pa.int64()),
    pa.field("shares", pa.int64()),
    pa.field("favorites", pa.int64()),
    pa.field("total_time_watched_s", pa.float64()),
    pa.field("average_time_watched_s", pa.float64()),
    pa.field("full_video_watched_rate", pa.float64()),
)

META_AD_CREATIVE_LINKS = TableSpec(
    schema="raw",
    name="meta_ad_creative_links",
    description=(
        "One row per Meta ad with the content its creative uses (GET /act_{id}/ads with "
        "creative{object_story_id, effective_object_story_id, effective_instagram_media_id}); "
        "merged on ad_id. An ad using an Instagram post has effective_instagram_media_id set "
        "(its object_story_id is then an unpublished page post)."
    ),
    columns=_schema(
        pa.field("ad_id", pa.string(), nullable=False),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("creative_id", pa.string()),
        pa.field("object_story_id", pa.string()),
        pa.field("effective_object_story_id", pa.string()),
        pa.field("effective_instagram_media_id", pa.string()),
        money=False,
    ),
    primary_key=("ad_id",),
    write_mode="merge",
)

CONTENT_DESCRIPTORS = TableSpec(
    schema="raw",
    name="content_descriptors",
    description=(
        "One row per content item described in config/content.csv (validated by "
        "config/content.py; source_line = the CSV line): content type, source, owner, products "
        "(master SKUs), influencer cost in THB, optional status override. Every load is the "
        "whole file: staging keeps the rows of the latest _loaded_at. Merged on (platform, "
        "platform_post_id)."
    ),
    columns=_schema(
        pa.field("platform", pa.string(), nullable=False),  # facebook, instagram, tiktok
        pa.field("platform_post_id", pa.string(), nullable=False),
        pa.field("content_id", pa.string(), nullable=False),
        pa.field("content_type", pa.string(), nullable=False),  # SALE, REVIEW, BRANDING, ECOM
        pa.field("content_source", pa.string(), nullable=False),  # INFLUENCER, PAGE, STAFF, UGC
        pa.field("owner", pa.string()),
        pa.field("products", pa.list_(pa.string())),
        pa.field("influencer_cost_thb", MONEY),
        pa.field("status_override", pa.string()),  # READY, TEST_AD, ACTIVE_AD, EXPIRED
        pa.field("note", pa.string()),
        pa.field("source_line", pa.int64()),
        money=False,
    ),
    primary_key=("platform", "platform_post_id"),
    write_mode="merge",
    scope_column=None,
    required=("content_id", "content_type", "content_source"),
)

CONTENT_TABLES: tuple[TableSpec, ...] = (
    META_PAGE_POSTS,
    META_PAGE_POST_METRICS,
    META_INSTAGRAM_MEDIA,
    META_INSTAGRAM_MEDIA_METRICS,
    TIKTOK_POSTS,
    TIKTOK_POST_METRICS,
    META_AD_CREATIVE_LINKS,
    CONTENT_DESCRIPTORS,
)
"""The content raw tables (extractors/content/sync.py), part of :data:`RAW_TABLES`."""

RAW_TABLES = (*RAW_TABLES, *CONTENT_TABLES)
