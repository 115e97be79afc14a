"""The access policy: who the acting user is, and what each role may do.

Every view, API endpoint and command builds an ``Actor`` once (``actor_for``) and passes it
to selectors and services, which ask this module; no view decides access by itself. Which
*persons* an actor may see is answered by ``kosh.identity.permissions`` from the same
``Actor``."""

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from .roles import Role


class Capability(StrEnum):
    SEARCH_PERSONS = "search_persons"
    VIEW_PERSON = "view_person"
    EDIT_PERSON = "edit_person"
    IMPORT_PERSONS = "import_persons"
    VIEW_SENSITIVE = "view_sensitive"
    VIEW_AUDIT = "view_audit"
    VIEW_AGGREGATES = "view_aggregates"
    APPLY = "apply"  # submit and follow one's own applications
    REGISTER_CASES = "register_cases"  # take an application on a person's behalf
    VIEW_CASES = "view_cases"
    DECIDE_CASES = "decide_cases"
    RUN_WHATIF = "run_whatif"
    VIEW_QUOTAS = "view_quotas"  # quota sets and the ledger's balances
    PROPOSE_QUOTAS = "propose_quotas"  # draft and adjust a quota set
    APPROVE_QUOTAS = "approve_quotas"  # approve (publish) a quota set: a responsible official
    DRAW_QUOTAS = "draw_quotas"  # reserve, issue and release places of a quota
    VIEW_SETTLEMENT = "view_settlement"  # kandas and resettler families in scope
    SETTLEMENT_ONE_WINDOW = "settlement_one_window"  # register a kandas family at a mission
    SETTLEMENT_REGION = "settlement_region"  # receive families, grant support, certificates
    CONFIRM_JOBS = "confirm_jobs"  # an employer confirms a settler's job
    REQUEST_WORK_PERMITS = "request_work_permits"  # an employer's staff: declare staff, request
    DECIDE_WORK_PERMITS = "decide_work_permits"  # grant, refuse, cancel work permits (region)
    REGISTER_HOUSEHOLD_PERMITS = "register_household_permits"  # household-worker permits, tax
    VIEW_STAY = "view_stay"  # the stay-control worklist (region)
    RUN_STAY_CONTROL = "run_stay_control"  # run stay control, the household permits' daily run
    MANAGE_ASYLUM = "manage_asylum"  # asylum and statelessness files: the asylum unit only
    MANAGE_EMIGRANTS = "manage_emigrants"  # work abroad, agency licences (MLSP)
    HANDLE_COMPLAINTS = "handle_complaints"  # complaints of citizens abroad (MLSP, mission)
    REPORT_PROGRESS = "report_progress"  # action-plan progress and external indicator values
    LINK_RECORDS = "link_records"  # run record linkage and review its proposals


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.ADMIN: frozenset(Capability),
    Role.MIGRATION_OFFICER: frozenset(
        {
            Capability.SEARCH_PERSONS, Capability.VIEW_PERSON, Capability.EDIT_PERSON,
            Capability.IMPORT_PERSONS, Capability.VIEW_SENSITIVE, Capability.VIEW_AGGREGATES,
            Capability.REGISTER_CASES, Capability.VIEW_CASES, Capability.DECIDE_CASES,
            Capability.VIEW_QUOTAS, Capability.DRAW_QUOTAS,
            Capability.VIEW_SETTLEMENT, Capability.SETTLEMENT_REGION,
        }
    ),
    Role.LABOUR_OFFICER: frozenset(
        {
            Capability.SEARCH_PERSONS, Capability.VIEW_PERSON, Capability.EDIT_PERSON,
            Capability.VIEW_AGGREGATES, Capability.VIEW_CASES, Capability.DECIDE_CASES,
            Capability.VIEW_QUOTAS, Capability.PROPOSE_QUOTAS, Capability.APPROVE_QUOTAS,
            Capability.DRAW_QUOTAS,
            Capability.VIEW_SETTLEMENT, Capability.SETTLEMENT_REGION,
            Capability.MANAGE_EMIGRANTS, Capability.HANDLE_COMPLAINTS,
        }
    ),
    Role.EMBASSY_OFFICER: frozenset(
        {Capability.SEARCH_PERSONS, Capability.VIEW_PERSON, Capability.EDIT_PERSON,
         Capability.REGISTER_CASES, Capability.VIEW_CASES, Capability.DECIDE_CASES,
         Capability.VIEW_QUOTAS, Capability.DRAW_QUOTAS,
         Capability.VIEW_SETTLEMENT, Capability.SETTLEMENT_ONE_WINDOW,
         Capability.HANDLE_COMPLAINTS}
    ),
    Role.AKIMAT_OFFICER: frozenset(
        {Capability.SEARCH_PERSONS, Capability.VIEW_PERSON, Capability.VIEW_AGGREGATES,
         Capability.VIEW_QUOTAS,
         Capability.VIEW_SETTLEMENT}
    ),
    Role.EMPLOYER: frozenset({Capability.SEARCH_PERSONS, Capability.VIEW_PERSON,
                              Capability.CONFIRM_JOBS}),
    Role.APPLICANT: frozenset({Capability.VIEW_PERSON, Capability.APPLY}),
    Role.ANALYST: frozenset({Capability.VIEW_AGGREGATES, Capability.RUN_WHATIF,
                             Capability.VIEW_QUOTAS, Capability.PROPOSE_QUOTAS}),
    Role.AUDITOR: frozenset({Capability.VIEW_AUDIT}),
    Role.ASYLUM_OFFICER: frozenset(
        {Capability.SEARCH_PERSONS, Capability.VIEW_PERSON, Capability.EDIT_PERSON,
         Capability.MANAGE_ASYLUM}
    ),
}
# foreign labour and stay control (kosh/labour)
ROLE_CAPABILITIES[Role.EMPLOYER] |= {Capability.REQUEST_WORK_PERMITS}
ROLE_CAPABILITIES[Role.LABOUR_OFFICER] |= {Capability.DECIDE_WORK_PERMITS, Capability.VIEW_STAY,
                                           Capability.REGISTER_HOUSEHOLD_PERMITS}
