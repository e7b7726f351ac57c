"""Replay mode: serve recorded real Meta data through the same Graph routes as the market.

Insights are served at the level they were recorded: ``level=campaign`` gets recorded campaign
rows (the 2019 accounts) or, where only ad rows exist (Fivetran), their sums; ``level=ad`` gets
the recorded ad rows; ``level=adset`` sums ad rows; ``level=account`` sums the campaign rows
when recorded, else the ad rows. Values are never changed: per account and day, spend and
impressions served equal the files'. Writes are refused (recorded data is read-only).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

from sandbox.market.clock import Clock
from sandbox.meta.backend import AccountInfo
from sandbox.meta.errors import invalid_param, unknown_object
from sandbox.meta.frame import InsightsFrame
from sandbox.replay import fivetran, two_accounts
from sandbox.replay.records import RecordedAccount

FACTS_FILE = Path(__file__).with_name("accounts.yml")


class ReplayBackend:
    """Serves ``<data_dir>/meta/`` (``data_dir`` is the ``shared/data`` folder)."""

    mode = "replay"

    def __init__(self, data_dir: Path) -> None:
        meta_dir = Path(data_dir) / "meta"
        if not meta_dir.is_dir():
            raise FileNotFoundError(f"no recorded Meta data in {meta_dir}")
        facts = {
            str(f["account_id"]): f
            for f in yaml.safe_load(FACTS_FILE.read_text("utf-8"))["accounts"]
        }
        loaded = two_accounts.load(meta_dir, facts) + fivetran.load(meta_dir, facts)
        self.data_dir = Path(data_dir)
        self._accounts: dict[str, RecordedAccount] = {a.account_id: a for a in loaded}
        self._objects: dict[str, tuple[str, dict, str]] = {}
        for acct in loaded:
            for kind, objs in acct.objects.items():
                for o in objs:
                    self._objects[o["id"]] = (kind, o, acct.account_id)
                    creative = o.get("creative")
                    if isinstance(creative, dict) and "id" in creative:
                        self._objects[creative["id"]] = ("creative", creative, acct.account_id)

    def _acct(self, account_id: str) -> RecordedAccount | None:
        return self._accounts.get(str(account_id).removeprefix("act_"))

    def accounts(self) -> list[AccountInfo]:
        """The recorded accounts."""
        return [
            AccountInfo(a.account_id, a.name, a.currency, a.timezone)
            for a in self._accounts.values()
        ]

    def span(self, account_id: str) -> tuple[date, date] | None:
        """First and last day with recorded insights."""
        acct = self._acct(account_id)
        days = [int(d) for f in (acct.frames.values() if acct else ()) for d in f.day]
        return (date.fromordinal(min(days)), date.fromordinal(max(days))) if days else None

    def account_node(self, account_id: str) -> dict | None:
        """Ad account node from the recorded/declared facts."""
        acct = self._acct(account_id)
        if acct is None:
            return None
        span = self.span(acct.account_id)
        at = datetime.combine(span[1] if span else date(2020, 1, 1), datetime.min.time(), UTC)
        node = {
            "id": f"act_{acct.account_id}",
            "account_id": acct.account_id,
            "currency": acct.currency,
            "timezone_name": acct.timezone,
            "timezone_offset_hours_utc": Clock(at).utc_offset_hours(acct.timezone),
        }
        if acct.name:
            node["name"] = acct.name
        return node

    def objects(self, account_id: str, kind: str) -> list[dict]:
        """Recorded objects of one kind."""
        acct = self._acct(account_id)
        return acct.objects.get(kind, []) if acct else []

    def find_object(self, object_id: str) -> tuple[str, dict] | None:
        """A recorded campaign, ad set, ad or creative."""
        hit = self._objects.get(object_id)
        return (hit[0], hit[1]) if hit else None

    def account_of(self, object_id: str) -> str | None:
        """Account of a recorded object."""
        hit = self._objects.get(object_id)
        return hit[2] if hit else None

    def local_today(self, account_id: str) -> date:
        """The day after the last recorded day (anchor for ``date_preset``)."""
        span = self.span(account_id)
        return (span[1] if span else date(2020, 1, 1)) + timedelta(days=1)

    def default_range(self, account_id: str) -> tuple[date, date]:
        """The whole recorded span (so a request without dates sees everything)."""
        span = self.span(account_id)
        return span or (date(2020, 1, 1), date(2020, 1, 1))

    def insights(
        self,
        account_id: str,
        level: str,
        since: date,
        until: date,
        filters: tuple[tuple[str, frozenset[str]], ...],
    ) -> InsightsFrame:
        """Recorded rows at ``level`` (see the module docstring for the level rules).

        A filter on a column the recorded rows do not carry (e.g. ``ad.id`` on campaign-level
        recordings) matches nothing.
        """
        acct = self._acct(account_id)
        if acct is None:
            return InsightsFrame.empty("USD")
        source = acct.frames.get(level) if level in ("campaign", "ad") else None
        if source is None:
            base = "campaign" if level == "account" and "campaign" in acct.frames else "ad"
            source = acct.frames.get(base)
        if source is None:
            return InsightsFrame.empty(acct.currency)
        frame = source.take((source.day >= since.toordinal()) & (source.day <= until.toordinal()))
        for column, ids in filters:
            frame = frame.where_in(column, ids)
        return (
            frame if level in ("campaign", "ad") and level in acct.frames else frame.rollup(level)
        )

    def update(self, object_id: str, params: dict[str, str]) -> None:
        """Refuse writes."""
        if object_id not in self._objects:
            raise unknown_object(object_id, "post")
        raise invalid_param("The sandbox replays recorded data and does not accept writes")

    def clock(self) -> int:
        """Unix seconds used as report-run ``time_ref``: midnight UTC after the last record."""
        spans = [s for s in (self.span(a) for a in self._accounts) if s is not None]
        day = max((s[1] for s in spans), default=date(2020, 1, 1)) + timedelta(days=1)
        return int(datetime.combine(day, datetime.min.time(), UTC).timestamp())

    def info(self) -> dict:
        """Recorded accounts and the date span of their insights."""
        accounts = []
        for a in self._accounts.values():
            span = self.span(a.account_id)
            accounts.append(
                {
                    "platform": "meta",
                    "account_id": a.account_id,
                    "name": a.name,
                    "currency": a.currency,
                    "timezone": a.timezone,
                    "source": a.source,
                    "recorded_levels": sorted(a.frames),
                    "insights_since": span[0].isoformat() if span else None,
                    "insights_until": span[1].isoformat() if span else None,
                    "objects": {k: len(v) for k, v in a.objects.items()},
                }
            )
        return {"data_dir": str(self.data_dir), "accounts": accounts}
