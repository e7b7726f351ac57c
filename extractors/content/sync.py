"""Sync organic content into the raw layer (pages, Instagram and TikTok accounts, ad links).

Also the content each Meta ad uses, and the content descriptors of ``config/content.csv``.
Plain Python (no Dagster): the Dagster assets, the tests and the demo call these. Each sync
extracts everything for its account first and writes only when extraction succeeded, so a
failing account writes nothing and a re-run never duplicates.

Load contracts (``extractors.common.schemas``):

==================================  ===================  =================================
table                               write mode           key
==================================  ===================  =================================
raw.meta_page_posts                 merge                post_id
raw.meta_page_post_metrics          partition overwrite  (snapshot_date, account_id, post_id)
raw.meta_instagram_media            merge                media_id
raw.meta_instagram_media_metrics    partition overwrite  (snapshot_date, account_id, media_id)
raw.tiktok_posts                    merge                item_id
raw.tiktok_post_metrics             partition overwrite  (snapshot_date, account_id, item_id)
raw.meta_ad_creative_links          merge                ad_id
raw.content_descriptors             merge                (platform, platform_post_id)
==================================  ===================  =================================

Metrics are lifetime snapshots: the partition is the content account's local day of the sync
(``snapshot_date``), replaced by every sync of that day, so the day's last sync wins and hourly
re-runs keep exactly one row per item and day. dbt turns consecutive snapshots into daily values.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import orjson
import pyarrow as pa

from extractors.common.loader import LoadResult, load_table
from extractors.common.retry import AuthError, ExtractError
from extractors.common.schemas import (
    CONTENT_DESCRIPTORS,
    META_AD_CREATIVE_LINKS,
    META_INSTAGRAM_MEDIA,
    META_INSTAGRAM_MEDIA_METRICS,
    META_PAGE_POST_METRICS,
    META_PAGE_POSTS,
    TIKTOK_POST_METRICS,
    TIKTOK_POSTS,
    TableSpec,
)
from extractors.common.warehouse import LoadScope, Warehouse
from extractors.content.common import ContentAccount, snapshot_day
from extractors.content.ids import content_id
from extractors.content.settings import ContentSettings
from extractors.meta import instagram, posts
from extractors.meta.client import MetaClient
from extractors.tiktok.client import TikTokClient
from extractors.tiktok.posts import fetch_videos

log = logging.getLogger(__name__)

_PERMISSIONS = {
    "facebook": "pages_read_engagement and read_insights on the page",
    "instagram": "instagram_basic and instagram_manage_insights on the account",
    "tiktok": "the Accounts API scopes video.list and video.insights",
    "meta ads": "ads_read on the ad account",
}


class ContentSyncError(ExtractError):
    """A content account's sync failed.

    The message names the account; ``__cause__`` is the client's error.
    """


@dataclass
class ContentSyncResult:
    """What one account's sync did.

    Attributes:
        loads: one load result per table written.
        skipped: items whose metrics call failed for a non-retriable reason → the error.
    """

    loads: list[LoadResult]
    skipped: dict[str, str] = field(default_factory=dict)


@contextmanager
def naming(kind: str, account_id: str, token_env: str) -> Iterator[None]:
    """Re-raise client errors naming the content account (and, for auth, the token variable).

    The clients name accounts as ad accounts/advertisers; content accounts are pages,
    Instagram and TikTok accounts, reached with tokens of their own.
    """
    try:
        yield
    except AuthError as exc:
        raise AuthError(
            f"{kind} account {account_id}: the platform rejected the access token. Set "
            f"{token_env} to a token with {_PERMISSIONS[kind]}; nothing was written for this "
            f"account. ({exc})"
        ) from exc
    except ExtractError as exc:
        raise ContentSyncError(f"{kind} account {account_id}: {exc}") from exc


def _snapshot_scope(account: ContentAccount, now: datetime) -> LoadScope:
    day = snapshot_day(account, now)
    return LoadScope(account.account_id, day, day)


def _load_pair(
    wh: Warehouse,
    items: tuple[TableSpec, pa.Table],
    metrics: tuple[TableSpec, pa.Table],
    account: ContentAccount,
    now: datetime,
    source: str,
) -> list[LoadResult]:
    scope = _snapshot_scope(account, now)
    return [
        load_table(wh, items[0], items[1], source=source),
        load_table(
            wh, metrics[0], metrics[1], source=f"{source} metrics {scope.start}", scope=scope
        ),
    ]


def sync_facebook_page(
    client: MetaClient,
    wh: Warehouse,
    page: ContentAccount,
    *,
    token_env: str,
    settings: ContentSettings | None = None,
    now: datetime | None = None,
) -> ContentSyncResult:
    """Load a page's posts (merge) and today's lifetime snapshot of their metrics.

    Raises:
        AuthError: the token was rejected (names the page and ``token_env``).
        ExtractError: the post list failed after retries (names the page).
    """
    settings, now = settings or ContentSettings(), now or datetime.now(UTC)
    with naming("facebook", page.account_id, token_env):
        listed = posts.list_posts(client, page, settings.posts_page_limit)
        metrics = posts.post_metrics(client, page, listed, now, settings.metrics_horizon_days)
    items = posts.posts_table(client, page, listed, now)
    loads = _load_pair(
        wh,
        (META_PAGE_POSTS, items),
        (META_PAGE_POST_METRICS, metrics.table),
        page,
        now,
        f"GET {page.account_id}/posts",
    )
    return ContentSyncResult(loads, metrics.skipped)


def sync_instagram_account(
    client: MetaClient,
    wh: Warehouse,
    account: ContentAccount,
    *,
    token_env: str,
    settings: ContentSettings | None = None,
    now: datetime | None = None,
) -> ContentSyncResult:
    """Load an Instagram account's media (merge) and today's lifetime snapshot of insights.

    Raises:
        AuthError / ExtractError: as :func:`sync_facebook_page`.
    """
    settings, now = settings or ContentSettings(), now or datetime.now(UTC)
    with naming("instagram", account.account_id, token_env):
        media = instagram.list_media(client, account, settings.media_page_limit)
        metrics = instagram.media_metrics(
            client, account, media, now, settings.metrics_horizon_days
        )
    items = instagram.media_table(client, account, media, now)
    loads = _load_pair(
        wh,
        (META_INSTAGRAM_MEDIA, items),
        (META_INSTAGRAM_MEDIA_METRICS, metrics.table),
        account,
        now,
        f"GET {account.account_id}/media",
    )
    return ContentSyncResult(loads, metrics.skipped)


def sync_tiktok_account(
    client: TikTokClient,
    wh: Warehouse,
    account: ContentAccount,
    *,
    token_env: str,
    settings: ContentSettings | None = None,
    now: datetime | None = None,
) -> ContentSyncResult:
    """Load a TikTok account's videos (merge) and today's lifetime snapshot of their metrics.

    Raises:
        AuthError / ExtractError: as :func:`sync_facebook_page` (TikTok body codes).
    """
    settings, now = settings or ContentSettings(), now or datetime.now(UTC)
    with naming("tiktok", account.account_id, token_env):
        items, metrics = fetch_videos(client, account, now, settings.tiktok_max_count)
    loads = _load_pair(
        wh,
        (TIKTOK_POSTS, items),
        (TIKTOK_POST_METRICS, metrics),
        account,
        now,
        f"GET business/video/list {account.account_id}",
    )
    return ContentSyncResult(loads)


def sync_ad_creative_links(
    client: MetaClient,
    wh: Warehouse,
    ad_account: ContentAccount,
    *,
    token_env: str,
    now: datetime | None = None,
) -> ContentSyncResult:
    """Load which post or Instagram media every ad of a Meta ad account uses (merge on ad).

    Raises:
        AuthError / ExtractError: as :func:`sync_facebook_page`.
    """
    now = now or datetime.now(UTC)
    with naming("meta ads", ad_account.account_id, token_env):
        table = instagram.ad_creative_links(client, ad_account, now)
    source = f"GET act_{ad_account.account_id}/ads creatives"
    return ContentSyncResult([load_table(wh, META_AD_CREATIVE_LINKS, table, source=source)])


def descriptors_table(
    records: Iterable[Mapping[str, Any]], source: str, loaded_at: datetime
) -> pa.Table:
    """``raw.content_descriptors`` from validated descriptor records.

    Each record has ``platform``, ``platform_post_id``, ``content_type``, ``content_source``,
    ``owner``, ``products`` (list of SKUs), ``influencer_cost_thb`` (Decimal or None, THB),
    ``status_override``, ``note`` and ``source_line``; ``content_id`` is derived here.
    """
    recs = list(records)
    cols: dict[str, list[Any]] = {
        name: [r.get(name) for r in recs]
        for name in CONTENT_DESCRIPTORS.columns.names
        if name not in ("content_id", "raw_json", "_loaded_at", "_source", "account_timezone")
    }
    cols["content_id"] = [content_id(r["platform"], r["platform_post_id"]) for r in recs]
    cols["influencer_cost_thb"] = [
        None if r.get("influencer_cost_thb") is None else Decimal(str(r["influencer_cost_thb"]))
        for r in recs
    ]
    cols["account_timezone"] = [None] * len(recs)
    cols["raw_json"] = [_json(r) for r in recs]
    cols["_loaded_at"] = [loaded_at] * len(recs)
    cols["_source"] = [source] * len(recs)
    return pa.table(
        {n: cols[n] for n in CONTENT_DESCRIPTORS.columns.names}, schema=CONTENT_DESCRIPTORS.columns
    )


def _json(record: Mapping[str, Any]) -> str:
    return orjson.dumps(
        {k: (str(v) if isinstance(v, Decimal) else v) for k, v in record.items()}
    ).decode()


def sync_descriptors(
    wh: Warehouse, records: Iterable[Mapping[str, Any]], source: str, now: datetime | None = None
) -> ContentSyncResult:
    """Load the whole descriptor file (merge; staging keeps the latest load's rows)."""
    table = descriptors_table(records, source, now or datetime.now(UTC))
    return ContentSyncResult([load_table(wh, CONTENT_DESCRIPTORS, table, source=source)])
