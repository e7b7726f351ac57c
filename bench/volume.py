"""A year of ad delivery, column-wise, straight into the raw tables (the benchmarks' warehouse).

The numbers are the sandbox market's (:class:`sandbox.market.market.Market`): per platform and
account-local day, ``Market.reported`` gives every ad's metrics as numpy arrays; the rows with
delivery (impressions or spend, as the APIs omit the others) become one Arrow table per raw
fact, shaped into the raw contract (``extractors.common.schemas``) by one ``INSERT ... SELECT``
in DuckDB — Meta's ``actions`` lists, TikTok's video funnel (``sandbox.tiktok.metrics.derive``),
Google's ad and campaign stats (``GoogleAdsBackend.ad_metrics``). No per-row Python, no HTTP:
10,000 ads × 365 days × 3 platforms (≈ 8 M rows) load in about a minute.

``raw_json`` is a short stand-in (ids and day): no model reads it, and it is what an API-built
table would add in size, not in work. Entities come from :mod:`bench.volume_entities`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from bench.volume_entities import load_entities
from extractors.common.schemas import OPS_TABLES, RAW_TABLES
from extractors.common.warehouse import DuckDBWarehouse
from sandbox.google_ads.backend import GoogleAdsBackend
from sandbox.market.entities import Hierarchy
from sandbox.market.market import Market
from sandbox.tiktok.metrics import derive

LOOKBACK_DAYS: dict[str, int] = {"meta": 28, "tiktok": 3, "google": 14}
"""Days each platform's scheduled sync re-pulls before the new day (the raw contracts')."""

_META_SQL = """
insert into raw.{table} by name
select
    date_day, account_id, campaign_id, {ad_cols}
    campaign_name,
    cast(spend_minor / 100 as decimal(38, 9)) as spend,
    impressions, clicks, link_clicks as inline_link_clicks, reach,
    case when reach > 0 then impressions / reach end as frequency,
    [{{'action_type': 'link_click', 'value': link_clicks::double}},
     {{'action_type': 'landing_page_view', 'value': landing_page_views::double}},
     {{'action_type': 'video_view', 'value': video_plays::double}},
     {{'action_type': 'offsite_conversion.fb_pixel_purchase', 'value': purchases::double}},
     {{'action_type': 'omni_purchase', 'value': purchases::double}}] as actions,
    [{{'action_type': 'offsite_conversion.fb_pixel_purchase',
       'value': cast(value_minor / 100 as decimal(38, 9))}},
     {{'action_type': 'omni_purchase', 'value': cast(value_minor / 100 as decimal(38, 9))}}]
        as action_values,
    [{{'action_type': 'video_view', 'value': thruplays::double}}]
        as video_thruplay_watched_actions,
    [{{'action_type': 'video_view', 'value': video_plays::double}}] as video_play_actions,
    account_timezone, currency_code,
    '{{"{key}":"' || {key} || '","date_start":"' || date_day || '"}}' as raw_json,
    $loaded_at as _loaded_at, 'bench.volume' as _source
from _rows
"""

_TIKTOK_SQL = """
insert into raw.tiktok_ads_reports_daily by name
select
    date_day, account_id, campaign_id, ad_group_id, ad_id, campaign_name, ad_group_name, ad_name,
    cast(spend_minor / 100 as decimal(38, 9)) as spend, impressions, clicks, reach,
    conversion::double as conversion, complete_payment::double as complete_payment,
    cast(value_minor / 100 as decimal(38, 9)) as total_purchase_value,
    video_play_actions, video_watched_2s, video_watched_6s, video_views_p100,
    case when video_play_actions > 0 then round(play_seconds / video_play_actions, 2) end
        as average_video_play,
    likes, comments, shares, follows, profile_visits,
    account_timezone, currency_code,
    '{"ad_id":"' || ad_id || '","stat_time_day":"' || date_day || ' 00:00:00"}' as raw_json,
    $loaded_at as _loaded_at, 'bench.volume' as _source
