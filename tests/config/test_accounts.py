from pathlib import Path

import pytest

from config.accounts import load_accounts
from config.loading import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "accounts.yml"
    p.write_text(text, encoding="utf-8")
    return p


def test_committed_accounts_file_loads_with_three_meta_accounts():
    cfg = load_accounts()
    assert cfg.meta is not None
    ids = [a.account_id for a in cfg.meta.enabled_accounts()]
    assert ids == ["7010000000000001", "7010000000000002", "7010000000000003"]


def test_act_prefix_is_stripped_and_defaults_apply(tmp_path):
    cfg = load_accounts(write(tmp_path, "meta:\n  accounts:\n    - account_id: act_123\n"))
    assert cfg.meta.accounts[0].account_id == "123"
    assert cfg.meta.lookback_days == 28
    assert cfg.reporting_currency == "THB"


def test_bad_account_id_names_the_field(tmp_path):
    path = write(tmp_path, "meta:\n  accounts:\n    - account_id: act_1\n    - account_id: abc\n")
    with pytest.raises(ConfigError) as err:
        load_accounts(path)
    assert "meta.accounts[1].account_id" in str(err.value)
    assert "'abc'" in str(err.value)


def test_unknown_key_is_rejected_with_its_path(tmp_path):
    path = write(tmp_path, "meta:\n  acounts: []\n")
    with pytest.raises(ConfigError, match=r"meta\.acounts: Extra inputs are not permitted"):
        load_accounts(path)


def test_old_api_version_is_rejected(tmp_path):
    path = write(tmp_path, "meta:\n  api_version: v17.0\n  accounts: []\n")
    with pytest.raises(ConfigError, match=r"meta\.api_version"):
        load_accounts(path)


def test_malformed_yaml_reports_line(tmp_path):
    path = write(tmp_path, "meta:\n  accounts: [\n    - x\n")
    with pytest.raises(ConfigError, match=r"not valid YAML at line \d+"):
        load_accounts(path)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match=r"accounts\.yml: configuration file not found"):
        load_accounts(tmp_path / "accounts.yml")


def test_duplicate_account_is_rejected(tmp_path):
    path = write(tmp_path, "meta:\n  accounts:\n    - account_id: '1'\n    - account_id: act_1\n")
    with pytest.raises(ConfigError, match="listed twice"):
        load_accounts(path)
