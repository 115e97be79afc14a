"""Who may see and act on which cases: the single place case access is decided.

| role              | sees                                                  | may              |
|-------------------|-------------------------------------------------------|------------------|
| admin             | every case                                            | everything       |
| migration officer | cases of the instruments the MIA decides              | register, decide |
| embassy officer   | those cases of citizens of the mission's country      | register, decide |
| labour officer    | cases of the instruments labour bodies decide         | decide           |
| applicant         | own cases (the person linked to the login)            | apply, withdraw  |
| others            | none                                                  | —                |
"""

from datetime import date

from django.db.models import Q
from openfisca_core.errors import ParameterNotFound

from kosh.access.policy import AccessDenied, Actor, Capability
from kosh.access.roles import Role
from kosh.identity.models import Person
from kosh.identity.permissions import protected_persons
from kosh.identity.selectors import person_scope
from kosh.rules.system import parameter_value

from .models import Case
from .registry import INSTRUMENTS, instrument_get

NOBODY = Q(pk__in=[])


def instruments_decided_by(role: Role | None) -> list[str]:
    """Codes of the instruments a role decides."""
    return sorted(code for code, inst in INSTRUMENTS.items() if role in inst.deciding_roles)


def case_filter(actor: Actor) -> Q:
    """A ``Q`` over ``Case`` selecting exactly the cases the actor may see."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.can(Capability.VIEW_CASES):
        scope = Q(instrument__in=instruments_decided_by(actor.role))
        if actor.role == Role.EMBASSY_OFFICER:  # never a person who sought asylum
            scope &= Q(applicant__citizenship_id=actor.mission_country_id) & ~Q(
                applicant__in=protected_persons())
        return scope
    if actor.can(Capability.APPLY) and actor.user is not None:
        return Q(applicant__account=actor.user)
    return NOBODY


def is_own_case(actor: Actor, case: Case) -> bool:
    return (
        actor.can(Capability.APPLY) and actor.user is not None
        and case.applicant.account_id == actor.user.pk
    )


def can_decide(actor: Actor, case: Case) -> bool:
    """May the actor take, question and decide this case (already in the actor's scope)?"""
    if not actor.can(Capability.DECIDE_CASES):
        return False
    return actor.role == Role.ADMIN or actor.role in instrument_get(case.instrument).deciding_roles


def capability_applies(actor: Actor, case: Case, capability: Capability) -> bool:
    """Does ``capability`` let the actor act on this case (ownership or deciding role)?"""
    if capability == Capability.APPLY:
        return is_own_case(actor, case)
    if capability == Capability.DECIDE_CASES:
        return can_decide(actor, case)
    return actor.can(capability)


def decide_require(actor: Actor, case: Case) -> None:
    if not can_decide(actor, case):
        raise AccessDenied(Capability.DECIDE_CASES)


def registered_by_officer(case: Case) -> bool:
    """Was the case registered by an officer on the applicant's behalf (a paper
    application), rather than submitted by the applicant?"""
    return case.submitted_by_id is not None and case.submitted_by_id != case.applicant.account_id


def four_eyes_required(case: Case, on: date) -> bool:
    """Must a second officer decide this case? Yes for a paper application when the dated
    parameter ``case_engine.four_eyes.<instrument>`` says so on ``on`` (and, for an
    instrument without the parameter, always)."""
    if not registered_by_officer(case):
        return False
    try:
        return bool(parameter_value(f"case_engine.four_eyes.{case.instrument}", on))
    except (KeyError, ParameterNotFound):
        return True


def four_eyes_blocks(actor: Actor, case: Case, on: date) -> bool:
    """Is the actor the officer who registered a case that a second officer must decide?"""
    return (actor.user is not None and case.submitted_by_id == actor.user.pk
            and four_eyes_required(case, on))


def applicant_for(actor: Actor, person_id: int | None) -> Person:
    """The person an application is made for: a person in the actor's scope when an
    officer registers it on their behalf, else the actor's own record."""
    if person_id is not None and actor.can(Capability.REGISTER_CASES):
        return person_scope(actor).get(pk=person_id)
    own = (
        Person.objects.filter(account=actor.user).first()
        if actor.can(Capability.APPLY) and actor.user is not None else None
    )
    if own is None or person_id not in (None, own.pk):
        raise AccessDenied(Capability.APPLY)
    return own
