"""Assemble the sandbox ASGI app: control plane + Graph emulator over a market or replay.

In market mode the marketplace emulators (Shopee, Lazada, TikTok Shop) are mounted too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.applications import Starlette

from sandbox.control import Control
from sandbox.faults import FaultRule, FaultSet
from sandbox.market.market import Market, MarketConfig
from sandbox.meta.backend import MetaBackend
from sandbox.meta.content import ContentGraph
from sandbox.meta.market_backend import MarketBackend
from sandbox.meta.routes import GraphApi
from sandbox.shops.api import ShopsApi
from sandbox.stats import Stats
from sandbox.tiktok.backend import TikTokBackend
from sandbox.tiktok.market_backend import TikTokMarketBackend
from sandbox.tiktok.routes import TikTokApi

if TYPE_CHECKING:
    from sandbox.google_ads.service import GoogleAdsApi


@dataclass
class SandboxSettings:
    """Everything a sandbox server is started with.

    Attributes:
        seed: market seed.
        days: market history length in days.
        now: initial clock (aware UTC); None = today's UTC date at 12:00 UTC.
        faults: initial fault rules.
        replay: directory of recorded data (``shared/data``); None = simulated market.
        token: the only accepted access token; None = any non-empty token.
        ads: scale knob, total ads per platform.
        accounts: scale knob, accounts per platform.
    """

    seed: int = 42
    days: int = 35
    now: datetime | None = None
    faults: list[FaultRule] = field(default_factory=list)
    replay: Path | None = None
    token: str | None = None
    ads: dict[str, int] = field(default_factory=dict)
    accounts: dict[str, int] = field(default_factory=dict)


@dataclass
class Sandbox:
    """A built sandbox: the app and the pieces tests may want to reach.

    ``google`` is the Google Ads gRPC servicer once ``sandbox.google_ads.server.start_google_ads``
    has started it (market mode only); ``token`` the accepted access token (None = any);
    ``shops`` the marketplace emulators and their order book (market mode only); ``tiktok``
    the TikTok Business API emulator (market or replay).
    """

    app: Starlette
    backend: MetaBackend
    market: Market | None
    faults: FaultSet
    stats: Stats
    token: str | None = None
    google: GoogleAdsApi | None = None
    shops: ShopsApi | None = None
    tiktok: TikTokApi | None = None


def build_sandbox(settings: SandboxSettings) -> Sandbox:
    """Build the app for the given settings (no server is started)."""
    market: Market | None = None
    if settings.replay is not None:
        from sandbox.replay.backend import ReplayBackend

        replay = ReplayBackend(settings.replay)
        backend: MetaBackend = replay
        clock = replay.clock
    else:
        market = Market(
            MarketConfig(
                seed=settings.seed,
                days=settings.days,
                now=settings.now,
                ads=settings.ads,
                accounts=settings.accounts,
            )
        )
        backend = MarketBackend(market)
        m = market

        def clock() -> int:
            return int(m.clock.now.timestamp())

    faults, stats = FaultSet(settings.faults), Stats()
    graph = GraphApi(backend, faults, stats, token=settings.token, clock=clock)
    if market is not None:  # organic content: pages, posts, videos, Instagram media
        graph.handlers.extensions.append(ContentGraph(market))
    tiktok = TikTokApi(_tiktok_backend(settings, market), faults, stats, token=settings.token)
    control = Control(backend, market, faults, stats, tiktok=tiktok.backend)
    # marketplace routes before the Graph routes: /{version}/{node}/{edge} would catch them
    shops = ShopsApi(market, faults, stats, token=settings.token) if market is not None else None
    app = Starlette(
        routes=[
            *control.routes(),
            *tiktok.routes(),
            *(shops.routes() if shops else []),
            *graph.routes(),
        ]
    )
    return Sandbox(app, backend, market, faults, stats, settings.token, shops=shops, tiktok=tiktok)


def _tiktok_backend(settings: SandboxSettings, market: Market | None) -> TikTokBackend:
    """The TikTok data: the market's advertisers, or the recorded ``<replay>/tiktok/``."""
    if market is not None:
        return TikTokMarketBackend(market)
    from sandbox.replay.tiktok_backend import TikTokReplayBackend

    assert settings.replay is not None
    return TikTokReplayBackend(settings.replay)
