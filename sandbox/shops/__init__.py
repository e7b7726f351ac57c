"""Marketplace API emulators (Shopee v2, Lazada, TikTok Shop 202309) over the market's orders.

:class:`sandbox.shops.api.ShopsApi` assembles the three; ``sandbox/server.py`` mounts its routes
before the Graph routes (whose ``/{version}/{node}/{edge}`` pattern would otherwise catch the
three-segment marketplace paths). See each platform module for endpoints and wire formats, and
:mod:`sandbox.shops.common` for credentials and fault injection.
"""
