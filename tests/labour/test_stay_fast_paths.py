"""The parts of stay control rewritten for speed, at their boundaries: the day of a crossing
(whole Kazakh calendar days, read from the instant on DuckDB and through ``epoch_seconds`` on
Spark), the cut-off at the Kazakh midnight that ends the day of the run, the permit valid during the
current stay (the latest end among permits issued by the day of the run), and the COPY of
the results into PostgreSQL, value for value."""

from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kosh.labour.models import StayStatus
from kosh.labour.services import STAY_FIELDS, stay_control_run

from .conftest import CROSSINGS, ON, PERSONS, WORK_PERMITS, write_snapshot
from .test_stay_pipeline import run

EDGE = date(2025, 6, 30)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def edges(tmp_path: Path) -> Path:
    """Crossings a millisecond either side of midnight in Kazakhstan (19:00 UTC, UTC+5),
    and permits around the entry."""
    folder = write_snapshot(
        tmp_path / "edges", persons=[(i, "UZB", None) for i in range(1, 9)], crossings=[],
        work_permits=[
            (5, "2025-01-01", "2025-12-31"), (5, "2025-02-01", "2025-03-01"),  # latest wins
            (6, "2025-06-01", "2025-06-10"),   # ends on the entry day: still valid
            (7, "2025-01-01", "2025-06-09"),   # ended the day before the entry
            (8, "2025-07-01", "2026-06-30")])  # issued after the day of the run
    rows = [
        (1, "2025-06-30 18:59:59.999", "entry"),  # the last millisecond of the day
        (2, "2025-06-30 19:00:00", "entry"),      # the next day: not yet seen
        (3, "2025-06-01 12:00:00", "entry"), (3, "2025-06-30 19:00:00", "exit"),
        (4, "2025-05-31 18:59:59.999", "entry"), (4, "2025-05-31 19:00:00", "exit"),
        (5, "2025-06-10 08:00:00", "entry"), (6, "2025-06-10 00:00:00", "entry"),
        (7, "2025-06-10 23:00:00", "entry"), (8, "2025-06-10 23:00:00", "entry")]
    pq.write_table(pa.table({
        "person_id": pa.array([r[0] for r in rows], pa.int64()),
        "at": pa.array([utc(r[1]) for r in rows], pa.timestamp("ms", tz="UTC")),
        "direction": [r[2] for r in rows],
        "checkpoint": ["Жібек жолы"] * len(rows),
        "country": ["UZB"] * len(rows)}), folder / "border_crossings.parquet")
    return folder


def test_a_crossing_counts_on_its_kazakh_day_up_to_midnight_ending_the_run_day(edges):
    frame = run(edges, EDGE)
    assert 2 not in frame.index  # crossed at 00:00 the day after: not in this run
    assert frame.loc[1, ["present", "entry_on", "days_in_stay", "used_180"]].tolist() \
        == [True, EDGE, 1, 1]
    # the exit at 00:00 the day after is not yet known: still in the country, day 30
    assert frame.loc[3, ["present", "days_in_stay", "status"]].tolist() == [True, 30, "warning"]
    # in at 23:59:59.999, out at 00:00 (Kazakh time): two days, 31 May and 1 June
    assert frame.loc[4, ["present", "used_180", "status"]].tolist() == [False, 2, "departed"]


def test_the_permit_valid_during_the_current_stay(edges):
    frame = run(edges, EDGE)
    assert frame.loc[5, "permit_until"] == date(2025, 12, 31)  # the latest of two
    assert frame.loc[6, "permit_until"] == date(2025, 6, 10)   # ends on the entry day
    assert pd.isna(frame.loc[7, "permit_until"])  # ended before the entry
    assert pd.isna(frame.loc[8, "permit_until"])  # issued after the day of the run
    # 30 days from the entry, at 23:00 UTC on 10 June: 04:00 on 11 June in Kazakhstan
    assert frame.loc[8, "allowed_until"] == date(2025, 7, 10)


@pytest.mark.spark
def test_spark_gives_the_same_results_at_the_edges(edges, spark_con):
    duck = run(edges, EDGE).reset_index(drop=True)
    spark = run(edges, EDGE, spark_con).reset_index(drop=True)
    for frame in (duck, spark):
        for col in ("notification_missed", "registration_missed", "fine_mci", "sanction",
                    "permit_until"):
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    pd.testing.assert_frame_equal(duck, spark, check_dtype=False)


@pytest.mark.django_db
def test_the_stored_rows_are_the_pipelines_value_for_value(tmp_path, actor_of):
    folder = write_snapshot(tmp_path / "n", persons=PERSONS, crossings=CROSSINGS,
                            work_permits=WORK_PERMITS,
                            notifications=[(5, "notification", "2025-04-11")])
    stay_control_run(actor=actor_of("admin", "cli"), folder=folder, on=ON, keep_departed=True)
    frame = run(folder, ON)
    stored = {r["person_id"]: r for r in StayStatus.objects.values(*STAY_FIELDS)}
    assert set(stored) == set(frame.index)
    for person, row in stored.items():
        expected = frame.loc[person]
        for field in STAY_FIELDS:
            value = expected[field]
            if pd.isna(value):
                value = "" if field in ("citizenship", "region", "sanction") else None
            assert row[field] == value, (person, field)
