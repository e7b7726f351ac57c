"""The demo's environment: every source pointed at the sandbox, a stable buyer-hash salt."""

from types import SimpleNamespace

from orchestration.sandbox_env import demo_pii_salt, sandbox_env


def test_the_demo_salt_is_random_once_then_the_same_on_every_run(tmp_path):
    path = tmp_path / "data" / ".pii_salt"

    first = demo_pii_salt(path)

    assert len(first) == 32 and demo_pii_salt(path) == first
    assert path.stat().st_mode & 0o777 == 0o600
    assert demo_pii_salt(tmp_path / "other") != first


def test_market_mode_points_every_source_at_the_sandbox_and_replay_selects_the_replay_files():
    sb = SimpleNamespace(
        base_url="http://127.0.0.1:9999",
        token="sandbox-token",
        google_ads_endpoint="127.0.0.1:9998",
        google_ads_ca_cert="certs/sandbox-ca.pem",
    )

    market = sandbox_env(sb)
    replay = sandbox_env(sb, replay=True)

    assert market["ADPILOT_META_GRAPH_URL"] == market["ADPILOT_TIKTOK_API_URL"] == sb.base_url
    assert market["ADPILOT_GOOGLE_ADS_ENDPOINT"] == "127.0.0.1:9998"
    assert market["ADPILOT_SHOPEE_API_URL"] == sb.base_url
    assert "ADPILOT_ACCOUNTS_FILE" not in market
    assert replay["ADPILOT_ACCOUNTS_FILE"].endswith("accounts.replay.yml")
    assert "ADPILOT_GOOGLE_ADS_ENDPOINT" not in replay and "ADPILOT_SHOPEE_API_URL" not in replay
