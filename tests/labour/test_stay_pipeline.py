"""Stay control at the boundaries of the rules, on hand-written snapshots (DuckDB), and the
same pipeline on Spark with identical results."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from kosh.analytics.backends import duckdb_connect
from kosh.labour.pipelines import snapshot_tables, stay_control, stay_frame
from kosh.labour.rules import stay_rules

from .conftest import CROSSINGS, ON, PERSONS, WORK_PERMITS, write_snapshot


def run(folder: Path, on: date, con=None) -> pd.DataFrame:
    con = con or duckdb_connect()
    frame = stay_frame(stay_control(snapshot_tables(con, folder), stay_rules(on)).to_pandas())
    return frame.set_index("person_id", drop=False)


@pytest.fixture
def nation(tmp_path: Path) -> Path:
    return write_snapshot(tmp_path / "nation", persons=PERSONS, crossings=CROSSINGS,
                          work_permits=WORK_PERMITS,
                          notifications=[(5, "notification", "2025-04-11")])


def test_overstay_of_zero_days_is_a_warning_before_the_breach(nation):
    row = run(nation, ON).loc[1]
    assert (row.days_in_stay, row.overstay_days, row.days_left) == (30, 0, 0)
    assert row.status == "warning" and row.allowed_until == ON and pd.isna(row.sanction)


@pytest.mark.parametrize(("person", "over", "sanction", "fine"), [
    (2, 1, "warning", None), (7, 3, "warning", None), (3, 4, "fine", 10),
    (4, 6, "fine_or_expulsion", None)])
def test_overstay_sanction_by_days_over(nation, person, over, sanction, fine):
    row = run(nation, ON).loc[person]
    assert row.status == "overstay" and row.overstay_days == over
    assert row.sanction == sanction
    assert (None if pd.isna(row.fine_mci) else int(row.fine_mci)) == fine


def test_eaeu_citizen_has_90_in_180_and_no_30_day_limit(nation):
    frame = run(nation, ON)
    assert frame.loc[5, ["regime", "days_in_stay", "used_180", "days_left", "status"]].tolist() \
        == ["eaeu", 82, 82, 8, "ok"]
    # 2024-12-20..2025-01-20 counts from 2025-01-02 (19 days), then 61 days from 1 May
    assert frame.loc[6, ["used_180", "days_left", "status"]].tolist() == [80, 10, "ok"]
    assert frame.loc[6, "region"] == "710000000"  # the registry's region wins
    assert frame.loc[5, "region"] == "270000000"  # else the checkpoint's (Сырым)


def test_a_permit_extends_the_stay(nation):
    row = run(nation, ON).loc[9]
    assert row.days_in_stay == 122 and row.status == "ok"
    assert row.allowed_until == date(2025, 12, 31) and row.days_left == 184


def test_unmatched_crossings_are_reported_not_crashed(nation):
    frame = run(nation, ON)
    assert frame.loc[10, ["entries_without_exit", "exits_without_entry", "status"]].tolist() \
        == [1, 0, "departed"]
    assert frame.loc[11, ["entries_without_exit", "exits_without_entry", "status"]].tolist() \
        == [0, 1, "departed"]
    assert frame.loc[11, "citizenship"] == "KGZ"


def test_china_is_visa_free_and_visa_required_citizens_without_permit_are_flagged(nation):
    frame = run(nation, ON)
    assert frame.loc[12, ["regime", "days_left", "status"]].tolist() == ["visa_free", 19, "ok"]
    assert frame.loc[13, ["regime", "status"]].tolist() == ["visa", "no_permit"]


def test_host_notification_missed_after_three_working_days(nation):
    frame = run(nation, ON)
    assert bool(frame.loc[5, "notification_missed"]) is False
    assert bool(frame.loc[1, "notification_missed"]) is True
    assert not frame.registration_missed.any()  # no registration duty before 2026-07-01


def test_registration_by_day_30_for_eaeu_citizens_from_2026_07_01(tmp_path):
    folder = write_snapshot(tmp_path / "n", persons=[(1, "RUS", None), (2, "RUS", None),
                                                      (3, "UZB", None)],
                            crossings=[(1, "2026-07-01", "entry"), (2, "2026-07-01", "entry"),
                                       (3, "2026-08-10", "entry")],
                            notifications=[(2, "registration", "2026-07-20")])
    frame = run(folder, date(2026, 7, 31))
    assert frame.loc[1, "registration_missed"] and not frame.loc[2, "registration_missed"]
    assert frame.loc[1, "days_in_stay"] == 31
    assert run(folder, date(2026, 7, 30)).loc[1, "registration_missed"] == False  # noqa: E712


def test_a_stay_spanning_the_2023_01_27_change(tmp_path):
    folder = write_snapshot(tmp_path / "n", persons=[(1, "UZB", None), (2, "RUS", None),
                                                      (3, "CHN", None)],
                            crossings=[(1, "2022-12-01", "entry"), (1, "2022-12-25", "exit"),
                                       (1, "2023-01-20", "entry"), (2, "2022-10-01", "entry"),
                                       (3, "2023-02-10", "entry")])
    on = date(2023, 2, 20)
    frame = run(folder, on)
    # 30 days per entry still ends on 18 February; only days from 27 January count in 180
    assert frame.loc[1, ["used_180", "overstay_days", "sanction"]].tolist() == [25, 2, "warning"]
    assert frame.loc[2, ["used_180", "days_left", "status"]].tolist() == [25, 65, "ok"]
    assert frame.loc[3, "status"] == "no_permit"  # China needed a visa before 2023-11-10
    before = run(folder, date(2023, 1, 26))
    assert before.loc[1, ["limit_180", "days_left", "status"]].tolist() == [0, 23, "ok"]


@pytest.mark.spark
def test_spark_gives_the_same_results(nation, spark_con):
    duck = run(nation, ON).reset_index(drop=True)
    spark = run(nation, ON, spark_con).reset_index(drop=True)
    for frame in (duck, spark):
        for col in ("notification_missed", "registration_missed", "fine_mci", "sanction"):
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    pd.testing.assert_frame_equal(duck, spark, check_dtype=False)
