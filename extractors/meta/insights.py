"""Meta insights: daily ad- and campaign-level reports through async report runs.

Flow per ad account and window (Marketing API, Ad Account Insights + AdReportRun):

1. ``POST /act_{id}/insights`` with ``level``, ``time_range``, ``time_increment=1`` and empty
   ``action_breakdowns`` (so ``actions`` totals match Ads Manager) → ``report_run_id``; windows
   longer than ``max_days_per_job`` are cut into several jobs.
2. Poll ``GET /{report_run_id}`` (``async_status``, ``async_percent_completion``) with growing
   waits, within ``job_timeout_s``. A job that fails or times out is split — by campaign
   (``filtering`` on ``campaign.id``) while it has more than one, otherwise by halving the date
   range — up to ``max_split_depth`` times.
3. Read ``GET /{report_run_id}/insights`` page by page (each page retried on its own).
4. Parse every page in bulk with DuckDB's JSON reader (no per-row Python, pages in parallel,
   each record parsed once): numbers arrive as strings and are cast to the raw schema;
   ``raw_json`` is each record's JSON text.

Source: https://developers.facebook.com/docs/marketing-api/insights/best-practices/ (async jobs,
splitting), https://developers.facebook.com/docs/marketing-api/reference/ad-report-run/.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

import duckdb
import pyarrow as pa
from facebook_business.adobjects.adreportrun import AdReportRun

from extractors.common.retry import ExtractError
from extractors.common.schemas import META_ADS_INSIGHTS, META_CAMPAIGNS_INSIGHTS, TableSpec
from extractors.meta import settings as s
from extractors.meta.client import MetaClient
from extractors.meta.entities import AccountInfo

log = logging.getLogger(__name__)

Level = Literal["ad", "campaign"]

# One json_transform per row (DuckDB parses each row's JSON once): identifiers and numbers as
# VARCHAR, cast below — as ``->>`` then ``cast`` would (a JSON number or a numeric string both
# cast; a malformed one raises) — and action lists typed in place (``from_json`` semantics:
# numeric strings convert, anything else becomes null).
_ACTIONS = [{"action_type": "VARCHAR", "value": "DOUBLE"}]
_ACTION_VALUES = [{"action_type": "VARCHAR", "value": "DECIMAL(38,9)"}]
_ROW_STRUCTURE: dict[str, object] = {
    **dict.fromkeys(
        (
            "date_start",
            "account_id",
            "campaign_id",
            "campaign_name",
            "adset_id",
            "adset_name",
            "ad_id",
            "ad_name",
            "account_currency",
            "spend",
            "impressions",
            "clicks",
            "inline_link_clicks",
            "reach",
            "frequency",
        ),
        "VARCHAR",
    ),
    "actions": _ACTIONS,
    "action_values": _ACTION_VALUES,
    "video_thruplay_watched_actions": _ACTIONS,
    "video_play_actions": _ACTIONS,
}

_METRIC_SQL: dict[str, str] = {
    "spend": "cast(r.spend as decimal(38,9))",
    "impressions": "cast(r.impressions as bigint)",
    "clicks": "cast(r.clicks as bigint)",
    "inline_link_clicks": "cast(r.inline_link_clicks as bigint)",
    "reach": "cast(r.reach as bigint)",
    "frequency": "cast(r.frequency as double)",
    "actions": "r.actions",
    "action_values": "r.action_values",
    "video_thruplay_watched_actions": "r.video_thruplay_watched_actions",
    "video_play_actions": "r.video_play_actions",
}

_ID_SQL: dict[str, str] = {
    "date_day": "cast(r.date_start as date)",
    "account_id": "coalesce(r.account_id, $account_id)",
    "campaign_id": "r.campaign_id",
    "campaign_name": "r.campaign_name",
    "ad_set_id": "r.adset_id",
    "ad_set_name": "r.adset_name",
    "ad_id": "r.ad_id",
    "ad_name": "r.ad_name",
}

_META_SQL: dict[str, str] = {
    "account_timezone": "$account_timezone",
    "currency_code": "coalesce(r.account_currency, $currency_code)",
    "raw_json": "j::varchar",
    "_loaded_at": "$loaded_at",
    "_source": "$source",
}

LEVELS: dict[Level, tuple[TableSpec, tuple[str, ...]]] = {
    "ad": (META_ADS_INSIGHTS, s.AD_INSIGHT_FIELDS),
    "campaign": (META_CAMPAIGNS_INSIGHTS, s.CAMPAIGN_INSIGHT_FIELDS),
}


class ReportJobFailedError(ExtractError):
    """An async report run ended in ``Job Failed``/``Job Skipped`` or did not finish in time."""


@dataclass(frozen=True)
class Window:
    """An inclusive range of account-local days, optionally limited to some campaigns."""

    since: date
    until: date
    campaign_ids: tuple[str, ...] = ()

    def days(self) -> int:
        """Number of days in the window."""
        return (self.until - self.since).days + 1


def chunk_window(since: date, until: date, max_days: int) -> list[Window]:
    """Cut ``[since, until]`` into consecutive windows of at most ``max_days`` days."""
    out, start = [], since
    while start <= until:
        end = min(until, start + timedelta(days=max_days - 1))
        out.append(Window(start, end))
        start = end + timedelta(days=1)
    return out


def split_window(w: Window, campaign_ids: Sequence[str]) -> list[Window]:
    """Halve a failed job: by campaign while more than one is in play, else by date.

    Raises:
        ReportJobFailedError: a one-day, one-campaign job cannot be split further.
    """
    ids = list(w.campaign_ids or campaign_ids)
    if len(ids) > 1:
        mid = len(ids) // 2
        return [
            Window(w.since, w.until, tuple(ids[:mid])),
            Window(w.since, w.until, tuple(ids[mid:])),
        ]
    if w.days() > 1:
        mid = w.since + timedelta(days=w.days() // 2 - 1)
        return [
            Window(w.since, mid, w.campaign_ids),
            Window(mid + timedelta(days=1), w.until, w.campaign_ids),
        ]
    raise ReportJobFailedError(f"report for {w.since} (campaigns {ids}) failed and cannot be split")


def _job_params(level: Level, w: Window) -> dict[str, object]:
    params: dict[str, object] = {
        "level": level,
        "fields": ",".join(LEVELS[level][1]),
        "time_range": {"since": w.since.isoformat(), "until": w.until.isoformat()},
        "time_increment": 1,
        "action_breakdowns": [],
    }
    if w.campaign_ids:
        params["filtering"] = [
            {"field": "campaign.id", "operator": "IN", "value": list(w.campaign_ids)}
        ]
    return params


def run_report(client: MetaClient, level: Level, w: Window) -> list[str]:
    """Submit one async report run, wait for it, and return its result pages' bodies.

    Raises:
        ReportJobFailedError: the job failed, was skipped, or exceeded ``job_timeout_s``.
    """
    cfg = client.settings
    act = f"act_{client.account_id}"
    created = client.request_json(
        "POST",
        (act, "insights"),
        _job_params(level, w),
        what=f"POST {act}/insights level={level} {w.since}..{w.until}",
    )
    run_id = str(created["report_run_id"])
    waited, wait = 0.0, cfg.poll_interval_s
    fields = f"{AdReportRun.Field.async_status},{AdReportRun.Field.async_percent_completion}"
    while True:
        status = client.get_json((run_id,), {"fields": fields})
        state = status.get(AdReportRun.Field.async_status)
        if state == "Job Completed":
            break
        if state in ("Job Failed", "Job Skipped"):
            raise ReportJobFailedError(
                f"{act} report run {run_id} ended '{state}' at "
                f"{status.get('async_percent_completion')}%"
            )
        if waited >= cfg.job_timeout_s:
            raise ReportJobFailedError(
                f"{act} report run {run_id} still '{state}' after {waited:.0f}s"
            )
        client.wait(wait)
        waited += wait
        wait = min(cfg.poll_max_interval_s, wait * 2)
    params = {"limit": cfg.insights_page_limit}
    return [p.body for p in client.pages((run_id, "insights"), params)]


def collect_pages(
    client: MetaClient,
    level: Level,
    w: Window,
    campaign_ids: Callable[[], Sequence[str]],
    depth: int = 0,
) -> list[str]:
    """Run the report for ``w``, splitting failed jobs recursively (see module docstring).

    ``campaign_ids`` is only called when a job has to be split.
    """
    try:
        return run_report(client, level, w)
    except ReportJobFailedError as exc:
        if depth >= client.settings.max_split_depth:
            raise
        parts = split_window(w, w.campaign_ids or campaign_ids())
        log.warning("%s; splitting into %d smaller jobs (depth %d)", exc, len(parts), depth + 1)
        return [b for p in parts for b in collect_pages(client, level, p, campaign_ids, depth + 1)]


def _pages_sql(spec: TableSpec) -> str:
    """The query turning the ``pages`` relation (one ``body`` per page) into ``spec``'s columns."""
    exprs = {**_ID_SQL, **_METRIC_SQL, **_META_SQL}
    select = ",\n    ".join(f"{exprs[f.name]} as {f.name}" for f in spec.columns)
    structure = json.dumps(_ROW_STRUCTURE).replace("'", "''")
    return (
        "with records as (select unnest(json_extract(body, '$.data[*]')) as j from pages), "
        f"typed as (select j, json_transform(j, '{structure}') as r from records) "
        f"select {select} from typed"
    )


