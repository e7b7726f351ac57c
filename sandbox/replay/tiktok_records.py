"""Load the recorded TikTok data (``shared/data/tiktok/``) into advertisers, objects and rows.

Two recordings (see ``tiktok_accounts.yml`` for the per-advertiser facts):

- **Airbyte** (``reports_daily.records.jsonl``: daily ad- and advertiser-level rows;
  ``report_integrated_hourly.response.json``: a raw hourly ``/report/integrated/get/`` body).
  Rows keep their recorded ``dimensions`` and ``metrics`` exactly (ids recorded as JSON numbers
  stay numbers). No objects were recorded: campaigns, ad groups and ads are the ids and names
  the ad rows carry as attribute metrics (ids as strings, as ``*/get/`` sends them).
- **Fivetran** (``fivetran_tiktok_ads/*.csv``, upper-case columns): advertisers from
  ``tiktok_advertiser_data``; objects are the latest version (by ``_FIVETRAN_SYNCED``) of each
  history row, columns lower-cased onto the API's field names (``UPDATED_AT`` →
  ``modify_time``, ``.000`` milliseconds dropped, ``budget`` a number); hourly report rows from
  ``tiktok_{ad,adgroup,campaign}_report_hourly_data`` with Fivetran's column names mapped back to
  the API's (``VIDEO_WATCHED_2_S`` → ``video_watched_2s``, ``VIDEO_VIEWS_P_75`` →
  ``video_views_p75``) and values kept as the recorded text.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

FACTS_FILE = Path(__file__).with_name("tiktok_accounts.yml")
_LEVEL_OF_DIM = {
    "ad_id": "AUCTION_AD",
    "adgroup_id": "AUCTION_ADGROUP",
    "campaign_id": "AUCTION_CAMPAIGN",
    "advertiser_id": "AUCTION_ADVERTISER",
}


@dataclass(frozen=True)
class RecordedRow:
    """One recorded report row.

    Attributes:
        level: ``AUCTION_AD`` / ``AUCTION_ADGROUP`` / ``AUCTION_CAMPAIGN`` /
            ``AUCTION_ADVERTISER``.
        hourly: recorded per hour (``stat_time_hour``) rather than per day.
        object_id: the id of its level (string).
        day: the advertiser-local day it belongs to.
        dimensions: as recorded.
        metrics: as recorded.
        parents: ``campaign_id`` / ``adgroup_id`` / ``ad_id`` of the row where known (strings).
    """

    level: str
    hourly: bool
    object_id: str
    day: date
    dimensions: dict[str, Any]
    metrics: dict[str, Any]
    parents: dict[str, str]


@dataclass
class RecordedAdvertiser:
    """Everything recorded about one advertiser."""

    advertiser_id: str
    source: str
    record: dict[str, Any]
    objects: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"campaign": [], "adgroup": [], "ad": []}
    )
    rows: list[RecordedRow] = field(default_factory=list)


def _time_day(text: str) -> date:
    """``2021-09-15 5:00:00`` / ``2022-03-30 00:00:00`` → the date (hours may be unpadded)."""
    return datetime.strptime(text.split(" ", maxsplit=1)[0], "%Y-%m-%d").date()


def _row(
    dims: dict[str, Any], metrics: dict[str, Any], parents: dict[str, str] | None = None
) -> RecordedRow:
    level_dim = next(d for d in dims if d in _LEVEL_OF_DIM)
    hourly = "stat_time_hour" in dims
    when = str(dims["stat_time_hour" if hourly else "stat_time_day"])
    known = {k: str(metrics[k]) for k in ("campaign_id", "adgroup_id") if metrics.get(k)}
    known.update({level_dim: str(dims[level_dim])})
    return RecordedRow(
        _LEVEL_OF_DIM[level_dim],
        hourly,
        str(dims[level_dim]),
        _time_day(when),
        dims,
        metrics,
        {**known, **(parents or {})},
    )


def load_airbyte(tiktok_dir: Path, facts: dict[str, Any]) -> RecordedAdvertiser:
    """The Airbyte advertiser: its daily and hourly rows, objects derived from their attributes."""
    adv = RecordedAdvertiser(
        str(facts["advertiser_id"]),
        str(facts["source"]),
        {
            "advertiser_id": str(facts["advertiser_id"]),
            "name": facts.get("name"),
            "currency": facts["currency"],
            "timezone": facts["timezone"],
            "display_timezone": facts["timezone"],
        },
    )
    with (tiktok_dir / "reports_daily.records.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)["data"]
            adv.rows.append(_row(data["dimensions"], data["metrics"]))
    body = json.loads((tiktok_dir / "report_integrated_hourly.response.json").read_text("utf-8"))
    adv.rows += [_row(r["dimensions"], r["metrics"]) for r in body["data"]["list"]]
    seen: dict[str, dict[str, dict[str, Any]]] = {"campaign": {}, "adgroup": {}, "ad": {}}
    for r in adv.rows:
        if r.level != "AUCTION_AD":
            continue
        m, aid = r.metrics, adv.advertiser_id
        cid, gid = str(m["campaign_id"]), str(m["adgroup_id"])
        seen["campaign"].setdefault(
            cid, {"advertiser_id": aid, "campaign_id": cid, "campaign_name": m.get("campaign_name")}
        )
        seen["adgroup"].setdefault(
            gid,
            {
                "advertiser_id": aid,
                "campaign_id": cid,
                "adgroup_id": gid,
                "adgroup_name": m.get("adgroup_name"),
            },
        )
        seen["ad"].setdefault(
            r.object_id,
            {
                "advertiser_id": aid,
                "campaign_id": cid,
                "adgroup_id": gid,
                "ad_id": r.object_id,
                "ad_name": m.get("ad_name"),
                "ad_text": m.get("ad_text"),
            },
        )
    adv.objects = {k: [v[i] for i in sorted(v, key=int)] for k, v in seen.items()}
    return adv


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"tiktok_{name}_data.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _api_name(column: str) -> str:
    """Fivetran's column → the API field: ``VIDEO_WATCHED_2_S`` → ``video_watched_2s``."""
    name = column.lower()
    name = re.sub(r"_(\d+)_s$", r"_\1s", name)
    return re.sub(r"_p_(\d+)$", r"_p\1", name)


