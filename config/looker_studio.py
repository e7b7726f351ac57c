"""``config/looker_studio.yml``: the Looker Studio template report and link naming.

Shape::

    template_report_id: "<id of the template report>"   # empty until it exists
    report_name: null            # r.reportName; null = the spec's report.name
    marts_dataset: marts         # after BQ_DATASET_PREFIX
    datasource_name_prefix: "adpilot · "

Where the marts live (GCP project, dataset prefix) is not here: it comes from the environment,
like every BigQuery setting (``GCP_PROJECT``, ``BQ_DATASET_PREFIX``).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from config.loading import CONFIG_DIR, load_yaml_model

LOOKER_STUDIO_FILE = CONFIG_DIR / "looker_studio.yml"


class LookerStudioConfig(BaseModel):
    """Non-secret Looker Studio settings.

    Attributes:
        template_report_id: the template report's id (``c.reportId``); empty = not built yet.
        report_name: name of the created report (``r.reportName``); None = the spec's name.
        marts_dataset: BigQuery dataset of the reporting marts, without the prefix.
        datasource_name_prefix: prepended to each mart's name for ``ds.<alias>.datasourceName``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    template_report_id: str = Field(default="", pattern=r"^[A-Za-z0-9_-]*$")
    report_name: str | None = None
    marts_dataset: str = Field(default="marts", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    datasource_name_prefix: str = ""


def load_looker_studio_config(path: Path | str = LOOKER_STUDIO_FILE) -> LookerStudioConfig:
    """Read and validate ``config/looker_studio.yml``.

    Raises:
        config.loading.ConfigError: missing file, bad YAML or a wrong field (named).
    """
    return load_yaml_model(path, LookerStudioConfig)