def parse_pages(
    bodies: Sequence[str],
    spec: TableSpec,
    account: AccountInfo,
    loaded_at: datetime,
    source: str,
) -> pa.Table:
    """Parse Graph insights page bodies into ``spec``'s Arrow table, in one DuckDB pass.

    The pages go to DuckDB as an Arrow table of one record batch per page, so its threads parse
    pages in parallel; each record is parsed once (``json_transform`` to a struct of the fields
    the raw contract needs) and its JSON text kept as ``raw_json`` — the record as DuckDB
    serialises it (compact, keys in the received order). Numbers arrive as strings and are cast
    to the contract's types; a missing or ``null`` field gives a null (``account_id`` and
    ``currency_code`` fall back to ``account``'s). Rows come out in page and record order.

    Args:
        bodies: page bodies as received (``{"data": [...], "paging": {...}}``).
        spec: ``raw.meta_ads_insights`` or ``raw.meta_campaigns_insights``.
        account: account facts for rows that lack them.
        loaded_at: the sync's UTC timestamp.
        source: endpoint label for ``_source``.

    Returns:
        One row per insights record, columns in ``spec`` order (all nullable: the loader checks
        the contract's keys).

    Raises:
        duckdb.InvalidInputException: a body is not JSON.
        duckdb.ConversionException: a number or ``date_start`` does not cast.
    """
    loose = pa.schema([f.with_nullable(True) for f in spec.columns])
    if not bodies:
        return loose.empty_table()
    pages = pa.Table.from_batches(
        [pa.record_batch([pa.array([b], pa.large_string())], names=["body"]) for b in bodies]
    )
    params = {
        "account_id": account.account_id,
        "account_timezone": account.timezone,
        "currency_code": account.currency_code,
        "loaded_at": loaded_at,
        "source": source,
    }
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone='UTC'")
        con.register("pages", pages)
        table = con.sql(_pages_sql(spec), params=params).to_arrow_table()
    finally:
        con.close()
    return table.cast(loose)


