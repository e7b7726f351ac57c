"""Content raw assets: posts/media/videos with today's metrics snapshot, ad links, descriptors.

Asset keys match the warehouse tables; every table carries the ``raw_contract`` check. Content
assets are not partitioned: each run snapshots the lifetime metrics *now* into the content
account's local day (see ``extractors.content.sync``). An account that fails does not stop the
others; the step fails at the end naming it. With no accounts configured the assets still
create their (empty) tables, which the dbt models read.
"""

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import dagster as dg

from config.accounts import AdAccount
from config.content import ContentAccountConfig, ContentConfig, descriptors_path, load_descriptors
from config.loading import ConfigError
from extractors.common.loader import LoadResult
from extractors.common.retry import ExtractError
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
from extractors.common.warehouse import Warehouse
from extractors.content.common import ContentAccount, snapshot_day
from extractors.content.sync import (
    ContentSyncResult,
    sync_ad_creative_links,
    sync_descriptors,
    sync_facebook_page,
    sync_instagram_account,
    sync_tiktok_account,
)
from orchestration.defs.content.resources import ContentResource
from orchestration.lib.raw_assets import (
    contract_check_results,
    contract_check_spec,
    fail_if_any,
    load_report,
    raw_asset_spec,
)
from orchestration.lib.warehouse import WRITER_POOL, WarehouseResource

GROUP = "content"
AccountSync = Callable[[ContentResource, Warehouse, ContentAccount, datetime], ContentSyncResult]


