"""The stable identity of a content item across platforms.

``content_id = uuid5(CONTENT_NAMESPACE, "<platform>:<platform_post_id>")`` — RFC 4122 name-based
UUID (SHA-1), so the same post always gets the same id, in every warehouse and every run, without
a lookup table; different platforms can never collide. The platform post id is the form the ads
name: Facebook ``{page_id}_{post_id}`` (``object_story_id``), the Instagram media id
(``effective_instagram_media_id``), the TikTok item id (``tiktok_item_id``).
"""

from __future__ import annotations

import uuid
from typing import Literal

ContentPlatform = Literal["facebook", "instagram", "tiktok"]
CONTENT_PLATFORMS: tuple[ContentPlatform, ...] = ("facebook", "instagram", "tiktok")

CONTENT_NAMESPACE = uuid.UUID("5d2f6a0e-2b53-5c1a-9a7e-1c0ad9f0c0de")
"""Namespace of content ids (fixed forever: changing it changes every content_id)."""


def content_id(platform: str, platform_post_id: str) -> str:
    """The content item's UUID (lower-case, hyphenated text).

    Args:
        platform: ``facebook``, ``instagram`` or ``tiktok``.
        platform_post_id: the platform's id of the post (see the module docstring).

    Raises:
        ValueError: unknown platform or an empty id.
    """
    if platform not in CONTENT_PLATFORMS:
        raise ValueError(f"platform must be one of {CONTENT_PLATFORMS}, got {platform!r}")
    if not platform_post_id:
        raise ValueError("platform_post_id is empty")
    return str(uuid.uuid5(CONTENT_NAMESPACE, f"{platform}:{platform_post_id}"))
