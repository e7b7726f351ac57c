"""The Looker Studio Linking API URL that creates the report from the team's template.

``https://lookerstudio.google.com/reporting/create?c.reportId=<template>&r.reportName=<name>``
``&ds.<alias>.connector=bigQuery&ds.<alias>.type=TABLE&ds.<alias>.projectId=<project>``
``&ds.<alias>.datasetId=<prefix>marts&ds.<alias>.tableId=<mart>&ds.<alias>.datasourceName=...``
— one ``ds.<alias>.*`` group per data source of the spec that a page uses, so the copy a user
saves reads their own BigQuery marts. ``c.explain=true`` opens Looker Studio's debug dialog,
which lists how each parameter was applied.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from config.looker_studio import LookerStudioConfig
from looker_studio.spec import ReportSpec

LINKING_API_URL = "https://lookerstudio.google.com/reporting/create"


class LinkError(ValueError):
    """The link cannot be built: a setting is missing (the message says which and where)."""


@dataclass(frozen=True)
class BigQueryLocation:
    """Where the marts are on BigQuery.

    Attributes:
        project: GCP project holding the datasets (``GCP_PROJECT``).
        dataset_prefix: prefix of every adpilot dataset (``BQ_DATASET_PREFIX``, may be empty).
    """

    project: str
    dataset_prefix: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> BigQueryLocation:
        """Read ``GCP_PROJECT`` and ``BQ_DATASET_PREFIX`` (default: the process environment).

        Raises:
            LinkError: ``GCP_PROJECT`` is unset or empty.
        """
        e = os.environ if env is None else env
        project = e.get("GCP_PROJECT", "").strip()
        if not project:
            raise LinkError(
                "set GCP_PROJECT to the project that holds the adpilot marts "
                "(README, 'Run on BigQuery')"
            )
        return cls(project=project, dataset_prefix=e.get("BQ_DATASET_PREFIX", "").strip())


def link_params(
    spec: ReportSpec, config: LookerStudioConfig, where: BigQueryLocation, *, explain: bool = False
) -> list[tuple[str, str]]:
    """The Linking API query parameters, in a stable order.

    Args:
        spec: the report spec (data source aliases and mart tables, report name).
        config: ``config/looker_studio.yml`` (template id, dataset, name prefix).
        where: the BigQuery project and dataset prefix.
        explain: add ``c.explain=true`` (Looker Studio's parameter debug dialog).

    Returns:
        ``(name, value)`` pairs: ``c.reportId``, ``r.reportName``, then six ``ds.<alias>.*``
        per used data source (``connector``, ``type``, ``projectId``, ``datasetId``, ``tableId``,
        ``datasourceName``), then ``c.explain`` if asked.

    Raises:
        LinkError: the template report id is not configured.
    """
    if not config.template_report_id:
        raise LinkError(
            "config/looker_studio.yml: template_report_id is empty; build the template "
            "once (looker_studio/README.md, 'Build the template') and set its id"
        )
    params = [
        ("c.reportId", config.template_report_id),
        ("r.reportName", config.report_name or spec.report.name),
    ]
    dataset = f"{where.dataset_prefix}{config.marts_dataset}"
    for alias in spec.used_sources():
        table = spec.data_sources[alias].table
        params += [
            (f"ds.{alias}.connector", "bigQuery"),
            (f"ds.{alias}.type", "TABLE"),
            (f"ds.{alias}.projectId", where.project),
            (f"ds.{alias}.datasetId", dataset),
            (f"ds.{alias}.tableId", table),
            (f"ds.{alias}.datasourceName", f"{config.datasource_name_prefix}{table}"),
        ]
    if explain:
        params.append(("c.explain", "true"))
    return params


def build_link_url(
    spec: ReportSpec, config: LookerStudioConfig, where: BigQueryLocation, *, explain: bool = False
) -> str:
    """The Linking API URL (parameters of :func:`link_params`, percent-encoded as UTF-8).

    Raises:
        LinkError: the template report id is not configured.
    """
    query = urlencode(link_params(spec, config, where, explain=explain), quote_via=quote)
    return f"{LINKING_API_URL}?{query}"
