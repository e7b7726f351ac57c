"""GAQL: the sandbox's parser and its validation against the v26 protos (pure, no server)."""

from datetime import date

import pytest

from sandbox.google_ads.fields import resolve, validate
from sandbox.google_ads.gaql import Condition, GaqlError, parse


def test_a_full_query_parses_into_fields_resource_conditions_order_limit_and_parameters():
    q = parse(
        "select campaign.id, metrics.cost_micros FROM campaign "
        "WHERE segments.date BETWEEN '2026-11-01' AND \"2026-11-14\" "
        "AND campaign.status IN (ENABLED, PAUSED) AND campaign.name != 'it\\'s' "
        "AND metrics.impressions >= 10 ORDER BY metrics.cost_micros DESC, campaign.id "
        "LIMIT 50 PARAMETERS include_drafts = true"
    )
    assert q.fields == ("campaign.id", "metrics.cost_micros")
    assert q.resource == "campaign"
    assert q.where == (
        Condition("segments.date", "BETWEEN", ("2026-11-01", "2026-11-14")),
        Condition("campaign.status", "IN", ("ENABLED", "PAUSED")),
        Condition("campaign.name", "!=", "it's"),
        Condition("metrics.impressions", ">=", 10),
    )
    assert q.order_by == (("metrics.cost_micros", True), ("campaign.id", False))
    assert q.limit == 50
    assert q.parameters == {"include_drafts": "true"}


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "EXPECTED_SELECT"),
        ("campaign.id FROM campaign", "EXPECTED_SELECT"),
        ("SELECT campaign.id FROM campaign campaign", "UNEXPECTED_INPUT"),
        ("SELECT campaign.id", "EXPECTED_FROM"),
        ("SELECT campaign.id FROM campaign WHERE campaign.name = 'open", "STRING_NOT_TERMINATED"),
        (
            "SELECT campaign.id FROM campaign WHERE campaign.id IN ()",
            "PROHIBITED_EMPTY_LIST_IN_CONDITION",
        ),
        ("SELECT campaign.id FROM campaign WHERE campaign.id IN 5", "EXPECTED_LIST"),
        ("SELECT campaign.id FROM campaign LIMIT 0", "LIMIT_VALUE_TOO_LOW"),
        ("SELECT campaign.id FROM campaign LIMIT 2.5", "BAD_LIMIT_VALUE"),
        (
            "SELECT segments.date FROM campaign WHERE segments.date BETWEEN '2026-11-01'",
            "EXPECTED_VALUE_WITH_BETWEEN_OPERATOR",
        ),
        ("SELECT campaign.id FROM campaign WHERE campaign.id ~ 5", "BAD_SYMBOL"),
        ("SELECT campaign.id FROM campaign.id", "BAD_RESOURCE_TYPE_IN_FROM_CLAUSE"),
        ("SELECT campaign.id FROM campaign ORDER campaign.id", "EXPECTED_BY"),
        ("SELECT campaign.id FROM campaign WHERE campaign.id IS 5", "BAD_OPERATOR"),
    ],
)
def test_malformed_queries_are_rejected_with_the_apis_query_error(query, code):
    with pytest.raises(GaqlError) as err:
        parse(query)
    assert err.value.code == code