from _rows
"""

_GOOGLE_SQL = """
insert into raw.{table} by name
select
    date_day, account_id, campaign_id, {ad_cols}
    cost_micros, impressions, clicks, conversions,
    cast(conversions_value as decimal(38, 9)) as conversions_value,
    video_views,
    account_timezone, currency_code,
    '{{"{key}":"' || {key} || '","segments.date":"' || date_day || '"}}' as raw_json,
    $loaded_at as _loaded_at, 'bench.volume' as _source
from _rows
"""


def _names(h: Hierarchy) -> dict[str, pa.Array]:
    """Per-ad string columns (ids, names, account facts), aligned with ``h.ads``."""
    camp = [h.campaigns[i] for i in h.ad_campaign.tolist()]
    sets = [h.adsets[i] for i in h.ad_adset.tolist()]
    accts = [h.accounts[i] for i in h.ad_account.tolist()]
    return {
        "account_id": pa.array([a.account_id for a in accts]),
        "campaign_id": pa.array([a.campaign_id for a in h.ads]),
        "ad_set_id": pa.array([a.adset_id for a in h.ads]),
        "ad_id": pa.array([a.id for a in h.ads]),
        "campaign_name": pa.array([c.name for c in camp]),
        "ad_set_name": pa.array([s.name for s in sets]),
        "ad_name": pa.array([a.name for a in h.ads]),
        "account_timezone": pa.array([a.timezone for a in accts]),
        "currency_code": pa.array([a.currency for a in accts]),
    }


def _day_metrics(market: Market, platform: str, day: date) -> dict[str, np.ndarray]:
    """Every ad's metrics of one day as the platform reports them (aligned with the ads)."""
    r = market.reported(platform, day)  # type: ignore[arg-type]
    if platform == "tiktok":
        h = market.hierarchy("tiktok")
        return derive(r, h.ad_keys, market.config.seed, day.toordinal())
    out = {
        "spend_minor": r.spend_minor,
        "impressions": r.impressions,
        "reach": r.reach,
        "clicks": r.clicks,
        "link_clicks": r.link_clicks,
        "landing_page_views": r.landing_page_views,
        "video_plays": r.video_plays,
        "thruplays": r.thruplays,
        "purchases": r.purchases,
        "value_minor": r.purchase_value_minor,
    }
    if platform == "google":
        g = GoogleAdsBackend(market).ad_metrics(day)
        out = {k.removeprefix("metrics."): v for k, v in g.items()} | {
            "spend_minor": r.spend_minor,
            "video_views": g["metrics.video_trueview_views"],
        }
    return out


def ad_rows(market: Market, platform: str, days: Iterable[date]) -> pa.Table:
    """One row per ad and day with delivery: day, ad position, metrics (numeric columns only).

    Args:
        market: the market at the clock the rows are reported at.
        platform: ``meta``, ``tiktok`` or ``google``.
        days: account-local days.

    Returns:
        Columns ``date_day`` (date32), ``ad_pos`` (int64, index into the hierarchy's ads) and
        the platform's metric columns.
    """
    parts: dict[str, list[np.ndarray]] = {}
    day_parts: list[np.ndarray] = []
    for day in days:
        m = _day_metrics(market, platform, day)
        spend = m["spend_minor"] if "spend_minor" in m else m["cost_micros"]
        keep = np.flatnonzero((m["impressions"] > 0) | (spend > 0))
        day_parts.append(np.full(len(keep), (day - date(1970, 1, 1)).days, dtype=np.int32))
        parts.setdefault("ad_pos", []).append(keep.astype(np.int64))
        for name, values in m.items():
            parts.setdefault(name, []).append(np.asarray(values)[keep])
    if not day_parts:
        return pa.table({"date_day": pa.array([], pa.date32()), "ad_pos": pa.array([], pa.int64())})
    cols = {"date_day": pa.array(np.concatenate(day_parts), pa.int32()).cast(pa.date32())}
    cols |= {k: pa.array(np.concatenate(v)) for k, v in parts.items()}
    return pa.table(cols)


