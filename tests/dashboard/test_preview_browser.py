"""The preview in a real browser: Debian's headless Chromium opens it (DevTools protocol over a
pipe, tests/dashboard/devtools.py): no console error, every chart draws marks, numbers carry the
currency and thousands separators, Thai renders in a Thai font, the controls re-draw the charts,
and a screenshot lands in data/dashboard/ for a person to look at."""

from __future__ import annotations

import re

import pytest

from looker_studio.preview import render_dashboard
from tests.dashboard.conftest import REPO_ROOT, build_marts
from tests.dashboard.devtools import Browser, find_chromium

pytestmark = pytest.mark.browser
SCREENSHOT = REPO_ROOT / "data" / "dashboard" / "preview_browser_test.png"

# Per chart card: what was drawn (plotly's own classes for each trace type).
MARKS_JS = """
[...document.querySelectorAll('.card')].map(c => ({
  id: c.dataset.chart, type: c.dataset.chartType, missing: c.classList.contains('missing'),
  svg: c.querySelectorAll('.main-svg').length,
  lines: [...c.querySelectorAll('.scatterlayer path.js-line, .scatterlayer path.js-fill')]
           .filter(p => (p.getAttribute('d') || '').length > 10).length,
  bars: [...c.querySelectorAll('.barlayer .point path')]
           .filter(p => (p.getAttribute('d') || '').length > 5).length,
  slices: c.querySelectorAll('.pielayer .slice path.surface').length,
  number: [...c.querySelectorAll('.indicatorlayer .number')].map(t => t.textContent).join(''),
  cells: [...c.querySelectorAll('.cell-text')].map(t => t.textContent),
}))
"""
CONSOLE_ERRORS = ("error", "assert")


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = find_chromium()
    if binary is None:
        pytest.skip("no chromium on PATH (`make chromium` installs Debian's; `make test` does)")
    return binary


@pytest.fixture(scope="module")
def page(tmp_path_factory, spec, contracts, chromium):
    """The rendered preview open in one browser for the module (the controls test goes last)."""
    tmp_path = tmp_path_factory.mktemp("browser")
    db = build_marts(
        tmp_path / "wh.duckdb", contracts, [d.table for d in spec.data_sources.values()]
    )
    html = render_dashboard(db, tmp_path / "dashboard", spec=spec)
    profile = tmp_path / "profile"
    profile.mkdir()
    with Browser(chromium, profile) as browser:
        for domain in ("Runtime", "Log", "Page", "DOM", "CSS"):
            browser.page(f"{domain}.enable")
        browser.page("Page.navigate", url=html.as_uri())
        browser.wait_for("document.body && document.body.dataset.rendered === 'true'")
        yield browser


def errors(browser: Browser) -> list[str]:
    out = []
    for e in browser.events:
        p = e.get("params", {})
        if e["method"] == "Runtime.exceptionThrown":
            out.append(str(p["exceptionDetails"]))
        elif e["method"] == "Runtime.consoleAPICalled" and p["type"] in CONSOLE_ERRORS:
            out.append(str(p["args"]))
        elif e["method"] == "Log.entryAdded" and p["entry"]["level"] == "error":
            out.append(p["entry"]["text"])
    return out


def test_every_chart_draws_marks_without_console_errors(page, spec):
    cards = page.evaluate(MARKS_JS)
    assert len(cards) == sum(len(p.charts) for p in spec.pages)
    assert errors(page) == []
    for card in cards:
        assert not card["missing"], card["id"]
        assert card["svg"] >= 1, card["id"]
        drawn = {
            "scorecard": re.search(r"\d", card["number"]),
            "time_series": card["lines"] >= 1,
            "bar": card["bars"] >= 2,
            "pie": card["slices"] >= 2,
            "table": len(card["cells"]) > len(card["cells"]) // 2 >= 1,
        }[card["type"]]
        assert drawn, card
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    shot = page.screenshot(SCREENSHOT)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


def test_numbers_show_currency_and_thousands_separators(page):
    cards = {c["id"]: c for c in page.evaluate(MARKS_JS)}
    assert re.fullmatch(r"฿\d{1,3}(,\d{3})+", cards["revenue"]["number"])
    assert re.fullmatch(r"\d{1,3}(,\d{3})+", cards["orders"]["number"])
    assert re.fullmatch(r"\d+\.\d%", cards["shop_refund_rate"]["number"])
    assert re.fullmatch(r"\d+\.\d\d×", cards["blended_roas"]["number"])
    spend_cells = [c for c in cards["campaign_table"]["cells"] if c.startswith("฿")]
    assert spend_cells and all(re.fullmatch(r"฿\d{1,3}(,\d{3})*", c) for c in spend_cells)


def test_thai_text_renders_in_a_thai_font(page):
    document = page.page("DOM.getDocument", depth=-1)["root"]["nodeId"]
    for selector in ("#executive_overview .subtitle", "[data-chart=top_products] .cell-text"):
        node = page.page("DOM.querySelector", nodeId=document, selector=selector)["nodeId"]
        if selector.endswith("cell-text"):  # the first cell holding a Thai product name
            ids = page.page("DOM.querySelectorAll", nodeId=document, selector=selector)["nodeIds"]
            texts = {i: page.page("DOM.getOuterHTML", nodeId=i)["outerHTML"] for i in ids}
            node = next(i for i, t in texts.items() if "เซรั่ม" in t)
        fonts = page.page("CSS.getPlatformFontsForNode", nodeId=node)["fonts"]
        families = {f["familyName"] for f in fonts if f["glyphCount"] > 0}
        assert any("Thai" in f or "Tlwg" in f or f in ("Garuda", "Loma") for f in families), (
            selector,
            families,
        )


def test_date_range_and_dropdown_controls_redraw_the_charts(page):
    def number(chart_id: str) -> int:
        cards = {c["id"]: c for c in page.evaluate(MARKS_JS)}
        return int(re.sub(r"[^\d]", "", cards[chart_id]["number"]))

    before = number("revenue")
    page.evaluate("""(() => { const s = document.querySelector('#executive_overview [data-role=preset]');
                     s.value = '7'; s.dispatchEvent(new Event('change')); })()""")
    start = page.evaluate("document.querySelector('#executive_overview [data-role=start]').value")
    assert start == "2024-03-25"
    after = number("revenue")
    assert 0 < after < before / 2

    def traces() -> int:
        return page.evaluate(
            "document.querySelectorAll('[data-chart=ads_spend_by_day] .scatterlayer .trace').length"
        )

    assert traces() == 3
    page.evaluate("""(() => { const s = document.querySelector('#ads_performance [data-field=platform]');
                     s.value = 'meta'; s.dispatchEvent(new Event('change')); })()""")
    assert traces() == 1
    assert errors(page) == []