def fetch_insights(
    client: MetaClient,
    account: AccountInfo,
    level: Level,
    since: date,
    until: date,
    *,
    campaign_ids: Callable[[], Sequence[str]],
    loaded_at: datetime,
) -> pa.Table:
    """Daily insights of one account at ``level`` for ``[since, until]`` (account-local days).

    Args:
        client: the account's client.
        account: currency and timezone facts (``fetch_account``).
        level: ``ad`` (→ ``raw.meta_ads_insights``) or ``campaign`` (→ ``meta_campaigns_insights``).
        since: first day (inclusive).
        until: last day (inclusive).
        campaign_ids: returns the account's campaign ids; called only to split a failed job.
        loaded_at: the sync's UTC timestamp.

    Returns:
        Rows of the raw table (days without delivery are absent, as the API omits them).

    Raises:
        ReportJobFailedError: a job kept failing after ``max_split_depth`` splits.
        AuthError / MetaApiError: see :class:`~extractors.meta.client.MetaClient`.
    """
    spec, _ = LEVELS[level]
    bodies: list[str] = []
    for w in chunk_window(since, until, client.settings.max_days_per_job):
        bodies.extend(collect_pages(client, level, w, campaign_ids))
    source = f"POST /{client.settings.api_version}/act_{client.account_id}/insights level={level}"
    return parse_pages(bodies, spec, account, loaded_at, source)
