"""The alert webhook sensor against a local HTTP receiver (http.server in a thread)."""

import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from extractors.common.warehouse import DuckDBWarehouse
from orchestration.defs.alerts import build_defs
from orchestration.defs.alerts.resources import URL_ENV, AlertWebhookResource
from orchestration.defs.alerts.sensors import SENSOR_NAME
from orchestration.lib.warehouse import WarehouseResource

SECRET = "T0000/B0000/s3cr3tT0k3n"


@dataclass
class Receiver:
    """A webhook receiver answering from ``statuses`` in turn (the last one repeats)."""

    statuses: list[int] = field(default_factory=lambda: [200])
    bodies: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    content_types: list[str] = field(default_factory=list)
    url: str = ""

    def next_status(self) -> int:
        """The status for the next request."""
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    rec = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            rec.bodies.append(json.loads(raw))
            rec.paths.append(self.path)
            rec.content_types.append(self.headers["Content-Type"])
            status = rec.next_status()
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"ok" if status < 300 else b"nope")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    rec.url = f"http://127.0.0.1:{server.server_address[1]}/services/{SECRET}"
    yield rec
    server.shutdown()
    server.server_close()


ALERT_COLUMNS = """
    alert_evaluation_id varchar, alert_id varchar, alert_type varchar, severity varchar,
    object_level varchar, object_id varchar, platform varchar, account_id varchar,
    account_name varchar, campaign_id varchar, campaign_name varchar, ad_group_id varchar,
    ad_id varchar, owner varchar, currency_code varchar, title varchar, description varchar,
    metric varchar, recommended_action varchar, metric_value decimal(38, 9),
    threshold decimal(38, 9), recommended_change_pct decimal(38, 9),
    potential_margin_gain_thb decimal(38, 9), days_in_condition bigint, is_current boolean,
    condition_started_on date, date_day date
"""


def alert(alert_id: str, day: date, *, current: bool = True, severity: str = "warning") -> tuple:
    """One marts.alerts row (a roas_low campaign alert)."""
    return (
        f"{alert_id}-{day}", alert_id, "roas_low", severity, "campaign", "c1", "meta", "7010",
        "TH account", "c1", "ผลิตภัณฑ์ C1", None, None, "alice", "THB",
        f"ROAS low on {alert_id}", "window ROAS 1.2 < 2.0", "roas", "review",
        "1.2", "2.0", None, None, 2, current, date(2024, 3, 1), day,
    )  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    with DuckDBWarehouse(path) as wh:
        wh.execute("create schema marts")
        wh.execute(f"create table marts.alerts ({ALERT_COLUMNS})")
        rows = [
            alert("a1", date(2024, 3, 2), current=False),  # yesterday's evaluation of a1
            alert("a1", date(2024, 3, 3)),
            alert("a2", date(2024, 3, 3), severity="critical"),
            alert("a3", date(2024, 3, 2), current=False),  # an alert that has ended
        ]
        marks = ", ".join(["?"] * len(rows[0]))
        for row in rows:
            wh.execute(f"insert into marts.alerts values ({marks})", list(row))
    return path


def evaluate(db: Path, **webhook: Any) -> dg.SkipReason:
    """One evaluation of the sensor as registered by ``build_defs`` (backoff 0: no waiting)."""
    (sensor,) = [s for s in build_defs().sensors or [] if s.name == SENSOR_NAME]
    resources = {
        "alert_webhook": AlertWebhookResource(retry_base_delay_s=0, **webhook),
        "warehouse": WarehouseResource(duckdb_path=str(db)),
    }
    with dg.build_sensor_context(resources=resources) as context:
        result = sensor(context)
    assert isinstance(result, dg.SkipReason)
    return result


def ledger(db: Path) -> list[dict[str, Any]]:
    with DuckDBWarehouse(db, read_only=True) as wh:
        sql = "select * from ops.alert_deliveries order by sent_at, alert_id"
        return wh.query(sql).to_pylist()


