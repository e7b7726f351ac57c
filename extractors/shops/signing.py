"""Request signatures of the three marketplace APIs (all HMAC-SHA256, differing in what is signed).

- **Shopee Open Platform v2** (shop-level APIs): base string ``partner_id + api_path +
  timestamp + access_token + shop_id`` (no separators; ``timestamp`` in unix seconds), keyed
  with the partner key, lower-case hex. Source: Shopee Open Platform, "Authorization and
  Authentication" → "Signature" (developer guide at https://open.shopee.com).
- **Lazada Open Platform**: the API path (``/orders/get``, without ``/rest``) followed by every
  request parameter except ``sign`` — system (``app_key``, ``timestamp`` in ms,
  ``sign_method``, ``access_token``) and business ones — as ``key + value``, keys sorted in
  byte order; keyed with the app secret; **upper-case** hex. Source: Lazada Open Platform
  documentation, "Signature algorithm" (https://open.lazada.com).
- **TikTok Shop** (API version 202309): query parameters except ``sign`` and ``access_token``,
  sorted by key, as ``key + value``; prefixed with the request path; followed by the raw JSON
  body (unless multipart); the whole wrapped as ``app_secret + ... + app_secret``; keyed with
  the app secret; lower-case hex. Source: TikTok Shop Partner Center, "Sign your API request"
  (https://partner.tiktokshop.com/docv2).

Secrets are arguments: never read here, never logged. The ``sign`` query parameter is masked in
logs by ``extractors.common.redact``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping


def hmac_sha256_hex(key: str, message: str | bytes) -> str:
    """Lower-case hex HMAC-SHA256 of ``message`` (str as UTF-8) keyed with ``key`` (UTF-8)."""
    data = message.encode() if isinstance(message, str) else message
    return hmac.new(key.encode(), data, hashlib.sha256).hexdigest()


def shopee_base_string(
    partner_id: int | str,
    path: str,
    timestamp: int,
    access_token: str = "",
    shop_id: int | str = "",
) -> str:
    """Shopee's string to sign: ``partner_id + path + timestamp + access_token + shop_id``.

    Public APIs sign without token and shop; shop-level APIs (orders, products) sign both.
    """
    return f"{partner_id}{path}{timestamp}{access_token}{shop_id}"


def shopee_sign(
    partner_key: str,
    partner_id: int | str,
    path: str,
    timestamp: int,
    access_token: str = "",
    shop_id: int | str = "",
) -> str:
    """Shopee v2 ``sign`` (lower-case hex)."""
    base = shopee_base_string(partner_id, path, timestamp, access_token, shop_id)
    return hmac_sha256_hex(partner_key, base)


def lazada_string_to_sign(api_path: str, params: Mapping[str, object]) -> str:
    """Lazada's string to sign: the API path, then sorted ``key + value`` of all but ``sign``."""
    return api_path + "".join(f"{k}{params[k]}" for k in sorted(params) if k != "sign")


def lazada_sign(app_secret: str, api_path: str, params: Mapping[str, object]) -> str:
    """Lazada ``sign`` (upper-case hex)."""
    return hmac_sha256_hex(app_secret, lazada_string_to_sign(api_path, params)).upper()


def tiktok_shop_string_to_sign(
    app_secret: str, path: str, query: Mapping[str, object], body: bytes = b""
) -> bytes:
    """TikTok Shop's wrapped string: ``secret + path + sorted(key+value) + body + secret``."""
    params = "".join(f"{k}{query[k]}" for k in sorted(query) if k not in ("sign", "access_token"))
    return app_secret.encode() + path.encode() + params.encode() + body + app_secret.encode()


def tiktok_shop_sign(
    app_secret: str, path: str, query: Mapping[str, object], body: bytes = b""
) -> str:
    """TikTok Shop ``sign`` (lower-case hex). ``body`` is the exact bytes sent (empty for GET)."""
    return hmac_sha256_hex(app_secret, tiktok_shop_string_to_sign(app_secret, path, query, body))
