"""Environment pointing every source at a running sandbox (``make run``, ``make dev``, tests).

One function, so the demo, the Dagster UI and the end-to-end tests configure the same resources
the same way: Meta's Graph host and token, TikTok (same server, same token), and in market mode
the Google Ads gRPC server (TLS, its own CA), the marketplaces of ``config/shops.yml`` and the
content accounts of ``config/content.yml``. In replay mode the recorded data has no Google Ads,
shops or organic content: the replay accounts, shops and content files are selected instead.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from orchestration.defs.content.sandbox_env import REPLAY_CONTENT, sandbox_content_env
from orchestration.defs.google_ads.sandbox_env import sandbox_google_ads_env
from orchestration.defs.shops.sandbox_env import sandbox_shop_env
from orchestration.lib.settings import REPO_ROOT

if TYPE_CHECKING:
    from sandbox.process import SandboxHandle

REPLAY_ACCOUNTS = REPO_ROOT / "config" / "accounts.replay.yml"
REPLAY_SHOPS = REPO_ROOT / "config" / "shops.replay.yml"
DEMO_SALT_FILE = REPO_ROOT / "data" / ".pii_salt"


def demo_pii_salt(path: Path = DEMO_SALT_FILE) -> str:
    """The buyer-hash salt of this machine's demo warehouse (``ADPILOT_PII_SALT`` for the demo).

    Random on first use and kept in ``data/.pii_salt`` (ignored by git, like the warehouse it
    belongs to), so re-running ``make run`` hashes the same sandbox buyers to the same values
    and gives identical tables. Production sets ``ADPILOT_PII_SALT`` from its secret store.

    Raises:
        OSError: the file cannot be read or created.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(16))
        path.chmod(0o600)
    return path.read_text().strip()


def sandbox_env(sb: SandboxHandle, *, replay: bool = False) -> dict[str, str]:
    """Environment variables that make every configured source sync from ``sb``.

    Args:
        sb: the running sandbox (its base URL, token and, in market mode, Google Ads endpoint).
        replay: the sandbox serves recorded data (``--replay``): use the replay config files.

    Returns:
        Variable name → value; secrets are the sandbox's per-run token, never a real one.
        The PII salt is not included: the caller decides (a per-run salt in the demo).
    """
    env = {
        "ADPILOT_META_GRAPH_URL": sb.base_url,
        "META_ACCESS_TOKEN": sb.token,
        "ADPILOT_TIKTOK_API_URL": sb.base_url,  # TikTok: same server, same token
        "TIKTOK_ACCESS_TOKEN": sb.token,
    }
    if replay:
        env["ADPILOT_ACCOUNTS_FILE"] = str(REPLAY_ACCOUNTS)
        env["ADPILOT_SHOPS_FILE"] = str(REPLAY_SHOPS)  # no marketplace replay
        env["ADPILOT_CONTENT_FILE"] = str(REPLAY_CONTENT)  # no organic content
        return env
    env.update(sandbox_google_ads_env(sb.google_ads_endpoint, sb.google_ads_ca_cert, sb.token))
    env.update(sandbox_shop_env(sb.base_url, sb.token))
    env.update(sandbox_content_env(sb.base_url, sb.token))
    return env
