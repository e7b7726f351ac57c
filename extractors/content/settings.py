"""Knobs of the content extractors (production defaults; ``config/content.yml`` overrides).

Sources of the limits: Graph API cursor paging (``limit`` per page; Page posts and Instagram
media accept up to 100), TikTok Accounts API ``business/video/list`` (``max_count`` 1–20).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentSettings:
    """How the content syncs page and how far back they snapshot metrics.

    Attributes:
        posts_page_limit: page posts per Graph page (1–100).
        media_page_limit: Instagram media per Graph page (1–100).
        tiktok_max_count: videos per Accounts API page (1–20).
        metrics_horizon_days: posts and media published within this many days before the
            snapshot day get a metrics snapshot at every sync (one insights call each); older
            items keep their last snapshot. Counted from the start of the local day, so every
            sync of a day covers the same items. A year by default: promoted posts are often
            months old. TikTok videos come with their metrics in the list: all are snapshot.
    """

    posts_page_limit: int = 100
    media_page_limit: int = 100
    tiktok_max_count: int = 20
    metrics_horizon_days: int = 365
