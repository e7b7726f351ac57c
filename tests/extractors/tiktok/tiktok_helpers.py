"""Helpers shared by the TikTok extractor tests: a simulated clock and a client factory."""

from __future__ import annotations

from pathlib import Path

from extractors.common.ratelimit import SharedTokenBucket
from extractors.common.retry import RetryPolicy
from extractors.common.warehouse import DuckDBWarehouse
from extractors.tiktok.client import TikTokClient
from extractors.tiktok.settings import TikTokSettings

TOKEN = "tiktok-sandbox-token-0001"
TH, MY = "7020000000000001", "7020000000000002"
REPORT_COLUMNS = (
    "date_day, account_id, campaign_id, ad_group_id, ad_id, spend, impressions, "
    "clicks, reach, complete_payment, total_purchase_value, video_watched_2s, "
    "video_views_p100, average_video_play, currency_code, account_timezone"
)


class SimClock:
    """Simulated time: ``sleep`` records the wait and moves ``now`` forward (no real waiting)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.t = start
        self.calls: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.t += seconds


def make_client(
    base_url: str,
    advertiser: str,
    clock: SimClock,
    limiter_dir: Path,
    token: str = TOKEN,
    **settings: object,
) -> TikTokClient:
    """A client of the sandbox whose waits and rate budget run on ``clock``."""
    settings.setdefault("retry", RetryPolicy(base_delay_s=1, max_delay_s=4))
    cfg = TikTokSettings(api_url=base_url, app_id="test", ratelimit_dir=limiter_dir, **settings)  # type: ignore[arg-type]
    limiter = SharedTokenBucket(
        limiter_dir, "tiktok:test", cfg.rate_per_s, cfg.burst, clock=clock.now, sleep=clock.sleep
    )
    return TikTokClient(token, advertiser, cfg, sleep=clock.sleep, limiter=limiter)


def report_snapshot(wh: DuckDBWarehouse) -> list[tuple]:
    """The typed report columns, in key order (everything but load metadata)."""
    rows = wh.query(f"select {REPORT_COLUMNS} from raw.tiktok_ads_reports_daily order by all")
    return [tuple(r.values()) for r in rows.to_pylist()]


def entity_snapshot(wh: DuckDBWarehouse) -> dict[str, list[tuple]]:
    """Every entity table without load metadata, in key order."""
    out = {}
    for table in ("tiktok_advertisers", "tiktok_campaigns", "tiktok_ad_groups", "tiktok_ads"):
        rows = wh.query(f"select * exclude (_loaded_at, _source) from raw.{table} order by all")
        out[table] = [tuple(r.values()) for r in rows.to_pylist()]
    return out
