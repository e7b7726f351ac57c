"""Runtime settings read from the environment, once, at the edge of the program.

Secrets are not here: they reach resources as ``dg.EnvVar`` so Dagster never shows their values.
The table of variables is in the README.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"


class RuntimeSettings(BaseModel):
    """Non-secret runtime knobs.

    Attributes:
        warehouse: ``duckdb`` (embedded default) or ``bigquery`` (``ADPILOT_WAREHOUSE``).
        duckdb_path: the DuckDB file (``ADPILOT_DUCKDB_PATH``, default ``data/warehouse.duckdb``).
        meta_graph_url: Graph API host (``ADPILOT_META_GRAPH_URL``; the sandbox in the demo).
        inbox_dir: folder CSV files are dropped into (``ADPILOT_INBOX_DIR``, default
            ``data/inbox/``); loaded files go to ``archive/``, refused ones to ``rejected/``.
        ga4_export_dir: folder of the GA4 export files, one ``analytics_<property_id>/`` per
            property (``ADPILOT_GA4_EXPORT_DIR``, default ``data/ga4_export/``).
        shopee_api_url / lazada_api_url / tiktok_shop_api_url: marketplace API hosts
            (``ADPILOT_SHOPEE_API_URL``, ``ADPILOT_LAZADA_API_URL`` — the REST endpoint ending in
            ``/rest`` —, ``ADPILOT_TIKTOK_SHOP_API_URL``; the sandbox in the demo). None = each
            platform's production host.
        google_ads_endpoint: Google Ads API ``host:port`` (``ADPILOT_GOOGLE_ADS_ENDPOINT``; the
            sandbox's gRPC server in the demo); None = ``googleads.googleapis.com``.
        google_ads_ca_cert: CA certificate (PEM) of a private Google Ads endpoint
            (``ADPILOT_GOOGLE_ADS_CA_CERT``; the sandbox's self-signed CA); None = system roots.
        tiktok_api_url: TikTok Business API host (``ADPILOT_TIKTOK_API_URL``; the sandbox in the
            demo).
        ratelimit_dir: folder of the shared per-app token buckets (``ADPILOT_RATELIMIT_DIR``;
            default ``$DAGSTER_HOME/ratelimit`` when ``DAGSTER_HOME`` is set, else
            ``data/ratelimit``). Every process of a deployment must see the same folder.
    """

    model_config = ConfigDict(frozen=True)

    warehouse: Literal["duckdb", "bigquery"] = "duckdb"
    duckdb_path: Path = REPO_ROOT / "data" / "warehouse.duckdb"
    meta_graph_url: str = "https://graph.facebook.com"
    inbox_dir: Path = REPO_ROOT / "data" / "inbox"
    ga4_export_dir: Path = REPO_ROOT / "data" / "ga4_export"
    shopee_api_url: str | None = None
    lazada_api_url: str | None = None
    tiktok_shop_api_url: str | None = None
    google_ads_endpoint: str | None = None
    google_ads_ca_cert: str | None = None
    tiktok_api_url: str = "https://business-api.tiktok.com"
    ratelimit_dir: Path = REPO_ROOT / "data" / "ratelimit"

    def shop_api_urls(self) -> dict[str, str | None]:
        """Marketplace platform → API host override."""
        return {
            "shopee": self.shopee_api_url,
            "lazada": self.lazada_api_url,
            "tiktok_shop": self.tiktok_shop_api_url,
        }


def runtime_settings(env: dict[str, str] | None = None) -> RuntimeSettings:
    """Build :class:`RuntimeSettings` from ``env`` (default: the process environment)."""
    e = os.environ if env is None else env
    values: dict[str, object] = {}
    for field, var in (
        ("warehouse", "ADPILOT_WAREHOUSE"),
        ("duckdb_path", "ADPILOT_DUCKDB_PATH"),
        ("meta_graph_url", "ADPILOT_META_GRAPH_URL"),
        ("inbox_dir", "ADPILOT_INBOX_DIR"),
        ("ga4_export_dir", "ADPILOT_GA4_EXPORT_DIR"),
        ("shopee_api_url", "ADPILOT_SHOPEE_API_URL"),
        ("lazada_api_url", "ADPILOT_LAZADA_API_URL"),
        ("tiktok_shop_api_url", "ADPILOT_TIKTOK_SHOP_API_URL"),
        ("google_ads_endpoint", "ADPILOT_GOOGLE_ADS_ENDPOINT"),
        ("google_ads_ca_cert", "ADPILOT_GOOGLE_ADS_CA_CERT"),
        ("tiktok_api_url", "ADPILOT_TIKTOK_API_URL"),
        ("ratelimit_dir", "ADPILOT_RATELIMIT_DIR"),
    ):
        if e.get(var):
            values[field] = e[var]
    if "ratelimit_dir" not in values and e.get("DAGSTER_HOME"):
        values["ratelimit_dir"] = Path(e["DAGSTER_HOME"]) / "ratelimit"
    return RuntimeSettings.model_validate(values)


class BigQuerySettings(BaseModel):
    """Where BigQuery is, when ``ADPILOT_WAREHOUSE=bigquery`` (the README lists the variables).

    Credentials are not here: the key file named by ``GOOGLE_APPLICATION_CREDENTIALS`` (or the
    gcloud login) is found by Google's Application Default Credentials, by the loaders and by
    dbt alike.

    Attributes:
        project: GCP project of the datasets and jobs (``GCP_PROJECT``).
        location: dataset and job location (``BQ_LOCATION``, default ``US``).
        dataset_prefix: prefix of every dataset (``BQ_DATASET_PREFIX``, e.g. ``dev_alice_``).
        emulator_host: a local emulator (``BIGQUERY_EMULATOR_HOST``, ``host:port`` or URL).
    """

    model_config = ConfigDict(frozen=True)

    project: str = ""
    location: str = "US"
    dataset_prefix: str = ""
    emulator_host: str = ""


def bigquery_settings(env: dict[str, str] | None = None) -> BigQuerySettings:
    """Build :class:`BigQuerySettings` from ``env`` (default: the process environment)."""
    e = os.environ if env is None else env
    values = {
        field: e[var]
        for field, var in (
            ("project", "GCP_PROJECT"),
            ("location", "BQ_LOCATION"),
            ("dataset_prefix", "BQ_DATASET_PREFIX"),
            ("emulator_host", "BIGQUERY_EMULATOR_HOST"),
        )
        if e.get(var)
    }
    return BigQuerySettings.model_validate(values)