def test_fields_resolve_against_the_v26_protos_including_the_renamed_type_attribute():
    ad_type = resolve("ad_group_ad.ad.type")
    assert ad_type.attrs == ("ad_group_ad", "ad", "type_")
    assert ad_type.kind == "enum"
    assert "RESPONSIVE_SEARCH_AD" in ad_type.enum.values_by_name
    assert resolve("metrics.cost_micros").kind == "int"
    assert resolve("metrics.conversions").kind == "double"
    assert resolve("ad_group_ad.ad.final_urls").kind == "str_list"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        # removed in v20: the API names it video_trueview_views now
        ("SELECT metrics.video_views FROM ad_group_ad", "UNRECOGNIZED_FIELD"),
        ("SELECT campaign.start_date FROM campaign", "UNRECOGNIZED_FIELD"),
        ("SELECT campaign.idd FROM campaign", "UNRECOGNIZED_FIELD"),
        ("SELECT campaign.network_settings FROM campaign", "BAD_FIELD_NAME"),
        ("SELECT ad_group.id FROM campaign", "PROHIBITED_RESOURCE_TYPE_IN_SELECT_CLAUSE"),
        ("SELECT campaign.id FROM campaigns", "BAD_RESOURCE_TYPE_IN_FROM_CLAUSE"),
        ("SELECT asset_group.id FROM asset_group", "QUERY_ERROR"),  # exists, not served
        ("SELECT campaign.target_roas.target_roas FROM campaign", "QUERY_ERROR"),
        ("SELECT metrics.clicks FROM customer", "QUERY_ERROR"),
        ("SELECT segments.date, metrics.clicks FROM campaign", "EXPECTED_FILTERS_ON_DATE_RANGE"),
        (
            "SELECT segments.date FROM campaign WHERE segments.date >= '2026-11-01'",
            "EXPECTED_FILTERS_ON_DATE_RANGE",
        ),
        (
            "SELECT campaign.id FROM campaign WHERE segments.date = '2026-11-31'",
            "INVALID_DATE_FORMAT",
        ),
        (
            "SELECT campaign.id FROM campaign WHERE segments.date BETWEEN 1 AND 2",
            "INVALID_VALUE_WITH_BETWEEN_OPERATOR",
        ),
        (
            "SELECT campaign.id FROM campaign WHERE segments.date DURING LAST_3_WEEKS",
            "INVALID_VALUE_WITH_DURING_OPERATOR",
        ),
        ("SELECT campaign.id FROM campaign WHERE campaign.status = LIVE", "BAD_ENUM_CONSTANT"),
        ("SELECT campaign.id FROM campaign WHERE campaign.id = 'abc'", "BAD_NUMBER"),
        ("SELECT campaign.id FROM campaign WHERE campaign.name LIKE '%x%'", "QUERY_ERROR"),
    ],
)
def test_queries_the_api_would_refuse_are_refused_with_its_error_code(query, code):
    with pytest.raises(GaqlError) as err:
        validate(parse(query))
    assert err.value.code == code


def test_date_conditions_resolve_to_an_inclusive_range_anchored_on_the_local_today():
    first, today = date(2026, 10, 1), date(2026, 11, 21)

    def window(where: str) -> tuple[date, date]:
        q = validate(parse(f"SELECT segments.date, campaign.id FROM campaign WHERE {where}"))
        return q.date_range(today, first)

    assert window("segments.date BETWEEN '2026-11-01' AND '2026-11-14'") == (
        date(2026, 11, 1),
        date(2026, 11, 14),
    )
    assert window("segments.date >= '2026-11-02' AND segments.date < '2026-11-05'") == (
        date(2026, 11, 2),
        date(2026, 11, 4),
    )
    assert window("segments.date DURING LAST_7_DAYS") == (date(2026, 11, 14), date(2026, 11, 20))
    assert window("segments.date DURING TODAY") == (today, today)
    # a range reaching before the history or after today is cut to what exists
    assert window("segments.date BETWEEN '2026-01-01' AND '2027-01-01'") == (first, today)


def test_metrics_or_a_date_filter_make_a_query_read_the_daily_reports():
    entity = validate(parse("SELECT campaign.id, campaign_budget.amount_micros FROM campaign"))
    totals = validate(
        parse(
            "SELECT campaign.id, metrics.clicks FROM campaign "
            "WHERE segments.date DURING LAST_7_DAYS"
        )
    )
    daily = validate(
        parse(
            "SELECT segments.date, metrics.clicks FROM ad_group_ad "
            "WHERE segments.date = '2026-11-20'"
        )
    )
    assert (entity.stats, entity.segmented) == (False, False)
    assert (totals.stats, totals.segmented) == (True, False)
    assert (daily.stats, daily.segmented) == (True, True)
