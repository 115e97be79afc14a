"""Statuses of agencies' licences, work abroad and complaints, and the complaint's moves
(``services._complaint_move`` is the only place a complaint's status is assigned)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LicenceStatus(models.TextChoices):
    APPLIED = "applied", _("licence applied for")
    LICENSED = "licensed", _("licensed")
    REFUSED = "refused", _("licence refused")
    REVOKED = "revoked", _("licence revoked")


class WorkStatus(models.TextChoices):
    ABROAD = "abroad", _("working abroad")
    RETURNED = "returned", _("returned")


class ComplaintKind(models.TextChoices):
    WAGE_THEFT = "wage_theft", _("wages not paid")
    PASSPORT_WITHHELD = "passport_withheld", _("passport withheld")
    DETENTION = "detention", _("detention")
    ILLNESS = "illness", _("illness or injury")
    OTHER = "other", _("other violation")


class ComplaintStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    AT_MISSION = "at_mission", _("taken up by the mission")
    MISSION_REPORTED = "mission_reported", _("mission reported to the ministry")
    CLOSED = "closed", _("closed by the ministry")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_COMPLAINT = frozenset({ComplaintStatus.SUBMITTED, ComplaintStatus.AT_MISSION,
                            ComplaintStatus.MISSION_REPORTED})
AT_MISSION_STAGE = frozenset({ComplaintStatus.SUBMITTED, ComplaintStatus.AT_MISSION})


class Side(models.TextChoices):
    """Who makes a move: the mission of the country, the ministry, the citizen."""

    MISSION = "mission", _("mission")
    MINISTRY = "ministry", _("ministry")
    CITIZEN = "citizen", _("citizen")


TRANSITIONS: dict[tuple[str, str], Side] = {
    (ComplaintStatus.SUBMITTED, ComplaintStatus.AT_MISSION): Side.MISSION,
    (ComplaintStatus.AT_MISSION, ComplaintStatus.MISSION_REPORTED): Side.MISSION,
    (ComplaintStatus.SUBMITTED, ComplaintStatus.CLOSED): Side.MINISTRY,
    (ComplaintStatus.AT_MISSION, ComplaintStatus.CLOSED): Side.MINISTRY,
    (ComplaintStatus.MISSION_REPORTED, ComplaintStatus.CLOSED): Side.MINISTRY,
    (ComplaintStatus.SUBMITTED, ComplaintStatus.WITHDRAWN): Side.CITIZEN,
    (ComplaintStatus.AT_MISSION, ComplaintStatus.WITHDRAWN): Side.CITIZEN,
}
