"""TikTok write calls for budget actions: daily budgets and ENABLE/DISABLE, read back after.

Endpoints (Business API v1.3, JSON bodies): ``POST /campaign/update/`` and ``/adgroup/update/``
with ``budget`` (currency units of the advertiser currency; only the budget owner takes one —
the campaign under campaign budget optimisation, else its ad groups), and
``POST /campaign|adgroup|ad/status/update/`` with ``operation_status`` ``ENABLE``/``DISABLE``
(at most 20 ids per call). Every write is read back with ``*/get/`` and must show the new value,
else :class:`ActionVerificationError`; :func:`read_object` reads one object the same way. Both
writes set absolute values, so a retried call that had in fact succeeded changes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from extractors.common.retry import ExtractError
from extractors.tiktok.client import TikTokClient

Kind = Literal["campaign", "adgroup", "ad"]
_MAX_IDS = 20


class ActionVerificationError(ExtractError):
    """The read-back after a write does not show the value that was written."""


def _read(client: TikTokClient, kind: Kind, ids: list[str]) -> dict[str, dict]:
    data = client.call(
        "GET",
        f"{kind}/get",
        {
            "advertiser_id": client.advertiser_id,
            "filtering": {f"{kind}_ids": ids, "primary_status": "STATUS_ALL"},
            "page_size": max(len(ids), 1),
        },
    )
    return {str(r[f"{kind}_id"]): r for r in data.get("list", [])}


def read_object(client: TikTokClient, kind: Kind, object_id: str) -> dict | None:
    """One campaign, ad group or ad as ``GET /{kind}/get/`` shows it now (any status).

    Returns:
        The object's fields (``operation_status`` ``ENABLE``/``DISABLE``, ``budget`` in currency
        units, ``budget_mode`` ...), or None when the advertiser has no such object.

    Raises:
        TikTokApiError: the API refused.
    """
    return _read(client, kind, [object_id]).get(object_id)


def set_daily_budget(
    client: TikTokClient, kind: Literal["campaign", "adgroup"], object_id: str, budget: Decimal
) -> dict:
    """Set the daily budget of a campaign or ad group, in currency units.

    Args:
        client: the advertiser's client.
        kind: ``campaign`` (CBO) or ``adgroup``.
        object_id: its id.
        budget: the new daily budget, currency units (e.g. ``Decimal("612.50")`` THB).

    Returns:
        The object as read back after the write.

    Raises:
        TikTokApiError: the API refused (not the budget owner, below the minimum ...).
        ActionVerificationError: the read-back shows another budget.
    """
    client.call(
        "POST",
        f"{kind}/update",
        {"advertiser_id": client.advertiser_id, f"{kind}_id": object_id, "budget": float(budget)},
    )
    after = _read(client, kind, [object_id]).get(object_id)
    if after is None or Decimal(str(after.get("budget"))) != Decimal(budget):
        raise ActionVerificationError(
            f"TikTok advertiser {client.advertiser_id}: {kind} {object_id} budget reads back as "
            f"{None if after is None else after.get('budget')}, expected {budget}"
        )
    return after


def set_status(client: TikTokClient, kind: Kind, ids: list[str], enabled: bool) -> None:
    """``ENABLE`` or ``DISABLE`` campaigns, ad groups or ads (in batches of 20).

    Raises:
        TikTokApiError: the API refused.
        ActionVerificationError: an object reads back with another ``operation_status``.
    """
    status = "ENABLE" if enabled else "DISABLE"
    for i in range(0, len(ids), _MAX_IDS):
        batch = ids[i : i + _MAX_IDS]
        client.call(
            "POST",
            f"{kind}/status/update",
            {
                "advertiser_id": client.advertiser_id,
                f"{kind}_ids": batch,
                "operation_status": status,
            },
        )
        after = _read(client, kind, batch)
        wrong = [x for x in batch if (after.get(x) or {}).get("operation_status") != status]
        if wrong:
            raise ActionVerificationError(
                f"TikTok advertiser {client.advertiser_id}: {kind}s {wrong} do not read back as "
                f"{status}"
            )
