"""The unmodified facebook-business SDK against a sandbox served over HTTP on localhost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from facebook_business.adobjects.adaccount import AdAccount
from facebook_business.adobjects.adreportrun import AdReportRun
from facebook_business.adobjects.adset import AdSet
from facebook_business.adobjects.campaign import Campaign
from facebook_business.api import FacebookAdsApi, FacebookSession
from facebook_business.exceptions import FacebookRequestError

from sandbox.process import SandboxHandle, running_sandbox
from tests.sandbox.sandbox_helpers import NOW, TH

PARAMS = {
    "level": "ad",
    "time_increment": 1,
    "action_breakdowns": [],
    "time_range": {"since": "2026-11-01", "until": "2026-11-21"},
}
FIELDS = [
    "account_id",
    "campaign_id",
    "adset_id",
    "ad_id",
    "spend",
    "impressions",
    "actions",
    "action_values",
    "account_currency",
]


@pytest.fixture(scope="module")
def sdk() -> Iterator[SandboxHandle]:
    original_graph, original_api = FacebookSession.GRAPH, FacebookAdsApi.get_default_api()
    with running_sandbox(now=NOW, token="sdk-token", in_process=True) as handle:
        FacebookAdsApi.init(access_token=handle.token, api_version="v21.0", crash_log=False)
        FacebookSession.GRAPH = handle.base_url
        try:
            yield handle
        finally:
            FacebookSession.GRAPH = original_graph
            FacebookAdsApi.set_default_api(original_api)


@pytest.mark.filterwarnings("ignore:ads does not allow field")  # the SDK's check of expansions
def test_sdk_lists_every_campaign_across_cursor_pages(sdk: SandboxHandle) -> None:
    sdk.reset_stats()
    camps = list(
        AdAccount(f"act_{TH}").get_campaigns(
            fields=[Campaign.Field.id, Campaign.Field.name, Campaign.Field.daily_budget],
            params={"limit": 2},
        )
    )
    assert len(camps) == len({c["id"] for c in camps}) == 5
    assert sdk.stats()["routes"]["meta.campaigns"] == 3
    ads = list(
        AdAccount(f"act_{TH}").get_ads(
            fields=["id", "creative{id,object_story_id,effective_object_story_id}"],
            params={"limit": 10},
        )
    )
    assert all("_" in a["creative"]["object_story_id"] for a in ads)


def test_sdk_async_report_run_matches_the_sync_report(sdk: SandboxHandle) -> None:
    account = AdAccount(f"act_{TH}")
    job = account.get_insights(is_async=True, fields=list(FIELDS), params=dict(PARAMS))
    assert isinstance(job, AdReportRun)
    statuses = []
    while not statuses or statuses[-1] != "Job Completed":
        job.api_get()
        statuses.append(job[AdReportRun.Field.async_status])
        assert len(statuses) < 5
    assert statuses == ["Job Running", "Job Completed"]
    sdk.reset_stats()
    rows = [r.export_all_data() for r in job.get_result(params={"limit": 100})]
    assert sdk.stats()["routes"]["meta.report_insights"] == -(-len(rows) // 100)
    sync = [
        r.export_all_data()
        for r in account.get_insights(fields=list(FIELDS), params={**PARAMS, "limit": 100})
    ]
    assert len(rows) > 300
    assert rows == sync
    assert {r["account_currency"] for r in rows} == {"THB"}


def test_sdk_budget_update_is_read_back_and_cbo_adsets_are_refused(sdk: SandboxHandle) -> None:
    adsets = list(
        AdAccount(f"act_{TH}").get_ad_sets(fields=["id", "daily_budget"], params={"limit": 100})
    )
    abo = next(s for s in adsets if "daily_budget" in s)
    cbo = next(s for s in adsets if "daily_budget" not in s)
    AdSet(abo["id"]).api_update(params={"daily_budget": 123_400})
    assert AdSet(abo["id"]).api_get(fields=["daily_budget"])["daily_budget"] == "123400"
    with pytest.raises(FacebookRequestError) as info:
        AdSet(cbo["id"]).api_update(params={"daily_budget": 123_400})
    assert info.value.api_error_code() == 100
    assert "campaign budget optimization" in info.value.api_error_message()


def test_sdk_sees_injected_rate_limit_errors(sdk: SandboxHandle) -> None:
    sdk.set_faults(
        [
            {
                "match": {"path_regex": "/insights$"},
                "kind": "graph_error",
                "code": 17,
                "subcode": 2446079,
            }
        ]
    )
    try:
        with pytest.raises(FacebookRequestError) as info:
            AdAccount(f"act_{TH}").get_insights(fields=["spend"])
        assert (info.value.api_error_code(), info.value.api_error_subcode()) == (17, 2446079)
        assert info.value.api_transient_error() is True
        assert len(list(AdAccount(f"act_{TH}").get_insights(fields=["spend"]))) == 1
    finally:
        sdk.clear_faults()
