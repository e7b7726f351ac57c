"""``config/content.yml`` and ``config/content.csv``: validation naming the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.content import descriptors_path, load_content, load_descriptors
from config.loading import ConfigError
from sandbox.market.market import Market, MarketConfig
from sandbox.market.organic import organic_content
from sandbox.market.organic_config import main as generate

HEADER = (
    "platform,platform_post_id,content_type,source,owner,products,influencer_cost_thb,"
    "status_override,note\n"
)
GOOD = "tiktok,1725001000000000014,REVIEW,INFLUENCER,nok,SG-SER-003,15000.00,,\n"


def write(tmp_path: Path, text: str, name: str = "content.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_committed_files_describe_the_sandbox_content():
    cfg = load_content()
    content = organic_content(Market(MarketConfig()))
    for platform in ("facebook", "instagram", "tiktok"):
        section = cfg.platform(platform)
        assert section is not None
        owners = {o for o, (p, _) in content.owners.items() if p == platform}
        assert {a.account_id for a in section.accounts} == owners
        for a in section.accounts:
            _, acct = content.owners[a.account_id]
            assert a.timezone == acct.timezone
    rows = load_descriptors(descriptors_path(cfg))
    described = {(d.platform, d.platform_post_id) for d in rows}
    assert described <= {(i.platform, i.item_id) for i in content.items}
    assert len(content.items) - len(described) == 6  # two undescribed per platform, on purpose
    assert {d.content_source for d in rows} == {"INFLUENCER", "PAGE", "STAFF", "UGC"}
    assert all(
        (d.influencer_cost_thb is not None) == (d.content_source == "INFLUENCER") for d in rows
    )


def test_committed_descriptor_file_is_what_the_generator_writes():
    assert generate(["--check"]) == 0


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        HEADER + GOOD + "facebook,1_2,SALE,PAGE,,SG-SER-001|SG-SUN-001,,READY,11.11 ราคาพิเศษ\n",
    )


def test_descriptors_parse_products_costs_and_overrides(good: Path):
    a, b = load_descriptors(good)
    assert (
        a.platform,
        a.content_source,
        a.products,
        str(a.influencer_cost_thb),
        a.source_line,
    ) == ("tiktok", "INFLUENCER", ("SG-SER-003",), "15000.00", 2)
    assert (b.products, b.status_override, b.owner, b.note, b.source_line) == (
        ("SG-SER-001", "SG-SUN-001"),
        "READY",
        None,
        "11.11 ราคาพิเศษ",
        3,
    )
    assert b.record()["products"] == ["SG-SER-001", "SG-SUN-001"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("tiktok,17,PROMO,PAGE,,SG-SER-001,,,", "line 2: content_type: Input should be 'SALE'"),
        ("tiktok,17,SALE,AGENCY,,SG-SER-001,,,", "line 2: source: Input should be 'INFLUENCER'"),
        ("tiktok,17,SALE,PAGE,,SG-XXX-999,,,", "line 2: products: unknown SKU SG-XXX-999"),
        ("tiktok,17,SALE,PAGE,,,,,", "line 2: products: Tuple should have at least 1 item"),
        (
            "tiktok,17,SALE,PAGE,,SG-SER-001|SG-SER-001,,,",
            "line 2: products: SG-SER-001 listed twice",
        ),
        (
            "tiktok,17,SALE,PAGE,,SG-SER-001,500.00,,",
            "line 2: influencer_cost_thb: only INFLUENCER",
        ),
        (
            "tiktok,17,REVIEW,INFLUENCER,,SG-SER-001,lots,,",
            "line 2: influencer_cost_thb: must be an amount in THB",
        ),
        (
            "tiktok,17,REVIEW,INFLUENCER,,SG-SER-001,-5,,",
            "line 2: influencer_cost_thb: Input should be greater than or equal to 0",
        ),
        ("tiktok,17,SALE,PAGE,,SG-SER-001,,LIVE,", "line 2: status_override: Input should be"),
        (
            "facebook,12345,SALE,PAGE,,SG-SER-001,,,",
            "line 2: platform_post_id: a facebook post id is {page_id}_{post_id}",
        ),
        ("youtube,17,SALE,PAGE,,SG-SER-001,,,", "line 2: platform: Input should be 'facebook'"),
    ],
)
def test_a_bad_line_names_its_line_and_field(tmp_path: Path, line: str, expected: str):
    path = write(tmp_path, HEADER + line + "\n")
    with pytest.raises(ConfigError) as err:
        load_descriptors(path)
    assert f"{path}: {expected}" in str(err.value)


def test_a_post_described_twice_names_both_lines(tmp_path: Path):
    path = write(tmp_path, HEADER + GOOD + "tiktok,1,SALE,PAGE,,SG-SER-001,,,\n" + GOOD)
    with pytest.raises(ConfigError) as err:
        load_descriptors(path)
    assert (
        "line 4: platform_post_id: tiktok post 1725001000000000014 is already described on line 2"
    ) in str(err.value)


def test_every_bad_line_is_reported_at_once(tmp_path: Path):
    path = write(
        tmp_path,
        HEADER
        + "tiktok,17,PROMO,PAGE,,SG-SER-001,,,\n"
        + GOOD
        + "tiktok,18,SALE,PAGE,,SG-NOPE,,,\n",
    )
    with pytest.raises(ConfigError) as err:
        load_descriptors(path)
    assert "2 problem(s)" in str(err.value)
    assert "line 2: content_type" in str(err.value) and "line 4: products" in str(err.value)


def test_wrong_columns_are_refused_on_line_1(tmp_path: Path):
    path = write(tmp_path, "platform,post,content_type\n")
    with pytest.raises(
        ConfigError, match=r"line 1: columns must be .*missing \['platform_post_id'"
    ):
        load_descriptors(path)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (
            "tiktok:\n  access_token_env: T\n  accounts:\n    - {account_id: abc, timezone: UTC}\n",
            "tiktok.accounts[0].account_id",
        ),
        (
            "facebook:\n  access_token_env: T\n  accounts:\n    - {account_id: '1', timezone: Mars}\n",
            "facebook.accounts[0].timezone",
        ),
        ("instagram:\n  access_token_env: lower\n", "instagram.access_token_env"),
        ("metrics_horizon_days: 0\n", "metrics_horizon_days"),
        (
            "tiktok:\n  access_token_env: T\n  accounts:\n    - {account_id: '1', timezone: UTC}\n"
            "    - {account_id: '1', timezone: UTC}\n",
            "account_id 1 is listed twice",
        ),
    ],
)
def test_a_bad_accounts_file_names_the_field(tmp_path: Path, text: str, field: str):
    path = write(tmp_path, text, "content.yml")
    with pytest.raises(ConfigError) as err:
        load_content(path)
    assert field in str(err.value)
