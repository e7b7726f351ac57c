"""config/files.yml validation and the master SKU list (sku_mapping.csv or the sandbox's)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from config.files import FILES_FILE, load_files_config, load_sku_catalog
from config.loading import ConfigError


def write_config(tmp_path: Path, change) -> Path:
    doc = yaml.safe_load(FILES_FILE.read_text())
    change(doc)
    path = tmp_path / "files.yml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True))
    return path


def test_the_repository_config_configures_every_kind():
    cfg = load_files_config()

    assert set(cfg.kinds) == {
        "reconciled_campaign_reports",
        "scans_daily",
        "offline_sellout_weekly",
    }
    assert cfg.kinds["offline_sellout_weekly"].week_start_isodow == 1
    assert 30 <= cfg.sensor.interval_seconds <= 60


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda d: d["kinds"]["scans_daily"].update(file_pattern="(unclosed"), "file_pattern"),
        (lambda d: d["kinds"]["scans_daily"].update(file_pattern="(?P<day>x)"), "start and end"),
        (lambda d: d["kinds"]["scans_daily"].update(timezone="Asia/Nowhere"), "timezone"),
        (lambda d: d["kinds"].pop("scans_daily"), "kinds missing"),
        (lambda d: d["kinds"]["scans_daily"].update(week_starts_on="funday"), "week_starts_on"),
        (lambda d: d["sensor"].update(interval_seconds=5), "interval_seconds"),
        (lambda d: d["kinds"]["scans_daily"].update(colour="red"), "colour"),
    ],
)
def test_a_wrong_setting_fails_naming_the_field(tmp_path, change, error):
    with pytest.raises(ConfigError, match=error):
        load_files_config(write_config(tmp_path, change))


def test_sku_mapping_csv_gives_master_skus_and_partner_codes(tmp_path):
    path = tmp_path / "sku_mapping.csv"
    path.write_text(
        "\ufeffplatform,shop,platform_sku,master_sku,product_group\n"
        "shopee,shopee_th,SHP-1,SG-SER-001,serum\n"
        "7-eleven,,885000111,SG-SER-001,serum\n"
        "lazada,lazada_th,LZ-9,SG-SUN-001,sunscreen\n",
        encoding="utf-8",
    )

    cat = load_sku_catalog(path)

    assert cat.product_groups == {"SG-SER-001": "serum", "SG-SUN-001": "sunscreen"}
    assert cat.resolve(" sg-ser-001 ") == "SG-SER-001"
    assert cat.resolve("885000111", "7-eleven") == "SG-SER-001"
    assert cat.resolve("885000111") is None  # a partner's code is not a master SKU
    assert cat.resolve("SHP-1", "7-eleven") is None


def test_an_invalid_or_missing_sku_mapping_fails_naming_the_line(tmp_path):
    path = tmp_path / "sku_mapping.csv"
    path.write_text("platform,platform_sku,master_sku\nx,y,z\n")
    with pytest.raises(ConfigError, match="missing columns"):
        load_sku_catalog(path)
    path.write_text("platform,shop,platform_sku,master_sku,product_group\nsaversure,,A1,,serum\n")
    with pytest.raises(ConfigError, match="line 2, master_sku"):
        load_sku_catalog(path)
    with pytest.raises(ConfigError, match="not found"):
        load_sku_catalog(tmp_path / "absent.csv")


def test_the_repository_master_list_covers_every_sku_the_sandbox_sells():
    from sandbox.market.catalog import PRODUCTS

    cat = load_sku_catalog()

    assert {p.sku: p.group for p in PRODUCTS}.items() <= cat.product_groups.items()
