"""Fixtures for the sandbox tests: a fixed clock, an in-memory market and Graph test clients."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sandbox.market.market import Market, MarketConfig
from sandbox.server import SandboxSettings, build_sandbox
from tests.sandbox.sandbox_helpers import NOW, SHARED_DATA, Graph


@pytest.fixture
def market() -> Market:
    """The default market at a fixed clock."""
    return Market(MarketConfig(seed=42, days=35, now=NOW))


@pytest.fixture
def make_graph() -> Callable[..., Graph]:
    """Build a Graph client over a fresh sandbox (settings as keyword arguments)."""

    def make(**settings: object) -> Graph:
        settings.setdefault("now", NOW)
        return Graph(build_sandbox(SandboxSettings(**settings)))

    return make


@pytest.fixture
def graph(make_graph: Callable[..., Graph]) -> Graph:
    """A Graph client over the default market sandbox."""
    return make_graph()


@pytest.fixture(scope="module")
def replay_graph() -> Graph:
    """A Graph client over replay mode (recorded data in ../shared/data)."""
    if not (SHARED_DATA / "meta").is_dir():
        pytest.skip("shared/data is not next to the repository")
    return Graph(build_sandbox(SandboxSettings(replay=SHARED_DATA)))
