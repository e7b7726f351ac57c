"""Order ids in each marketplace's format that encode (shop-local day, number) reversibly.

- Shopee ``order_sn``: 14 upper-case characters, ``YYMMDD`` + 8 alphanumerics (like the real
  ``2404098R48U37H``): shop index, the day's order number in base 36 (3 characters) and 4
  checksum characters.
- Lazada ``order_id`` / ``order_number``: 15 digits, ``4`` + shop index + ``YYMMDD`` + number
  (6 digits) + a check digit.
- TikTok Shop order ``id``: 18 digits, ``57`` + shop index + day ordinal (6) + number (7) + 2
  check digits.

Decoding gives the day and number back, so a lookup by id is one day's generation, not a scan.
"""

from __future__ import annotations

from datetime import date

from sandbox.market.hashing import hash_ints
from sandbox.market.shops import Shop

_B36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _b36(n: int, width: int) -> str:
    out = ""
    for _ in range(width):
        n, r = divmod(n, 36)
        out = _B36[r] + out
    return out


def _check(shop: Shop, day: date, number: int) -> int:
    return hash_ints(4242, shop.index, day.toordinal(), number)


def encode_order_id(shop: Shop, day: date, number: int) -> str:
    """The platform id of the ``number``-th order (0-based) of ``day`` in ``shop``."""
    c = _check(shop, day, number)
    if shop.platform == "shopee":
        return f"{day:%y%m%d}{shop.index}{_b36(number, 3)}{_b36(c, 4)}"
    if shop.platform == "lazada":
        return f"4{shop.index}{day:%y%m%d}{number:06d}{c % 10}"
    return f"57{shop.index}{day.toordinal():06d}{number:07d}{c % 100:02d}"


def decode_order_id(shop: Shop, order_id: str) -> tuple[date, int] | None:
    """(day, number) of an id made by :func:`encode_order_id`; None if it is not one."""
    try:
        if shop.platform == "shopee" and len(order_id) == 14:
            day = date(2000 + int(order_id[0:2]), int(order_id[2:4]), int(order_id[4:6]))
            number = int(order_id[7:10], 36)
        elif shop.platform == "lazada" and len(order_id) == 15 and order_id[0] == "4":
            day = date(2000 + int(order_id[2:4]), int(order_id[4:6]), int(order_id[6:8]))
            number = int(order_id[8:14])
        elif shop.platform == "tiktok_shop" and len(order_id) == 18 and order_id[:2] == "57":
            day = date.fromordinal(int(order_id[3:9]))
            number = int(order_id[9:16])
        else:
            return None
    except ValueError:
        return None
    return (day, number) if encode_order_id(shop, day, number) == order_id else None
