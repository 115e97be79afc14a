"""The day a border crossing counts on is its calendar day in Kazakh legal time
(``stay/legal_day_utc_offset_hours``: UTC+6 until 00:00 on 01.03.2024, UTC+5 after), by
epoch arithmetic on DuckDB and Spark alike, and the run sees the crossings up to the end of
its day in that time."""

from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kosh.labour.pipelines import day_number, legal_day_end, legal_day_number
from kosh.labour.rules import stay_rules

from .conftest import write_snapshot
from .test_stay_pipeline import run

AFTER = date(2025, 6, 30)   # UTC+5: the day changes at 19:00 UTC
BEFORE = date(2024, 2, 20)  # UTC+6: the day changes at 18:00 UTC


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def legal(tmp_path: Path) -> Path:
    """Entries either side of the Kazakh midnight, before and after the switch."""
    rows = [
        (1, "2025-06-29 18:59:59", "entry"),  # 23:59:59 on 29 June in Kazakhstan
        (2, "2025-06-29 19:00:00", "entry"),  # 00:00 on 30 June
        (3, "2025-06-30 18:59:59", "entry"),  # the last second of the run's day: seen
        (4, "2025-06-30 19:00:00", "entry"),  # 00:00 on 1 July: not yet seen
        (5, "2025-05-31 20:00:00", "entry"),  # 01:00 on 1 June: 30 days end on 30 June
        (6, "2024-02-10 17:59:59", "entry"),  # UTC+6: 23:59:59 on 10 February
        (7, "2024-02-10 18:00:00", "entry"),  # 00:00 on 11 February
        (8, "2024-02-20 18:00:00", "entry"),  # 00:00 on 21 February: after the run's day
        (9, "2024-02-09 18:30:00", "entry"), (9, "2024-02-10 17:30:00", "exit"),  # 1 day
    ]
    folder = write_snapshot(tmp_path / "legal", persons=[(i, "UZB", None) for i in range(1, 10)],
                            crossings=[])
    pq.write_table(pa.table({
        "person_id": pa.array([r[0] for r in rows], pa.int64()),
        "at": pa.array([utc(r[1]) for r in rows], pa.timestamp("us", tz="UTC")),
        "direction": [r[2] for r in rows],
        "checkpoint": ["Жібек жолы"] * len(rows),
        "country": ["UZB"] * len(rows)}), folder / "border_crossings.parquet")
    return folder


def test_the_offset_is_dated_data():
    assert stay_rules(AFTER).utc_offsets == ((utc("2012-01-20 18:00"), 6),
                                             (utc("2024-02-29 18:00"), 5))


@pytest.mark.parametrize(("at", "day"), [
    ("2025-06-29 18:59:59", date(2025, 6, 29)), ("2025-06-29 19:00:00", date(2025, 6, 30)),
    ("2024-02-10 17:59:59", date(2024, 2, 10)), ("2024-02-10 18:00:00", date(2024, 2, 11)),
    # the switch: 00:00 on 1 March (UTC+6) became 23:00 on 29 February (UTC+5)
    ("2024-02-29 17:59:59", date(2024, 2, 29)), ("2024-02-29 18:00:00", date(2024, 2, 29)),
    ("2024-02-29 18:59:59", date(2024, 2, 29)), ("2024-02-29 19:00:00", date(2024, 3, 1))])
def test_legal_day_of_an_instant(at, day):
    assert legal_day_number(utc(at), stay_rules(AFTER)) == day_number(day)


@pytest.mark.parametrize(("on", "end"), [
    (date(2025, 6, 30), "2025-06-30 19:00"), (date(2024, 2, 20), "2024-02-20 18:00"),
    (date(2024, 2, 29), "2024-02-29 19:00"),  # the 25-hour day of the switch
    (date(2024, 3, 1), "2024-03-01 19:00")])
def test_the_run_sees_crossings_up_to_the_end_of_its_kazakh_day(on, end):
    assert legal_day_end(on, stay_rules(on)) == utc(end)


def test_after_the_switch_the_day_changes_at_19_utc(legal):
    frame = run(legal, AFTER)
    assert frame.loc[1, "entry_on"] == date(2025, 6, 29)
    assert frame.loc[1, "days_in_stay"] == 2
    assert frame.loc[2, "entry_on"] == AFTER
    assert frame.loc[3, "entry_on"] == AFTER   # 18:59:59 UTC on the run's day: seen
    assert 4 not in frame.index                # 19:00 UTC: the next day in Kazakhstan


def test_before_the_switch_the_day_changes_at_18_utc(legal):
    frame = run(legal, BEFORE)
    assert frame.loc[6, "entry_on"] == date(2024, 2, 10)
    assert frame.loc[7, "entry_on"] == date(2024, 2, 11)
    assert 8 not in frame.index
    # in at 00:30 on 10 February, out at 23:30 the same day (UTC: 9 and 10 February)
    assert frame.loc[9, ["present", "used_180"]].tolist() == [False, 1]


def test_an_entry_late_in_the_utc_evening_is_not_an_overstay_a_day_early(legal):
    """Entered at 01:00 on 1 June in Kazakhstan (20:00 UTC on 31 May): the 30 days run to
    30 June, so on 30 June no day is over (counted from the UTC day, 1 day over)."""
    row = run(legal, AFTER).loc[5]
    assert row["entry_on"] == date(2025, 6, 1)
    assert row["allowed_until"] == AFTER
    assert [row["overstay_days"], row["days_left"], row["status"]] == [0, 0, "warning"]


@pytest.mark.spark
@pytest.mark.parametrize("on", [AFTER, BEFORE])
def test_spark_counts_the_same_legal_days(legal, spark_con, on):
    duck = run(legal, on).reset_index(drop=True)
    spark = run(legal, on, spark_con).reset_index(drop=True)
    for frame in (duck, spark):
        for col in ("notification_missed", "registration_missed", "fine_mci", "sanction",
                    "permit_until"):
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    pd.testing.assert_frame_equal(duck, spark, check_dtype=False)
