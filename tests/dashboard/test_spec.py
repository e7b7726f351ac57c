"""The spec against the dbt contracts and the exposures, and its validation messages."""

from __future__ import annotations

import json

import pytest
import yaml

from config.loading import ConfigError
from config.looker_studio import LookerStudioConfig, load_looker_studio_config
from looker_studio.contracts import contract_problems
from looker_studio.exposures import EXPOSURES_PATH, exposure_name, render_exposures
from looker_studio.spec import SPEC_PATH, ReportSpec, load_spec

PAGES = [
    "Executive Overview",
    "Shop Performance",
    "Ads Performance Overview",
    "Product Analytics",
    "Website Analytics",
]


def test_spec_has_the_five_pages_in_order_each_with_a_date_range(spec):
    assert [p.title for p in spec.pages] == PAGES
    for page in spec.pages:
        assert page.controls[0].type == "date_range", page.id
        assert {c.type for c in page.charts} >= {"scorecard", "time_series", "table"}, page.id


def test_every_field_of_the_spec_is_a_column_of_the_marts_contracts(spec, contracts):
    assert contract_problems(spec, contracts) == []


def test_a_renamed_mart_column_is_reported_with_its_page_and_chart(spec, contracts):
    renamed = {t: dict(cols) for t, cols in contracts.items()}
    renamed["shop_performance"]["revenue_thb_total"] = renamed["shop_performance"].pop(
        "revenue_thb"
    )
    problems = contract_problems(spec, renamed)
    assert (
        "page 'shop_performance', chart 'shop_revenue': field 'revenue_thb' is not a column "
        "of shop_performance" in problems
    )
    assert all("shop_performance" in p for p in problems)


def test_a_missing_mart_and_a_control_on_no_source_are_reported(spec, contracts):
    without = {t: c for t, c in contracts.items() if t != "traffic_sources"}
    problems = contract_problems(spec, without)
    assert problems == [
        "data source 'traffic': traffic_sources is not a model with an enforced contract"
    ]
    doc = yaml.safe_load(SPEC_PATH.read_text())
    doc["pages"][3]["controls"].append({"type": "dropdown", "field": "platform"})
    bad = ReportSpec.model_validate(doc)
    assert contract_problems(bad, contracts) == [
        "page 'product_analytics', control 'platform': field 'platform' is not a column of any "
        "data source of the page"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["pages"][1]["charts"][0].update(data_source="shop"),
            "page 'shop_performance', chart 'shop_revenue': data source 'shop' is not declared",
        ),
        (
            lambda d: d["pages"][0]["charts"][0].update(dimensions=["date_day"]),
            "chart 'revenue': a scorecard takes no dimension and one metric; got 1 dimension(s)",
        ),
        (
            lambda d: d["pages"][2]["charts"][0]["metrics"][0].update(ratio=["a", "b"]),
            "metric 'Spend': give exactly one of 'field' or 'ratio'",
        ),
        (
            lambda d: d["pages"][4]["charts"][8].update(sort="Visits"),
            "chart 'traffic_table': sort 'Visits' is not a metric label",
        ),
        (
            lambda d: d["data_sources"].update(web_2={"table": "website_analytics"}),
            "data source alias 'web_2': letters and digits only",
        ),
    ],
)
def test_a_wrong_spec_fails_with_the_page_chart_and_field_named(tmp_path, change, message):
    doc = yaml.safe_load(SPEC_PATH.read_text())
    change(doc)
    path = tmp_path / "report.yml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True))
    with pytest.raises(ConfigError) as err:
        load_spec(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_committed_exposures_are_generated_from_the_spec_and_config(spec):
    assert EXPOSURES_PATH.read_text() == render_exposures(spec, load_looker_studio_config()), (
        "run: python -m looker_studio exposures"
    )


def test_exposures_in_the_manifest_depend_on_the_marts_of_each_page(spec, dbt_manifest):
    manifest = json.loads(dbt_manifest.read_text())
    for page in spec.pages:
        exposure = manifest["exposures"][f"exposure.adpilot.{exposure_name(page.id)}"]
        assert exposure["type"] == "dashboard"
        assert exposure["owner"]["name"] == spec.report.owner.name
        expected = {f"model.adpilot.{t}" for t in spec.page_tables(page)}
        assert set(exposure["depends_on"]["nodes"]) == expected, page.id
    assert len(manifest["exposures"]) >= len(spec.pages)


def test_exposures_get_the_template_report_url_once_it_is_configured(spec):
    doc = yaml.safe_load(render_exposures(spec, LookerStudioConfig(template_report_id="abc-123")))
    urls = {e["url"] for e in doc["exposures"]}
    assert urls == {"https://lookerstudio.google.com/reporting/abc-123"}
    unset = yaml.safe_load(render_exposures(spec, LookerStudioConfig()))
    assert all("url" not in e for e in unset["exposures"])
