"""The local preview: the spec's pages rendered from the DuckDB marts into one static HTML file.

The embedded default has no Looker Studio, so ``make dashboard`` (and the end of ``make run``)
writes ``data/dashboard/index.html``: one section per page with its controls (date range with
presets, the page's dropdowns) and its charts, drawn by Plotly in the browser from rows that
DuckDB pre-aggregated (:mod:`looker_studio.marts`). Everything is inline — plotly.js, the data,
the Thai font when the system has it — so the file opens offline, anywhere.

A mart missing from the warehouse does not fail the render: its charts show what is missing.
Default date ranges end at the latest day in the page's marts (not today: a replayed or older
warehouse still opens on data).
"""

from __future__ import annotations

import base64
import html
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import plotly
import plotly.offline

from config.looker_studio import load_looker_studio_config
from looker_studio.marts import chart_data, connect_read_only, missing_sources
from looker_studio.spec import SPEC_PATH, Chart, Page, ReportSpec, load_spec

ASSETS = Path(__file__).resolve().parent / "assets"
FONT_FAMILY = '"Noto Sans", "Noto Sans Thai", "Tlwg Typo", Garuda, Loma, sans-serif'
# Where Debian's fonts-noto-core puts the Thai face (embedded so the file renders Thai anywhere).
THAI_FONT_PATHS = (
    Path("/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf"),
    Path("/usr/share/fonts/opentype/noto/NotoSansThai-Regular.ttf"),
)
RANGE_DAYS = {
    "last_7_days": 7,
    "last_14_days": 14,
    "last_28_days": 28,
    "last_30_days": 30,
    "last_90_days": 90,
    "all": 0,
}
PRESETS = (
    ("7", "Last 7 days"),
    ("14", "Last 14 days"),
    ("28", "Last 28 days"),
    ("90", "Last 90 days"),
    ("0", "All data"),
)


def render_dashboard(
    duckdb_path: Path | str,
    out_dir: Path | str,
    *,
    spec: ReportSpec | None = None,
    schema: str | None = None,
) -> Path:
    """Render the spec's pages from the DuckDB marts into ``out_dir/index.html``.

    Args:
        duckdb_path: the warehouse file, opened read-only; a missing file renders every chart
            as missing.
        out_dir: folder of the report (created if needed).
        spec: the report spec; default ``looker_studio/report.yml``.
        schema: the marts' schema; default ``marts_dataset`` of ``config/looker_studio.yml``.

    Returns:
        The path of the written ``index.html``.

    Raises:
        looker_studio.marts.WarehouseLockedError: another process is writing the warehouse.
        config.loading.ConfigError: the spec or the config file is invalid.
    """
    spec = spec or load_spec(SPEC_PATH)
    schema = schema or load_looker_studio_config().marts_dataset
    duckdb_path = Path(duckdb_path)
    con = connect_read_only(duckdb_path)
    try:
        missing = missing_sources(con, schema, spec, str(duckdb_path))
        pages = [_page_data(con, schema, spec, page, missing) for page in spec.pages]
    finally:
        if con is not None:
            con.close()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "index.html"
    path.write_text(_html(spec, pages, duckdb_path), encoding="utf-8")
    return path


def _page_data(
    con: Any, schema: str, spec: ReportSpec, page: Page, missing: dict[str, str]
) -> dict[str, Any]:
    """One page's controls and charts (with rows) as the JSON the browser script reads."""
    dropdowns = [c.field for c in page.controls if c.type == "dropdown" and c.field]
    charts = []
    for chart in page.charts:
        ds = spec.data_sources[chart.data_source]
        item = _chart_meta(page, chart, ds.date_field)
        if chart.data_source in missing:
            item["missing"] = missing[chart.data_source]
        else:
            data = chart_data(con, schema, ds.table, ds.date_field, chart, dropdowns)
            item |= {"rows": data.rows, "filters": data.filters, "parts": data.parts}
            names = data.columns
            dims = [d for d in chart.dimensions if d != ds.date_field]
            item["dim_indexes"] = [names.index(d) for d in dims]
            two = chart.type in ("time_series", "bar") and len(chart.dimensions) == 2
            item["breakdown_index"] = names.index(chart.dimensions[1]) if two else None
        charts.append(item)
    dates = [r[0] for c in charts for r in c.get("rows", [])]
    max_day = date.fromisoformat(max(dates)) if dates else datetime.now(UTC).date()
    min_day = date.fromisoformat(min(dates)) if dates else max_day
    days = RANGE_DAYS[page.default_date_range]
    start = max(min_day, max_day - timedelta(days=days - 1)) if days else min_day
    options = {
        f: sorted(
            {r[c["filters"][f]] for c in charts if f in c.get("filters", {}) for r in c["rows"]}
        )
        for f in dropdowns
    }
    return {
        "id": page.id,
        "charts": charts,
        "min_date": min_day.isoformat(),
        "max_date": max_day.isoformat(),
        "default_start": start.isoformat(),
        "default_end": max_day.isoformat(),
        "options": options,
    }


