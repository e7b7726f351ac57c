"""Environment for ``make run`` / ``make dev``: point every configured shop at the sandbox.

The sandbox's marketplace emulators accept fixed, published app credentials
(``sandbox.shops.common``) and the run's sandbox token as every shop's access token. This sets
the API host overrides and the variables ``config/shops.yml`` names to those values — for the
demo only; production sets real secrets in its environment.
"""

from __future__ import annotations

from config.shops import ShopsConfig, load_shops
from sandbox.shops import common as sandbox_shops


def sandbox_shop_env(base_url: str, token: str, cfg: ShopsConfig | None = None) -> dict[str, str]:
    """Variables that make the shops of ``cfg`` sync from the sandbox at ``base_url``.

    Args:
        base_url: the sandbox's URL.
        token: the sandbox's access token (every shop's token).
        cfg: the shops file (default ``config/shops.yml``).
    """
    cfg = cfg or load_shops()
    env = {
        "ADPILOT_SHOPEE_API_URL": base_url,
        "ADPILOT_LAZADA_API_URL": f"{base_url}/rest",
        "ADPILOT_TIKTOK_SHOP_API_URL": base_url,
    }
    if cfg.shopee:
        env[cfg.shopee.partner_key_env] = sandbox_shops.SHOPEE_PARTNER_KEY
    if cfg.lazada:
        env[cfg.lazada.app_secret_env] = sandbox_shops.LAZADA_APP_SECRET
    if cfg.tiktok_shop:
        env[cfg.tiktok_shop.app_secret_env] = sandbox_shops.TIKTOK_SHOP_APP_SECRET
    for _, shop in cfg.all_shops():
        env[shop.access_token_env] = token
    return env
