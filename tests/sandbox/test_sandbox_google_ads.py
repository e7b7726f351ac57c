"""The Google Ads gRPC emulator through the official google-ads client (TLS on 127.0.0.1)."""

import os
from datetime import UTC, date, datetime, timedelta

import grpc
import pytest
from google.ads.googleads.client import GoogleAdsClient
from google.ads.googleads.errors import GoogleAdsException
from google.ads.googleads.v26.errors.types.errors import GoogleAdsFailure
from google.api_core.exceptions import GoogleAPICallError
from google.oauth2.credentials import Credentials
from google.protobuf.field_mask_pb2 import FieldMask

from sandbox.faults import FaultSet, parse_rules
from sandbox.google_ads.errors import FAILURE_KEY
from sandbox.google_ads.server import start_google_ads
from sandbox.server import SandboxSettings, build_sandbox

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)  # Bangkok 19:00, Singapore 20:00
TOKEN, DEV = "sandbox-google-token-0001", "dev-token-0001"
TH, SG = "7030000001", "7030000002"
AD_STATS = (
    "SELECT segments.date, campaign.id, ad_group.id, ad_group_ad.ad.id, "
    "metrics.cost_micros, metrics.impressions, metrics.clicks, metrics.conversions "
    "FROM ad_group_ad WHERE segments.date BETWEEN '2026-11-01' AND '2026-11-21'"
)
CAMPAIGN_STATS = (
    "SELECT segments.date, campaign.id, metrics.cost_micros, metrics.impressions, "
    "metrics.clicks, metrics.conversions FROM campaign "
    "WHERE segments.date BETWEEN '2026-11-01' AND '2026-11-21'"
)


@pytest.fixture(scope="module")
def server():
    sb = build_sandbox(SandboxSettings(now=NOW, token=TOKEN, days=35))
    srv = start_google_ads(sb, developer_token=DEV)
    previous = os.environ.get("GRPC_DEFAULT_SSL_ROOTS_FILE_PATH")
    os.environ["GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"] = str(srv.ca_cert)  # read once per process
    yield srv
    srv.stop()
    if previous is not None:
        os.environ["GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"] = previous


@pytest.fixture(autouse=True)
def _clean(server):
    server.api.faults.clear()
    server.api.stats.reset()
    server.api.batch_rows = 10_000
    yield
    server.api.faults.clear()


def ads_client(server, token=TOKEN, dev=DEV):
    return GoogleAdsClient(
        credentials=Credentials(token=token),
        developer_token=dev,
        endpoint=server.endpoint,
        use_proto_plus=True,
        version="v26",
    )


def stream(server, query, customer=TH, **kw):
    svc = ads_client(server, **kw).get_service("GoogleAdsService")
    return [type(b).pb(b) for b in svc.search_stream(customer_id=customer, query=query, timeout=60)]


def rows(batches):
    return [r for b in batches for r in b.results]


def failure_of(exc):
    """(status, GoogleAdsFailure) of what the client raised.

    GoogleAdsException for most errors; for INTERNAL and RESOURCE_EXHAUSTED the library does not
    wrap, and api_core's stream iterator turns the RpcError into a GoogleAPICallError whose
    ``response`` is the call (trailing metadata included).
    """
    if isinstance(exc, GoogleAdsException):
        return exc.error.code(), type(exc.failure).pb(exc.failure)
    assert isinstance(exc, GoogleAPICallError), type(exc)
    md = dict(exc.response.trailing_metadata())
    return exc.grpc_status_code, GoogleAdsFailure.pb().FromString(md[FAILURE_KEY])


def error_code(failure):
    err = failure.errors[0]
    kind = err.error_code.WhichOneof("error_code")
    fd = err.error_code.DESCRIPTOR.fields_by_name[kind]
    return kind, fd.enum_type.values_by_number[getattr(err.error_code, kind)].name


def test_the_customer_query_returns_the_customers_currency_and_timezone(server):
    (row,) = rows(
        stream(
            server,
            "SELECT customer.id, customer.descriptive_name, "
            "customer.currency_code, customer.time_zone, customer.status "
            "FROM customer",
        )
    )
    assert (row.customer.id, row.customer.currency_code, row.customer.time_zone) == (
        int(TH),
        "THB",
        "Asia/Bangkok",
    )
    assert row.customer.descriptive_name == "Siam Glow TH"
    assert row.customer.status == 2  # ENABLED


