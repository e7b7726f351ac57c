"""TikTok write actions against the sandbox: budgets in currency units, statuses, read-back."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from extractors.tiktok.actions import ActionVerificationError, set_daily_budget, set_status
from extractors.tiktok.client import TikTokApiError
from sandbox.process import running_sandbox
from tests.extractors.tiktok.tiktok_helpers import TH, TOKEN, SimClock, make_client

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox(seed=5, days=10, now=NOW, token=TOKEN, in_process=True) as sb:
        yield sb


def changes_of(sandbox, ids):
    return [c for c in sandbox.sandbox.market.changes.changes if c.object_id in set(ids)]


def test_an_ad_group_budget_is_written_in_currency_units_and_read_back(sandbox, tmp_path):
    h = sandbox.sandbox.market.hierarchy("tiktok")
    group = next(s for s in h.adsets if s.daily_budget is not None and s.account_id == TH)
    client = make_client(sandbox.base_url, TH, SimClock(), tmp_path)

    after = set_daily_budget(client, "adgroup", group.id, Decimal("812.50"))
    (change,) = changes_of(sandbox, [group.id])

    assert after["budget"] == 812.5
    assert (change.object_id, change.field, change.value) == (group.id, "daily_budget", 812.5)
    # the market runs in minor units: 812.50 THB is 81250 satang, not 812.50 satang
    owner = h.owner_index[group.id]
    ctl = sandbox.sandbox.market.current_controls("tiktok", h.account_of(group.id))
    assert int(ctl.owner_budget_minor[owner]) == 81250


def test_a_budget_on_a_non_owner_is_refused_by_the_api(sandbox, tmp_path):
    h = sandbox.sandbox.market.hierarchy("tiktok")
    cbo_group = next(s for s in h.adsets if s.daily_budget is None and s.account_id == TH)
    client = make_client(sandbox.base_url, TH, SimClock(), tmp_path)
    with pytest.raises(TikTokApiError, match="code 40001"):
        set_daily_budget(client, "adgroup", cbo_group.id, Decimal(500))
    assert changes_of(sandbox, [cbo_group.id]) == []


def test_statuses_change_in_batches_of_twenty_and_are_verified(sandbox, tmp_path):
    h = sandbox.sandbox.market.hierarchy("tiktok")
    ads = [a.id for a in h.ads if a.account_id == TH][:25]
    client = make_client(sandbox.base_url, TH, SimClock(), tmp_path)
    sandbox.reset_stats()

    set_status(client, "ad", ads, enabled=False)

    assert sandbox.stats()["routes"]["tiktok.write"] == 2
    assert [(c.object_id, c.value) for c in changes_of(sandbox, ads)] == [
        (a, "PAUSED") for a in ads
    ]


def test_a_write_that_does_not_read_back_is_reported(sandbox, tmp_path, monkeypatch):
    h = sandbox.sandbox.market.hierarchy("tiktok")
    group = [s for s in h.adsets if s.daily_budget is not None and s.account_id == TH][1]
    client = make_client(sandbox.base_url, TH, SimClock(), tmp_path)
    real = client.call

    def lossy(method, path, params=None, **kw):  # the update is acknowledged but not applied
        return {} if path == "adgroup/update" else real(method, path, params, **kw)

    monkeypatch.setattr(client, "call", lossy)
    with pytest.raises(ActionVerificationError, match=f"adgroup {group.id} budget reads back"):
        set_daily_budget(client, "adgroup", group.id, Decimal("999.00"))
