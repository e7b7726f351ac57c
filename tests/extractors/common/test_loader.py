from datetime import UTC, date, datetime
from decimal import Decimal

import pyarrow as pa
import pytest

from extractors.common.loader import load_table
from extractors.common.schemas import META_ADS_INSIGHTS, META_CAMPAIGNS
from extractors.common.warehouse import LoadScope

T0 = datetime(2026, 11, 20, 12, tzinfo=UTC)


def insight_rows(rows: list[tuple[str, str, str, str]]) -> pa.Table:
    """rows: (date, account, ad, spend)"""
    n = len(rows)
    cols = {f.name: [None] * n for f in META_ADS_INSIGHTS.columns}
    cols["date_day"] = [date.fromisoformat(r[0]) for r in rows]
    cols["account_id"] = [r[1] for r in rows]
    cols["ad_id"] = [r[2] for r in rows]
    cols["spend"] = [None if r[3] is None else Decimal(r[3]) for r in rows]
    cols["impressions"] = [100] * n
    cols["currency_code"] = ["THB"] * n
    cols["raw_json"] = [f'{{"ad_id": "{r[2]}"}}' for r in rows]
    cols["_loaded_at"] = [T0] * n
    cols["_source"] = ["test"] * n
    loose = pa.schema([f.with_nullable(True) for f in META_ADS_INSIGHTS.columns])
    return pa.table(cols, schema=loose)


def spend_by_key(wh) -> dict[tuple[str, str, str], Decimal]:
    t = wh.query("select date_day, account_id, ad_id, spend from raw.meta_ads_insights")
    return {(str(d), a, ad): s for d, a, ad, s in zip(*(t[c].to_pylist() for c in t.column_names))}


def test_partition_overwrite_is_idempotent_and_replaces_late_attribution(warehouse):
    scope = LoadScope("1", date(2026, 11, 1), date(2026, 11, 2))
    first = insight_rows([("2026-11-01", "1", "a", "10"), ("2026-11-02", "1", "a", "20")])
    load_table(warehouse, META_ADS_INSIGHTS, first, source="t", scope=scope)
    load_table(warehouse, META_ADS_INSIGHTS, first, source="t", scope=scope)
    assert len(spend_by_key(warehouse)) == 2
    # the re-pull restates day 2 and day 1 no longer has delivery
    second = insight_rows([("2026-11-02", "1", "a", "25.5")])
    res = load_table(warehouse, META_ADS_INSIGHTS, second, source="t", scope=scope)
    assert res.rows_deleted == 2 and res.rows_loaded == 1
    assert spend_by_key(warehouse) == {("2026-11-02", "1", "a"): Decimal("25.5")}


def test_overwrite_touches_only_its_account_and_window(warehouse):
    other = insight_rows([("2026-11-01", "2", "b", "5"), ("2026-10-31", "1", "a", "7")])
    load_table(
        warehouse,
        META_ADS_INSIGHTS,
        other.slice(0, 1),
        source="t",
        scope=LoadScope("2", date(2026, 11, 1), date(2026, 11, 1)),
    )
    load_table(
        warehouse,
        META_ADS_INSIGHTS,
        other.slice(1, 1),
        source="t",
        scope=LoadScope("1", date(2026, 10, 31), date(2026, 10, 31)),
    )
    load_table(
        warehouse,
        META_ADS_INSIGHTS,
        insight_rows([("2026-11-01", "1", "a", "1")]),
        source="t",
        scope=LoadScope("1", date(2026, 11, 1), date(2026, 11, 1)),
    )
    assert spend_by_key(warehouse) == {
        ("2026-11-01", "2", "b"): Decimal("5"),
        ("2026-10-31", "1", "a"): Decimal("7"),
        ("2026-11-01", "1", "a"): Decimal("1"),
    }


def test_bad_rows_are_quarantined_with_reasons_and_good_rows_load(warehouse):
    scope = LoadScope("1", date(2026, 11, 1), date(2026, 11, 2))
    batch = insight_rows(
        [
            ("2026-11-01", "1", "a", "1"),
            ("2026-11-01", "1", None, "2"),  # null key
            ("2026-11-05", "1", "b", "3"),  # outside the window
            ("2026-11-01", "9", "c", "4"),  # another account
            ("2026-11-01", "1", "a", "5"),  # duplicate key
        ]
    )
    res = load_table(warehouse, META_ADS_INSIGHTS, batch, source="GET act_1/insights", scope=scope)
    assert (res.rows_loaded, res.rows_quarantined) == (1, 4)
    assert spend_by_key(warehouse) == {("2026-11-01", "1", "a"): Decimal("1")}
    q = warehouse.query("select reason, source from ops.quarantine order by reason").to_pylist()
    reasons = [r["reason"] for r in q]
    assert reasons[0].startswith("ad_id is null")
    assert reasons[1].startswith("duplicate primary key")
    assert all(r.startswith("outside the extracted window") for r in reasons[2:])
    assert {r["source"] for r in q} == {"GET act_1/insights"}
    # quarantine ids are deterministic: the same bad load twice keeps 4 rows, not 8
    load_table(warehouse, META_ADS_INSIGHTS, batch, source="GET act_1/insights", scope=scope)
    assert warehouse.query("select count(*) n from ops.quarantine")["n"][0].as_py() == 4


def test_every_load_is_recorded_in_sync_state(warehouse):
    scope = LoadScope("1", date(2026, 11, 1), date(2026, 11, 1))
    load_table(
        warehouse,
        META_ADS_INSIGHTS,
        insight_rows([("2026-11-01", "1", "a", "1")]),
        source="s",
        scope=scope,
    )
    row = warehouse.query("select * from ops.sync_state").to_pylist()[0]
    assert row["target_table"] == "raw.meta_ads_insights"
    assert (row["rows_loaded"], row["window_start"]) == (1, date(2026, 11, 1))


def test_partition_overwrite_without_scope_is_refused(warehouse):
    with pytest.raises(ValueError, match="pass the scope"):
        load_table(warehouse, META_ADS_INSIGHTS, insight_rows([]), source="t")


def test_merge_upserts_on_primary_key(warehouse):
    def camp(cid: str, name: str) -> pa.Table:
        cols = {f.name: [None] for f in META_CAMPAIGNS.columns}
        cols.update(
            campaign_id=[cid],
            account_id=["1"],
            campaign_name=[name],
            raw_json=["{}"],
            _loaded_at=[T0],
            _source=["t"],
        )
        return pa.table(
            cols, schema=pa.schema([f.with_nullable(True) for f in META_CAMPAIGNS.columns])
        )

    load_table(warehouse, META_CAMPAIGNS, camp("c1", "old"), source="t")
    load_table(warehouse, META_CAMPAIGNS, camp("c2", "other"), source="t")
    res = load_table(warehouse, META_CAMPAIGNS, camp("c1", "new"), source="t")
    assert res.rows_deleted == 1
    t = warehouse.query("select campaign_id, campaign_name from raw.meta_campaigns").to_pydict()
    names = dict(zip(t["campaign_id"], t["campaign_name"], strict=True))
    assert names == {"c1": "new", "c2": "other"}


def test_missing_column_is_a_programming_error(warehouse):
    with pytest.raises(ValueError, match="batch lacks columns"):
        load_table(warehouse, META_CAMPAIGNS, pa.table({"campaign_id": ["x"]}), source="t")
