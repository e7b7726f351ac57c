"""The Fivetran-schema account (``meta/fivetran_facebook_ads/*.csv``).

Objects are the latest version (by ``_fivetran_synced``) of each account/campaign/ad set/ad
history row. ``facebook_ads_basic_ad_data.csv`` gives ad-level daily insights (impressions,
inline_link_clicks, spend, reach); ``actions`` and ``action_values`` come from
``basic_ad_actions`` / ``basic_ad_action_values`` matched on (ad_id, date).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from sandbox.replay.records import RecordedAccount, Row, frame_from_rows, graph_time_from_utc

SOURCE = "fivetran_facebook_ads"
_METRICS = ("impressions", "inline_link_clicks", "spend", "reach")


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"facebook_ads_{name}_data.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _latest(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """Latest version of each id by ``_fivetran_synced`` (formats normalised to compare)."""
    out: dict[str, dict[str, str]] = {}
    for r in rows:
        key = r["_fivetran_synced"].replace("T", " ")
        have = out.get(r["id"])
        if have is None or key > have["_fivetran_synced"].replace("T", " "):
            out[r["id"]] = r
    return out


def _actions(folder: Path, name: str) -> dict[tuple[str, str], dict[str, float]]:
    out: dict[tuple[str, str], dict[str, float]] = {}
    for r in _read(folder, name):
        acts = out.setdefault((r["ad_id"], r["date"]), {})
        acts[r["action_type"]] = acts.get(r["action_type"], 0.0) + float(r["value"])
    return out


def _objects(folder: Path, tz: str) -> dict[str, list[dict]]:
    def when(r: dict[str, str]) -> dict[str, str]:
        return {"updated_time": graph_time_from_utc(r["updated_time"], tz)}

    campaigns = _latest(_read(folder, "campaign_history"))
    adsets = _latest(_read(folder, "ad_set_history"))
    ads = _latest(_read(folder, "ad_history"))
    return {
        "campaign": [
            {"id": c["id"], "account_id": c["account_id"], "name": c["name"], **when(c)}
            for c in sorted(campaigns.values(), key=lambda r: int(r["id"]))
        ],
        "adset": [
            {
                "id": s["id"],
                "account_id": s["account_id"],
                "campaign_id": s["campaign_id"],
                "name": s["name"],
                **when(s),
            }
            for s in sorted(adsets.values(), key=lambda r: int(r["id"]))
        ],
        "ad": [
            {
                "id": a["id"],
                "account_id": a["account_id"],
                "campaign_id": a["campaign_id"],
                "adset_id": a["ad_set_id"],
                "name": a["name"],
                "creative": {"id": a["creative_id"]},
                **when(a),
            }
            for a in sorted(ads.values(), key=lambda r: int(r["id"]))
        ],
    }


def load(meta_dir: Path, facts: dict[str, dict]) -> list[RecordedAccount]:
    """Load the Fivetran account(s) listed in ``accounts.yml`` with this source."""
    folder = meta_dir / "fivetran_facebook_ads"
    names = {a["id"]: a["name"] for a in _latest(_read(folder, "account_history")).values()}
    actions = _actions(folder, "basic_ad_actions")
    values = _actions(folder, "basic_ad_action_values")
    out = []
    for aid, f in facts.items():
        if f["source"] != SOURCE:
            continue
        acct = RecordedAccount(
            aid,
            f.get("name") or names.get(aid),
            f["currency"],
            f["timezone"],
            SOURCE,
            _objects(folder, f["timezone"]),
        )
        ads = {a["id"]: a for a in acct.objects["ad"]}
        sets = {s["id"]: s for s in acct.objects["adset"]}
        camps = {c["id"]: c for c in acct.objects["campaign"]}
        rows = []
        for r in _read(folder, "basic_ad"):
            if r["account_id"] != aid:
                continue
            ad = ads.get(r["ad_id"], {})
            text = {
                "account_id": aid,
                "account_name": acct.name,
                "ad_id": r["ad_id"],
                "ad_name": ad.get("name"),
                "adset_id": ad.get("adset_id"),
                "adset_name": sets.get(ad.get("adset_id", ""), {}).get("name"),
                "campaign_id": ad.get("campaign_id"),
                "campaign_name": camps.get(ad.get("campaign_id", ""), {}).get("name"),
            }
            lists = {
                k: v
                for k, v in (
                    ("actions", actions.get((r["ad_id"], r["date"]))),
                    ("action_values", values.get((r["ad_id"], r["date"]))),
                )
                if v
            }
            rows.append(
                Row(
                    date.fromisoformat(r["date"]),
                    text,
                    {m: float(r[m]) for m in _METRICS if r[m] != ""},
                    lists,
                )
            )
        acct.frames["ad"] = frame_from_rows(rows, acct.currency, "ad")
        out.append(acct)
    return out
