"""The local preview's HTML, without a browser: inline plotly.js, data per chart, missing marts."""

from __future__ import annotations

import json
import re

import pytest

from looker_studio.__main__ import main
from looker_studio.preview import render_dashboard
from tests.dashboard.conftest import LAST_DAY, build_marts


def embedded_data(html: str) -> dict:
    found = re.search(
        r'<script type="application/json" id="dashboard-data">(.*?)</script>', html, re.S
    )
    assert found
    return json.loads(found.group(1).replace("<\\/", "</"))


@pytest.fixture
def all_but_traffic(tmp_path, spec, contracts):
    tables = [ds.table for ds in spec.data_sources.values() if ds.table != "traffic_sources"]
    return build_marts(tmp_path / "wh.duckdb", contracts, tables)


def test_preview_is_self_contained_with_a_section_per_page(all_but_traffic, tmp_path, spec):
    html = render_dashboard(all_but_traffic, tmp_path / "out", spec=spec).read_text()
    assert not re.search(r"<script[^>]+src=", html), "every script is inline (no CDN offline)"
    assert not re.search(r"<link[^>]+href=\"http", html)
    assert "Plotly" in html and len(html) > 3_000_000  # the plotly.js bundle itself
    for page in spec.pages:
        assert f'<section class="page" id="{page.id}">' in html
        assert page.subtitle in html  # Thai, as UTF-8 text
    assert '<meta charset="utf-8">' in html


def test_each_chart_gets_rows_for_its_date_range_and_a_missing_mart_is_shown_not_fatal(
    all_but_traffic, tmp_path, spec
):
    html = render_dashboard(all_but_traffic, tmp_path / "out", spec=spec).read_text()
    data = embedded_data(html)
    web = next(p for p in data["pages"] if p["id"] == "website_analytics")
    by_id = {c["id"]: c for c in web["charts"]}
    assert "traffic_sources is not in the warehouse" in by_id["traffic_table"]["missing"]
    assert "Missing: mart marts.traffic_sources is not in the warehouse" in html
    assert by_id["web_sessions"]["missing"] is None and by_id["web_sessions"]["rows"]
    overview = data["pages"][0]
    assert overview["default_end"] == LAST_DAY.isoformat()
    assert overview["default_start"] == "2024-03-04"  # last 28 days, inclusive
    ads = next(p for p in data["pages"] if p["id"] == "ads_performance")
    spend = next(c for c in ads["charts"] if c["id"] == "ads_spend")
    assert set(spend["filters"]) == {"platform", "account_name"}
    assert ads["options"]["platform"] == ["google_ads", "meta", "tiktok"]


def test_a_mart_lacking_a_spec_column_is_shown_missing_with_the_column(tmp_path, spec, contracts):
    path = build_marts(tmp_path / "wh.duckdb", contracts, ["daily_performance"])
    import duckdb

    with duckdb.connect(str(path)) as con:
        con.execute("alter table marts.daily_performance drop column web_orders")
    data = embedded_data(render_dashboard(path, tmp_path / "out", spec=spec).read_text())
    revenue = data["pages"][0]["charts"][0]
    assert "lacks column(s) web_orders" in revenue["missing"]


def test_no_warehouse_renders_every_chart_missing_and_the_cli_prints_the_path(tmp_path, capsys):
    assert main(["preview", "--duckdb", str(tmp_path / "none.duckdb"), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out.strip()
    assert out == str(tmp_path / "index.html")
    data = embedded_data((tmp_path / "index.html").read_text())
    assert all(
        c["missing"].startswith("no warehouse at") for p in data["pages"] for c in p["charts"]
    )