def _with_names(rows: pa.Table, names: dict[str, pa.Array]) -> pa.Table:
    idx = rows["ad_pos"]
    for col, values in names.items():
        rows = rows.append_column(col, values.take(idx))
    return rows


def _campaign_sums(
    rows: pa.Table, names: dict[str, pa.Array], con: duckdb.DuckDBPyConnection, metrics: list[str]
) -> pa.Table:
    """Campaign-day sums of ad rows (the platforms' campaign reports add up exactly)."""
    con.register("_ads", _with_names(rows, names))
    sums = ", ".join(f"sum({m}) as {m}" for m in metrics)
    try:
        return con.sql(
            f"select date_day, account_id, campaign_id, any_value(campaign_name) as campaign_name, "
            f"any_value(account_timezone) as account_timezone, "
            f"any_value(currency_code) as currency_code, {sums} "
            f"from _ads group by all"
        ).to_arrow_table()
    finally:
        con.unregister("_ads")


def _insert(con: duckdb.DuckDBPyConnection, sql: str, rows: pa.Table, loaded_at: datetime) -> int:
    con.register("_rows", rows)
    try:
        con.execute(sql, {"loaded_at": loaded_at})
    finally:
        con.unregister("_rows")
    return rows.num_rows


def insert_facts(
    con: duckdb.DuckDBPyConnection,
    market: Market,
    platform: str,
    days: list[date],
    loaded_at: datetime,
) -> dict[str, int]:
    """Insert ``platform``'s raw fact rows for ``days``; returns rows per raw table."""
    h = market.hierarchy(platform)  # type: ignore[arg-type]
    rows, names = ad_rows(market, platform, days), _names(h)
    if platform == "meta":
        sums = [
            "spend_minor",
            "impressions",
            "clicks",
            "link_clicks",
            "reach",
            "landing_page_views",
            "video_plays",
            "thruplays",
            "purchases",
            "value_minor",
        ]
        ad_cols = "ad_set_id, ad_id, ad_set_name, ad_name,"
        return {
            "meta_ads_insights": _insert(
                con,
                _META_SQL.format(table="meta_ads_insights", ad_cols=ad_cols, key="ad_id"),
                _with_names(rows, names),
                loaded_at,
            ),
            "meta_campaigns_insights": _insert(
                con,
                _META_SQL.format(table="meta_campaigns_insights", ad_cols="", key="campaign_id"),
                _campaign_sums(rows, names, con, sums),
                loaded_at,
            ),
        }
    if platform == "tiktok":
        names = {("ad_group" + k[6:] if k.startswith("ad_set") else k): v for k, v in names.items()}
        return {
            "tiktok_ads_reports_daily": _insert(
                con, _TIKTOK_SQL, _with_names(rows, names), loaded_at
            )
        }
    metrics = [
        "cost_micros",
        "impressions",
        "clicks",
        "conversions",
        "conversions_value",
        "video_views",
    ]
    pmax = np.array([h.campaigns[i].channel == "PERFORMANCE_MAX" for i in h.ad_campaign.tolist()])
    names = {("ad_group" + k[6:] if k.startswith("ad_set") else k): v for k, v in names.items()}
    ad_level = rows.filter(pa.array(~pmax[rows["ad_pos"].to_numpy()]))
    return {
        "google_ads_ad_stats_daily": _insert(
            con,
            _GOOGLE_SQL.format(
                table="google_ads_ad_stats_daily", ad_cols="ad_group_id, ad_id,", key="ad_id"
            ),
            _with_names(ad_level, names),
            loaded_at,
        ),
        "google_ads_campaign_stats_daily": _insert(
            con,
            _GOOGLE_SQL.format(
                table="google_ads_campaign_stats_daily", ad_cols="", key="campaign_id"
            ),
            _campaign_sums(rows, names, con, metrics),
            loaded_at,
        ),
    }


