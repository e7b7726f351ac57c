"""Marketplace extractors: Shopee Open Platform v2, Lazada Open Platform, TikTok Shop 202309.

One client module per platform (``shopee_client``, ``lazada_client``, ``tiktok_shop_client``) on
a shared signed-JSON HTTP core (``http``) and signing helpers (``signing``); one extraction
module per platform (orders, order items, products → typed Arrow tables); ``sync`` loads them.
Plain Python: never imports dagster or dbt.
"""
