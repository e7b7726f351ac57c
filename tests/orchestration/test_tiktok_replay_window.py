"""The replay demo's window covers the recorded days of the accounts it syncs, nothing more."""

from orchestration.run import REPLAY_ACCOUNTS, replay_window, synced_account_ids

INFO = {
    "insights_span": {"start": "2019-11-13", "end": "2024-01-01"},
    "accounts": [
        {
            "platform": "meta",
            "account_id": "239804476908866",
            "insights_since": "2019-11-13",
            "insights_until": "2019-11-13",
        },
        {
            "platform": "meta",
            "account_id": "1700252260223815",
            "insights_since": "2020-12-02",
            "insights_until": "2020-12-14",
        },
        {
            "platform": "tiktok",
            "account_id": "7002238017842757633",
            "insights_since": "2022-03-28",
            "insights_until": "2024-01-01",
        },
    ],
}


def test_the_window_spans_only_the_synced_accounts_recordings():
    keys = replay_window(INFO, {"239804476908866", "1700252260223815"})
    assert (keys.start, keys.end) == ("2019-11-13", "2020-12-14")


def test_without_a_selection_or_a_match_the_whole_served_span_is_used():
    assert (replay_window(INFO).start, replay_window(INFO).end) == ("2019-11-13", "2024-01-01")
    assert replay_window(INFO, {"nobody"}).end == "2024-01-01"


def test_the_replay_accounts_file_syncs_the_meta_recordings_only():
    ids = synced_account_ids(REPLAY_ACCOUNTS)
    assert ids == {"239804476908866", "249732255070226", "1700252260223815"}
