"""Meta write calls against the sandbox: budgets and statuses land, read back, fail loudly."""

from datetime import UTC, datetime

import pytest

from extractors.common.retry import AuthError, RetryPolicy
from extractors.meta.actions import MetaActions
from extractors.meta.client import MetaApiError, MetaClient
from extractors.meta.settings import MetaSettings
from sandbox.process import running_sandbox

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TOKEN = "sandbox-token-for-actions-01"
TH = "7010000000000001"
AD_SET = "12012001000000001"  # ad set with its own budget (campaign ...0001 has none)
CBO_CAMPAIGN = "12011001000000002"  # campaign budget optimization: the campaign holds it
CBO_AD_SET = "12012001000000004"  # an ad set of that campaign


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox(seed=3, days=10, now=NOW, token=TOKEN, in_process=True) as sb:
        yield sb


@pytest.fixture(autouse=True)
def _clean(sandbox):
    sandbox.clear_faults()
    sandbox.reset_stats()
    yield
    sandbox.clear_faults()


def actions(sandbox, sleep, token=TOKEN) -> MetaActions:
    cfg = MetaSettings(graph_url=sandbox.base_url, retry=RetryPolicy(base_delay_s=1, max_delay_s=2))
    return MetaActions(MetaClient(token, TH, cfg, sleep=sleep))


def writes(sandbox) -> int:
    return sandbox.stats()["routes"].get("meta.write", 0)


def test_an_ad_set_budget_is_set_in_minor_units_and_reads_back(sandbox, no_sleep) -> None:
    api = actions(sandbox, no_sleep)
    before = api.read(AD_SET, "ad_group")
    assert before.status == "ACTIVE" and before.daily_budget_minor == 182_000
    resp = api.set_daily_budget(AD_SET, "ad_group", 200_000)
    assert resp.body == {"success": True}
    after = api.read(AD_SET, "ad_group")
    assert after.daily_budget_minor == 200_000
    assert after.updated_time != before.updated_time


def test_a_cbo_campaign_takes_the_budget_and_its_ad_sets_refuse_it(sandbox, no_sleep) -> None:
    api = actions(sandbox, no_sleep)
    api.set_daily_budget(CBO_CAMPAIGN, "campaign", 500_000)
    assert api.read(CBO_CAMPAIGN, "campaign").daily_budget_minor == 500_000
    with pytest.raises(MetaApiError, match="campaign budget optimization"):
        api.set_daily_budget(CBO_AD_SET, "ad_group", 100_000)
    assert api.read(CBO_AD_SET, "ad_group").daily_budget_minor is None


def test_pausing_sets_the_status_and_the_children_show_it(sandbox, no_sleep) -> None:
    api = actions(sandbox, no_sleep)
    api.set_status("12012001000000002", "ad_group", "PAUSED")
    assert api.read("12012001000000002", "ad_group").status == "PAUSED"
    api.set_status("12012001000000002", "ad_group", "ACTIVE")
    assert api.read("12012001000000002", "ad_group").effective_status == "ACTIVE"


def test_a_server_error_is_retried_and_the_write_lands_once(sandbox, no_sleep) -> None:
    sandbox.set_faults(
        [
            {
                "match": {"method": "POST", "path_regex": AD_SET},
                "kind": "http_error",
                "http_status": 503,
                "times": 2,
            }
        ]
    )
    actions(sandbox, no_sleep).set_daily_budget(AD_SET, "ad_group", 210_000)
    assert writes(sandbox) == 3
    assert no_sleep.calls == [1, 2]
    assert actions(sandbox, no_sleep).read(AD_SET, "ad_group").daily_budget_minor == 210_000


def test_a_refused_write_keeps_its_trace_id_and_is_not_retried(sandbox, no_sleep) -> None:
    api = actions(sandbox, no_sleep)
    with pytest.raises(MetaApiError, match="below the minimum"):
        api.set_daily_budget(AD_SET, "ad_group", 50)
    assert writes(sandbox) == 1
    assert api.last_trace_id  # Graph's fbtrace_id of the refusal, for the audit log


def test_a_rejected_token_stops_with_advice_and_without_the_token(sandbox, no_sleep) -> None:
    with pytest.raises(AuthError) as err:
        actions(sandbox, no_sleep, token="expired-token-xyz").set_daily_budget(
            AD_SET, "ad_group", 190_000
        )
    assert "META_ACCESS_TOKEN" in str(err.value) and "expired-token-xyz" not in str(err.value)


def test_amounts_that_are_not_whole_minor_units_are_refused_before_any_call(
    sandbox, no_sleep
) -> None:
    with pytest.raises(ValueError, match="positive integer of minor units"):
        actions(sandbox, no_sleep).set_daily_budget(AD_SET, "ad_group", 1500.5)
    assert writes(sandbox) == 0
