"""``config/content.yml`` (content accounts) and ``config/content.csv`` (content descriptors).

Non-secret only: tokens are named by the environment variable that holds them.

Shape of ``content.yml``::

    metrics_horizon_days: 365       # posts/media younger than this get an hourly snapshot
    lookback_days: 7                # days the hourly content job rebuilds in dbt
    descriptors_file: content.csv   # relative to this file
    facebook:  {access_token_env: META_ACCESS_TOKEN,
                accounts: [{account_id: "1201...", name: ..., timezone: Asia/Bangkok}]}
    instagram: {access_token_env: META_ACCESS_TOKEN, accounts: [...]}      # ig_user_id
    tiktok:    {access_token_env: TIKTOK_ACCOUNTS_ACCESS_TOKEN, accounts: [...]}  # business_id

``content.csv`` describes content items with what no API knows — one row per item, keyed by
(``platform``, ``platform_post_id``)::

    platform,platform_post_id,content_type,source,owner,products,influencer_cost_thb,status_override,note
    tiktok,1725001000000000014,REVIEW,INFLUENCER,nok,SG-SER-003,15000.00,,

``products`` lists master SKUs separated by ``|`` (checked against
``dbt_project/seeds/master_products.csv``); ``influencer_cost_thb`` is THB, only for
``INFLUENCER`` content; ``status_override`` replaces the status derived from ads.
:func:`load_descriptors` reports every problem with its line and field.
"""

from __future__ import annotations

import csv
import os
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from config.loading import CONFIG_DIR, ConfigError, load_yaml_model
from config.shops import EnvName, load_master_products

