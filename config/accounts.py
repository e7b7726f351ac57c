"""``config/accounts.yml``: which ad accounts adpilot syncs, and how.

Non-secret settings only. Tokens are named here by the environment variable that holds them
(``access_token_env``) and read from the environment at run time, never from this file.

Shape::

    reporting_currency: THB
    meta:
      api_version: v21.0
      lookback_days: 28
      accounts:
        - account_id: "act_1000000001"     # or just the digits
          name: Brand TH
          owner: nok                        # budget owner / media buyer
          auto_apply: false                 # budget actions still need approval
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from config.loading import CONFIG_DIR, load_yaml_model

Currency = Literal["THB", "SGD", "USD", "MYR"]

ACCOUNTS_FILE_ENV = "ADPILOT_ACCOUNTS_FILE"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AdAccount(_Strict):
    """One ad account (Meta), advertiser (TikTok) or customer (Google Ads).

    Attributes:
        account_id: the platform's id as digits (``act_`` prefix and dashes are stripped).
        name: display name; the API's own name wins in the warehouse.
        owner: the media buyer who owns the account's budgets (alerts and actions route to them).
        auto_apply: apply budget actions without a human approval (guardrails still apply).
        enabled: set false to stop syncing without deleting history.
    """

    account_id: str
    name: str | None = None
    owner: str | None = None
    auto_apply: bool = False
    enabled: bool = True

    @field_validator("account_id", mode="before")
    @classmethod
    def _digits(cls, v: object) -> str:
        s = str(v).strip()
        s = s.removeprefix("act_").replace("-", "")
        if not re.fullmatch(r"\d{1,20}", s):
            raise ValueError("must be digits, optionally prefixed 'act_' (Meta) or dashed (Google)")
        return s


class _PlatformAccounts(_Strict):
    access_token_env: str
    accounts: list[AdAccount] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> _PlatformAccounts:
        seen: set[str] = set()
        for a in self.accounts:
            if a.account_id in seen:
                raise ValueError(f"account_id {a.account_id} is listed twice")
            seen.add(a.account_id)
        return self

    def enabled_accounts(self) -> list[AdAccount]:
        """The accounts to sync, in file order."""
        return [a for a in self.accounts if a.enabled]


class MetaAccounts(_PlatformAccounts):
    """Meta (Facebook/Instagram) Marketing API settings and ad accounts.

    Attributes:
        api_version: Graph API version used for every call (``v19.0`` or newer).
        lookback_days: days of insights re-pulled on every sync (Meta's attribution window is
            up to 28 days, so conversions for older days can still change).
    """

    access_token_env: str = "META_ACCESS_TOKEN"  # noqa: S105 - names the env var
    api_version: str = "v21.0"
    lookback_days: int = Field(28, ge=1, le=37)

    @field_validator("api_version")
    @classmethod
    def _version(cls, v: str) -> str:
        m = re.fullmatch(r"v(\d+)\.(\d+)", v)
        if not m or int(m.group(1)) < 19:
            raise ValueError("must look like 'v21.0' and be v19.0 or newer")
        return v


class TikTokAccounts(_PlatformAccounts):
    """TikTok Business API settings and advertisers (``accounts`` hold advertiser ids)."""

    access_token_env: str = "TIKTOK_ACCESS_TOKEN"  # noqa: S105 - names the env var
    app_id: str = "sandbox-app"
    lookback_days: int = Field(3, ge=1, le=30)


class GoogleAdsAccounts(_PlatformAccounts):
    """Google Ads API settings and customers (``accounts`` hold customer ids, no dashes)."""

    access_token_env: str = "GOOGLE_ADS_ACCESS_TOKEN"  # noqa: S105 - names the env var
    developer_token_env: str = "GOOGLE_ADS_DEVELOPER_TOKEN"  # noqa: S105 - names the env var
    login_customer_id: str | None = None
    lookback_days: int = Field(14, ge=1, le=90)


class AccountsConfig(_Strict):
    """The whole of ``config/accounts.yml``."""

    reporting_currency: Currency = "THB"
    meta: MetaAccounts | None = None
    tiktok: TikTokAccounts | None = None
    google_ads: GoogleAdsAccounts | None = None


def accounts_file() -> Path:
    """Path of the accounts file: ``$ADPILOT_ACCOUNTS_FILE`` or ``config/accounts.yml``."""
    return Path(os.environ.get(ACCOUNTS_FILE_ENV) or CONFIG_DIR / "accounts.yml")


def load_accounts(path: Path | str | None = None) -> AccountsConfig:
    """Load and validate the accounts file.

    Raises:
        config.loading.ConfigError: missing file, bad YAML, or a field that fails validation
            (the message names the file and the field, e.g. ``meta.accounts[0].account_id``).
    """
    return load_yaml_model(path or accounts_file(), AccountsConfig)
