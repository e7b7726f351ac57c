"""The two real 2019 accounts (``meta/two_accounts_2019_{campaigns,adsets,ads}.json``).

28 campaigns and one ad carry an embedded ``insights`` object for 2019-11-13. The 28 campaign
copies all carry the same inner campaign_id/account_id (copied by the recording app), so each is
attributed to the object it is embedded in: campaign-level rows for that campaign and its
account, and an ad-level row for the one ad.
"""

from __future__ import annotations

import json
from pathlib import Path

from sandbox.replay.records import (
    RecordedAccount,
    Row,
    frame_from_rows,
    graph_object,
    row_from_insights,
)

SOURCE = "two_accounts_2019"
_FILES = {"campaign": "campaigns", "adset": "adsets", "ad": "ads"}


def _digits(account_id: str) -> str:
    return str(account_id).removeprefix("act_")


def load(meta_dir: Path, facts: dict[str, dict]) -> list[RecordedAccount]:
    """Load both accounts.

    Args:
        meta_dir: ``shared/data/meta``.
        facts: ``accounts.yml`` entries by account id (currency, timezone, name).

    Returns:
        One :class:`RecordedAccount` per account, in the order of ``accounts.yml``.
    """
    recorded = {
        k: json.loads((meta_dir / f"two_accounts_2019_{v}.json").read_text("utf-8"))
        for k, v in _FILES.items()
    }
    accounts = {
        aid: RecordedAccount(aid, f.get("name"), f["currency"], f["timezone"], SOURCE)
        for aid, f in facts.items()
        if f["source"] == SOURCE
    }
    for acct in accounts.values():
        acct.objects = {
            k: [graph_object(o) for o in objs if _digits(o["account_id"]) == acct.account_id]
            for k, objs in recorded.items()
        }
    names = {o["id"]: o.get("name") for objs in recorded.values() for o in objs}
    rows: dict[tuple[str, str], list[Row]] = {}
    for level, objs in recorded.items():
        for o in objs:
            if "insights" not in o:
                continue
            aid = _digits(o["account_id"])
            text = {
                "account_id": aid,
                "account_name": accounts[aid].name,
                "campaign_id": o.get("campaign_id", o["id"]),
                "campaign_name": names.get(o.get("campaign_id", o["id"])),
            }
            if level == "ad":
                text |= {
                    "adset_id": o["adset_id"],
                    "adset_name": names.get(o["adset_id"]),
                    "ad_id": o["id"],
                    "ad_name": o.get("name"),
                }
            rows.setdefault((aid, level), []).append(row_from_insights(o["insights"], text))
    for (aid, level), level_rows in rows.items():
        accounts[aid].frames[level] = frame_from_rows(level_rows, accounts[aid].currency, level)
    return list(accounts.values())
