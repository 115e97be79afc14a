"""Reads of cases, always scoped by ``permissions.case_filter``; opening a case is an
audited read of the applicant's data."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import Actor, Capability, actor_for
from kosh.errors import DomainError
from kosh.rules.decision import Evaluation

from .deadlines import Sla, sla_of
from .evaluation import (
    ExplainedCriterion,
    ParameterUsed,
    criteria_explained,
    evaluation_run,
    parameters_used,
)
from .evidence import CriterionEvidence, approval_blockers, case_evidence, refusals_of
from .models import Case, CaseEvent, CaseFile, Decision, IssuedDocument, RuleEvaluation
from .permissions import (
    can_decide,
    capability_applies,
    case_filter,
    four_eyes_blocks,
    four_eyes_required,
    is_own_case,
    registered_by_officer,
)
from .registry import Instrument, instrument_get
from .statuses import (
    OPEN_STATUSES,
    TRANSITION_ACTIONS,
    Action,
    CaseStatus,
    DocumentKind,
    transitions_from,
)

BIGINT_MAX = 2**63 - 1


def case_scope(actor: Actor) -> QuerySet[Case]:
    """Every case the actor may see."""
    return Case.objects.filter(case_filter(actor))


def case_list(
    *,
    actor: Actor,
    status: str = "",
    instrument: str = "",
    assigned: str = "",
    sla: str = "",
    today: date | None = None,
) -> QuerySet[Case]:
    """The actor's cases, filtered: ``assigned`` is ``me``, ``none`` or empty; ``sla`` is
    ``overdue`` or ``due_soon`` (open cases past, or within two working days of, their
    expected decision date). Officers get the oldest deadline first."""
    cases = case_scope(actor).select_related("applicant", "applicant__citizenship",
                                             "assigned_to", "issued")
    if status:
        cases = cases.filter(status=status)
    if instrument:
        cases = cases.filter(instrument=instrument)
    if assigned == "me":
        cases = cases.filter(assigned_to=actor.user)
    elif assigned == "none":
        cases = cases.filter(assigned_to__isnull=True)
    today = today or timezone.localdate()
    if sla == Sla.OVERDUE:
        cases = cases.filter(status__in=OPEN_STATUSES, expected_decision_on__lt=today)
    elif sla == Sla.DUE_SOON:
        ids = [c.pk for c in cases.filter(status__in=OPEN_STATUSES,
                                          expected_decision_on__gte=today)
               if case_sla(c, today) == Sla.DUE_SOON]
        cases = cases.filter(pk__in=ids)
    if actor.can(Capability.VIEW_CASES):
        return cases.order_by("expected_decision_on", "id")
    return cases.order_by("-submitted_at", "-id")


def case_sla(case: Case, today: date | None = None) -> Sla:
    return sla_of(expected=case.expected_decision_on, today=today or timezone.localdate(),
                  is_open=case.is_open)


def case_get(*, actor: Actor, case_id: int) -> Case:
    """One case in the actor's scope (``Case.DoesNotExist`` otherwise); the read of the
    applicant's data is audited."""
    if not 0 < case_id <= BIGINT_MAX:
        raise Case.DoesNotExist
    # with what every reader of the case shows (its officers and issued document)
    case = case_scope(actor).select_related(
        "applicant", "applicant__citizenship", "submitted_by", "assigned_to", "issued",
    ).get(pk=case_id)
    own = is_own_case(actor, case)
    audit_record(actor=actor, action=AuditEvent.Action.READ, object_type="case",
                 object_id=case.pk, person_id=case.applicant_id,
                 purpose="own_record" if own else f"case_processing: {case.number}")
    return case


def case_events(*, actor: Actor, case: Case) -> QuerySet[CaseEvent]:
    """The case's history as the actor may see it (applicants: not internal notes)."""
    events = case.events.all()
    if not can_decide(actor, case) and actor.can(Capability.APPLY):
        events = events.filter(visible_to_applicant=True)
    return events