def _api_time(text: str) -> str:
    return text.split(".", maxsplit=1)[0] if text else text


def _latest(rows: list[dict[str, str]], key: str) -> list[dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for r in rows:
        if r[key] not in out or r["_FIVETRAN_SYNCED"] > out[r[key]]["_FIVETRAN_SYNCED"]:
            out[r[key]] = r
    return sorted(out.values(), key=lambda r: int(r[key]))


def _object(r: dict[str, str], renames: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col, value in r.items():
        if col.startswith("_FIVETRAN"):
            continue
        name = renames.get(col, _api_name(col))
        if name in ("create_time", "modify_time"):
            out[name] = _api_time(value)
        elif name == "budget":
            out[name] = float(value) if value else None
        else:
            out[name] = value if value != "" else None
    return out


def load_fivetran(tiktok_dir: Path, source: str) -> list[RecordedAdvertiser]:
    """Fivetran's advertisers with the objects and rows recorded under their ids."""
    folder = tiktok_dir / "fivetran_tiktok_ads"
    advertisers = {}
    for r in _read(folder, "advertiser"):
        rec = {
            "advertiser_id": r["ID"],
            "name": r["NAME"],
            "company": r["COMPANY"],
            "country": r["COUNTRY"],
            "currency": r["CURRENCY"],
            "timezone": r["TIMEZONE"],
            "display_timezone": r["TIMEZONE"],
            "status": r["STATUS"],
            "role": r["ROLE"],
            "balance": float(r["BALANCE"]),
            "create_time": _api_time(r["CREATE_TIME"]),
            "language": r["LANGUAGE"],
        }
        advertisers[r["ID"]] = RecordedAdvertiser(r["ID"], source, rec)
    renames = {"UPDATED_AT": "modify_time"}
    owner: dict[str, dict[str, str]] = {}
    for kind, table, key in (
        ("campaign", "campaign_history", "CAMPAIGN_ID"),
        ("adgroup", "adgroup_history", "ADGROUP_ID"),
        ("ad", "ad_history", "AD_ID"),
    ):
        for r in _latest(_read(folder, table), key):
            obj = _object(r, renames)
            owner[f"{kind}:{r[key]}"] = {
                k: str(obj[k]) for k in ("advertiser_id", "campaign_id", "adgroup_id") if obj.get(k)
            }
            if obj["advertiser_id"] in advertisers:
                advertisers[obj["advertiser_id"]].objects[kind].append(obj)
    for kind, dim in (("ad", "ad_id"), ("adgroup", "adgroup_id"), ("campaign", "campaign_id")):
        for r in _read(folder, f"{kind}_report_hourly"):
            row = {_api_name(k): v for k, v in r.items() if not k.startswith("_FIVETRAN")}
            parents = owner.get(f"{kind}:{row[dim]}", {})
            adv = advertisers.get(parents.get("advertiser_id", ""))
            if adv is not None:
                dims = {dim: row.pop(dim), "stat_time_hour": row.pop("stat_time_hour")}
                adv.rows.append(_row(dims, row, parents))
    return list(advertisers.values())


def load_all(data_dir: Path) -> list[RecordedAdvertiser]:
    """Every recorded advertiser under ``<data_dir>/tiktok``.

    Raises:
        FileNotFoundError: ``<data_dir>/tiktok`` is missing.
    """
    tiktok_dir = Path(data_dir) / "tiktok"
    if not tiktok_dir.is_dir():
        raise FileNotFoundError(f"no recorded TikTok data in {tiktok_dir}")
    facts = yaml.safe_load(FACTS_FILE.read_text("utf-8"))
    out = [load_airbyte(tiktok_dir, f) for f in facts["advertisers"]]
    return out + load_fivetran(tiktok_dir, facts["fivetran"]["source"])
