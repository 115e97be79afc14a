"""Working days, expected decision dates and SLA colours."""

from datetime import date

from kosh.cases.deadlines import Sla, sla_of, working_days_add, working_days_between


def test_working_days_skip_weekends_and_public_holidays():
    assert working_days_add(date(2026, 11, 27), 5) == date(2026, 12, 4)  # Fri → Fri
    assert working_days_add(date(2026, 12, 14), 5) == date(2026, 12, 22)  # 16 Dec holiday
    # Nauryz 21–23 Mar 2027; the 21st is a Sunday, so its day off rolls to Wed 24th
    assert working_days_add(date(2027, 3, 19), 1) == date(2027, 3, 25)
    assert working_days_between(date(2026, 11, 27), date(2026, 12, 4)) == 5


def test_sla_colours():
    today = date(2026, 11, 27)
    assert sla_of(expected=date(2026, 12, 10), today=today, is_open=True) == Sla.ON_TRACK
    assert sla_of(expected=date(2026, 12, 1), today=today, is_open=True) == Sla.DUE_SOON
    assert sla_of(expected=date(2026, 11, 26), today=today, is_open=True) == Sla.OVERDUE
    assert sla_of(expected=date(2026, 11, 26), today=today, is_open=False) == Sla.CLOSED