def settled_days(market: Market) -> list[date]:
    """The market's complete days: history start up to the day before the clock's date."""
    today = market.clock.now.date()
    n = (today - market.history_start).days
    return [market.history_start + timedelta(days=i) for i in range(n)]


def build_warehouse(db_path: Path, market: Market) -> dict[str, int]:
    """Create every raw and ops table in a new DuckDB file and load the market's settled days.

    Args:
        db_path: the DuckDB file (replaced if it exists).
        market: the market (scale knobs and clock set by the caller).

    Returns:
        Rows per raw table written (facts and entities).
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (db_path, db_path.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    loaded_at = market.clock.now.astimezone(UTC)
    counts: dict[str, int] = {}
    with DuckDBWarehouse(db_path) as wh:
        for spec in (*RAW_TABLES, *OPS_TABLES):
            wh.ensure_table(spec)
        counts |= load_entities(wh, market, loaded_at)
        for platform in ("meta", "tiktok", "google"):
            counts |= insert_facts(wh.con, market, platform, settled_days(market), loaded_at)
        wh.execute("checkpoint")
    return counts


_FACT_TABLES: dict[str, tuple[str, ...]] = {
    "meta": ("meta_ads_insights", "meta_campaigns_insights"),
    "tiktok": ("tiktok_ads_reports_daily",),
    "google": ("google_ads_ad_stats_daily", "google_ads_campaign_stats_daily"),
}


def sync_window(db_path: Path, market: Market) -> dict[str, int]:
    """One scheduled sync's raw load: each platform's lookback and today, replaced in place.

    The market's clock should have advanced past the warehouse's last day; every platform
    re-pulls its own lookback (:data:`LOOKBACK_DAYS`) up to the account-local today (partial).

    Returns:
        Rows written per raw fact table.
    """
    today = market.clock.now.date()
    loaded_at = market.clock.now.astimezone(UTC)
    counts: dict[str, int] = {}
    with DuckDBWarehouse(db_path) as wh:
        for platform, lookback in LOOKBACK_DAYS.items():
            first = today - timedelta(days=lookback)
            days = [first + timedelta(days=i) for i in range(lookback + 1)]
            wh.execute("begin transaction")
            for table in _FACT_TABLES[platform]:
                wh.execute(f"delete from raw.{table} where date_day >= ?", [first])
            counts |= insert_facts(wh.con, market, platform, days, loaded_at)
            wh.execute("commit")
    return counts


def cut_history(db_path: Path, first_day: date) -> dict[str, int]:
    """Delete every row dated before ``first_day`` from the warehouse's day-grain tables.

    "Day-grain" = every base table with a ``date_day`` column (raw facts, incremental models,
    day-grain marts) outside the ``seeds`` schema. Seeds are reference data, and a day's FX rate
    is the last ECB fixing on or before it: the first days kept may need a fixing from before
    ``first_day`` (test ``assert_fx_rates_cover_every_currency_day``). Entities and the other
    tables keep every row; table models are rebuilt from what is left by the next dbt run. A
    checkpoint then drops the emptied row groups, so scans read the shorter history, not the old
    one minus deletion marks.

    Args:
        db_path: the DuckDB file (a copy: this destroys history).
        first_day: the first account-local day kept.

    Returns:
        Rows deleted per ``schema.table`` (tables that lost none included).
    """
    deleted: dict[str, int] = {}
    with DuckDBWarehouse(db_path) as wh:
        tables = wh.con.execute(
            "select c.table_schema, c.table_name from information_schema.columns as c "
            "inner join information_schema.tables as t "
            "on c.table_schema = t.table_schema and c.table_name = t.table_name "
            "where c.column_name = 'date_day' and t.table_type = 'BASE TABLE' "
            "and c.table_schema <> 'seeds' "
            "order by 1, 2"
        ).fetchall()
        for schema, table in tables:
            ((rows,),) = wh.con.execute(
                f'delete from "{schema}"."{table}" where date_day < ?', [first_day]
            ).fetchall()
            deleted[f"{schema}.{table}"] = int(rows)
        wh.execute("checkpoint")
    return deleted
