"""Who visits the web stores: devices, places and languages, drawn per session (fixed tables).

Each table is a list of (weight, values...) rows; :func:`pick` turns uniform draws into row
indices, vectorized. The values are what GA4 exports in ``device`` and ``geo`` (its own
spellings: ``South-Eastern Asia``, ``Northern America``, ``mobile``/``desktop``/``tablet``).
"""

from __future__ import annotations

import numpy as np

DEVICES: dict[str, tuple[tuple[float, str, str, str, str, str, str], ...]] = {
    # category: (weight, mobile_brand_name, mobile_model_name, operating_system,
    #            operating_system_version, browser, browser_version)
    "mobile": (
        (0.42, "Apple", "iPhone", "iOS", "iOS 17.5", "Safari", "17.5"),
        (0.24, "Samsung", "SM-A546E", "Android", "Android 14", "Chrome", "126.0.6478.71"),
        (0.14, "Xiaomi", "Redmi Note 12", "Android", "Android 13", "Chrome", "126.0.6478.71"),
        (0.12, "OPPO", "CPH2531", "Android", "Android 13", "Chrome", "125.0.6422.165"),
        (0.08, "Vivo", "V2250", "Android", "Android 14", "Samsung Internet", "25.0"),
    ),
    "desktop": (
        (0.55, "Microsoft", "Chrome", "Windows", "Windows 10", "Chrome", "126.0.6478.127"),
        (0.30, "Apple", "Safari", "Macintosh", "Macintosh 14.5", "Safari", "17.5"),
        (0.15, "Microsoft", "Edge", "Windows", "Windows 11", "Edge", "126.0.2592.87"),
    ),
    "tablet": ((1.0, "Apple", "iPad", "iOS", "iOS 17.5", "Safari", "17.5"),),
}

PLACES: dict[str, tuple[tuple[float, str, str, str, str, str], ...]] = {
    # country code: (weight, country, region, city, continent, sub_continent)
    "TH": (
        (0.52, "Thailand", "Bangkok", "Bangkok", "Asia", "South-Eastern Asia"),
        (0.10, "Thailand", "Nonthaburi", "Nonthaburi", "Asia", "South-Eastern Asia"),
        (0.10, "Thailand", "Chiang Mai", "Chiang Mai", "Asia", "South-Eastern Asia"),
        (0.08, "Thailand", "Chon Buri", "Pattaya", "Asia", "South-Eastern Asia"),
        (0.06, "Thailand", "Khon Kaen", "Khon Kaen", "Asia", "South-Eastern Asia"),
        (0.06, "Thailand", "Phuket", "Phuket", "Asia", "South-Eastern Asia"),
        (0.08, "Thailand", "(not set)", "(not set)", "Asia", "South-Eastern Asia"),
    ),
    "SG": ((1.0, "Singapore", "Singapore", "Singapore", "Asia", "South-Eastern Asia"),),
    "MY": (
        (
            0.55,
            "Malaysia",
            "Federal Territory of Kuala Lumpur",
            "Kuala Lumpur",
            "Asia",
            "South-Eastern Asia",
        ),
        (0.25, "Malaysia", "Selangor", "Petaling Jaya", "Asia", "South-Eastern Asia"),
        (0.20, "Malaysia", "Penang", "George Town", "Asia", "South-Eastern Asia"),
    ),
    "US": (
        (0.35, "United States", "California", "Los Angeles", "Americas", "Northern America"),
        (0.25, "United States", "New York", "New York", "Americas", "Northern America"),
        (0.20, "United States", "Washington", "Seattle", "Americas", "Northern America"),
        (0.20, "United States", "Texas", "Houston", "Americas", "Northern America"),
    ),
}

LANGUAGES: dict[str, tuple[tuple[float, str], ...]] = {
    "TH": ((0.82, "th-th"), (0.18, "en-us")),
    "SG": ((0.85, "en-sg"), (0.15, "zh-cn")),
    "MY": ((0.6, "en-us"), (0.4, "ms-my")),
    "US": ((1.0, "en-us"),),
}

ORGANIC_COUNTRIES: dict[str, tuple[tuple[float, str], ...]] = {
    "410000001": ((1.0, "TH"),),
    "410000002": ((0.5, "SG"), (0.3, "US"), (0.2, "MY")),
}
"""Where a property's organic visitors come from (ad visitors come from the ad's country)."""


def pick(weights: list[float] | tuple[float, ...], u: np.ndarray) -> np.ndarray:
    """Indices into a weighted table for uniform draws ``u`` (inverse CDF)."""
    cdf = np.cumsum(np.asarray(weights, dtype=np.float64))
    cdf /= cdf[-1]
    return np.minimum(np.searchsorted(cdf, u), len(cdf) - 1)


def column(rows: tuple[tuple, ...], idx: np.ndarray, field: int) -> np.ndarray:
    """``rows[idx][field]`` for every index, as an object array."""
    values = np.array([r[field] for r in rows], dtype=object)
    return values[idx]


def devices(mobile_share: float, u_cat: np.ndarray, u_model: np.ndarray) -> dict[str, np.ndarray]:
    """Device columns (``device_category``, brand, model, OS, OS version, browser, version).

    ``mobile_share`` of sessions are mobile, 3 % tablets, the rest desktops.
    """
    cats = np.where(
        u_cat < mobile_share, "mobile", np.where(u_cat < mobile_share + 0.03, "tablet", "desktop")
    ).astype(object)
    out = {
        k: np.empty(len(u_cat), dtype=object)
        for k in (
            "device_category",
            "mobile_brand_name",
            "mobile_model_name",
            "operating_system",
            "operating_system_version",
            "browser",
            "browser_version",
        )
    }
    out["device_category"] = cats
    for cat, rows in DEVICES.items():
        mask = cats == cat
        if not mask.any():
            continue
        idx = pick([r[0] for r in rows], u_model[mask])
        for f, name in enumerate(list(out)[1:], start=1):
            out[name][mask] = column(rows, idx, f)
    return out


def places(countries: np.ndarray, u_place: np.ndarray, u_lang: np.ndarray) -> dict[str, np.ndarray]:
    """Geo columns and ``language`` for sessions from ``countries`` (ISO codes)."""
    names = ("country", "region", "city", "continent", "sub_continent")
    out = {k: np.empty(len(countries), dtype=object) for k in (*names, "language")}
    for code, rows in PLACES.items():
        mask = countries == code
        if not mask.any():
            continue
        idx = pick([r[0] for r in rows], u_place[mask])
        for f, name in enumerate(names, start=1):
            out[name][mask] = column(rows, idx, f)
        langs = LANGUAGES[code]
        out["language"][mask] = column(langs, pick([r[0] for r in langs], u_lang[mask]), 1)
    return out
