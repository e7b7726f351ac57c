"""``config/ga4.yml``: the GA4 properties loaded from export files, and the sync lookback.

Shape::

    lookback_days: 3
    properties:
      - {property_id: "410000001", name: ..., currency: THB, timezone: Asia/Bangkok}

``currency`` is the property's reporting currency (purchase revenue is converted to it) and
``timezone`` its reporting time zone (``event_date`` of the export is local to it). Both come
from GA4 Admin > Property details; the export itself carries neither.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from config.loading import CONFIG_DIR, load_yaml_model

GA4_FILE_ENV = "ADPILOT_GA4_FILE"


class Ga4Property(BaseModel):
    """One GA4 property.

    Attributes:
        property_id: the numeric property id (its export dataset is ``analytics_<id>``).
        name: display name.
        currency: ISO 4217 reporting currency of the property.
        timezone: IANA reporting time zone; ``event_date`` is the local day in it.
        enabled: set false to stop loading without deleting history.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    property_id: str
    name: str | None = None
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    timezone: str
    enabled: bool = True

    @field_validator("property_id", mode="before")
    @classmethod
    def _digits(cls, v: object) -> str:
        s = str(v).strip()
        if not re.fullmatch(r"\d{1,20}", s):
            raise ValueError("must be the numeric GA4 property id (digits)")
        return s

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA timezone name such as Asia/Bangkok") from None
        return v


class Ga4Config(BaseModel):
    """The whole of ``config/ga4.yml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lookback_days: int = Field(3, ge=0, le=30)
    properties: list[Ga4Property] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> Ga4Config:
        seen: set[str] = set()
        for p in self.properties:
            if p.property_id in seen:
                raise ValueError(f"property {p.property_id} is listed twice")
            seen.add(p.property_id)
        return self

    def enabled_properties(self) -> list[Ga4Property]:
        """The properties to load, in file order."""
        return [p for p in self.properties if p.enabled]


def ga4_file() -> Path:
    """Path of the GA4 file: ``$ADPILOT_GA4_FILE`` or ``config/ga4.yml``."""
    return Path(os.environ.get(GA4_FILE_ENV) or CONFIG_DIR / "ga4.yml")


def load_ga4(path: Path | str | None = None) -> Ga4Config:
    """Load and validate the GA4 file.

    Raises:
        config.loading.ConfigError: missing file, bad YAML, or a field that fails validation
            (the message names the file and the field, e.g. ``properties[0].timezone``).
    """
    return load_yaml_model(path or ga4_file(), Ga4Config)
