"""GA4 on BigQuery (local emulator): a property's export read in place beside loaded files.

The export dataset ``analytics_123456`` holds a daily table (two sessions' events, structs with
more fields than adpilot reads) and an intraday table that must be ignored; ``raw.ga4_events``
holds a file-loaded property's events. ``stg_ga4__events`` unions both and
``int_ga4__sessions`` sessionizes them. Marked ``bigquery``: ``make test`` deselects it, ``make
test-bigquery`` runs it (it needs ``.bqemulator-venv``).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from google.cloud import bigquery

from extractors.common.bigquery import BigQueryWarehouse
from extractors.common.bigquery_sql import BigQueryConfig
from extractors.ga4.settings import ExportProperty
from extractors.ga4.sync import sync_events
from tests.bigquery.dbt_twin import bigquery_env, run_dbt_bigquery
from tests.bigquery.emulator import EMULATOR_PYTHON, running_emulator
from tests.dbt.test_dbt_ga4 import SELECT as DUCKDB_SELECT

pytestmark = pytest.mark.bigquery

PREFIX = "ga4_"
IN_PLACE = "123456"
FILES = ExportProperty("910000002", "THB", "Asia/Bangkok")
# the DuckDB GA4 tests' models and their tests, but the two kinds of test the emulator cannot run
SELECT = [
    *DUCKDB_SELECT,
    "--exclude",
    "test_name:accepted_values",
    "test_name:relationships",
]


def _param(key: str, value: object) -> str:
    s = f"'{value}'" if isinstance(value, str) else "cast(null as string)"
    i = str(value) if isinstance(value, int) else "cast(null as int64)"
    d = str(value) if isinstance(value, float) else "cast(null as float64)"
    return (
        f"struct('{key}' as key, struct({s} as string_value, {i} as int_value, "
        f"cast(null as float64) as float_value, {d} as double_value) as value)"
    )


def _event(
    day: str,
    ts: int,
    name: str,
    user: str,
    params: dict,
    *,
    utm: str | None = None,
    transaction: str | None = None,
    revenue: float | None = None,
) -> str:
    p = ", ".join(_param(k, v) for k, v in params.items())
    src = f"'{utm}'" if utm else "cast(null as string)"
    med = "'cpc'" if utm else "cast(null as string)"
    tid = f"'{transaction}'" if transaction else "cast(null as string)"
    rev = str(revenue) if revenue is not None else "cast(null as float64)"
    return f"""select '{day}' as event_date, {ts} as event_timestamp, '{name}' as event_name,
        [{p}] as event_params, '{user}' as user_pseudo_id, cast(null as string) as user_id,
        '99' as stream_id, 'WEB' as platform,
        struct('mobile' as category, 'iOS' as operating_system, 'v-1' as vendor_id,
               'th-th' as language, struct('Safari' as browser, '17' as browser_version)
               as web_info) as device,
        struct('Thailand' as country, 'Bangkok' as region, 'Bangkok' as city) as geo,
        struct('google' as source, 'organic' as medium, '(organic)' as name) as traffic_source,
        struct({src} as manual_source, {med} as manual_medium,
               cast(null as string) as manual_campaign_name, cast(null as string)
               as manual_content, cast(null as string) as manual_term,
               cast(null as string) as gclid, cast(null as string) as srsltid)
               as collected_traffic_source,
        struct({tid} as transaction_id, {rev} as purchase_revenue,
               cast(null as float64) as purchase_revenue_in_usd,
               cast(null as float64) as shipping_value, cast(null as float64) as tax_value,
               cast(null as int64) as total_item_quantity, cast(null as int64) as unique_items,
               cast(null as float64) as refund_value) as ecommerce"""


BKK_0302 = int(datetime(2026, 3, 2, tzinfo=ZoneInfo("Asia/Bangkok")).timestamp()) * 1_000_000
"""2026-03-02 00:00 in Bangkok, in UTC microseconds."""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not EMULATOR_PYTHON.exists():
        pytest.skip("no .bqemulator-venv: run `make test-bigquery`")
    work = tmp_path_factory.mktemp("dbt_ga4_bq")
    with running_emulator(work / "emulator") as emu:
        cfg = BigQueryConfig(project=emu.project, dataset_prefix=PREFIX, api_endpoint=emu.url)
        with BigQueryWarehouse(cfg) as wh:
            files = work / "files" / FILES.dataset
            files.mkdir(parents=True)
            events = [
                {
                    "event_date": "20260302",
                    "event_timestamp": BKK_0302 + h * 3_600_000_000,
                    "event_name": "page_view",
                    "user_pseudo_id": f"f{h}",
                    "event_params": [{"key": "ga_session_id", "value": {"int_value": h}}],
                }
                for h in (9, 10)
            ]
            (files / "events_20260302.jsonl").write_text(
                "".join(json.dumps(e) + "\n" for e in events)
            )
            sync_events(wh, work / "files", FILES, date(2026, 3, 2), date(2026, 3, 2))
            wh.client.create_dataset(bigquery.Dataset(f"{emu.project}.analytics_{IN_PLACE}"))
            t0 = BKK_0302 + 10 * 3_600_000_000
            daily = " union all ".join(
                [
                    _event(
                        "20260302", t0, "session_start", "x", {"ga_session_id": 7}, utm="google"
                    ),
                    _event(
                        "20260302",
                        t0 + 1,
                        "page_view",
                        "x",
                        {"ga_session_id": 7, "page_location": "https://s.example/p?gclid=1"},
                    ),
                    _event(
                        "20260302",
                        t0 + 60_000_000,
                        "purchase",
                        "x",
                        {"ga_session_id": 7, "currency": "THB", "value": 890.0},
                        transaction="T1",
                        revenue=890.0,
                    ),
                    _event(
                        "20260302",
                        t0 + 7_200_000_000,
                        "page_view",
                        "y",
                        {"ga_session_id": 8, "source": "newsletter", "medium": "email"},
                    ),
                ]
            )
            ds = f"`{emu.project}.analytics_{IN_PLACE}`"
            wh.execute(f"create table {ds}.events_20260302 as {daily}")
            wh.execute(
                f"create table {ds}.events_intraday_20260303 as "
                + _event("20260303", t0 + 86_400_000_000, "page_view", "z", {"ga_session_id": 9})
            )
        env = {
            **bigquery_env(emu, PREFIX),
            "ADPILOT_GA4_BIGQUERY_PROPERTY_IDS": IN_PLACE,
            "ADPILOT_GA4_EXPORT_PROJECT": emu.project,
        }
        run = run_dbt_bigquery(["build", *SELECT], work, env)
        assert run.returncode == 0, run.output[-4000:]
        with BigQueryWarehouse(cfg) as wh:
            stg = wh.query(
                f"select property_id, event_name, session_id, source, "
                f"purchase_revenue, currency_code, export_table_suffix "
                f"from `{emu.project}.{PREFIX}staging.stg_ga4__events`",
                dialect="bigquery",
            ).to_pylist()
            sessions = wh.query(
                f"select property_id, user_pseudo_id, source, medium, "
                f"channel_group, transactions, purchase_revenue, currency_code, "
                f"purchase_revenue_thb, session_date from `{emu.project}."
                f"{PREFIX}intermediate.int_ga4__sessions`",
                dialect="bigquery",
            ).to_pylist()
    return stg, sessions


def test_the_in_place_export_and_the_loaded_files_stage_together_without_the_intraday_table(built):
    stg, _ = built
    by_property = {}
    for r in stg:
        by_property.setdefault(r["property_id"], []).append(r)
    assert sorted(by_property) == [IN_PLACE, FILES.property_id]
    assert len(by_property[IN_PLACE]) == 4  # events_intraday_20260303 is not read
    assert {r["export_table_suffix"] for r in by_property[IN_PLACE]} == {"20260302"}
    purchase = next(r for r in by_property[IN_PLACE] if r["event_name"] == "purchase")
    assert purchase["purchase_revenue"] == Decimal(890)
    assert purchase["currency_code"] == "THB"  # the event's currency param: no property config
    assert len(by_property[FILES.property_id]) == 2


def test_sessions_of_the_in_place_export_get_source_channel_and_revenue_on_bigquery(built):
    _, sessions = built
    got = {(r["property_id"], r["user_pseudo_id"]): r for r in sessions}
    x = got[(IN_PLACE, "x")]
    assert (x["source"], x["medium"], x["channel_group"]) == ("google", "cpc", "Paid Search")
    assert (x["transactions"], x["purchase_revenue"], x["currency_code"]) == (
        1,
        Decimal(890),
        "THB",
    )
    assert x["purchase_revenue_thb"] == Decimal(890)
    y = got[(IN_PLACE, "y")]
    assert (y["source"], y["channel_group"]) == ("newsletter", "Email")
    assert {k for k in got if k[0] == FILES.property_id} == {
        (FILES.property_id, "f9"),
        (FILES.property_id, "f10"),
    }
    assert all(r["session_date"] == date(2026, 3, 2) for r in sessions)
