"""The Looker Studio Linking API URL, checked by parsing it back."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from config.looker_studio import LookerStudioConfig
from looker_studio.__main__ import main
from looker_studio.linking import BigQueryLocation, LinkError, build_link_url

CONFIG = LookerStudioConfig(
    template_report_id="1a2b3c-template", marts_dataset="marts", datasource_name_prefix="adpilot · "
)
WHERE = BigQueryLocation(project="acme-marketing", dataset_prefix="prod_")


def parse(url: str) -> tuple[str, dict[str, str], list[str]]:
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=True)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", dict(pairs), [k for k, _ in pairs]


def test_link_creates_the_report_from_the_template_with_every_alias_on_bigquery(spec):
    base, params, names = parse(build_link_url(spec, CONFIG, WHERE))
    assert base == "https://lookerstudio.google.com/reporting/create"
    assert params["c.reportId"] == "1a2b3c-template"
    assert params["r.reportName"] == "adpilot — Marketing performance"
    assert "c.explain" not in params
    assert len(names) == len(set(names)), "a parameter repeats"
    aliases = {n.split(".")[1] for n in names if n.startswith("ds.")}
    assert aliases == set(spec.data_sources)
    for alias, ds in spec.data_sources.items():
        assert params[f"ds.{alias}.connector"] == "bigQuery"
        assert params[f"ds.{alias}.type"] == "TABLE"
        assert params[f"ds.{alias}.projectId"] == "acme-marketing"
        assert params[f"ds.{alias}.datasetId"] == "prod_marts"
        assert params[f"ds.{alias}.tableId"] == ds.table
        assert params[f"ds.{alias}.datasourceName"] == f"adpilot · {ds.table}"
    assert params["ds.shops.tableId"] == "shop_performance"


def test_explain_adds_the_debug_flag_and_a_configured_name_wins(spec):
    config = CONFIG.model_copy(update={"report_name": "Siam Glow — รายงาน"})
    _, params, _ = parse(build_link_url(spec, config, WHERE, explain=True))
    assert params["c.explain"] == "true"
    assert params["r.reportName"] == "Siam Glow — รายงาน"


def test_no_template_id_or_no_project_is_an_error_that_says_what_to_set(spec):
    with pytest.raises(LinkError, match="template_report_id is empty"):
        build_link_url(spec, LookerStudioConfig(), WHERE)
    with pytest.raises(LinkError, match="set GCP_PROJECT"):
        BigQueryLocation.from_env({"BQ_DATASET_PREFIX": "dev_"})
    assert BigQueryLocation.from_env(
        {"GCP_PROJECT": "p", "BQ_DATASET_PREFIX": "dev_"}
    ) == BigQueryLocation("p", "dev_")


def test_cli_link_reads_the_environment_and_prints_the_url(spec, monkeypatch, capsys):
    monkeypatch.setenv("GCP_PROJECT", "acme-marketing")
    monkeypatch.setenv("BQ_DATASET_PREFIX", "")
    monkeypatch.setattr("looker_studio.__main__.load_looker_studio_config", lambda: CONFIG)
    assert main(["link", "--explain"]) == 0
    _, params, _ = parse(capsys.readouterr().out.strip())
    assert params["ds.daily.datasetId"] == "marts"
    assert params["ds.daily.projectId"] == "acme-marketing"
    assert params["c.explain"] == "true"
    monkeypatch.delenv("GCP_PROJECT")
    assert main(["link"]) == 2
    assert "set GCP_PROJECT" in capsys.readouterr().err
