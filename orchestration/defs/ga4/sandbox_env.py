"""``make run`` / ``make run-replay``: put the demo's GA4 export files where the asset reads them.

With the simulated market the runner writes the market's export (``sandbox.ga4``) for the run's
window, from a market built with the sandbox server's seed, history and clock — the same
deterministic market, so the web sessions match the ads the server reports. In replay mode it
splits the recorded public sample into daily files and names the replay properties file.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from config.ga4 import GA4_FILE_ENV
from config.loading import CONFIG_DIR
from sandbox.ga4.export import ExportFile, write_export
from sandbox.ga4.replay import SAMPLE_RELATIVE, write_replay
from sandbox.market import Market, MarketConfig

REPLAY_GA4 = CONFIG_DIR / "ga4.replay.yml"


def write_sandbox_export(
    export_dir: Path, seed: int, days: int, now: datetime, first: date, last: date
) -> list[ExportFile]:
    """Write the simulated market's GA4 export for the property-local days ``first..last``.

    Args:
        export_dir: ``ADPILOT_GA4_EXPORT_DIR``.
        seed: the sandbox's market seed.
        days: the sandbox's history length.
        now: the sandbox's clock (aware UTC).
        first: first day of the run's window.
        last: last day of the run's window.
    """
    market = Market(MarketConfig(seed=seed, days=days, now=now))
    return write_export(market, export_dir, first, last)


def write_replay_export(shared_data: Path, export_dir: Path) -> tuple[dict[str, str], date, date]:
    """Split the recorded sample into the export layout.

    Returns:
        The environment naming the replay properties file, and the sample's first and last day
        (the runner widens its window to cover them).
    """
    days = sorted(write_replay(shared_data / SAMPLE_RELATIVE, export_dir))
    return {GA4_FILE_ENV: str(REPLAY_GA4)}, days[0], days[-1]