def _run_accounts(
    context: dg.AssetExecutionContext,
    wh: Warehouse,
    tables: tuple[TableSpec, ...],
    accounts: list[ContentAccount],
    content: ContentResource,
    sync: AccountSync,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Sync every account, report the loads and run the tables' contract checks."""
    for spec in tables:
        wh.ensure_table(spec)
    now = datetime.now(UTC)
    results: dict[str, list[tuple[str, LoadResult]]] = {t.fqn: [] for t in tables}
    errors: list[str] = []
    days: list[date] = []
    for acct in accounts:
        try:
            res = sync(content, wh, acct, now)
        except ExtractError as exc:
            context.log.error(str(exc))
            errors.append(str(exc))
            continue
        days.append(snapshot_day(acct, now))
        for item, why in res.skipped.items():
            context.log.warning(f"{acct.account_id}: {item} has no snapshot this run: {why}")
        for r in res.loads:
            results[r.table].append((acct.account_id, r))
    yield from load_report(results)
    yield from contract_check_results(wh, tables, (min(days), max(days)) if days else None)
    fail_if_any(errors, f"Content ({', '.join(t.name for t in tables)})")


def _accounts(cfg: list[ContentAccountConfig]) -> list[ContentAccount]:
    return [ContentAccount(a.account_id, a.timezone, a.name) for a in cfg]


def _platform_accounts(cfg: ContentConfig, platform: str) -> list[ContentAccount]:
    section = cfg.platform(platform)
    return _accounts(section.enabled_accounts()) if section else []


def _multi(
    name: str,
    tables: tuple[TableSpec, ...],
    doc: str,
    accounts: list[ContentAccount],
    sync: AccountSync,
) -> dg.AssetsDefinition:
    @dg.multi_asset(
        name=name,
        specs=[raw_asset_spec(t, GROUP) for t in tables],
        check_specs=[contract_check_spec(t) for t in tables],
        pool=WRITER_POOL,
        description=doc,
    )
    def _asset(
        context: dg.AssetExecutionContext, content: ContentResource, warehouse: WarehouseResource
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        with warehouse.session() as wh:
            yield from _run_accounts(context, wh, tables, accounts, content, sync)

    return _asset


def make_content_assets(
    cfg: ContentConfig,
    content_file: Path,
    meta_ad_accounts: list[AdAccount],
    ad_timezone: str = "UTC",
) -> list[dg.AssetsDefinition]:
    """The content assets for the accounts of ``cfg`` and the Meta ad accounts.

    Args:
        cfg: the validated ``config/content.yml``.
        content_file: its path (the descriptor CSV is named relative to it).
        meta_ad_accounts: ``config/accounts.yml`` Meta accounts (their ads' content links).
        ad_timezone: timezone stamped on ad-link rows (they have no day of their own).
    """

    def facebook(
        c: ContentResource, wh: Warehouse, a: ContentAccount, now: datetime
    ) -> ContentSyncResult:
        return sync_facebook_page(
            c.meta_client("facebook", a.account_id),
            wh,
            a,
            token_env=c.token_env("facebook"),
            settings=c.settings(),
            now=now,
        )

    def instagram(
        c: ContentResource, wh: Warehouse, a: ContentAccount, now: datetime
    ) -> ContentSyncResult:
        return sync_instagram_account(
            c.meta_client("instagram", a.account_id),
            wh,
            a,
            token_env=c.token_env("instagram"),
            settings=c.settings(),
            now=now,
        )

    def tiktok(
        c: ContentResource, wh: Warehouse, a: ContentAccount, now: datetime
    ) -> ContentSyncResult:
        return sync_tiktok_account(
            c.tiktok_client(a.account_id),
            wh,
            a,
            token_env=c.token_env("tiktok"),
            settings=c.settings(),
            now=now,
        )

    def ad_links(
        c: ContentResource, wh: Warehouse, a: ContentAccount, now: datetime
    ) -> ContentSyncResult:
        return sync_ad_creative_links(
            c.meta_client("meta_ads", a.account_id),
            wh,
            a,
            token_env=c.token_env("meta_ads"),
            now=now,
        )

    ad_accounts = [ContentAccount(a.account_id, ad_timezone, a.name) for a in meta_ad_accounts]
    return [
        _multi(
            "content_facebook_posts",
            (META_PAGE_POSTS, META_PAGE_POST_METRICS),
            "Facebook page posts (merged) and today's lifetime snapshot of post and video "
            "insights, per configured page.",
            _platform_accounts(cfg, "facebook"),
            facebook,
        ),
        _multi(
            "content_instagram_media",
            (META_INSTAGRAM_MEDIA, META_INSTAGRAM_MEDIA_METRICS),
            "Instagram media (merged) and today's lifetime snapshot of media insights, per "
            "configured Instagram account.",
            _platform_accounts(cfg, "instagram"),
            instagram,
        ),
        _multi(
            "content_tiktok_videos",
            (TIKTOK_POSTS, TIKTOK_POST_METRICS),
            "TikTok account videos (merged) and today's lifetime snapshot of their metrics "
            "(Accounts API), per configured TikTok account.",
            _platform_accounts(cfg, "tiktok"),
            tiktok,
        ),
        _multi(
            "content_meta_ad_links",
            (META_AD_CREATIVE_LINKS,),
            "Which page post or Instagram media each Meta ad's creative uses, per Meta ad "
            "account of config/accounts.yml.",
            ad_accounts,
            ad_links,
        ),
        _descriptors_asset(descriptors_path(cfg, content_file)),
    ]


def _descriptors_asset(path: Path) -> dg.AssetsDefinition:
    @dg.asset(
        key=[CONTENT_DESCRIPTORS.schema, CONTENT_DESCRIPTORS.name],
        group_name=GROUP,
        description=CONTENT_DESCRIPTORS.description,
        metadata=raw_asset_spec(CONTENT_DESCRIPTORS, GROUP).metadata,
        check_specs=[contract_check_spec(CONTENT_DESCRIPTORS)],
        kinds={"duckdb", "python"},
        pool=WRITER_POOL,
    )
    def content_descriptors(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        """Validate ``config/content.csv`` and load it whole (merge on platform and post id).

        A bad line fails the step with every problem named by line and field; nothing is
        written then, so the previous descriptors stay in force.
        """
        try:
            rows = load_descriptors(path)
        except ConfigError as exc:
            raise dg.Failure(description=str(exc)) from exc
        with warehouse.session() as wh:
            wh.ensure_table(CONTENT_DESCRIPTORS)
            res = sync_descriptors(wh, [d.record() for d in rows], source=str(path.name))
            context.log.info(f"{len(rows)} content descriptors loaded from {path}")
            yield dg.MaterializeResult(
                metadata={"rows_loaded": res.loads[0].rows_loaded, "file": str(path)}
            )
            yield from contract_check_results(wh, (CONTENT_DESCRIPTORS,), None)

    return content_descriptors
