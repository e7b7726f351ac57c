"""TikTok and Google Ads writers against the sandbox, through the exactly-once apply loop.

Each platform: a budget change and a pause applied once, read back from the platform, audited;
a second run writes nothing; a platform's refusal is recorded as ``failed``, never raised.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from datetime import timedelta

import pytest

from extractors.common.retry import RetryPolicy
from extractors.google_ads.actions import budget_campaigns
from extractors.google_ads.client import GoogleAdsApiClient
from extractors.google_ads.settings import GoogleAdsSettings
from optimizer.apply import Applier
from optimizer.ledger import events_by_action
from optimizer.writers import GoogleAdsWriter, ObservedState, TikTokWriter
from sandbox.process import running_sandbox
from tests.extractors.tiktok.tiktok_helpers import SimClock, make_client
from tests.optimizer.optimizer_factories import NOW, action, owner

TOKEN = "sandbox-token-optimizer-writers"
TT = "7020000000000001"  # TikTok advertiser, THB
GA = "7030000001"  # Google Ads customer, THB
TICKS = itertools.count()


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox(seed=7, days=10, now=NOW, token=TOKEN, in_process=True) as sb:
        yield sb


@pytest.fixture
def tiktok(sandbox, tmp_path):
    return TikTokWriter(
        lambda acct: make_client(sandbox.base_url, acct, SimClock(), tmp_path, TOKEN)
    )


@pytest.fixture
def google(sandbox):
    settings = GoogleAdsSettings(
        endpoint=sandbox.google_ads_endpoint,
        ca_cert_path=sandbox.google_ads_ca_cert,
        retry=RetryPolicy(base_delay_s=0, max_delay_s=0, timeout_s=60),
    )
    return GoogleAdsWriter(
        lambda acct: GoogleAdsApiClient(TOKEN, "dev-token", acct, settings, sleep=lambda s: None)
    )


def applier(wh, writer):
    return Applier(
        wh,
        {writer.platform: writer},
        actor="test-runner",
        clock=lambda: NOW + timedelta(seconds=next(TICKS)),
    )


def audit(wh, a):
    return events_by_action(wh, [a.action_id]).get(a.action_id, [])


def tiktok_owner(sandbox, level: str, nth: int = 0):
    """A delivering TikTok budget owner of the THB advertiser (``campaign`` or ``ad_group``)."""
    h = sandbox.sandbox.market.hierarchy("tiktok")
    objs = h.campaigns if level == "campaign" else h.adsets
    obj = [o for o in objs if o.account_id == TT and o.daily_budget and o.status == "ACTIVE"][nth]
    b = float(obj.daily_budget)
    return owner(
        obj.id,
        platform="tiktok",
        account_id=TT,
        object_level=level,
        budget_unit="units",
        daily_budget_native=b,
        daily_budget=b,
    )


def google_owner(sandbox, google, nth: int = 0):
    """An enabled Google Ads campaign budget of the THB customer, read through the API."""
    client = google._api(GA)
    rows = client.search(
        "SELECT campaign_budget.id FROM campaign WHERE campaign.status = 'ENABLED' "
        "ORDER BY campaign_budget.id",
        ("campaign_budget.id",),
        what="enabled budgets",
    ).to_pylist()
    budget_id = str(rows[nth]["campaign_budget.id"])
    micros = budget_campaigns(client, budget_id)[0].amount_micros
    return owner(
        budget_id,
        platform="google_ads",
        account_id=GA,
        object_level="campaign_budget",
        budget_unit="micros",
        daily_budget_native=float(micros),
        daily_budget=micros / 1e6,
    )


def writes(sandbox, family: str) -> int:
    return sandbox.stats()["routes"].get(family, 0)


def test_tiktok_budgets_in_currency_units_and_a_pause_apply_once_and_read_back(
    sandbox, tiktok, warehouse
) -> None:
    group, campaign = tiktok_owner(sandbox, "ad_group"), tiktok_owner(sandbox, "campaign")
    paused = tiktok_owner(sandbox, "ad_group", nth=1)
    acts = [
        action(group, after=round(group.daily_budget_native * 1.2, 2)),
        action(campaign, after=round(campaign.daily_budget_native * 0.8, 2)),
        action(paused, kind="pause"),
    ]
    sandbox.reset_stats()
    first = applier(warehouse, tiktok).apply(acts)
    assert [r.outcome for r in first] == ["applied", "applied", "applied"]
    assert writes(sandbox, "tiktok.write") == 3
    assert tiktok.read(acts[0]) == ObservedState("ACTIVE", acts[0].after)
    assert tiktok.read(acts[1]).budget == acts[1].after
    assert tiktok.read(acts[2]).status == "PAUSED"

    second = applier(warehouse, tiktok).apply(acts)
    assert [r.outcome for r in second] == ["already_applied"] * 3
    assert writes(sandbox, "tiktok.write") == 3  # nothing written twice

    done = audit(warehouse, acts[0])
    assert [e.event for e in done] == ["intent", "applied"]
    assert (done[-1].unit, done[-1].after_value, done[-1].observed_value) == (
        "units",
        f"{acts[0].after:.2f}",
        f"{acts[0].after:.2f}",
    )
    assert json.loads(done[-1].api_response)["budget"] == acts[0].after  # the object read back
    assert audit(warehouse, acts[2])[-1].observed_value == "PAUSED"


def test_google_budgets_in_micros_and_a_pause_apply_once_and_read_back(
    sandbox, google, warehouse
) -> None:
    raised, paused = google_owner(sandbox, google), google_owner(sandbox, google, nth=1)
    after = round(raised.daily_budget_native * 1.25 / 10_000) * 10_000.0
    acts = [action(raised, after=after), action(paused, kind="pause")]
    first = applier(warehouse, google).apply(acts)
    assert [r.outcome for r in first] == ["applied", "applied"]
    assert google.read(acts[0]) == ObservedState("ACTIVE", after)
    assert google.read(acts[1]).status == "PAUSED"
    statuses = {c.status for c in budget_campaigns(google._api(GA), paused.object_id)}
    assert statuses == {"PAUSED"}  # every campaign spending the budget

    calls = google._api(GA).requests_made
    second = applier(warehouse, google).apply(acts)
    assert [r.outcome for r in second] == ["already_applied", "already_applied"]
    assert google._api(GA).requests_made == calls  # not even a read

    done = audit(warehouse, acts[0])
    assert [e.event for e in done] == ["intent", "applied"]
    assert (done[-1].unit, done[-1].observed_value) == ("micros", f"{after:.2f}")
    assert json.loads(done[-1].api_response) == {
        "results": [f"customers/{GA}/campaignBudgets/{raised.object_id}"]
    }


def test_platform_refusals_are_recorded_as_failed_and_not_raised(
    sandbox, tiktok, google, warehouse
) -> None:
    h = sandbox.sandbox.market.hierarchy("tiktok")
    cbo_group = next(s for s in h.adsets if s.account_id == TT and s.daily_budget is None)
    not_owner = replace(tiktok_owner(sandbox, "ad_group", nth=2), object_id=cbo_group.id)
    g = google_owner(sandbox, google, nth=2)
    bad_tiktok = action(not_owner, after=900.0)
    bad_google = action(g, after=g.daily_budget_native + 1)  # not a multiple of 10,000 micros
    results = Applier(
        warehouse,
        {"tiktok": tiktok, "google_ads": google},
        actor="test-runner",
        clock=lambda: NOW + timedelta(seconds=next(TICKS)),
    ).apply([bad_tiktok, bad_google])
    assert [r.outcome for r in results] == ["failed", "failed"]
    assert "code 40001" in results[0].detail
    assert "NON_MULTIPLE_OF_MINIMUM_CURRENCY_UNIT" in results[1].detail
    for a in (bad_tiktok, bad_google):
        events = audit(warehouse, a)
        assert [e.event for e in events] == ["intent", "failed"]
        assert TOKEN not in (events[-1].error or "")
    assert google.read(bad_google).budget == g.daily_budget_native  # unchanged


def test_writers_refuse_levels_that_hold_no_budget_on_their_platform(tiktok, google) -> None:
    with pytest.raises(ValueError, match="campaigns or ad groups"):
        tiktok.write(action(owner("1", platform="tiktok", object_level="campaign_budget")))
    with pytest.raises(ValueError, match="campaign budgets"):
        google.read(action(owner("1", platform="google_ads", object_level="campaign")))