def test_without_a_url_the_sensor_skips_naming_the_variable_and_writes_nothing(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(URL_ENV, raising=False)
    result = evaluate(db)
    assert URL_ENV in (result.skip_message or "")
    with DuckDBWarehouse(db, read_only=True) as wh:
        assert not wh.table_exists("ops.alert_deliveries")


def test_current_alerts_are_posted_once_as_json_and_a_second_tick_sends_nothing(
    db: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(URL_ENV, receiver.url)
    first = evaluate(db)
    assert [b["alert_id"] for b in receiver.bodies] == ["a2", "a1"]  # critical first
    a1 = receiver.bodies[1]
    assert a1["date_day"] == "2024-03-03" and a1["metric_value"] == 1.2
    assert a1["campaign_name"] == "ผลิตภัณฑ์ C1" and a1["text"] == "[warning] ROAS low on a1"
    assert receiver.content_types[0].startswith("application/json")
    assert "2 delivered" in (first.skip_message or "")
    rows = ledger(db)
    assert [(r["alert_id"], r["outcome"], r["http_status"], r["attempts"]) for r in rows] == [
        ("a2", "delivered", 200, 1),
        ("a1", "delivered", 200, 1),
    ]
    assert all(r["sent_at"].utcoffset().total_seconds() == 0 for r in rows)
    assert {r["endpoint_host"] for r in rows} == {receiver.url.split("/services")[0]}

    second = evaluate(db)
    assert len(receiver.bodies) == 2
    assert second.skip_message == "no new alert"
    assert len(ledger(db)) == 2


def test_a_failing_then_succeeding_receiver_gets_the_alert_within_one_tick(
    db: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(URL_ENV, receiver.url)
    receiver.statuses = [503, 429, 200]
    evaluate(db, max_alerts_per_tick=1)
    assert [b["alert_id"] for b in receiver.bodies] == ["a2", "a2", "a2"]
    (row,) = ledger(db)
    assert (row["outcome"], row["http_status"], row["attempts"]) == ("delivered", 200, 3)
    assert row["error"] is None and row["response"] == "ok"


def test_an_alert_whose_retries_run_out_is_tried_again_at_the_next_tick(
    db: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(URL_ENV, receiver.url)
    receiver.statuses = [500, 500, 500, 200]
    first = evaluate(db, max_attempts=3, max_alerts_per_tick=1)
    assert "1 failed" in (first.skip_message or "")
    evaluate(db, max_attempts=3, max_alerts_per_tick=1)
    rows = ledger(db)
    assert [(r["alert_id"], r["outcome"], r["http_status"], r["attempts"]) for r in rows] == [
        ("a2", "failed", 500, 3),
        ("a2", "delivered", 200, 1),
    ]
    assert rows[0]["response"] == "nope" and rows[0]["error"] == "HTTP 500"


def test_a_rejected_alert_is_recorded_and_never_posted_again(
    db: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(URL_ENV, receiver.url)
    receiver.statuses = [400, 200]
    evaluate(db, max_alerts_per_tick=1)  # a2 rejected without retries
    evaluate(db, max_alerts_per_tick=1)  # a1 delivered; a2 not sent again
    evaluate(db, max_alerts_per_tick=1)
    assert [b["alert_id"] for b in receiver.bodies] == ["a2", "a1"]
    assert [(r["alert_id"], r["outcome"], r["attempts"]) for r in ledger(db)] == [
        ("a2", "rejected", 1),
        ("a1", "delivered", 1),
    ]


def test_an_unreachable_webhook_keeps_its_url_out_of_logs_and_the_ledger(
    db: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"http://127.0.0.1:9/services/{SECRET}"  # port 9 (discard): connection refused
    monkeypatch.setenv(URL_ENV, url)
    with caplog.at_level(logging.DEBUG):
        result = evaluate(db, max_attempts=2, max_alerts_per_tick=1)
    (row,) = ledger(db)
    assert (row["outcome"], row["http_status"], row["attempts"]) == ("failed", None, 2)
    assert "ConnectionError" in row["error"]
    shown = " ".join([caplog.text, json.dumps(row, default=str), result.skip_message or ""])
    assert SECRET not in shown and "s3cr3t" not in shown
    assert "127.0.0.1:9" in shown  # the host is fine to show
