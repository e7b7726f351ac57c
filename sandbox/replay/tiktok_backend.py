"""Replay mode for TikTok: recorded rows and objects served through the same v1.3 routes.

How recordings map onto ``/report/integrated/get/`` (choices, since the recordings are partial):

- **Level.** A row recorded at the requested ``data_level`` is served for its (id, time). For
  ids and times with no row at that level, the recorded ad rows are summed to it (a campaign's
  ads, an advertiser's ads), like the Meta replay's ``level=adset``. Where a recording has both
  and they disagree (Fivetran's scrambled campaign and ad hours), the level's own row wins.
- **Time.** ``stat_time_hour`` serves hourly recordings only (daily ones cannot be split).
  ``stat_time_day`` serves daily recordings and hourly ones summed into their day. No time
  dimension sums the range.
- **Values.** A served row built from one recorded row carries its ``metrics`` unchanged (text
  stays text, numbers stay numbers, the recorded digits kept). A row summed from several
  recorded rows sums the additive metrics (:data:`ADDITIVE`, with the largest number of decimals
  of its inputs), recomputes the ratios (:data:`RATIOS`, 2 decimals, ``ctr`` and
  ``conversion_rate`` in percent, ``average_video_play`` weighted by plays), keeps the names and
  ids of its first row and leaves out every other metric (cost-per and real-time metrics that
  cannot be recomputed).
- **Zero rows** (days without delivery that Airbyte recorded) are served as recorded.

Objects and advertisers: see :mod:`sandbox.replay.tiktok_records`. Writes are refused (code
40001: recorded data is read-only).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sandbox.replay.tiktok_records import RecordedAdvertiser, RecordedRow, load_all
from sandbox.tiktok.backend import DATA_LEVELS, Kind, ReportQuery
from sandbox.tiktok.errors import invalid_param

ADDITIVE: tuple[str, ...] = (
    "spend",
    "cash_spend",
    "voucher_spend",
    "impressions",
    "clicks",
    "reach",
    "conversion",
    "real_time_conversion",
    "result",
    "real_time_result",
    "complete_payment",
    "total_purchase_value",
    "total_onsite_shopping_value",
    "total_sales_lead_value",
    "purchase",
    "registration",
    "sales_lead",
    "app_install",
    "real_time_app_install",
    "video_play_actions",
    "video_watched_2s",
    "video_watched_6s",
    "video_views_p25",
    "video_views_p50",
    "video_views_p75",
    "video_views_p100",
    "likes",
    "comments",
    "shares",
    "follows",
    "profile_visits",
    "clicks_on_music_disc",
)
RATIOS: tuple[str, ...] = (
    "ctr",
    "cpc",
    "cpm",
    "frequency",
    "conversion_rate",
    "cost_per_conversion",
    "average_video_play",
)
_ATTRIBUTES = ("campaign_id", "campaign_name", "adgroup_id", "adgroup_name", "ad_name", "ad_text")
_LEVEL_ATTRIBUTES = {
    "AUCTION_AD": _ATTRIBUTES,
    "AUCTION_ADGROUP": ("campaign_id", "campaign_name", "adgroup_name"),
    "AUCTION_CAMPAIGN": ("campaign_name",),
    "AUCTION_ADVERTISER": (),
}
_FILTER_KEY = {"campaign_ids": "campaign_id", "adgroup_ids": "adgroup_id", "ad_ids": "ad_id"}


def _number(value: Any) -> Decimal | None:
    if value is None or value in ("", "-"):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _decimals(value: Any) -> int:
    text = str(value)
    return len(text.split(".")[1]) if "." in text else 0


class TikTokReplayBackend:
    """Serves ``<data_dir>/tiktok/`` (``data_dir`` is the ``shared/data`` folder)."""

    mode = "replay"

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self._advertisers = {a.advertiser_id: a for a in load_all(self.data_dir)}
        self.extra_metrics = frozenset(
            m for a in self._advertisers.values() for r in a.rows for m in r.metrics
        )

    def _adv(self, advertiser_id: str) -> RecordedAdvertiser:
        return self._advertisers[advertiser_id]

    def advertiser(self, advertiser_id: str) -> dict | None:
        """The recorded (or declared) ``advertiser/info`` record."""
        adv = self._advertisers.get(advertiser_id)
        return dict(adv.record) if adv else None

    def objects(self, advertiser_id: str, kind: Kind) -> list[dict]:
        """Recorded objects of one kind."""
        return [dict(o) for o in self._adv(advertiser_id).objects[kind]]

    # --- reports ---------------------------------------------------------------------------

    def report(self, query: ReportQuery) -> list[dict]:
        """Rows by the rules in the module docstring."""
        adv = self._adv(query.advertiser_id)
        dim = DATA_LEVELS[query.data_level]
        rows = [r for r in adv.rows if query.since <= r.day <= query.until and self._keep(r, query)]
        if query.time_dimension == "stat_time_hour":
            rows = [r for r in rows if r.hourly]
        own = self._group([r for r in rows if r.level == query.data_level], query, dim)
        from_ads = self._group([r for r in rows if r.level == "AUCTION_AD"], query, dim)
        out = [
            self._serve(members, query, dim, key) for key, members in {**from_ads, **own}.items()
        ]
        out.sort(
            key=lambda r: (
                str(r["dimensions"].get(query.time_dimension or "", "")),
                str(r["dimensions"][dim]),
            )
        )
        return out

    @staticmethod
    def _keep(r: RecordedRow, query: ReportQuery) -> bool:
        return all(r.parents.get(_FILTER_KEY[k]) in ids for k, ids in query.filters.items())

    @staticmethod
    def _group(
        rows: list[RecordedRow], query: ReportQuery, dim: str
    ) -> dict[tuple[str, str], list[RecordedRow]]:
        groups: dict[tuple[str, str], list[RecordedRow]] = defaultdict(list)
        for r in rows:
            object_id = query.advertiser_id if dim == "advertiser_id" else r.parents.get(dim)
            if object_id is None:
                continue
            if query.time_dimension == "stat_time_hour":
                when = str(r.dimensions["stat_time_hour"])
            elif query.time_dimension == "stat_time_day":
                when = f"{r.day.isoformat()} 00:00:00"
            else:
                when = ""
            groups[(object_id, when)].append(r)
        return groups

    def _serve(
        self, members: list[RecordedRow], query: ReportQuery, dim: str, key: tuple[str, str]
    ) -> dict:
        first = members[0]
        same_level = first.level == query.data_level
        dims: dict[str, Any] = {dim: first.dimensions[dim] if same_level else key[0]}
        if query.time_dimension == "stat_time_hour":
            dims["stat_time_hour"] = first.dimensions["stat_time_hour"]
        elif query.time_dimension == "stat_time_day":
            dims["stat_time_day"] = first.dimensions.get("stat_time_day", key[1])
            if first.hourly:
                dims["stat_time_day"] = key[1]
        if len(members) == 1 and same_level:
            return {"dimensions": dims, "metrics": dict(first.metrics)}
        attrs = {
            a: first.metrics[a] for a in _LEVEL_ATTRIBUTES[query.data_level] if a in first.metrics
        }
        return {"dimensions": dims, "metrics": {**attrs, **_summed(members)}}

    # --- writes and info -------------------------------------------------------------------

    def update_budget(self, advertiser_id: str, kind: Kind, object_id: str, budget: float) -> None:
        """Refuse: recorded data is read-only."""
        raise invalid_param("The sandbox replays recorded data and does not accept writes")

    def update_status(
        self, advertiser_id: str, kind: Kind, ids: list[str], operation_status: str
    ) -> None:
        """Refuse: recorded data is read-only."""
        raise invalid_param("The sandbox replays recorded data and does not accept writes")

    def info(self) -> list[dict]:
        """Recorded advertisers with the span of their report rows."""
        out = []
        for a in self._advertisers.values():
            days = [r.day for r in a.rows]
            out.append(
                {
                    "platform": "tiktok",
                    "account_id": a.advertiser_id,
                    "name": a.record.get("name"),
                    "currency": a.record.get("currency"),
                    "timezone": a.record.get("timezone"),
                    "source": a.source,
                    "served": True,
                    "insights_since": min(days).isoformat() if days else None,
                    "insights_until": max(days).isoformat() if days else None,
                    "objects": {k: len(v) for k, v in a.objects.items()},
                }
            )
        return out


def _summed(rows: list[RecordedRow]) -> dict[str, str]:
    sums: dict[str, Decimal] = {}
    scale: dict[str, int] = {}
    play_seconds = Decimal(0)
    for r in rows:
        for m in ADDITIVE:
            value = _number(r.metrics.get(m))
            if value is not None:
                sums[m] = sums.get(m, Decimal(0)) + value
                scale[m] = max(scale.get(m, 0), _decimals(r.metrics[m]))
        avg, plays = (
            _number(r.metrics.get("average_video_play")),
            _number(r.metrics.get("video_play_actions")),
        )
        if avg is not None and plays is not None:
            play_seconds += avg * plays
    out = {m: f"{v:.{scale[m]}f}" for m, v in sums.items()}

    def ratio(num: Decimal | None, den: Decimal | None, factor: int = 1) -> str | None:
        if num is None or den is None:
            return None
        return f"{num * factor / den:.2f}" if den else "0.00"

    spend, imps, clicks = sums.get("spend"), sums.get("impressions"), sums.get("clicks")
    conv = sums.get("conversion")
    values = {
        "ctr": ratio(clicks, imps, 100),
        "cpc": ratio(spend, clicks),
        "cpm": ratio(spend, imps, 1000),
        "frequency": ratio(imps, sums.get("reach")),
        "conversion_rate": ratio(conv, clicks, 100),
        "cost_per_conversion": ratio(spend, conv),
        "average_video_play": ratio(play_seconds, sums.get("video_play_actions")),
    }
    out.update({k: v for k, v in values.items() if v is not None})
    return out
