"""Fixtures of the labour tests: small Parquet snapshots written by hand, each row a
boundary of the stay rules."""

from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def at(day: str, hour: int = 12) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time()).replace(
        hour=hour, tzinfo=UTC)


def write_snapshot(folder: Path, *, persons: list[tuple], crossings: list[tuple],
                   work_permits: list[tuple] = (), household_permits: list[tuple] = (),
                   notifications: list[tuple] | None = None) -> Path:
    """persons: (id, citizenship, region or None); crossings: (person_id, day, direction,
    checkpoint); permits: (person_id, issued_on, valid_until); notifications: (person_id,
    kind, day)."""
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({
        "id": pa.array([p[0] for p in persons], pa.int64()),
        "citizenship": [p[1] for p in persons],
        "region": pa.array([p[2] for p in persons], pa.string()),
        "segment": ["visitor"] * len(persons)}), folder / "persons.parquet")
    pq.write_table(pa.table({
        "person_id": pa.array([c[0] for c in crossings], pa.int64()),
        "at": pa.array([at(c[1]) for c in crossings], pa.timestamp("us", tz="UTC")),
        "direction": [c[2] for c in crossings],
        "checkpoint": [c[3] if len(c) > 3 else "Жібек жолы" for c in crossings],
        "country": ["UZB"] * len(crossings)}), folder / "border_crossings.parquet")
    for name, rows in (("work_permits", work_permits), ("household_permits", household_permits)):
        pq.write_table(pa.table({
            "person_id": pa.array([r[0] for r in rows], pa.int64()),
            "issued_on": pa.array([date.fromisoformat(r[1]) for r in rows], pa.date32()),
            "valid_until": pa.array([date.fromisoformat(r[2]) for r in rows], pa.date32())}),
            folder / f"{name}.parquet")
    if notifications is not None:
        pq.write_table(pa.table({
            "person_id": pa.array([n[0] for n in notifications], pa.int64()),
            "kind": [n[1] for n in notifications],
            "on": pa.array([date.fromisoformat(n[2]) for n in notifications], pa.date32())}),
            folder / "stay_notifications.parquet")
    return folder


#: On 2025-06-30: person → (citizenship, crossings, what the test expects)
ON = date(2025, 6, 30)
PERSONS = [
    (1, "UZB", None), (2, "UZB", None), (3, "UZB", None), (4, "UZB", None), (5, "RUS", None),
    (7, "UZB", None), (6, "RUS", "710000000"), (9, "UZB", "750000000"), (10, "TJK", None),
    (11, "KGZ", None),
    (12, "CHN", None), (13, "IND", None),
]
CROSSINGS = [
    (1, "2025-06-01", "entry"),                       # day 30 today: 0 days over
    (2, "2025-05-31", "entry"),                       # 1 day over: warning
    (3, "2025-05-28", "entry"),                       # 4 days over: 10 MCI fine
    (4, "2025-05-26", "entry"),                       # 6 days over: fine and/or expulsion
    (7, "2025-05-29", "entry"),                       # 3 days over: still a warning
    (5, "2025-04-10", "entry", "Сырым"),              # EAEU: 82 days, 8 left
    (6, "2024-12-20", "entry", "Петропавл"), (6, "2025-01-20", "exit", "Петропавл"),
    (6, "2025-05-01", "entry", "Петропавл"),          # 19 + 61 days in the window
    (9, "2025-03-01", "entry"),                       # a work permit to 2025-12-31
    (10, "2025-03-01", "entry"), (10, "2025-04-01", "entry"),   # an entry without exit
    (10, "2025-04-05", "exit"),
    (11, "2025-02-01", "exit", "Қордай"),             # an exit without entry
    (12, "2025-06-20", "entry", "Қорғас"),            # China, visa-free since 2023-11-10
    (13, "2025-06-25", "entry", "Алматы әуежайы"),    # visa required, none known
]
WORK_PERMITS = [(9, "2025-03-01", "2025-12-31"), (13, "2020-01-01", "2020-12-31")]
