"""The three marketplace emulators over one order book, as one set of Starlette routes."""

from __future__ import annotations

from starlette.routing import Route

from sandbox.faults import FaultSet
from sandbox.market.market import Market
from sandbox.market.orders import OrderBook
from sandbox.shops.common import ShopsContext
from sandbox.shops.lazada import LazadaApi
from sandbox.shops.shopee import ShopeeApi
from sandbox.shops.tiktok_shop import TikTokShopApi
from sandbox.stats import Stats


class ShopsApi:
    """Shopee, Lazada and TikTok Shop routes over the market's shops.

    Args:
        market: the simulated market (orders follow its ads and clock).
        faults: the server's fault rules (shared with the Graph routes).
        stats: the server's request counters (route families ``shopee.*``, ``lazada.*``,
            ``tiktok_shop.*``; per shop id).
        token: the only accepted access token (None = any non-empty token).
    """

    def __init__(
        self, market: Market, faults: FaultSet, stats: Stats, token: str | None = None
    ) -> None:
        self.book = OrderBook(market)
        ctx = ShopsContext(faults, stats, token)
        self.apis = (
            ShopeeApi(ctx, self.book),
            LazadaApi(ctx, self.book),
            TikTokShopApi(ctx, self.book),
        )

    def routes(self) -> list[Route]:
        """Every marketplace route."""
        return [r for api in self.apis for r in api.routes()]