ROLE_CAPABILITIES[Role.MIGRATION_OFFICER] |= {Capability.VIEW_STAY,
                                              Capability.REGISTER_HOUSEHOLD_PERMITS}
ROLE_CAPABILITIES[Role.APPLICANT] |= {Capability.REGISTER_HOUSEHOLD_PERMITS}
# Monitoring: the responsible bodies' officers report on the action plan (docs/monitoring.md).
for _role in (Role.MIGRATION_OFFICER, Role.LABOUR_OFFICER, Role.AKIMAT_OFFICER):
    ROLE_CAPABILITIES[_role] = ROLE_CAPABILITIES[_role] | {Capability.REPORT_PROGRESS}


class AccessDenied(Exception):
    """Raised by services and selectors; views turn it into 403 in the user's language
    and record it in the audit log (``kosh.access.refusals``). The refused object may be
    named here; otherwise the refusal is recorded against the record the URL names."""

    def __init__(self, capability: str, detail: str = "", *, object_type: str = "",
                 object_id: object = "", person_id: int | None = None) -> None:
        super().__init__(f"not allowed: {capability} {detail}".strip())
        self.capability = capability
        self.object_type = object_type
        self.object_id = object_id
        self.person_id = person_id


@dataclass(frozen=True)
class Actor:
    """The acting user with role and scope, resolved once per request."""

    user: AbstractBaseUser | None
    role: Role | None
    region_id: str | None = None
    mission_country_id: str | None = None
    channel: str = "console"

    @property
    def username(self) -> str:
        return self.user.get_username() if self.user is not None else "system"

    def can(self, capability: Capability) -> bool:
        return self.role is not None and capability in ROLE_CAPABILITIES[self.role]

    def require(self, capability: Capability) -> None:
        if not self.can(capability):
            raise AccessDenied(capability)


def actor_for(user: AbstractBaseUser | AnonymousUser | None, *, channel: str = "console") -> Actor:
    """Resolve the actor for a user. A superuser without a profile acts as administrator;
    a user without a profile has no role and may do nothing."""
    if user is None or not user.is_authenticated:
        return Actor(user=None, role=None, channel=channel)
    profile = getattr(user, "profile", None)
    if profile is None:
        return Actor(user=user, role=Role.ADMIN if user.is_superuser else None, channel=channel)
    return Actor(
        user=user,
        role=Role(profile.role),
        region_id=profile.region_id,
        mission_country_id=profile.mission_country_id,
        channel=channel,
    )


def system_actor(channel: str = "cli") -> Actor:
    """The actor for administrative scripts run by the operator (loading reference data)."""
    return Actor(user=None, role=Role.ADMIN, channel=channel)
