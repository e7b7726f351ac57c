"""Environment for ``make run`` / ``make dev``: point Google Ads at the sandbox's gRPC server.

The sandbox accepts its run token as the OAuth access token and any non-empty developer token;
this sets the endpoint, its CA certificate and the variables ``config/accounts.yml`` names —
for the demo only; production sets real secrets in its environment.
"""

from __future__ import annotations

from config.accounts import AccountsConfig, load_accounts

SANDBOX_DEVELOPER_TOKEN = "sandbox-developer-token"  # noqa: S105 - the sandbox accepts any


def sandbox_google_ads_env(
    endpoint: str | None, ca_cert: str | None, token: str, cfg: AccountsConfig | None = None
) -> dict[str, str]:
    """Variables that make the Google Ads customers of ``cfg`` sync from the sandbox.

    Args:
        endpoint: the sandbox's Google Ads ``127.0.0.1:PORT`` (None: not served; nothing set).
        ca_cert: the CA certificate its TLS chains to.
        token: the sandbox's access token.
        cfg: the accounts file (default ``config/accounts.yml``).
    """
    cfg = cfg or load_accounts()
    if endpoint is None or ca_cert is None or cfg.google_ads is None:
        return {}
    return {
        "ADPILOT_GOOGLE_ADS_ENDPOINT": endpoint,
        "ADPILOT_GOOGLE_ADS_CA_CERT": ca_cert,
        cfg.google_ads.access_token_env: token,
        cfg.google_ads.developer_token_env: SANDBOX_DEVELOPER_TOKEN,
    }