def test_search_stream_sends_rows_in_batches_that_add_up_to_the_unbatched_answer(server):
    whole = stream(server, AD_STATS)
    server.api.batch_rows = 7
    batched = stream(server, AD_STATS)
    n = len(rows(whole))
    assert len(whole) == 1
    assert len(batched) == -(-n // 7) and all(len(b.results) <= 7 for b in batched)
    assert [r.SerializeToString() for r in rows(batched)] == [
        r.SerializeToString() for r in rows(whole)
    ]
    assert {tuple(b.field_mask.paths) for b in batched} == {
        (
            "segments.date",
            "campaign.id",
            "ad_group.id",
            "ad_group_ad.ad.id",
            "metrics.cost_micros",
            "metrics.impressions",
            "metrics.clicks",
            "metrics.conversions",
        )
    }
    assert len({b.request_id for b in batched}) == 1


def test_an_empty_result_is_one_empty_message(server):
    batches = stream(
        server, AD_STATS.replace("2026-11-01", "2026-12-01").replace("2026-11-21", "2026-12-05")
    )
    assert [len(b.results) for b in batches] == [0]


def test_pmax_campaigns_report_only_at_campaign_level_and_search_campaigns_add_up(server):
    channels = {
        r.campaign.id: r.campaign.advertising_channel_type
        for r in rows(
            stream(server, "SELECT campaign.id, campaign.advertising_channel_type FROM campaign")
        )
    }
    pmax = {cid for cid, ch in channels.items() if ch == 10}  # PERFORMANCE_MAX
    assert pmax and set(channels) - pmax
    ads = rows(stream(server, AD_STATS))
    camps = rows(stream(server, CAMPAIGN_STATS))
    assert not {r.campaign.id for r in ads} & pmax
    assert {r.campaign.id for r in camps} & pmax  # PMax delivery is only here
    ad_sum: dict = {}
    for r in ads:
        k = (r.segments.date, r.campaign.id)
        c, i, k2, v = ad_sum.get(k, (0, 0, 0, 0.0))
        ad_sum[k] = (
            c + r.metrics.cost_micros,
            i + r.metrics.impressions,
            k2 + r.metrics.clicks,
            v + r.metrics.conversions,
        )
    for r in camps:
        if r.campaign.id in pmax:
            continue
        c, i, k2, v = ad_sum[(r.segments.date, r.campaign.id)]
        assert (r.metrics.cost_micros, r.metrics.impressions, r.metrics.clicks) == (c, i, k2)
        assert r.metrics.conversions == pytest.approx(v, abs=1e-6)
    assert any(r.metrics.conversions % 1 for r in ads)  # data-driven credit: fractional


def test_segments_date_is_the_customers_own_day_and_matches_the_market(server):
    market = server.api.backend.market
    h = market.hierarchy("google")
    for customer, tz_today in ((TH, date(2026, 11, 21)), (SG, date(2026, 11, 21))):
        got = rows(stream(server, CAMPAIGN_STATS, customer=customer))
        by_day: dict = {}
        for r in got:
            by_day[r.segments.date] = by_day.get(r.segments.date, 0) + r.metrics.cost_micros
        assert max(by_day) == tz_today.isoformat()
        pos = next(i for i, a in enumerate(h.accounts) if a.account_id == customer)
        for day_text, cost in by_day.items():
            spend = market.reported("google", date.fromisoformat(day_text)).spend_minor
            assert cost == int(spend[h.ad_account == pos].sum()) * 10_000


def test_the_local_day_turns_at_local_midnight_not_at_utc_midnight():
    # 17:30 UTC on 11-21 is 00:30 on 11-22 in Bangkok (UTC+7): a new, barely begun local day
    late = datetime(2026, 11, 21, 17, 30, tzinfo=UTC)
    sb = build_sandbox(SandboxSettings(now=late, days=10))
    srv = start_google_ads(sb)
    try:
        os.environ["GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"] = str(srv.ca_cert)
        days = {
            r.segments.date
            for r in rows(
                stream(srv, CAMPAIGN_STATS.replace("2026-11-21'", "2026-11-23'"), dev="any")
            )
        }
    finally:
        srv.stop()
    assert max(days) == "2026-11-22"


@pytest.mark.parametrize(
    ("kwargs", "customer", "status", "code"),
    [
        (
            {"token": "wrong-token"},
            TH,
            grpc.StatusCode.UNAUTHENTICATED,
            ("authentication_error", "OAUTH_TOKEN_INVALID"),
        ),
        (
            {"dev": "wrong-dev"},
            TH,
            grpc.StatusCode.UNAUTHENTICATED,
            ("authentication_error", "DEVELOPER_TOKEN_INVALID"),
        ),
        (
            {},
            "7030000099",
            grpc.StatusCode.PERMISSION_DENIED,
            ("authorization_error", "USER_PERMISSION_DENIED"),
        ),
        ({}, "70300", grpc.StatusCode.INVALID_ARGUMENT, ("request_error", "INVALID_CUSTOMER_ID")),
    ],
)
def test_credential_and_customer_errors_are_google_ads_failures(
    server, kwargs, customer, status, code
):
    with pytest.raises(GoogleAdsException) as exc:
        stream(server, "SELECT customer.id FROM customer", customer=customer, **kwargs)
    got_status, failure = failure_of(exc.value)
    assert got_status == status
    assert error_code(failure) == code
    assert failure.request_id.startswith("sandbox-")


def test_an_unknown_field_is_a_query_error_naming_it(server):
    with pytest.raises(GoogleAdsException) as exc:
        stream(server, "SELECT metrics.video_views FROM ad_group_ad")
    status, failure = failure_of(exc.value)
    assert status == grpc.StatusCode.INVALID_ARGUMENT
    assert error_code(failure) == ("query_error", "UNRECOGNIZED_FIELD")
    assert "metrics.video_views" in failure.errors[0].message


def test_an_injected_quota_fault_is_resource_exhausted_with_a_retry_delay(server):
    server.api.faults.replace(
        parse_rules(
            [
                {
                    "kind": "grpc_error",
                    "grpc_status": "RESOURCE_EXHAUSTED",
                    "retry_delay_s": 30,
                    "match": {"path_regex": "SearchStream .*FROM ad_group_ad"},
                    "times": 1,
                }
            ]
        )
    )
    stream(server, "SELECT customer.id FROM customer")  # not matched: the rule waits
    with pytest.raises(GoogleAPICallError) as exc:
        stream(server, AD_STATS)
    status, failure = failure_of(exc.value)
    assert status == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert error_code(failure) == ("quota_error", "RESOURCE_EXHAUSTED")
    assert failure.errors[0].details.quota_error_details.retry_delay.seconds == 30
    assert len(rows(stream(server, AD_STATS))) > 0  # times: 1
    snap = server.api.stats.snapshot()
    assert snap["routes"] == {"google.search_stream": 3}
    assert snap["statuses"] == {"200": 2, "429": 1}
    assert snap["faults"] == {"grpc_error": 1}


def test_a_stream_can_break_after_some_messages_with_an_internal_error(server):
    server.api.batch_rows = 5
    server.api.faults.replace(
        parse_rules([{"kind": "grpc_error", "grpc_status": "INTERNAL", "after_messages": 2}])
    )
    svc = ads_client(server).get_service("GoogleAdsService")
    got = []

    def read_all():
        for batch in svc.search_stream(customer_id=TH, query=AD_STATS, timeout=60):
            got.append(len(batch.results))

    with pytest.raises(GoogleAPICallError) as exc:
        read_all()
    assert got == [5, 5]
    status, failure = failure_of(exc.value)
    assert (status, error_code(failure)) == (
        grpc.StatusCode.INTERNAL,
        ("internal_error", "INTERNAL_ERROR"),
    )


def test_an_unavailable_fault_has_no_failure_like_a_front_end_error(server):
    server.api.faults.replace(parse_rules([{"kind": "grpc_error", "grpc_status": "UNAVAILABLE"}]))
    with pytest.raises(GoogleAPICallError) as exc:
        stream(server, "SELECT customer.id FROM customer")
    assert exc.value.grpc_status_code == grpc.StatusCode.UNAVAILABLE
    assert FAILURE_KEY not in dict(exc.value.response.trailing_metadata() or ())


def test_grpc_fault_rules_and_http_fault_rules_never_consume_each_others_requests():
    faults = FaultSet(
        parse_rules(
            [{"kind": "grpc_error", "times": 1}, {"kind": "graph_error", "code": 17, "times": 1}]
        )
    )
    assert [r.kind for r in faults.fire("GET", "/v21.0/act_1/insights", "1")] == ["graph_error"]
    assert [r.kind for r in faults.fire("POST", "/google.ads/SearchStream", TH, rpc=True)] == [
        "grpc_error"
    ]
    assert [r["matched"] for r in faults.describe()["rules"]] == [1, 1]


def test_fault_rules_refuse_unknown_status_names_and_error_codes():
    with pytest.raises(ValueError, match="gRPC status"):
        parse_rules([{"kind": "grpc_error", "grpc_status": "TOO_MANY"}])
    with pytest.raises(ValueError, match="google_error"):
        parse_rules([{"kind": "grpc_error", "google_error": "quota"}])


def budget_op(client, customer, budget_id, micros):
    op = client.get_type("CampaignBudgetOperation")
    op.update.resource_name = f"customers/{customer}/campaignBudgets/{budget_id}"
    op.update.amount_micros = micros
    op.update_mask = FieldMask(paths=["amount_micros"])
    return op


def budgets(server, customer=SG):
    return {
        r.campaign.id: r.campaign_budget.amount_micros
        for r in rows(
            stream(
                server,
                "SELECT campaign.id, campaign_budget.amount_micros FROM campaign",
                customer=customer,
            )
        )
    }


def test_a_budget_update_changes_the_market_from_the_local_today(server):
    client = ads_client(server)
    svc = client.get_service("CampaignBudgetService")
    campaign = next(iter(budgets(server)))
    budget_id = "7" + str(campaign)[1:]
    req = client.get_type("MutateCampaignBudgetsRequest")
    req.customer_id = SG
    req.operations.append(budget_op(client, SG, budget_id, 123_450_000))
    req.validate_only = True
    svc.mutate_campaign_budgets(request=req)
    assert budgets(server)[campaign] != 123_450_000  # validate_only wrote nothing
    req.validate_only = False
    resp = svc.mutate_campaign_budgets(request=req)
    assert [r.resource_name for r in resp.results] == [
        f"customers/{SG}/campaignBudgets/{budget_id}"
    ]
    assert budgets(server)[campaign] == 123_450_000
    market = server.api.backend.market
    h = market.hierarchy("google")
    sg = next(a for a in h.accounts if a.account_id == SG)
    ctl = market.controls("google", market.local_today(sg))
    assert ctl.owner_budget_minor[h.owner_index[str(campaign)]] == 12_345
    before = market.controls("google", market.local_today(sg) - timedelta(days=1))
    assert before.owner_budget_minor[h.owner_index[str(campaign)]] != 12_345


@pytest.mark.parametrize(
    ("budget_id", "micros", "code"),
    [
        (
            "70200000001",
            123_456_789,
            ("campaign_budget_error", "NON_MULTIPLE_OF_MINIMUM_CURRENCY_UNIT"),
        ),
        ("70200000001", 10_000, ("campaign_budget_error", "BUDGET_BELOW_PER_DAY_MINIMUM")),
        ("70299999999", 50_000_000, ("mutate_error", "RESOURCE_NOT_FOUND")),
    ],
)
def test_budget_updates_the_api_would_refuse_are_refused_and_nothing_changes(
    server, budget_id, micros, code
):
    client = ads_client(server)
    before = budgets(server)
    with pytest.raises(GoogleAdsException) as exc:
        client.get_service("CampaignBudgetService").mutate_campaign_budgets(
            customer_id=SG, operations=[budget_op(client, SG, budget_id, micros)]
        )
    status, failure = failure_of(exc.value)
    assert (status, error_code(failure)) == (grpc.StatusCode.INVALID_ARGUMENT, code)
    assert budgets(server) == before


def test_pausing_a_campaign_stops_its_delivery_from_the_local_today(server):
    client = ads_client(server)
    status_enum = client.get_type("CampaignStatusEnum").CampaignStatus
    market = server.api.backend.market
    h = market.hierarchy("google")
    th = next(a for a in h.accounts if a.account_id == TH)
    today = market.local_today(th)
    yesterday = today - timedelta(days=1)

    def spend(day, ci):
        return int(market.reported("google", day).spend_minor[h.ad_campaign == ci].sum())

    campaign = next(
        c
        for c in h.campaigns
        if c.account_id == TH and c.status == "ACTIVE" and spend(today, h.index[c.id][1]) > 0
    )
    ci = h.index[campaign.id][1]
    spent_yesterday = spend(yesterday, ci)
    op = client.get_type("CampaignOperation")
    op.update.resource_name = f"customers/{TH}/campaigns/{campaign.id}"
    op.update.status = status_enum.PAUSED
    op.update_mask = FieldMask(paths=["status"])
    client.get_service("CampaignService").mutate_campaigns(customer_id=TH, operations=[op])
    (row,) = rows(
        stream(server, f"SELECT campaign.status FROM campaign WHERE campaign.id = {campaign.id}")
    )
    assert row.campaign.status == status_enum.PAUSED
    assert spend(today, ci) == 0
    assert spend(yesterday, ci) == spent_yesterday > 0  # history unchanged
    assert server.api.stats.snapshot()["routes"]["google.mutate_campaigns"] == 1
