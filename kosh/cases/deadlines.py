"""Expected decision dates and SLA colours, counted in working days of Kazakhstan's
calendar (:mod:`kosh.calendar.workdays`: fixed holidays, Kurban ait by year, transfers of
days off by government decree or ministry order, as dated data with sources)."""

from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from kosh.calendar.workdays import working_days_add, working_days_between

DUE_SOON_WORKING_DAYS = 2

__all__ = ["DUE_SOON_WORKING_DAYS", "Sla", "sla_of", "working_days_add",
           "working_days_between"]


class Sla(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    DUE_SOON = "due_soon", _("due soon")
    OVERDUE = "overdue", _("overdue")
    CLOSED = "closed", _("closed")


def sla_of(*, expected: date, today: date, is_open: bool) -> Sla:
    if not is_open:
        return Sla.CLOSED
    if today > expected:
        return Sla.OVERDUE
    if working_days_between(today, expected + timedelta(days=1)) <= DUE_SOON_WORKING_DAYS + 1:
        return Sla.DUE_SOON
    return Sla.ON_TRACK
