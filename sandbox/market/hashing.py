"""Counter-based noise: every random number is a pure hash of where it is used.

The market never keeps a random generator state. A draw is ``splitmix64`` over the tuple
(seed, platform, object key, day, metric), so the value for one ad on one day never depends on
how many other ads exist or in which order they were computed: adding an ad later leaves every
other ad's numbers unchanged, and any day can be recomputed alone.

``splitmix64`` is Sebastiano Vigna's finaliser (public domain, https://prng.di.unimi.it/), used
here on uint64 numpy arrays so one call draws for thousands of ads at once.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_INV_2_53 = 1.0 / float(1 << 53)

ArrayLike = np.ndarray | int


def splitmix64(x: np.ndarray) -> np.ndarray:
    """Hash uint64 values (one splitmix64 step; wraps modulo 2**64).

    Args:
        x: uint64 array of any shape.

    Returns:
        uint64 array of the same shape.
    """
    with np.errstate(over="ignore"):
        z = x.astype(np.uint64, copy=True) + _GOLDEN
        z = (z ^ (z >> _S30)) * _M1
        z = (z ^ (z >> _S27)) * _M2
        return z ^ (z >> _S31)


_MASK = (1 << 64) - 1


def splitmix64_int(x: int) -> int:
    """Scalar :func:`splitmix64` on a Python int (same values as the array version)."""
    z = (x + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def hash_ints(*parts: int) -> int:
    """Scalar :func:`hash_keys` for Python ints (same values, ~50x faster for one key)."""
    h = 0
    for part in parts:
        h = splitmix64_int(h ^ (part & _MASK))
    return h


def hash_keys(*parts: ArrayLike) -> np.ndarray:
    """Combine integer parts (scalars or broadcastable arrays) into one uint64 hash per element.

    Args:
        *parts: non-negative ints or integer arrays; order matters.

    Returns:
        uint64 array with the broadcast shape of the parts (0-d for all scalars).
    """
    return hash_more(np.zeros((), dtype=np.uint64), *parts)


def hash_more(prefix: np.ndarray, *parts: ArrayLike) -> np.ndarray:
    """Continue a hash: ``hash_more(hash_keys(a, b), c) == hash_keys(a, b, c)``.

    Lets hot loops hash the fixed part of an address (seed, platform, ad) once.
    """
    h = prefix
    for part in parts:
        h = splitmix64(h ^ np.asarray(part).astype(np.uint64))
    return h


def to_unit(h: np.ndarray) -> np.ndarray:
    """Map uint64 hashes to floats in the open interval (0, 1)."""
    return ((h >> _S11).astype(np.float64) + 0.5) * _INV_2_53


def uniform(*parts: ArrayLike) -> np.ndarray:
    """Uniform draws in the open interval (0, 1), one per broadcast element of ``parts``.

    Args:
        *parts: the draw's address, e.g. ``(seed, platform, ad_keys, day, metric)``.

    Returns:
        float64 array.
    """
    return to_unit(hash_keys(*parts))


def normal(*parts: ArrayLike) -> np.ndarray:
    """Standard normal draws (inverse CDF of :func:`uniform`)."""
    return ndtri(uniform(*parts))


def between(lo: float, hi: float, *parts: ArrayLike) -> np.ndarray:
    """Uniform draws in [lo, hi)."""
    return lo + (hi - lo) * uniform(*parts)


def log_between(lo: float, hi: float, *parts: ArrayLike) -> np.ndarray:
    """Log-uniform draws in [lo, hi) (for scale parameters such as audience size)."""
    return np.exp(between(np.log(lo), np.log(hi), *parts))


def stochastic_round(x: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Round non-negative reals to integers so that the expected value is ``x``.

    Args:
        x: non-negative float array.
        u: uniform draws in (0, 1) of the same shape.

    Returns:
        int64 array, ``floor(x + u)``.
    """
    return np.floor(np.maximum(x, 0.0) + u).astype(np.int64)


def poisson(mu: np.ndarray, u: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Poisson draws by inverse CDF (exact below mean 30, normal approximation above).

    Args:
        mu: non-negative means.
        u: uniform draws in (0, 1) for the exact branch.
        z: standard normal draws for the large-mean branch.

    Returns:
        int64 counts, same shape as ``mu``.
    """
    mu = np.maximum(np.asarray(mu, dtype=np.float64), 0.0)
    small = mu < 30.0
    out = np.floor(np.maximum(mu + np.sqrt(mu) * z + 0.5, 0.0)).astype(np.int64)
    if not small.any():
        return out
    m = np.where(small, mu, 0.0)
    p = np.exp(-m)
    cdf = p.copy()
    k = np.zeros(m.shape, dtype=np.int64)
    j = 0
    while True:
        above = u > cdf
        if not above.any():
            break
        k += above
        j += 1
        p *= m / j
        cdf += p
        if j > 200:  # cdf within rounding of 1 for every mean below 30
            break
    return np.where(small, k, out)
