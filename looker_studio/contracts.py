"""Check the spec against the marts' dbt contracts (the columns declared in the manifest).

A renamed or dropped mart column must fail CI, not a dashboard: every field the spec names
(dimensions, metric fields, ratio parts, dropdown fields, date fields) has to be a column of the
mart's contract, and each mart has to be a model with an enforced contract.
"""

from __future__ import annotations

import json
from pathlib import Path

from looker_studio.spec import ReportSpec

#: Columns by mart: ``{"daily_performance": {"date_day": "date", ...}, ...}``.
Contracts = dict[str, dict[str, str]]


def manifest_contracts(manifest_path: Path | str) -> Contracts:
    """Every dbt model's declared columns and data types, from a ``manifest.json``.

    Args:
        manifest_path: a manifest written by ``dbt parse`` (or any dbt command).

    Returns:
        Model name → column name → declared ``data_type`` (``""`` when a column has none).
        Only models with an enforced contract are included: an unenforced model's columns are
        documentation, not a promise.

    Raises:
        FileNotFoundError: no manifest at ``manifest_path``.
    """
    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    out: Contracts = {}
    for node in manifest["nodes"].values():
        if node.get("resource_type") != "model":
            continue
        if not (node.get("config", {}).get("contract") or {}).get("enforced"):
            continue
        out[node["name"]] = {
            name: (col.get("data_type") or "") for name, col in node["columns"].items()
        }
    return out


def contract_problems(spec: ReportSpec, contracts: Contracts) -> list[str]:
    """What in ``spec`` the contracts do not back, one readable line per problem.

    Args:
        spec: the validated report spec.
        contracts: :func:`manifest_contracts` of the current project.

    Returns:
        Lines like ``page 'shop_performance', chart 'shop_table': field 'revenu' is not a
        column of shop_performance``; empty when everything exists.
    """
    problems: list[str] = []
    for alias, ds in spec.data_sources.items():
        if ds.table not in contracts:
            problems.append(
                f"data source {alias!r}: {ds.table} is not a model with an enforced contract"
            )
        elif ds.date_field not in contracts[ds.table]:
            problems.append(
                f"data source {alias!r}: date field {ds.date_field!r} is not a column of {ds.table}"
            )
    for page in spec.pages:
        page_columns: set[str] = set()
        for chart in page.charts:
            table = spec.data_sources[chart.data_source].table
            columns = contracts.get(table)
            if columns is None:
                continue  # reported once, on the data source
            page_columns |= set(columns)
            problems += [
                f"page {page.id!r}, chart {chart.id!r}: field {f!r} is not a column of {table}"
                for f in chart.fields
                if f not in columns
            ]
        problems += [
            f"page {page.id!r}, control {c.label or c.field!r}: field {c.field!r} is not a "
            "column of any data source of the page"
            for c in page.controls
            if c.field and c.field not in page_columns
        ]
    return problems
