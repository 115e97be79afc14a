"""Which persons an actor may see and change: the single place person scoping is decided.

| role              | sees                                                              |
|-------------------|-------------------------------------------------------------------|
| admin, migration  | everyone                                                          |
| labour officer    | persons holding a labour-related category (LABOUR_CATEGORIES)     |
| embassy officer   | persons whose current citizenship is the mission's country        |
| akimat officer    | persons whose current registration is in the officer's region    |
| employer          | persons the employer employs (through ``Employer.staff``)         |
| applicant         | their own record only                                             |
| analyst, auditor  | nobody (aggregates / the audit log only)                          |
"""

from django.db.models import Q

from kosh.access.policy import AccessDenied, Actor, Capability
from kosh.access.roles import Role

from .models import LABOUR_CATEGORIES

NOBODY = Q(pk__in=[])


def person_filter(actor: Actor) -> Q:
    """A ``Q`` over ``Person`` selecting exactly the persons the actor may see."""
    if not actor.can(Capability.VIEW_PERSON):
        return NOBODY
    match actor.role:
        case Role.ADMIN | Role.MIGRATION_OFFICER:
            return Q()
        case Role.LABOUR_OFFICER:
            return Q(pk__in=_category_holders(LABOUR_CATEGORIES))
        case Role.EMBASSY_OFFICER:
            return Q(citizenship_id=actor.mission_country_id)
        case Role.AKIMAT_OFFICER:
            return Q(region_id=actor.region_id)
        case Role.EMPLOYER:
            return Q(pk__in=_employees_of(actor))
        case Role.APPLICANT:
            return Q(account=actor.user)
    return NOBODY


def _category_holders(categories: frozenset[str]):
    from .models import PersonCategory

    return PersonCategory.objects.filter(
        category__in=categories, valid_to__isnull=True
    ).values("person_id")


def _employees_of(actor: Actor):
    from .models import Employment

    return Employment.objects.filter(
        employer__staff=actor.user, valid_to__isnull=True
    ).values("person_id")


def person_edit_require(actor: Actor) -> None:
    """Raise ``AccessDenied`` unless the actor may create or correct person records."""
    actor.require(Capability.EDIT_PERSON)


def sensitive_require(actor: Actor) -> None:
    """Raise unless the actor may see addresses over time and border crossings."""
    if not actor.can(Capability.VIEW_SENSITIVE):
        raise AccessDenied(Capability.VIEW_SENSITIVE)
