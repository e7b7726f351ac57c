"""The dbt exposures of the dashboard, generated from the spec (one per page).

``dbt_project/models/marts/reporting/_dashboards__exposures.yml`` is this module's output,
committed; ``python -m looker_studio exposures`` rewrites it and a test fails when it drifts, so
the exposures' ``depends_on`` always name the marts each page reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from config.looker_studio import LookerStudioConfig
from looker_studio.spec import ReportSpec

REPO_ROOT = Path(__file__).resolve().parents[1]
EXPOSURES_PATH = (
    REPO_ROOT / "dbt_project" / "models" / "marts" / "reporting" / "_dashboards__exposures.yml"
)
REPORT_URL = "https://lookerstudio.google.com/reporting/{report_id}"
PREVIEW_URL = "data/dashboard/index.html#{page_id}"

_HEADER = """\
# Generated from looker_studio/report.yml by `python -m looker_studio exposures`: do not edit.
# One exposure per page of the Looker Studio report; depends_on = the marts the page reads.
# url = the team's template report (config/looker_studio.yml template_report_id; empty until the
# template is built, then the url appears); meta.preview = the page in the local preview.
"""


class _Dumper(yaml.SafeDumper):
    """dbt-style YAML: lists indented under their key, no anchors for repeated values."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Indent block sequences (PyYAML's default leaves them flush with the key)."""
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        """Write repeated values out in full (no ``&id001`` anchors)."""
        return True


def exposure_name(page_id: str) -> str:
    """The exposure's dbt name for a page id (``looker_studio_<page_id>``)."""
    return f"looker_studio_{page_id}"


def exposures_document(spec: ReportSpec, config: LookerStudioConfig) -> dict[str, Any]:
    """The exposures as a YAML-ready mapping (``{"version": 2, "exposures": [...]}``)."""
    owner = {"name": spec.report.owner.name}
    if spec.report.owner.email:
        owner["email"] = spec.report.owner.email
    exposures = []
    for page in spec.pages:
        charts = ", ".join(c.title for c in page.charts)
        item: dict[str, Any] = {
            "name": exposure_name(page.id),
            "label": f"Dashboard — {page.title}",
            "type": "dashboard",
            "maturity": "medium",
        }
        if config.template_report_id:
            item["url"] = REPORT_URL.format(report_id=config.template_report_id)
        item |= {
            "description": f"{spec.report.name}, page '{page.title}' ({page.subtitle}). "
            f"Charts: {charts}.",
            "depends_on": [f"ref('{t}')" for t in spec.page_tables(page)],
            "owner": owner,
            "config": {"meta": {"preview": PREVIEW_URL.format(page_id=page.id)}},
        }
        exposures.append(item)
    return {"version": 2, "exposures": exposures}


def render_exposures(spec: ReportSpec, config: LookerStudioConfig) -> str:
    """The exposures file's text: the header comment and :func:`exposures_document` as YAML."""
    body = yaml.dump(
        exposures_document(spec, config),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    return _HEADER + body