def case_file_get(*, actor: Actor, case: Case, file_id: int) -> CaseFile:
    """A file of a case the actor could open (``case_get`` first), to download: the
    download is audited."""
    if not 0 < file_id <= BIGINT_MAX:
        raise CaseFile.DoesNotExist
    stored = case.files.get(pk=file_id)
    audit_record(actor=actor, action=AuditEvent.Action.DOWNLOAD, object_type="case_file",
                 object_id=stored.pk, person_id=case.applicant_id,
                 purpose="own_record" if is_own_case(actor, case)
                 else f"case_processing: {case.number}")
    return stored


def case_actions(*, actor: Actor, case: Case, today: date | None = None) -> list[Action]:
    """What the actor may do to the case now, as the state machine (``TRANSITIONS``) and
    the four-eyes rule allow; the console shows these buttons and the API lists them."""
    today = today or timezone.localdate()
    actions: list[Action] = []
    for to, capabilities in transitions_from(case.status).items():
        if not any(capability_applies(actor, case, cap) for cap in capabilities):
            continue
        action = TRANSITION_ACTIONS[(CaseStatus(case.status), to)]
        if action in (Action.APPROVE, Action.REFUSE) and four_eyes_blocks(actor, case, today):
            continue
        if action not in actions:
            actions.append(action)
    if case.is_open and can_decide(actor, case):
        actions.append(Action.ASSIGN)
    return actions


def case_assignees(case: Case) -> list[AbstractBaseUser]:
    """Active officers who could be given this case (deciding role, case in their scope):
    one query for the officers and one counting the case in each distinct scope."""
    users = list(get_user_model().objects.filter(
        profile__role__in=sorted(instrument_get(case.instrument).deciding_roles), is_active=True
    ).select_related("profile").order_by("username"))
    if not users:
        return []
    scopes: dict[Q, str] = {}  # officers of one role (and mission) share their scope
    names = [scopes.setdefault(case_filter(actor_for(u)), f"s{len(scopes)}") for u in users]
    seen = Case.objects.filter(pk=case.pk).aggregate(
        **{name: Count("pk", filter=scope) for scope, name in scopes.items()})
    return [u for u, name in zip(users, names, strict=True) if seen[name]]


