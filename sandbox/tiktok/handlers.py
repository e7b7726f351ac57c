r"""What each TikTok path does, independent of HTTP: parameters in, ``data`` out, ``TikTokError``.

Source of the parameters: TikTok API for Business v1.3 (official SDK docs, ``AdgroupApi.md``,
``ReportingApi.md``, ``*StatusUpdateBody.md``, ``AdgroupUpdateBody.md``). Report ``filtering``
is the v1.3 list form ``[{"field_name": "campaign_ids", "filter_type": "IN",
"filter_value": "[\"1\"]"}]``; object ``filtering`` the object form ``{"campaign_ids": [...],
"primary_status": "STATUS_ALL"}``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sandbox.tiktok import metrics
from sandbox.tiktok.backend import (
    DATA_LEVELS,
    ID_FIELD,
    KINDS,
    NO_TIME_MAX_DAYS,
    TIME_DIMENSIONS,
    Kind,
    ReportQuery,
    TikTokBackend,
)
from sandbox.tiktok.errors import RANGE_TOO_LARGE, TikTokError, invalid_param, no_permission
from sandbox.tiktok.params import day_param, json_param, page_param, paged, str_list

ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "AUCTION_AD": (
        "campaign_id",
        "campaign_name",
        "adgroup_id",
        "adgroup_name",
        "ad_name",
        "ad_text",
    ),
    "AUCTION_ADGROUP": ("campaign_id", "campaign_name", "adgroup_name"),
    "AUCTION_CAMPAIGN": ("campaign_name",),
    "AUCTION_ADVERTISER": (),
}
"""Attribute metrics (names and parent ids) each data level can return."""

_OBJECT_FILTERS: dict[str, tuple[str, ...]] = {
    "campaign": ("campaign_ids", "primary_status", "objective_type"),
    "adgroup": ("campaign_ids", "adgroup_ids", "primary_status"),
    "ad": ("campaign_ids", "adgroup_ids", "ad_ids", "primary_status"),
}
_PRIMARY = frozenset({"STATUS_ALL", "STATUS_NOT_DELETE", "STATUS_DELIVERY_OK", "STATUS_DISABLE"})
_REPORT_FILTERS = frozenset({"campaign_ids", "adgroup_ids", "ad_ids"})
_LIFETIME_START, _LIFETIME_END = date(2016, 1, 1), date(2099, 12, 31)


class TikTokHandlers:
    """Answers TikTok requests from a backend (authentication and faults handled by routes)."""

    def __init__(self, backend: TikTokBackend) -> None:
        self.backend = backend

    def _advertiser(self, params: dict[str, Any]) -> str:
        advertiser_id = str(params.get("advertiser_id") or "")
        if not advertiser_id:
            raise invalid_param("advertiser_id: required")
        if self.backend.advertiser(advertiser_id) is None:
            raise no_permission(advertiser_id)
        return advertiser_id

    # --- reads -----------------------------------------------------------------------------

    def advertiser_info(self, params: dict[str, Any]) -> dict:
        """``GET advertiser/info/``: ``{"list": [...]}`` for ``advertiser_ids``."""
        ids = str_list(params, "advertiser_ids")
        if not ids:
            raise invalid_param("advertiser_ids: required, a JSON array")
        records = []
        for advertiser_id in ids:
            rec = self.backend.advertiser(advertiser_id)
            if rec is None:
                raise no_permission(advertiser_id)
            records.append(_select(rec, str_list(params, "fields")))
        return {"list": records}

    def objects(self, kind: Kind, params: dict[str, Any]) -> dict:
        """``GET campaign|adgroup|ad/get/``: one page of objects with ``page_info``."""
        advertiser_id = self._advertiser(params)
        filtering = json_param(params, "filtering", {}) or {}
        if not isinstance(filtering, dict):
            raise invalid_param("filtering: must be a JSON object")
        unknown = set(filtering) - set(_OBJECT_FILTERS[kind])
        if unknown:
            raise invalid_param(f"filtering: unsupported keys {sorted(unknown)}")
        rows = [o for o in self.backend.objects(advertiser_id, kind) if _keep(o, filtering)]
        fields = str_list(params, "fields")
        return paged([_select(o, fields) for o in rows], page_param(params))

    def report(self, params: dict[str, Any]) -> dict:
        """``GET report/integrated/get/``: one page of report rows with ``page_info``."""
        query, dims, wanted = self._report_query(params)
        page = page_param(params)
        rows = self.backend.report(query)
        body = paged(rows, page)
        body["list"] = [
            {
                "dimensions": {d: r["dimensions"].get(d) for d in dims},
                "metrics": {m: r["metrics"][m] for m in wanted if m in r["metrics"]},
            }
            for r in body["list"]
        ]
        return body

    def _report_query(self, params: dict[str, Any]) -> tuple[ReportQuery, list[str], list[str]]:
        if (params.get("report_type") or "") != "BASIC":
            raise invalid_param("report_type: the sandbox serves BASIC reports")
        if (params.get("service_type") or "AUCTION") != "AUCTION":
            raise invalid_param("service_type: the sandbox serves AUCTION")
        level = str(params.get("data_level") or "")
        if level not in DATA_LEVELS:
            raise invalid_param(f"data_level: one of {sorted(DATA_LEVELS)}, got {level!r}")
        dims = str_list(params, "dimensions") or []
        time_dims = [d for d in dims if d in TIME_DIMENSIONS]
        if (
            DATA_LEVELS[level] not in dims
            or len(time_dims) > 1
            or set(dims) - {DATA_LEVELS[level], *TIME_DIMENSIONS}
        ):
            raise invalid_param(
                f"dimensions: [{DATA_LEVELS[level]}] plus at most one of "
                f"{sorted(TIME_DIMENSIONS)}, got {dims}"
            )
        time_dim = time_dims[0] if time_dims else None
        wanted = str_list(params, "metrics") or ["spend", "impressions"]
        known = {*metrics.METRICS, *ATTRIBUTES[level], *getattr(self.backend, "extra_metrics", ())}
        bad = [m for m in wanted if m not in known]
        if bad:
            raise invalid_param(f"metrics: unknown {bad}")
        advertiser_id = self._advertiser(params)
        since, until = self._range(params, time_dim)
        query = ReportQuery(advertiser_id, level, time_dim, since, until, _report_filters(params))
        return query, dims, wanted

    def _range(self, params: dict[str, Any], time_dim: str | None) -> tuple[date, date]:
        if str(params.get("query_lifetime", "false")).lower() == "true":
            if time_dim:
                raise invalid_param("query_lifetime: not with a time dimension")
            return _LIFETIME_START, _LIFETIME_END
        since, until = day_param(params, "start_date"), day_param(params, "end_date")
        if until < since:
            raise invalid_param("end_date: must not be before start_date")
        limit = TIME_DIMENSIONS.get(time_dim or "", NO_TIME_MAX_DAYS)
        if (until - since).days + 1 > limit:
            raise TikTokError(
                RANGE_TOO_LARGE,
                f"The date range is too large: at most {limit} "
                f"day(s) with {time_dim or 'no time dimension'}.",
            )
        return since, until

    # --- writes ----------------------------------------------------------------------------

    def update_budget(self, kind: Kind, params: dict[str, Any]) -> dict:
        """``POST campaign|adgroup/update/`` with ``budget``: the updated object."""
        advertiser_id = self._advertiser(params)
        object_id = str(params.get(ID_FIELD[kind]) or "")
        if not object_id:
            raise invalid_param(f"{ID_FIELD[kind]}: required")
        extra = set(params) - {"advertiser_id", ID_FIELD[kind], "budget"}
        if extra:
            raise invalid_param(f"the sandbox updates budget only, not {sorted(extra)}")
        try:
            budget = float(params["budget"])
        except (KeyError, TypeError, ValueError):
            raise invalid_param("budget: a number in currency units is required") from None
        self.backend.update_budget(advertiser_id, kind, object_id, budget)
        return next(
            o for o in self.backend.objects(advertiser_id, kind) if o[ID_FIELD[kind]] == object_id
        )

    def update_status(self, kind: Kind, params: dict[str, Any]) -> dict:
        """``POST campaign|adgroup|ad/status/update/``: ``{"<kind>_ids", "status"}``."""
        advertiser_id = self._advertiser(params)
        ids = str_list(params, f"{kind}_ids")
        if not ids or len(ids) > 20:
            raise invalid_param(f"{kind}_ids: 1 to 20 ids")
        status = str(params.get("operation_status") or "")
        self.backend.update_status(advertiser_id, kind, ids, status)
        return {f"{kind}_ids": ids, "status": status}


def _select(record: dict, fields: list[str] | None) -> dict:
    if not fields:
        return dict(record)
    return {f: record.get(f) for f in fields}


def _keep(obj: dict, filtering: dict[str, Any]) -> bool:
    for key, wanted in filtering.items():
        if key == "primary_status":
            if wanted not in _PRIMARY:
                raise invalid_param(f"filtering.primary_status: one of {sorted(_PRIMARY)}")
            if not _primary(obj, str(wanted)):
                return False
        elif key == "objective_type":
            if obj.get("objective_type") != wanted:
                return False
        else:
            if not isinstance(wanted, list):
                raise invalid_param(f"filtering.{key}: must be a JSON array")
            if str(obj.get(key.removesuffix("s"))) not in {str(w) for w in wanted}:
                return False
    return True


def _primary(obj: dict, wanted: str) -> bool:
    status = obj.get("operation_status")
    secondary = str(obj.get("secondary_status") or "")
    if wanted in ("STATUS_ALL", "STATUS_NOT_DELETE"):
        return status != "DELETE" or wanted == "STATUS_ALL"
    if wanted == "STATUS_DISABLE":
        return status == "DISABLE"
    return secondary.endswith(("_DELIVERY_OK", "CAMPAIGN_STATUS_ENABLE"))


def _report_filters(params: dict[str, Any]) -> dict[str, frozenset[str]]:
    raw = json_param(params, "filtering", []) or []
    if not isinstance(raw, list):
        raise invalid_param("filtering: a JSON array of {field_name, filter_type, filter_value}")
    out: dict[str, frozenset[str]] = {}
    for f in raw:
        name = f.get("field_name") if isinstance(f, dict) else None
        if name not in _REPORT_FILTERS or f.get("filter_type", "IN") != "IN":
            raise invalid_param(f"filtering: the sandbox filters IN on {sorted(_REPORT_FILTERS)}")
        values = json_param(f, "filter_value", [])
        if not isinstance(values, list):
            raise invalid_param("filtering.filter_value: a JSON array of ids")
        out[name] = frozenset(str(v) for v in values)
    return out


__all__ = ["ATTRIBUTES", "KINDS", "TikTokHandlers"]