def _chart_meta(page: Page, chart: Chart, date_field: str) -> dict[str, Any]:
    """The parts of a chart's JSON that come from the spec alone."""
    labels = [m.label for m in chart.metrics]
    return {
        "id": chart.id,
        "element_id": f"chart-{page.id}-{chart.id}",
        "type": chart.type,
        "title": chart.title,
        "missing": None,
        "stacked": chart.stacked,
        "horizontal": chart.horizontal,
        "limit": chart.limit,
        "sort_index": labels.index(chart.sort) if chart.sort else 0,
        "dim_labels": [_label(d) for d in chart.dimensions if d != date_field],
        "metrics": [
            {
                "label": m.label,
                "format": m.format,
                "digits": m.digits,
                "kind": "ratio" if m.ratio else m.aggregation,
            }
            for m in chart.metrics
        ],
    }


def _label(field: str) -> str:
    """A column name as a table header (``account_name`` → ``Account name``)."""
    return field.replace("_", " ").capitalize()


def _font_face() -> str:
    """An ``@font-face`` embedding Noto Sans Thai when the system has it, else nothing."""
    for path in THAI_FONT_PATHS:
        if path.is_file():
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            return (
                '@font-face { font-family: "Noto Sans Thai"; font-display: block; '
                f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}\n'
            )
    return ""


def _controls_html(page: Page, data: dict[str, Any]) -> str:
    """The page's control bar: date range (inputs + presets) and its dropdowns."""
    parts = []
    if any(c.type == "date_range" for c in page.controls):
        default = str(RANGE_DAYS[page.default_date_range])
        presets = "".join(
            f'<option value="{v}"{" selected" if v == default else ""}>{t}</option>'
            for v, t in PRESETS
        )
        parts.append(
            f'<label>Date range<select data-role="preset"><option value="">Custom</option>'
            f"{presets}</select></label>"
            f'<label>From<input type="date" data-role="start" min="{data["min_date"]}" '
            f'max="{data["max_date"]}"></label>'
            f'<label>To<input type="date" data-role="end" min="{data["min_date"]}" '
            f'max="{data["max_date"]}"></label>'
        )
    for c in page.controls:
        if c.type == "dropdown" and c.field:
            opts = "".join(
                f'<option value="{html.escape(o)}">{html.escape(o)}</option>'
                for o in data["options"].get(c.field, [])
            )
            parts.append(
                f"<label>{html.escape(c.label or _label(c.field))}"
                f'<select data-role="dropdown" data-field="{c.field}">'
                f'<option value="">All</option>{opts}</select></label>'
            )
    return f'<div class="controls">{"".join(parts)}</div>' if parts else ""


def _page_html(page: Page, data: dict[str, Any]) -> str:
    """One page's section: title, Thai subtitle, controls, chart cards."""
    cards = []
    for chart in data["charts"]:
        missing = chart["missing"]
        body = (
            f'<div class="plot">Missing: {html.escape(missing)}</div>'
            if missing
            else f'<div class="plot" id="{chart["element_id"]}"></div>'
        )
        cls = f"card {chart['type']}{' missing' if missing else ''}"
        cards.append(
            f'<div class="{cls}" data-chart="{chart["id"]}" '
            f'data-chart-type="{chart["type"]}"><h3>{html.escape(chart["title"])}</h3>'
            f"{body}</div>"
        )
    return (
        f'<section class="page" id="{page.id}"><h2>{html.escape(page.title)}</h2>'
        f'<p class="subtitle" lang="th">{html.escape(page.subtitle)}</p>'
        f'{_controls_html(page, data)}<div class="grid">{"".join(cards)}</div></section>'
    )


def _html(spec: ReportSpec, pages: list[dict[str, Any]], duckdb_path: Path) -> str:
    """The whole document: styles, header, navigation, pages, data, plotly.js, the script."""
    payload = {
        "currency_symbol": spec.report.currency_symbol,
        "font_family": FONT_FAMILY,
        "pages": pages,
    }
    data_json = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    css = (
        _font_face()
        + f":root {{ --font: {FONT_FAMILY}; }}\n"
        + (ASSETS / "dashboard.css").read_text()
    )
    nav = "".join(f'<a href="#{p.id}">{html.escape(p.title)}</a>' for p in spec.pages)
    sections = "".join(_page_html(p, d) for p, d in zip(spec.pages, pages, strict=True))
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(spec.report.name)}</title><style>{css}</style></head><body>"
        f'<header class="report"><h1>{html.escape(spec.report.name)}</h1>'
        f"<p>{html.escape(spec.report.description)}</p></header>"
        f'<nav class="pages">{nav}</nav>{sections}'
        f"<footer>Local preview of looker_studio/report.yml from {html.escape(str(duckdb_path))},"
        f" generated {generated} (plotly.js {plotly.__version__}, inline).</footer>"
        f'<script type="application/json" id="dashboard-data">{data_json}</script>'
        f"<script>{plotly.offline.get_plotlyjs()}</script>"
        f"<script>{(ASSETS / 'dashboard.js').read_text()}</script>"
        "</body></html>\n"
    )