def assignee_get(username: str, field: str = "assignee") -> AbstractBaseUser | None:
    """The user an assignment names (``None`` for an empty name: release the case)."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise DomainError("unknown_user", _("No such user."), field=field)
    return user


@dataclass
class CaseDetail:
    """One case as its reader sees it, shared by the console page and the API: the history
    the actor may see, files, the latest stored evaluation, for officers the rules applied
    again now, every criterion with its evidence, what blocks approval, the allowed actions
    and the four-eyes state."""

    case: Case
    spec: Instrument
    officer: bool
    own: bool
    sla: Sla
    events: QuerySet[CaseEvent]
    files: list[CaseFile]
    decision: Decision | None
    issued: IssuedDocument | None
    stored: RuleEvaluation | None
    stored_criteria: list[ExplainedCriterion]
    actions: list[Action]
    evidence: list[CriterionEvidence]
    documents_to_follow: list[str]
    registered_by: str = ""
    four_eyes: bool = False
    four_eyes_blocks: bool = False
    current: Evaluation | None = None
    current_criteria: list[ExplainedCriterion] = field(default_factory=list)
    current_error: Any = ""
    blockers: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    trace_parameters: list[ParameterUsed] = field(default_factory=list)

    @property
    def action_codes(self) -> list[str]:
        return [str(a) for a in self.actions]


def _outstanding(case: Case, files: list[CaseFile]) -> list[str]:
    """Kinds declared to follow that have not been uploaded yet (``files``: the case's)."""
    attached = {f.kind for f in files}
    return [k for k in case.documents_to_follow if k in DocumentKind.values
            and k not in attached]


def case_detail(*, actor: Actor, case: Case) -> CaseDetail:
    """The detail of a case opened with ``case_get`` (so the read is already audited)."""
    spec = instrument_get(case.instrument)
    officer = can_decide(actor, case)
    today = timezone.localdate()
    # the trace is kept for the record; the page and the API show the result
    stored = case.evaluations.defer("trace").order_by("-at", "-id").first()
    registered = registered_by_officer(case)
    files = list(case.files.defer("content"))  # read once: listed, evidence, blockers
    detail = CaseDetail(
        case=case, spec=spec, officer=officer, own=is_own_case(actor, case),
        sla=case_sla(case, today), events=case_events(actor=actor, case=case),
        files=files,
        decision=getattr(case, "decision", None) if not case.is_open else None,
        issued=getattr(case, "issued", None), stored=stored,
        stored_criteria=criteria_explained(spec, stored.result) if stored else [],
        actions=case_actions(actor=actor, case=case, today=today), evidence=[],
        documents_to_follow=[str(DocumentKind(k).label) for k in _outstanding(case, files)],
        registered_by=case.submitted_by.get_username() if registered and case.submitted_by
        else "",
        four_eyes=registered and four_eyes_required(case, today),
        four_eyes_blocks=four_eyes_blocks(actor, case, today),
    )
    result = stored.result if stored else None
    if officer and case.is_open:
        # a case submitted in this request carries the rules it was just assessed with;
        # the same on the same day (a paper application received earlier is assessed
        # on that day, for a document issued then: applied again for today)
        applied, issue_date = getattr(case, "rules_applied", (None, None))
        try:
            detail.current = applied if issue_date == today else evaluation_run(
                instrument=spec, data=case.data, person=case.applicant,
                on=case.assessed_on, issue_date=today)
            result = detail.current.as_json()
            detail.current_criteria = criteria_explained(spec, result)
        except DomainError as err:
            detail.current_error = err.message
    if detail.decision is not None:
        result = detail.decision.evaluation.result
    detail.evidence = case_evidence(case, result, day=today, registry=officer, files=files)
    detail.trace_parameters = parameters_used(result) if result else []
    if officer:
        detail.refusals = refusals_of(case.applicant, exclude=case.pk)
        if case.status == CaseStatus.UNDER_REVIEW:
            detail.blockers = approval_blockers(case, detail.evidence, files=files)
    return detail


@dataclass(frozen=True)
class CaseReceipt:
    """What a submission stored, as the answer to it names it: the case, the rules' result
    at submission (its stored row; the trace is not read) and the files with their
    SHA-256."""

    case: Case
    evaluation: RuleEvaluation | None
    files: list[CaseFile]


def case_receipt(*, case: Case) -> CaseReceipt:
    """The receipt of a case ``services.case_submit`` returned: the rows it has just
    written, or, for a repeated request (the same ``Idempotency-Key``), the same rows read
    back — the submission's evaluation and the case's files."""
    stored = getattr(case, "submission_stored", None)
    if stored is not None:
        return CaseReceipt(case=case, evaluation=stored[0], files=list(stored[1]))
    evaluation = (case.evaluations.filter(purpose=RuleEvaluation.Purpose.SUBMISSION)
                  .defer("trace").order_by("at", "id").first())
    return CaseReceipt(case=case, evaluation=evaluation,
                       files=list(case.files.defer("content").order_by("uploaded_at", "id")))


def issued_get(*, actor: Actor, number: str) -> IssuedDocument:
    """An issued document of a case in the actor's scope (its holder or an officer)."""
    return IssuedDocument.objects.select_related("case", "holder", "holder__citizenship").get(
        number=_clean(number), case__in=case_scope(actor)
    )


def _clean(number: str) -> str:
    """A document number as typed → as stored (letters, digits and dashes, upper case)."""
    return "".join(ch for ch in number if ch.isascii() and (ch.isalnum() or ch == "-"))[
        :30].upper()

