r"""``config/files.yml`` (CSV file drops) and the master SKU list the drops are checked against.

Shape of ``files.yml``::

    sensor: {interval_seconds: 30, settle_seconds: 10}
    max_bad_encoding_share: 0.5
    sku_mapping: sku_mapping.csv
    kinds:
      scans_daily:
        file_pattern: '(?i)^saversure[_-]scans?[_-](?P<start>\\d{4}-?\\d{2}-?\\d{2})\\.csv$'
        source: saversure
        sku_platform: saversure
        timezone: Asia/Bangkok
        date_formats: ["%Y-%m-%d"]

The master SKU list is ``config/sku_mapping.csv`` (columns ``platform, shop, platform_sku,
master_sku, product_group``), read through the marketplace loader that validates it
(:func:`config.shops.load_sku_mapping`): its master SKUs are the accepted SKUs of every file, and
its rows whose ``platform`` is a kind's ``sku_platform`` translate that partner's own codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from config.loading import CONFIG_DIR, load_yaml_model

FILES_FILE = CONFIG_DIR / "files.yml"

KindName = Literal["reconciled_campaign_reports", "scans_daily", "offline_sellout_weekly"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SensorConfig(_Strict):
    """How the inbox sensor polls.

    Attributes:
        interval_seconds: seconds between inbox listings (30–600).
        settle_seconds: a file modified less than this many seconds ago is left for the next
            tick (it may still be being copied in).
    """

    interval_seconds: int = Field(default=30, ge=30, le=600)
    settle_seconds: int = Field(default=10, ge=0, le=3600)


class KindConfig(_Strict):
    """Operational knobs of one kind of file (its columns and key are code: ``kinds.py``).

    Attributes:
        file_pattern: regex on the file name; named groups ``start``/``end`` give the period.
        source: the feed or retailer name stored with the rows (scope of the overwrite).
        sku_platform: ``platform`` value of ``sku_mapping.csv`` rows that translate this
            file's SKU codes to master SKUs (master SKUs are always accepted as they are).
        currency: ISO 4217 code of the money columns when the file has no currency column.
        week_starts_on: the weekday every ``week_start`` must fall on (weekly files).
        timezone: IANA zone the file's dates are local to.
        date_formats: ``strptime`` formats tried in order for date cells.
    """

    file_pattern: str
    source: str | None = None
    sku_platform: str | None = None
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    week_starts_on: Weekday | None = None
    timezone: str = "Asia/Bangkok"
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)

    @field_validator("file_pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            groups = set(re.compile(v).groupindex)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        if groups - {"start", "end"}:
            raise ValueError(f"only the named groups start and end are known, got {sorted(groups)}")
        return v

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {v!r}") from exc
        return v

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled ``file_pattern``."""
        return re.compile(self.file_pattern)

    @property
    def week_start_isodow(self) -> int | None:
        """ISO weekday (Monday = 1) of ``week_starts_on``, or None."""
        return WEEKDAYS.index(self.week_starts_on) + 1 if self.week_starts_on else None


class FilesConfig(_Strict):
    """The whole of ``config/files.yml``.

    Attributes:
        sensor: inbox polling.
        max_bad_encoding_share: share (0–1) of non-UTF-8 lines above which a file is rejected.
        sku_mapping: master SKU list, relative to ``config/``.
        kinds: knobs per kind of file; every kind must be configured.
    """

    sensor: SensorConfig = Field(default_factory=SensorConfig)
    max_bad_encoding_share: float = Field(default=0.5, ge=0.0, le=1.0)
    sku_mapping: str = "sku_mapping.csv"
    kinds: dict[KindName, KindConfig]

    @field_validator("kinds")
    @classmethod
    def _all_kinds(cls, v: dict[str, KindConfig]) -> dict[str, KindConfig]:
        missing = sorted(set(get_args(KindName)) - set(v))
        if missing:
            raise ValueError(f"kinds missing: {missing}")
        return v

    def sku_mapping_path(self) -> Path:
        """Absolute path of the master SKU list."""
        return CONFIG_DIR / self.sku_mapping


def load_files_config(path: Path | str = FILES_FILE) -> FilesConfig:
    """Read and validate ``files.yml``.

    Raises:
        ConfigError: missing file, bad YAML, or a field that fails validation (named).
    """
    return load_yaml_model(path, FilesConfig)


@dataclass(frozen=True)
class SkuCatalog:
    """Master SKUs and the platform codes that translate to them.

    Attributes:
        product_groups: master SKU (upper case) → product group.
        aliases: platform → {platform SKU (upper case) → master SKU}.
        origin: the file the list came from, for messages.
    """

    product_groups: dict[str, str]
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    origin: str = ""

    def codes(self, platform: str | None) -> dict[str, str]:
        """Every accepted code (upper case) → master SKU: master SKUs plus ``platform``'s codes."""
        out = {sku: sku for sku in self.product_groups}
        if platform:
            out |= self.aliases.get(platform, {})
        return out

    def resolve(self, code: str, platform: str | None = None) -> str | None:
        """The master SKU of ``code`` (case and surrounding spaces ignored), or None."""
        return self.codes(platform).get(code.strip().upper())


def load_sku_catalog(path: Path | None = None) -> SkuCatalog:
    """The master SKU list and partner codes from ``sku_mapping.csv``.

    Args:
        path: the CSV (default ``config/sku_mapping.csv``).

    Raises:
        ConfigError: the file is missing or invalid; the message names every bad line and field
            (see :func:`config.shops.load_sku_mapping`).
    """
    from config.shops import load_sku_mapping  # the one validator of the file

    rows = load_sku_mapping(path or CONFIG_DIR / "sku_mapping.csv")
    groups: dict[str, str] = {}
    aliases: dict[str, dict[str, str]] = {}
    for row in rows:
        master = row.master_sku.upper()
        groups.setdefault(master, row.product_group)
        aliases.setdefault(row.platform, {})[row.platform_sku.upper()] = master
    return SkuCatalog(groups, aliases, origin=str(path or CONFIG_DIR / "sku_mapping.csv"))
