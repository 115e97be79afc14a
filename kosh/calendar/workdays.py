"""Working days: Monday to Friday, except holidays, days off moved by a transfer and days
off rolled from a holiday on a weekend; plus the weekend days a transfer made working.
Read from ``days_off.yaml`` once per process."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

DATA = Path(__file__).resolve().parent / "days_off.yaml"
SATURDAY = 5


@dataclass(frozen=True)
class Calendar:
    """The days off on weekdays and the working weekend days of the years covered."""

    days_off: frozenset[date]
    working_weekend_days: frozenset[date]
    kurban_ait_years: frozenset[int]
    transfer_years: frozenset[int]


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _fixed_holidays(data: dict, year: int) -> list[tuple[date, bool]]:
    """The fixed holidays of ``year`` in force on their day, with whether they roll."""
    found = []
    for entry in data["fixed"]:
        month, day_of_month = (int(p) for p in entry["day"].split("-"))
        day = date(year, month, day_of_month)
        if _day(entry["from"]) <= day and ("until" not in entry or day <= _day(entry["until"])):
            found.append((day, bool(entry["rolls"])))
    return found


def _year_days_off(data: dict, year: int) -> set[date]:
    """Every day off of ``year`` that is not a Saturday or Sunday by itself."""
    holidays = _fixed_holidays(data, year)
    kurban = data["kurban_ait"].get(year)
    if kurban:
        holidays.append((_day(kurban["day"]), False))
    off = {day for day, _rolls in holidays}
    transfers = [t for t in data["transfers"] if int(t["year"]) == year]
    working = {_day(t["working_day"]) for t in transfers}
    off |= {_day(t["day_off"]) for t in transfers}
    # a rolling holiday on a weekend moves its day off to the next day that is neither a
    # weekend day nor already off (in order, so 1–2 January on Sat–Sun give Mon–Tue)
    for day, rolls in sorted(holidays):
        if rolls and day.weekday() >= SATURDAY:
            moved = day + timedelta(days=1)
            while moved.weekday() >= SATURDAY or moved in off:
                moved += timedelta(days=1)
            off.add(moved)
    return {day for day in off if day.weekday() < SATURDAY and day not in working}


@cache
def calendar_load(path: Path = DATA) -> Calendar:
    """The calendar of the years the data covers (fixed holidays: 2001 to 5 years after
    the last Kurban ait year; outside the Kurban ait years only fixed holidays count)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    kurban_years = {int(y) for y in data["kurban_ait"]}
    off: set[date] = set()
    for year in range(2002, max(kurban_years) + 6):
        off |= _year_days_off(data, year)
    working = {_day(t["working_day"]) for t in data["transfers"]}
    return Calendar(
        days_off=frozenset(off),
        working_weekend_days=frozenset(d for d in working if d.weekday() >= SATURDAY),
        kurban_ait_years=frozenset(kurban_years),
        transfer_years=frozenset(int(y) for y in data["transfers_known"]),
    )


@cache
def _numpy_holidays() -> np.ndarray:
    return np.array(sorted(calendar_load().days_off), dtype="datetime64[D]")


def is_working_day(day: date) -> bool:
    cal = calendar_load()
    if day in cal.working_weekend_days:
        return True
    return day.weekday() < SATURDAY and day not in cal.days_off


def working_days_add(start: date, days: int) -> date:
    """The day ``days`` working days after ``start``; a request made on a day off counts
    from the next working day (``days`` = 0 gives that day)."""
    day = start
    while not is_working_day(day):
        day += timedelta(days=1)
    for _ in range(days):
        day += timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days from ``start`` (included) to ``end`` (excluded); negative if earlier."""
    if end < start:
        return -working_days_between(end, start)
    count = int(np.busday_count(start, end, holidays=_numpy_holidays()))
    extra = sum(1 for d in calendar_load().working_weekend_days if start <= d < end)
    return count + extra
