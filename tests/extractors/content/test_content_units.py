"""Pure pieces of the content extractors: content ids, insights parsing, paging guards."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from extractors.common.retry import TruncatedResponseError
from extractors.content.common import ContentAccount, horizon_start, snapshot_day
from extractors.content.ids import CONTENT_NAMESPACE, content_id
from extractors.meta.posts import insight_values, video_id_of
from extractors.tiktok.posts import video_pages


def test_content_id_is_uuid5_of_platform_and_post_id():
    cid = content_id("tiktok", "1725001000000000014")
    assert cid == str(uuid.uuid5(CONTENT_NAMESPACE, "tiktok:1725001000000000014"))
    assert uuid.UUID(cid).version == 5
    assert cid == content_id("tiktok", "1725001000000000014")
    assert content_id("instagram", "1725001000000000014") != cid


@pytest.mark.parametrize(("platform", "post_id"), [("youtube", "1"), ("tiktok", "")])
def test_content_id_refuses_unknown_platforms_and_empty_ids(platform, post_id):
    with pytest.raises(ValueError, match=r"platform|empty"):
        content_id(platform, post_id)


def test_insight_values_take_each_metrics_latest_value():
    body = {
        "data": [
            {"name": "post_impressions", "period": "lifetime", "values": [{"value": 10}]},
            {"name": "post_clicks", "period": "day", "values": [{"value": 1}, {"value": 4}]},
            {"name": "post_reactions_by_type_total", "values": [{"value": {"like": 3}}]},
            {"name": "empty", "values": []},
        ]
    }
    assert insight_values(body) == {
        "post_impressions": 10,
        "post_clicks": 4,
        "post_reactions_by_type_total": {"like": 3},
    }


def test_video_id_comes_from_a_video_attachment_only():
    video = {"attachments": {"data": [{"media_type": "video", "target": {"id": "99"}}]}}
    photo = {"attachments": {"data": [{"media_type": "photo", "target": {"id": "98"}}]}}
    assert video_id_of(video) == "99"
    assert video_id_of(photo) is None
    assert video_id_of({}) is None


def test_snapshot_day_and_horizon_are_account_local():
    bkk = ContentAccount("1", "Asia/Bangkok")
    la = ContentAccount("2", "America/Los_Angeles")
    at = datetime(2026, 11, 21, 20, tzinfo=UTC)  # 03:00 on the 22nd in Bangkok, noon in LA
    assert snapshot_day(bkk, at).isoformat() == "2026-11-22"
    assert snapshot_day(la, at).isoformat() == "2026-11-21"
    start = horizon_start(bkk, at, 2)
    assert start == datetime(2026, 11, 19, 17, tzinfo=UTC)  # midnight Bangkok, 2 days before
    assert horizon_start(bkk, at.replace(hour=23), 2) == start  # same local day, same horizon


class FakeTikTok:
    """Answers ``business/video/list`` from canned pages and records the cursors asked."""

    def __init__(self, pages: list[dict]) -> None:
        self.pages, self.cursors = pages, []

    def call(self, method, path, params, what=None):
        self.cursors.append(params.get("cursor"))
        return self.pages[len(self.cursors) - 1]


def test_video_pages_follow_the_cursor_until_has_more_is_false():
    fake = FakeTikTok(
        [
            {"videos": [{"item_id": "1"}], "has_more": True, "cursor": 1},
            {"videos": [{"item_id": "2"}], "has_more": False, "cursor": 2},
        ]
    )
    pages = list(video_pages(fake, "b", 1))  # type: ignore[arg-type]
    assert pages == [[{"item_id": "1"}], [{"item_id": "2"}]]
    assert fake.cursors == [None, 1]


def test_video_pages_refuse_has_more_without_a_new_cursor():
    fake = FakeTikTok(
        [
            {"videos": [{"item_id": "1"}], "has_more": True, "cursor": 1},
            {"videos": [{"item_id": "2"}], "has_more": True, "cursor": 1},
        ]
    )
    with pytest.raises(TruncatedResponseError, match="without a new cursor"):
        list(video_pages(fake, "b", 1))  # type: ignore[arg-type]
