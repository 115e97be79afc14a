"""Working days, expected decision dates and SLA colours.

Working days are Monday to Friday except the fixed-date public holidays of the Law "On
holidays in the Republic of Kazakhstan" (13.12.2001): 1–2 January, 7 January, 8 March,
21–23 March (Nauryz), 1, 7 and 9 May, 6 July, 30 August, 25 October, 16 December.
Kurban Ait (moving) and the Government's transfers of days off are not modelled."""

from datetime import date, timedelta
from functools import cache

import numpy as np
from django.db import models
from django.utils.translation import gettext_lazy as _

FIXED_HOLIDAYS = ((1, 1), (1, 2), (1, 7), (3, 8), (3, 21), (3, 22), (3, 23), (5, 1), (5, 7),
                  (5, 9), (7, 6), (8, 30), (10, 25), (12, 16))
DUE_SOON_WORKING_DAYS = 2


class Sla(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    DUE_SOON = "due_soon", _("due soon")
    OVERDUE = "overdue", _("overdue")
    CLOSED = "closed", _("closed")


@cache
def _calendar(first_year: int, last_year: int) -> np.busdaycalendar:
    holidays = [date(y, m, d) for y in range(first_year, last_year + 1)
                for m, d in FIXED_HOLIDAYS]
    return np.busdaycalendar(holidays=np.array(holidays, dtype="datetime64[D]"))


def _cal(*days: date) -> np.busdaycalendar:
    years = [d.year for d in days]
    return _calendar(min(years) - 1, max(years) + 2)


def working_days_add(start: date, days: int) -> date:
    """The day ``days`` working days after ``start`` (a request on a holiday counts from
    the next working day)."""
    result = np.busday_offset(start, days, roll="forward", busdaycal=_cal(start))
    return result.astype(object)


def working_days_between(start: date, end: date) -> int:
    """Working days from ``start`` (included) to ``end`` (excluded); negative if earlier."""
    return int(np.busday_count(start, end, busdaycal=_cal(start, end)))


def sla_of(*, expected: date, today: date, is_open: bool) -> Sla:
    if not is_open:
        return Sla.CLOSED
    if today > expected:
        return Sla.OVERDUE
    if working_days_between(today, expected + timedelta(days=1)) <= DUE_SOON_WORKING_DAYS + 1:
        return Sla.DUE_SOON
    return Sla.ON_TRACK
