"""Environment for ``make run`` / ``make dev``: point the content accounts at the sandbox.

The sandbox accepts the run's token for every API, so each token variable that
``config/content.yml`` names is set to it, and the TikTok Accounts API host to the sandbox (the
same host as the Business API). For the demo only; production sets real secrets.
"""

from __future__ import annotations

from config.content import PLATFORMS, ContentConfig, load_content
from orchestration.lib.settings import REPO_ROOT

REPLAY_CONTENT = REPO_ROOT / "config" / "content.replay.yml"
"""Content file of replay mode: no content accounts (the recordings have no organic posts)."""


def sandbox_content_env(
    base_url: str, token: str, cfg: ContentConfig | None = None
) -> dict[str, str]:
    """Variables that make the content accounts of ``cfg`` sync from the sandbox at ``base_url``.

    Args:
        base_url: the sandbox's URL.
        token: the sandbox's access token.
        cfg: the content file (default ``config/content.yml``).
    """
    cfg = cfg or load_content()
    env = {"ADPILOT_TIKTOK_API_URL": base_url}
    for platform in PLATFORMS:
        section = cfg.platform(platform)
        if section is not None:
            env[section.access_token_env] = token
    return env
