"""Kazakhstan's working-day calendar: Kurban ait, transfers of days off, working
Saturdays, holidays rolled from a weekend, and the data's own sources."""

from datetime import date

import pytest
import yaml

from kosh.calendar.workdays import (
    DATA,
    calendar_load,
    is_working_day,
    working_days_add,
    working_days_between,
)


def test_a_kurban_ait_day_is_not_a_working_day():
    assert not is_working_day(date(2024, 6, 17))  # a Monday
    assert not is_working_day(date(2026, 5, 27))  # a Wednesday
    assert is_working_day(date(2026, 5, 28))


def test_a_transferred_day_off_is_not_a_working_day():
    assert not is_working_day(date(2024, 5, 8))  # Wednesday, moved from Saturday 4 May
    assert not is_working_day(date(2023, 7, 7))  # Friday, moved from Saturday 1 July


def test_a_transferred_working_saturday_is_a_working_day():
    assert is_working_day(date(2024, 5, 4))
    assert is_working_day(date(2023, 7, 1))
    assert not is_working_day(date(2024, 5, 11))  # an ordinary Saturday
    assert working_days_add(date(2024, 5, 3), 1) == date(2024, 5, 4)
    assert working_days_between(date(2024, 5, 1), date(2024, 5, 13)) == 5  # 2,3,4,6,10


def test_a_holiday_on_a_weekend_rolls_to_the_next_working_day():
    assert not is_working_day(date(2025, 10, 27))  # Republic Day on Saturday 25 October
    assert not is_working_day(date(2024, 3, 25))  # Nauryz 23 March 2024 was a Saturday
    assert is_working_day(date(2023, 1, 9))  # Christmas on Saturday 7 January: no roll


def test_the_calendar_covers_2023_to_2027_and_every_value_has_a_source():
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    cal = calendar_load()
    for year in range(2023, 2028):
        assert year in cal.kurban_ait_years and year in cal.transfer_years
        assert data["kurban_ait"][year]["source"]
    assert all(t["source"] for t in data["transfers"])
    assert data["kurban_ait"][2027]["verified"] is False


@pytest.mark.parametrize(("start", "days", "expected"), [
    (date(2026, 11, 27), 5, date(2026, 12, 4)),
    (date(2024, 6, 14), 1, date(2024, 6, 18)),  # Friday → over Kurban ait Monday
    (date(2024, 6, 16), 0, date(2024, 6, 18)),  # a request on a Sunday before it
])
def test_working_days_add(start, days, expected):
    assert working_days_add(start, days) == expected
    assert working_days_between(start, expected) == days or days == 0
