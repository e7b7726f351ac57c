"""Google Ads write calls against the sandbox: budgets and statuses, read back by a sync."""

from datetime import UTC, datetime

import pytest

from extractors.common.retry import RetryPolicy
from extractors.common.warehouse import DuckDBWarehouse
from extractors.google_ads.actions import set_campaign_budget, set_campaign_status
from extractors.google_ads.client import GoogleAdsApiClient, GoogleAdsApiError
from extractors.google_ads.settings import GoogleAdsSettings
from extractors.google_ads.sync import sync_entities
from sandbox.process import running_sandbox

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TOKEN, DEV = "sandbox-google-token-0003", "developer-token-0003"
CUSTOMERS = ("7030000001", "7030000002")


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox(seed=11, days=10, now=NOW, token=TOKEN, in_process=True) as sb:
        yield sb


def client(sandbox, customer):
    settings = GoogleAdsSettings(
        endpoint=sandbox.google_ads_endpoint,
        ca_cert_path=sandbox.google_ads_ca_cert,
        retry=RetryPolicy(base_delay_s=1, max_delay_s=4, timeout_s=60),
    )
    return GoogleAdsApiClient(TOKEN, DEV, customer, settings, sleep=lambda s: None)


def test_budget_and_status_writes_show_in_the_next_entity_sync(sandbox, tmp_path):
    c = client(sandbox, CUSTOMERS[1])
    wh = DuckDBWarehouse(tmp_path / "w.duckdb")
    sync_entities(c, wh, loaded_at=NOW)
    (camp,) = wh.query(
        "select campaign_id, campaign_budget_id, budget_amount_micros "
        "from raw.google_ads_campaigns where status = 'ENABLED' "
        "order by campaign_id limit 1"
    ).to_pylist()
    new = camp["budget_amount_micros"] + 10_000_000
    set_campaign_budget(c, camp["campaign_budget_id"], new, validate_only=True)
    sync_entities(c, wh, loaded_at=NOW)
    assert (
        wh.query(
            "select budget_amount_micros b from raw.google_ads_campaigns where campaign_id = ?",
            [camp["campaign_id"]],
        )["b"][0].as_py()
        == camp["budget_amount_micros"]
    )
    assert set_campaign_budget(c, camp["campaign_budget_id"], new) == (
        f"customers/{CUSTOMERS[1]}/campaignBudgets/{camp['campaign_budget_id']}"
    )
    set_campaign_status(c, camp["campaign_id"], "PAUSED")
    sync_entities(c, wh, loaded_at=NOW)
    (after,) = wh.query(
        "select budget_amount_micros b, status s from raw.google_ads_campaigns "
        "where campaign_id = ?",
        [camp["campaign_id"]],
    ).to_pylist()
    assert after == {"b": new, "s": "PAUSED"}
    with pytest.raises(GoogleAdsApiError, match="NON_MULTIPLE_OF_MINIMUM_CURRENCY_UNIT"):
        set_campaign_budget(c, camp["campaign_budget_id"], new + 1)
    wh.close()


def test_a_negative_budget_or_unknown_status_is_refused_before_any_call(sandbox):
    c = client(sandbox, CUSTOMERS[0])
    with pytest.raises(ValueError, match="amount_micros"):
        set_campaign_budget(c, "70100000001", -1)
    with pytest.raises(ValueError, match="ENABLED or PAUSED"):
        set_campaign_status(c, "10100000001", "REMOVED")
    assert c.requests_made == 0
