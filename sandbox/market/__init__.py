"""The simulated ad market (platform-agnostic).

Accounts, objects, hidden response parameters, clock, change log and the daily simulation; see
:mod:`sandbox.market.market`. The hidden truth is in :mod:`sandbox.market.evaluation`.
"""

from sandbox.market.catalog import (
    FX_THB_PER_UNIT,
    PRODUCTS,
    Account,
    Product,
    fixed_accounts,
    platform_accounts,
)
from sandbox.market.changes import Change, MarketError, UnknownObjectError
from sandbox.market.clock import Clock, default_now, parse_now
from sandbox.market.market import Market, MarketConfig
from sandbox.market.simulate import DayMetrics

__all__ = [
    "FX_THB_PER_UNIT",
    "PRODUCTS",
    "Account",
    "Change",
    "Clock",
    "DayMetrics",
    "Market",
    "MarketConfig",
    "MarketError",
    "Product",
    "UnknownObjectError",
    "default_now",
    "fixed_accounts",
    "parse_now",
    "platform_accounts",
]