CONTENT_FILE_ENV = "ADPILOT_CONTENT_FILE"
MASTER_PRODUCTS_FILE = CONFIG_DIR.parent / "dbt_project" / "seeds" / "master_products.csv"
CONTENT_TYPES = ("SALE", "REVIEW", "BRANDING", "ECOM")
CONTENT_SOURCES = ("INFLUENCER", "PAGE", "STAFF", "UGC")
STATUSES = ("READY", "TEST_AD", "ACTIVE_AD", "EXPIRED")
PLATFORMS = ("facebook", "instagram", "tiktok")
DESCRIPTOR_COLUMNS = (
    "platform",
    "platform_post_id",
    "content_type",
    "source",
    "owner",
    "products",
    "influencer_cost_thb",
    "status_override",
    "note",
)
_POST_ID = {"facebook": r"\d{1,20}_\d{1,20}", "instagram": r"\d{1,20}", "tiktok": r"\d{1,20}"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ContentAccountConfig(_Strict):
    """One content account.

    Attributes:
        account_id: Facebook page id, Instagram professional account id (``ig_user_id``) or
            TikTok ``business_id`` (digits).
        name: display name.
        timezone: IANA name; metrics snapshot days are days in it.
        enabled: set false to stop syncing without deleting history.
    """

    account_id: str = Field(pattern=r"^\d{1,25}$")
    name: str | None = None
    timezone: str
    enabled: bool = True

    @field_validator("account_id", mode="before")
    @classmethod
    def _text(cls, v: object) -> str:
        return str(v).strip()

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA timezone name such as Asia/Bangkok") from None
        return v


class ContentPlatformConfig(_Strict):
    """The accounts of one platform and the variable holding their access token."""

    access_token_env: EnvName
    accounts: list[ContentAccountConfig] = Field(default_factory=list)

    def enabled_accounts(self) -> list[ContentAccountConfig]:
        """The accounts to sync, in file order."""
        return [a for a in self.accounts if a.enabled]


class ContentConfig(_Strict):
    """The whole of ``config/content.yml``."""

    metrics_horizon_days: int = Field(365, ge=1, le=730)
    lookback_days: int = Field(7, ge=1, le=60)
    descriptors_file: str = "content.csv"
    facebook: ContentPlatformConfig | None = None
    instagram: ContentPlatformConfig | None = None
    tiktok: ContentPlatformConfig | None = None

    @model_validator(mode="after")
    def _unique(self) -> ContentConfig:
        for platform in PLATFORMS:
            cfg = getattr(self, platform)
            ids = [a.account_id for a in cfg.accounts] if cfg else []
            dup = sorted({i for i in ids if ids.count(i) > 1})
            if dup:
                raise ValueError(f"{platform}: account_id {dup[0]} is listed twice")
        return self

    def platform(self, name: str) -> ContentPlatformConfig | None:
        """The section of ``facebook``, ``instagram`` or ``tiktok`` (None when absent)."""
        section: ContentPlatformConfig | None = getattr(self, name)
        return section


def content_file() -> Path:
    """Path of the content file: ``$ADPILOT_CONTENT_FILE`` or ``config/content.yml``."""
    return Path(os.environ.get(CONTENT_FILE_ENV) or CONFIG_DIR / "content.yml")


def load_content(path: Path | str | None = None) -> ContentConfig:
    """Load and validate the content accounts file.

    Raises:
        ConfigError: missing file, bad YAML, or a wrong field (named, e.g.
            ``tiktok.accounts[0].timezone``).
    """
    return load_yaml_model(path or content_file(), ContentConfig)


def descriptors_path(cfg: ContentConfig, content_yml: Path | str | None = None) -> Path:
    """The descriptor CSV named by ``cfg`` (relative paths are relative to the YAML file)."""
    base = Path(content_yml or content_file()).parent
    return (base / cfg.descriptors_file).resolve()


class ContentDescriptor(_Strict):
    """One validated line of ``content.csv`` (see the module docstring).

    Attributes:
        platform: ``facebook``, ``instagram`` or ``tiktok``.
        platform_post_id: the id the ads name (Facebook ``{page_id}_{post_id}``).
        content_type: ``SALE``, ``REVIEW``, ``BRANDING`` or ``ECOM``.
        content_source: ``INFLUENCER``, ``PAGE``, ``STAFF`` or ``UGC`` (CSV column ``source``).
        owner: who is responsible (free text).
        products: master SKUs shown, at least one.
        influencer_cost_thb: what the influencer was paid, THB (INFLUENCER content only).
        status_override: replaces the status derived from ads (None = derive).
        note: free text.
        source_line: line in the file (the header is line 1).
    """

    platform: Literal["facebook", "instagram", "tiktok"]
    platform_post_id: str
    content_type: Literal["SALE", "REVIEW", "BRANDING", "ECOM"]
    content_source: Literal["INFLUENCER", "PAGE", "STAFF", "UGC"] = Field(alias="source")
    owner: str | None = None
    products: tuple[str, ...] = Field(min_length=1)
    influencer_cost_thb: Decimal | None = Field(None, ge=0, max_digits=15, decimal_places=2)
    status_override: Literal["READY", "TEST_AD", "ACTIVE_AD", "EXPIRED"] | None = None
    note: str | None = None
    source_line: int

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("products", mode="before")
    @classmethod
    def _split(cls, v: object) -> object:
        if isinstance(v, str):
            return tuple(s.strip() for s in v.split("|") if s.strip())
        return v

    @field_validator("influencer_cost_thb", mode="before")
    @classmethod
    def _money(cls, v: object) -> object:
        if isinstance(v, str):
            try:
                return Decimal(v.replace(",", "")) if v else None
            except InvalidOperation:
                raise ValueError(f"must be an amount in THB such as 15000.00, got {v!r}") from None
        return v

    @model_validator(mode="after")
    def _consistent(self) -> ContentDescriptor:
        if not re.fullmatch(_POST_ID[self.platform], self.platform_post_id):
            form = "{page_id}_{post_id}" if self.platform == "facebook" else "digits"
            raise ValueError(
                f"platform_post_id: a {self.platform} post id is {form}, got "
                f"{self.platform_post_id!r}"
            )
        if self.influencer_cost_thb and self.content_source != "INFLUENCER":
            raise ValueError(
                "influencer_cost_thb: only INFLUENCER content has an influencer "
                f"cost (source is {self.content_source})"
            )
        return self

    def record(self) -> dict[str, Any]:
        """The row for ``raw.content_descriptors`` (``extractors.content.sync``)."""
        return {**self.model_dump(by_alias=False), "products": list(self.products)}


def _problems(line: int, err: ValidationError) -> list[str]:
    out = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"]) or ""
        msg = e["msg"].removeprefix("Value error, ")
        field = {"content_source": "source"}.get(loc, loc)
        out.append(f"line {line}: {field + ': ' if field else ''}{msg}")
    return out


def load_descriptors(
    path: Path | str, master_products: Path | str = MASTER_PRODUCTS_FILE
) -> list[ContentDescriptor]:
    """Read and validate the descriptor CSV.

    Args:
        path: the CSV (UTF-8, header on line 1; see the module docstring for columns).
        master_products: the master SKU list products are checked against.

    Returns:
        The descriptors in file order.

    Raises:
        ConfigError: missing file or columns, or any bad line — every problem is listed as
            ``<file>: line N: <field>: <what is wrong>`` (a bad content type, an unknown SKU, a
            post id described twice ...).
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: content descriptor file not found")
    masters = load_master_products(master_products)
    out: list[ContentDescriptor] = []
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header = list(reader.fieldnames or [])
        missing = [c for c in DESCRIPTOR_COLUMNS if c not in header]
        extra = [c for c in header if c not in DESCRIPTOR_COLUMNS]
        if missing or extra:
            raise ConfigError(
                f"{path}: line 1: columns must be {', '.join(DESCRIPTOR_COLUMNS)}"
                f" (missing {missing}, unknown {extra})"
            )
        for raw in reader:
            line = reader.line_num
            row = {k: (raw.get(k) or "").strip() for k in DESCRIPTOR_COLUMNS}
            values = {k: (v or None) for k, v in row.items()}
            values["products"] = row["products"]
            try:
                d = ContentDescriptor.model_validate({**values, "source_line": line})
            except ValidationError as exc:
                problems += _problems(line, exc)
                continue
            twice = sorted({s for s in d.products if d.products.count(s) > 1})
            if twice:
                problems.append(f"line {line}: products: {', '.join(twice)} listed twice")
            unknown = [s for s in d.products if s not in masters]
            if unknown:
                problems.append(
                    f"line {line}: products: unknown SKU {', '.join(unknown)} (not in "
                    f"{Path(master_products).name})"
                )
            key = (d.platform, d.platform_post_id)
            if key in seen:
                problems.append(
                    f"line {line}: platform_post_id: {d.platform} post "
                    f"{d.platform_post_id} is already described on line {seen[key]}"
                )
            seen.setdefault(key, line)
            out.append(d)
    if problems:
        raise ConfigError(
            f"{path}: {len(problems)} problem(s)\n  "
            + "\n  ".join(f"{path}: {p}" for p in problems)
        )
    return out
