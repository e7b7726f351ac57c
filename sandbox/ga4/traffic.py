"""Traffic-source columns of GA4 sessions: source / medium / campaign, first touch, landing query.

``traffic`` broadcasts a block's source attributes to its sessions; ``first_touch`` is the
export's ``traffic_source`` (the user's first acquisition — this session's for a new user, a draw
from the organic mix for a returning one); ``landing_query`` builds the landing page's query
string from the UTM tags (``utm_source``, ``utm_medium``, ``utm_campaign``, ``utm_content``) and
the Google Ads click id, URL-encoded as a browser sends them.
"""

from __future__ import annotations

from urllib.parse import urlencode

import numpy as np

from sandbox.ga4.properties import GA4_CODE, ORGANIC_MIX
from sandbox.ga4.visitors import pick
from sandbox.market.hashing import uniform


def traffic(
    n: int,
    source: object,
    medium: object,
    campaign: object,
    content: object,
    referrer: object,
    utm: object,
    gclid: object,
) -> dict[str, np.ndarray]:
    """Traffic-source columns, each a scalar broadcast to ``n`` sessions or an array."""

    def full(v: object) -> np.ndarray:
        return v if isinstance(v, np.ndarray) else np.full(n, v, dtype=object)

    return {
        "source": full(source),
        "medium": full(medium),
        "campaign": full(campaign),
        "content": full(content),
        "referrer": full(referrer),
        "utm": np.broadcast_to(np.asarray(utm, dtype=bool), (n,)).copy(),
        "gclid": full(gclid),
    }


def first_touch(
    cols: dict[str, np.ndarray], seed: int, code: int, keys: np.ndarray, d: int, k: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``traffic_source``, the user's first acquisition.

    This session's for new users, else a draw from the organic mix.
    """
    mix = ORGANIC_MIX
    idx = pick([m.weight for m in mix], uniform(seed, GA4_CODE, code, keys, d, k, 42))
    new = cols["is_new"]
    src = np.where(new, cols["source"], np.array([m.source for m in mix], dtype=object)[idx])
    med = np.where(new, cols["medium"], np.array([m.medium for m in mix], dtype=object)[idx])
    name = np.where(new, cols["campaign"], np.array([m.campaign for m in mix], dtype=object)[idx])
    return src, med, name


def landing_query(cols: dict[str, np.ndarray]) -> np.ndarray:
    """The landing page's query string: UTM tags (and ``gclid``) of tagged visits, else ''."""
    out = np.full(len(cols["start_us"]), "", dtype=object)
    cache: dict[tuple[object, ...], str] = {}
    for i in np.flatnonzero(cols["utm"]).tolist():
        key = (cols["source"][i], cols["medium"][i], cols["campaign"][i], cols["content"][i])
        if key not in cache:
            q = {"utm_source": key[0], "utm_medium": key[1], "utm_campaign": key[2]}
            if key[3] is not None:
                q["utm_content"] = key[3]
            cache[key] = "?" + urlencode(q)
        out[i] = cache[key]
    for i in np.flatnonzero(cols["gclid"] != None).tolist():  # noqa: E711
        out[i] = f"{out[i]}&gclid={cols['gclid'][i]}" if out[i] else f"?gclid={cols['gclid'][i]}"
    return out
