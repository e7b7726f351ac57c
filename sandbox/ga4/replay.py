"""Replay the recorded GA4 sample as an export: one ``events_YYYYMMDD.jsonl`` per day.

``../shared/data/ga4/events_sample.jsonl`` holds 460 rows of Google's public obfuscated GA4
e-commerce export (``bigquery-public-data.ga4_obfuscated_sample_ecommerce``, Nov 2020 – Jan 2021)
in the export's JSON shape, all days in one file. Split by ``event_date`` into the export layout,
every line byte-for-byte unchanged, it loads through exactly the path the simulated export takes.
The public dataset does not name its property: its web stream id (2100450278) stands in
(``config/ga4.replay.yml``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path

from sandbox.ga4.export import dataset_dir

SAMPLE_PROPERTY_ID = "2100450278"
SAMPLE_RELATIVE = Path("ga4") / "events_sample.jsonl"
"""The sample's path inside the shared data folder."""


def write_replay(
    sample: Path, out: Path, property_id: str = SAMPLE_PROPERTY_ID
) -> dict[date, Path]:
    """Split ``sample`` by ``event_date`` into ``<out>/analytics_<property_id>/`` daily files.

    Returns:
        Day → file written, in day order.

    Raises:
        ValueError: a line is not a JSON object with an ``event_date`` of 8 digits (names the
            line number).
    """
    by_day: dict[str, list[bytes]] = defaultdict(list)
    with sample.open("rb") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            day = json.loads(line).get("event_date") if line.lstrip().startswith(b"{") else None
            if not (isinstance(day, str) and len(day) == 8 and day.isdigit()):
                raise ValueError(f"{sample}:{n}: no event_date YYYYMMDD in this line")
            by_day[day].append(line if line.endswith(b"\n") else line + b"\n")
    folder = dataset_dir(out, property_id)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for day in sorted(by_day):
        path = folder / f"events_{day}.jsonl"
        path.write_bytes(b"".join(by_day[day]))
        written[date(int(day[:4]), int(day[4:6]), int(day[6:]))] = path
    return written
