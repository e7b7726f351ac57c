"""The dashboard spec (``looker_studio/report.yml``): pages, charts and data sources, validated.

Looker Studio has no file format for a report, so the report lives here as a spec that both the
Linking API URL (:mod:`looker_studio.linking`) and the local preview (:mod:`looker_studio.preview`)
are built from. Shape::

    report: {name: ..., owner: {name: ...}, currency_symbol: "฿"}
    data_sources:
      daily: {table: daily_performance, date_field: date_day}
    pages:
      - id: executive_overview
        title: Executive Overview
        default_date_range: last_28_days
        controls: [{type: date_range}, {type: dropdown, field: platform, label: Platform}]
        charts:
          - {id: revenue, type: scorecard, data_source: daily,
             metrics: [{field: revenue_thb, label: Revenue, format: currency}]}

Validation here is about the spec alone (aliases exist, each chart type has the dimensions and
metrics it needs); that every field exists in the mart's dbt contract is checked by
:func:`looker_studio.contracts.contract_problems`. Errors name the page, the chart and the field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from config.loading import load_yaml_model

SPEC_PATH = Path(__file__).resolve().parent / "report.yml"

ChartType = Literal["scorecard", "time_series", "bar", "pie", "table", "geo"]
Aggregation = Literal["sum", "avg", "min", "max"]
NumberFormat = Literal["currency", "number", "percent", "ratio"]
DateRange = Literal[
    "last_7_days", "last_14_days", "last_28_days", "last_30_days", "last_90_days", "all"
]

#: Default decimals of each number format (overridable per metric).
DEFAULT_DECIMALS: dict[str, int] = {"currency": 0, "number": 0, "percent": 1, "ratio": 2}

_ID = r"^[a-z][a-z0-9_]*$"
# Looker Studio data source aliases: letters and digits (``ds0`` is the default style).
_ALIAS = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Owner(_Strict):
    """Who answers for the dashboard (the dbt exposures' ``owner``).

    Attributes:
        name: team or person.
        email: optional contact address.
    """

    name: str
    email: str | None = None


class ReportInfo(_Strict):
    """Report-wide settings.

    Attributes:
        name: report title (Looker Studio ``r.reportName``, preview page title).
        owner: owner of the report and its exposures.
        currency_symbol: prefix of ``currency`` metrics (the marts' ``_thb`` amounts).
        description: one paragraph for the exposures and the preview header.
    """

    name: str
    owner: Owner
    currency_symbol: str = "฿"
    description: str = ""


class DataSource(_Strict):
    """One Looker Studio data source: a reporting mart, read as a table.

    Attributes:
        table: the mart (dbt model name; BigQuery table in the marts dataset).
        date_field: the date column the date-range controls filter on.
        description: what an analyst gets from it.
    """

    table: str = Field(pattern=_ID)
    date_field: str = "date_day"
    description: str = ""


class Metric(_Strict):
    """A chart metric: one aggregated column, or a ratio of two summed columns.

    Ratios are computed after aggregation (``SUM(numerator) / SUM(denominator)``), never as an
    average of daily ratios: in Looker Studio they are calculated fields with that formula.

    Attributes:
        label: what the chart shows.
        field: the column to aggregate (with ``aggregation``); exclusive with ``ratio``.
        aggregation: ``sum`` (default), ``avg``, ``min`` or ``max`` over the filtered rows.
        ratio: ``[numerator, denominator]`` columns, each summed.
        format: ``currency`` (symbol + thousands separators), ``number``, ``percent`` (a
            fraction shown ×100 with ``%``) or ``ratio`` (shown with ``×``).
        decimals: digits after the point; default per format (:data:`DEFAULT_DECIMALS`).
    """

    label: str
    field: str | None = None
    aggregation: Aggregation = "sum"
    ratio: tuple[str, str] | None = None
    format: NumberFormat = "number"
    decimals: int | None = Field(default=None, ge=0, le=6)

    @model_validator(mode="after")
    def _one_source(self) -> Metric:
        if (self.field is None) == (self.ratio is None):
            raise ValueError(f"metric {self.label!r}: give exactly one of 'field' or 'ratio'")
        return self

    @property
    def fields(self) -> tuple[str, ...]:
        """Every column the metric reads."""
        return self.ratio if self.ratio is not None else (str(self.field),)

    @property
    def digits(self) -> int:
        """Decimals to show (explicit, else the format's default)."""
        return self.decimals if self.decimals is not None else DEFAULT_DECIMALS[self.format]


class Chart(_Strict):
    """One chart of a page.

    Attributes:
        id: unique within the page (snake_case).
        type: ``scorecard`` (no dimension, one metric, compared with the previous period),
            ``time_series`` (first dimension = the data source's date field, optional breakdown),
            ``bar`` (one dimension, optional breakdown), ``pie`` (one dimension, one metric),
            ``table`` (one or more dimensions), ``geo`` (one geographic dimension, one metric).
        title: chart title.
        data_source: alias of a data source of the spec.
        dimensions: columns to group by.
        metrics: what is measured.
        sort: label of the metric to sort by, descending (bar, table, pie); default the first.
        limit: keep the first ``limit`` rows after sorting (bar, table, pie).
        stacked: stack the series (time_series, bar).
        horizontal: horizontal bars (bar).
    """

    id: str = Field(pattern=_ID)
    type: ChartType
    title: str
    data_source: str
    dimensions: tuple[str, ...] = ()
    metrics: tuple[Metric, ...] = Field(min_length=1)
    sort: str | None = None
    limit: int | None = Field(default=None, ge=1)
    stacked: bool = False
    horizontal: bool = False

    @model_validator(mode="after")
    def _shape(self) -> Chart:
        n_dims, n_metrics = len(self.dimensions), len(self.metrics)
        wrong = {
            "scorecard": n_dims != 0 or n_metrics != 1,
            "time_series": n_dims not in (1, 2) or (n_dims == 2 and n_metrics != 1),
            "bar": n_dims not in (1, 2) or (n_dims == 2 and n_metrics != 1),
            "pie": n_dims != 1 or n_metrics != 1,
            "table": n_dims < 1,
            "geo": n_dims != 1 or n_metrics != 1,
        }[self.type]
        if wrong:
            raise ValueError(
                f"chart {self.id!r}: a {self.type} takes {_SHAPES[self.type]}; "
                f"got {n_dims} dimension(s) and {n_metrics} metric(s)"
            )
        labels = [m.label for m in self.metrics]
        if len(set(labels)) != len(labels):
            raise ValueError(f"chart {self.id!r}: metric labels repeat: {labels}")
        if self.sort is not None and self.sort not in labels:
            raise ValueError(f"chart {self.id!r}: sort {self.sort!r} is not a metric label")
        return self

    @property
    def fields(self) -> tuple[str, ...]:
        """Every column the chart reads (dimensions first), without repeats."""
        out = list(self.dimensions)
        for m in self.metrics:
            out += [f for f in m.fields if f not in out]
        return tuple(out)


_SHAPES = {
    "scorecard": "no dimension and one metric",
    "time_series": "the date field (+ an optional breakdown with one metric)",
    "bar": "one dimension (+ an optional breakdown with one metric)",
    "pie": "one dimension and one metric",
    "table": "one or more dimensions",
    "geo": "one geographic dimension and one metric",
}


class Control(_Strict):
    """A page control.

    ``date_range`` filters every chart on the data source's ``date_field``; ``dropdown``
    filters every chart of the page whose data source has ``field`` (Looker Studio filters
    charts of other data sources through fields of the same name).

    Attributes:
        type: ``date_range`` or ``dropdown``.
        field: the column a dropdown filters (platform, account_name, product_group …).
        label: the control's caption.
    """

    type: Literal["date_range", "dropdown"]
    field: str | None = None
    label: str | None = None

    @model_validator(mode="after")
    def _field(self) -> Control:
        if (self.type == "dropdown") != (self.field is not None):
            raise ValueError("a dropdown control needs 'field'; a date_range control takes none")
        return self


class Page(_Strict):
    """One report page.

    Attributes:
        id: snake_case id (exposure name, preview anchor).
        title: page title (English).
        subtitle: the page's Thai name, shown under the title.
        default_date_range: the date range the page opens with.
        controls: filter controls at the top of the page.
        charts: the page's charts, in reading order.
    """

    id: str = Field(pattern=_ID)
    title: str
    subtitle: str = ""
    default_date_range: DateRange = "last_28_days"
    controls: tuple[Control, ...] = ()
    charts: tuple[Chart, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Page:
        ids = [c.id for c in self.charts]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"page {self.id!r}: chart ids repeat: {dupes}")
        return self


class ReportSpec(_Strict):
    """The whole spec: report settings, data sources by alias, pages.

    Attributes:
        report: report-wide settings.
        data_sources: alias (letters and digits, as Looker Studio aliases are) → mart.
        pages: the report's pages, in order.
    """

    report: ReportInfo
    data_sources: dict[str, DataSource] = Field(min_length=1)
    pages: tuple[Page, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> ReportSpec:
        problems = [
            f"data source alias {a!r}: letters and digits only, starting with a letter"
            for a in self.data_sources
            if not _ALIAS.match(a)
        ]
        ids = [p.id for p in self.pages]
        problems += [f"page id {i!r} repeats" for i in sorted({i for i in ids if ids.count(i) > 1})]
        for page in self.pages:
            for chart in page.charts:
                if chart.data_source not in self.data_sources:
                    problems.append(
                        f"page {page.id!r}, chart {chart.id!r}: data source {chart.data_source!r}"
                        f" is not declared (known: {', '.join(sorted(self.data_sources))})"
                    )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def page_sources(self, page: Page) -> list[str]:
        """Aliases of the data sources ``page``'s charts read, in first-use order."""
        out: list[str] = []
        for c in page.charts:
            if c.data_source not in out:
                out.append(c.data_source)
        return out

    def page_tables(self, page: Page) -> list[str]:
        """Mart tables ``page`` reads (the exposure's ``depends_on``), in first-use order."""
        return [self.data_sources[a].table for a in self.page_sources(page)]

    def used_sources(self) -> list[str]:
        """Aliases used by at least one chart, in the order the spec declares them."""
        used = {c.data_source for p in self.pages for c in p.charts}
        return [a for a in self.data_sources if a in used]


def load_spec(path: Path | str = SPEC_PATH) -> ReportSpec:
    """Read and validate the spec.

    Args:
        path: the YAML file (default ``looker_studio/report.yml``).

    Returns:
        The validated :class:`ReportSpec`.

    Raises:
        config.loading.ConfigError: missing file, bad YAML, or a validation error; the message
            names the file, the path of the wrong field (``pages[1].charts[3].metrics``) and the
            page/chart ids involved.
    """
    return load_yaml_model(path, ReportSpec)
