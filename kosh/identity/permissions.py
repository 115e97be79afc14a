"""Which persons an actor may see and change: the single place person scoping is decided.

| role              | sees                                                              |
|-------------------|-------------------------------------------------------------------|
| admin, migration, | everyone                                                          |
| asylum officer    |                                                                   |
| labour officer    | persons holding a labour-related category (LABOUR_CATEGORIES)     |
| embassy officer   | persons whose current citizenship is the mission's country, never |
|                   | a person who ever applied for asylum or holds refugee status      |
| akimat officer    | persons whose current registration is in the officer's region    |
| employer          | persons the employer employs (through ``Employer.staff``)         |
| applicant         | their own record only                                             |
| analyst, auditor  | nobody (aggregates / the audit log only)                          |

Asylum facts (the categories in ``PROTECTED_CATEGORIES``, asylum and statelessness files)
are shown only to actors with ``manage_asylum`` (the asylum unit): ``category_filter`` and
``asylum_require`` decide it here too.
"""

from django.db.models import Q

from kosh.access.policy import AccessDenied, Actor, Capability
from kosh.access.roles import Role

from .models import LABOUR_CATEGORIES, PROTECTED_CATEGORIES

NOBODY = Q(pk__in=[])


def person_filter(actor: Actor) -> Q:
    """A ``Q`` over ``Person`` selecting exactly the persons the actor may see."""
    if not actor.can(Capability.VIEW_PERSON):
        return NOBODY
    match actor.role:
        case Role.ADMIN | Role.MIGRATION_OFFICER | Role.ASYLUM_OFFICER:
            return Q()
        case Role.LABOUR_OFFICER:
            return Q(pk__in=_category_holders(LABOUR_CATEGORIES))
        case Role.EMBASSY_OFFICER:
            return Q(citizenship_id=actor.mission_country_id) & ~Q(
                pk__in=protected_persons())
        case Role.AKIMAT_OFFICER:
            return Q(region_id=actor.region_id)
        case Role.EMPLOYER:
            return Q(pk__in=_employees_of(actor))
        case Role.APPLICANT:
            return Q(account=actor.user)
    return NOBODY


def protected_persons():
    """Ids of persons who ever applied for asylum or held refugee status (any time): the
    fact must never reach an embassy officer, so they are outside every mission's scope."""
    from .models import PersonCategory

    return PersonCategory.objects.filter(category__in=PROTECTED_CATEGORIES).values(
        "person_id")


def category_filter(actor: Actor) -> Q:
    """A ``Q`` over ``PersonCategory``: the categories the actor may see on a card (asylum
    facts only for the asylum unit)."""
    if actor.can(Capability.MANAGE_ASYLUM):
        return Q()
    return ~Q(category__in=PROTECTED_CATEGORIES)


def asylum_require(actor: Actor) -> None:
    """Raise ``AccessDenied`` unless the actor belongs to the asylum unit (or is admin)."""
    actor.require(Capability.MANAGE_ASYLUM)


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
