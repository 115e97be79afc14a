"""Who sees which complaints and who makes which move: the one place it is decided.

| role              | complaints seen                         | moves            |
|-------------------|-----------------------------------------|------------------|
| admin             | all                                     | every side       |
| labour (ministry) | all                                     | ministry         |
| embassy (mission) | those in the mission's country          | mission          |
| applicant         | own (as the citizen or as the filer)    | citizen          |
"""

from django.db.models import Q

from kosh.access.policy import AccessDenied, Actor, Capability
from kosh.access.roles import Role

from .models import Complaint
from .statuses import Side

NOBODY = Q(pk__in=[])


def complaint_filter(actor: Actor) -> Q:
    """A ``Q`` over ``Complaint`` selecting exactly the complaints the actor may see."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.can(Capability.HANDLE_COMPLAINTS):
        if actor.role == Role.EMBASSY_OFFICER:
            return Q(country_id=actor.mission_country_id)
        return Q()
    if actor.can(Capability.APPLY) and actor.user is not None:
        return Q(person__account=actor.user) | Q(filed_by=actor.user)
    return NOBODY


def sides_of(actor: Actor, complaint: Complaint) -> set[Side]:
    """The sides the actor acts for on this complaint (already in scope)."""
    if actor.role == Role.ADMIN:
        return set(Side)
    sides: set[Side] = set()
    if actor.can(Capability.HANDLE_COMPLAINTS):
        if actor.role == Role.EMBASSY_OFFICER:
            if complaint.country_id == actor.mission_country_id:
                sides.add(Side.MISSION)
        else:
            sides.add(Side.MINISTRY)
    if actor.user is not None and actor.can(Capability.APPLY) and (
            complaint.filed_by_id == actor.user.pk
            or (complaint.person is not None
                and complaint.person.account_id == actor.user.pk)):
        sides.add(Side.CITIZEN)
    return sides


def emigrants_require(actor: Actor) -> None:
    """Raise unless the actor licenses agencies and keeps the register (MLSP, admin)."""
    if not actor.can(Capability.MANAGE_EMIGRANTS):
        raise AccessDenied(Capability.MANAGE_EMIGRANTS)
