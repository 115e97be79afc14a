"""Writes to cases. Each service checks the actor, validates, changes the rows, records
the history event and the audit event in one transaction, and raises ``DomainError``
(translated message, field at fault) or ``AccessDenied``. ``case_transition`` is the only
place a case's status is assigned."""

import hashlib
import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_append, audit_event
from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied, Actor, Capability, actor_for
from kosh.errors import DomainError
from kosh.identity.models import Person
from kosh.rules.decision import Evaluation

from .deadlines import working_days_add
from .evaluation import evaluation_run, processing_days
from .evidence import REGISTRY_CHECKS, documents_missing, registry_fact
from .models import (
    Case,
    CaseEvent,
    CaseFile,
    ContradictionResolution,
    Decision,
    DocumentConfirmation,
    RuleEvaluation,
)
from .permissions import (
    applicant_for,
    can_decide,
    capability_applies,
    case_filter,
    decide_require,
    is_own_case,
)
from .registry import Criterion, Evidence, Instrument, instrument_get
from .statuses import (
    DECISION_STATUSES,
    REASON_REQUIRED,
    TRANSITIONS,
    CaseStatus,
    DocumentKind,
    EventKind,
)
from .uploads import MAX_FILE_BYTES as MAX_FILE_BYTES
from .uploads import Upload as Upload
from .uploads import upload_check as upload_check

MAX_TEXT = 2000
MAX_KEY = 100


def _event_new(case: Case, actor: Actor, kind: str, **fields: Any) -> CaseEvent:
    """A history line, not saved yet (``_event`` saves one; submissions save several at
    once)."""
    return CaseEvent(case=case, kind=kind, actor=actor.user, actor_name=actor.username,
                     role=actor.role or "", **fields)


def _event(case: Case, actor: Actor, kind: str, **fields: Any) -> CaseEvent:
    event = _event_new(case, actor, kind, **fields)
    event.save()
    return event


def _audit_new(actor: Actor, case: Case, action: str, object_type: str = "case",
               **fields: Any) -> AuditEvent:
    """The audit event of a step on ``case``, not appended yet (``audit_append``)."""
    return audit_event(actor=actor, action=action, object_type=object_type,
                       object_id=fields.pop("object_id", case.pk), person_id=case.applicant_id,
                       purpose=f"case_processing: {case.number}", **fields)


def _audit(actor: Actor, case: Case, action: str, object_type: str = "case", **fields: Any):
    audit_append([_audit_new(actor, case, action, object_type, **fields)])


def _text(value: str, field: str, *, required: bool) -> str:
    value = (value or "").strip().replace("\x00", "")
    if required and not value:
        raise DomainError("reason_required", _("Say why."), field=field)
    if len(value) > MAX_TEXT:
        raise DomainError("text_too_long", _("At most 2000 characters."), field=field)
    return value


def _files_store(case: Case, actor: Actor, uploads: tuple[Upload, ...]) -> list[CaseFile]:
    """Checked files stored on ``case`` (one INSERT)."""
    return CaseFile.objects.bulk_create([
        CaseFile(case=case, kind=u.kind, name=u.name, content_type=u.content_type,
                 size=len(u.content), sha256=hashlib.sha256(u.content).hexdigest(),
                 content=u.content, uploaded_by=actor.user)
        for u in uploads
    ])


def _file_events(case: Case, actor: Actor, files: list[CaseFile]) -> list[CaseEvent]:
    return [_event_new(case, actor, EventKind.DOCUMENT, text=f.name,
                       data={"file": f.pk, "kind": f.kind}) for f in files]


def _file_audits(actor: Actor, case: Case, files: list[CaseFile]) -> list[AuditEvent]:
    return [_audit_new(actor, case, AuditEvent.Action.CREATE, "case_document", object_id=f.pk,
                       after={"kind": f.kind, "name": f.name, "size": f.size}) for f in files]


def _files_save(case: Case, actor: Actor, uploads: tuple[Upload, ...]) -> list[CaseFile]:
    """Store checked files on ``case`` with their history lines and audit events."""
    files = _files_store(case, actor, uploads)
    CaseEvent.objects.bulk_create(_file_events(case, actor, files))
    audit_append(_file_audits(actor, case, files))
    return files


def _received(actor: Actor, received_on: date | None, today: date) -> date:
    if received_on is None:
        return today
    if not actor.can(Capability.REGISTER_CASES):
        raise AccessDenied(Capability.REGISTER_CASES)
    if not today - timedelta(days=366) <= received_on <= today:
        raise DomainError("received_on_range",
                          _("The day received must be within the last year."),
                          field="received_on")
    return received_on


def _replay(actor: Actor, key: str, digest: str) -> Case | None:
    case = Case.objects.filter(submitted_by=actor.user, idempotency_key=key).first()
    if case is not None and case.payload_digest != digest:
        raise DomainError(
            "idempotency_key_reused",
            _("This Idempotency-Key was used for a different application."),
            field="Idempotency-Key",
        )
    return case


def case_submit(
    *,
    actor: Actor,
    instrument: str,
    data: dict[str, Any],
    person_id: int | None = None,
    uploads: tuple[Upload, ...] = (),
    idempotency_key: str = "",
    received_on: date | None = None,
    documents_follow: tuple[str, ...] = (),
) -> tuple[Case, bool]:
    """Submit an application; returns the case and whether it was created now. The same
    ``idempotency_key`` from the same user returns the first case (one case however often
    the request is repeated, also concurrently: a unique constraint decides); a different
    application under that key is refused.

    Every document the instrument requires is attached in ``uploads``, or named in
    ``documents_follow`` where the instrument lets it follow (recorded on the case).

    An officer registering a paper application gives ``received_on``, the day it was
    received: its rules and deadline count from that day (at most a year back)."""
    spec = instrument_get(instrument)
    person = applicant_for(actor, person_id)
    data = spec.validate(data)
    follow = documents_check(spec=spec, attached={u.kind for u in uploads},
                             follow=documents_follow)
    key = (idempotency_key or "").strip() if actor.user is not None else ""
    if len(key) > MAX_KEY or not key.isprintable():
        raise DomainError("idempotency_key_long", _("The Idempotency-Key is too long."),
                          field="Idempotency-Key")
    digest = hashlib.sha256(
        json.dumps([instrument, person.pk, data], sort_keys=True).encode()
    ).hexdigest()
    # A repeated key is found by the unique constraint when the case is inserted (below),
    # not read for before: a first request, the usual one, costs no extra query.
    now = timezone.now()
    try:
        today = _received(actor, received_on, timezone.localdate(now))
        evaluation = evaluation_run(instrument=spec, data=data, person=person, on=today,
                                    issue_date=today)
    except DomainError:  # a repeat answers as the first did, even when rules moved since
        if key and (found := _replay(actor, key, digest)):
            return found, False
        raise
    try:
        with transaction.atomic():
            case = _case_create(actor=actor, spec=spec, person=person, data=data, key=key,
                                digest=digest, now=now, today=today, evaluation=evaluation,
                                follow=follow, uploads=uploads)
    except IntegrityError as err:  # the same key or an open case, committed meanwhile
        if key and (found := _replay(actor, key, digest)):
            return found, False
        raise DomainError(
            "open_case_taken",
            _("An application for %(name)s is already open for this person.")
            % {"name": spec.label}, field="instrument",
        ) from err
    return case, True


def documents_check(*, spec: Instrument, attached: set[str],
                    follow: tuple[str, ...] | list[str] = ()) -> list[str]:
    """The kinds declared to follow, checked: each may follow for this instrument, and every
    other required document is attached. ``DomainError`` naming the missing ones."""
    follow = list(dict.fromkeys(follow))
    refused = [k for k in follow if k not in spec.documents_may_follow]
    if refused:
        raise DomainError(
            "document_cannot_follow",
            _("These documents must be attached now: %(kinds)s.")
            % {"kinds": ", ".join(_kind_label(k) for k in refused)},
            field=f"follow_{refused[0]}",
        )
    missing = documents_missing(spec, attached | set(follow))
    if missing:
        raise DomainError(
            "documents_missing",
            _("Attach the required documents: %(kinds)s.")
            % {"kinds": ", ".join(_kind_label(k) for k in missing)},
            field=f"file_{missing[0]}",
            rows=[{"field": f"file_{k}", "message": str(_("This document is required."))}
                  for k in missing],
        )
    return [k for k in follow if k not in attached]


def _kind_label(kind: str) -> str:
    return str(DocumentKind(kind).label) if kind in DocumentKind.values else kind


def _case_create(*, actor: Actor, spec: Instrument, person: Person, data: dict, key: str,
                 digest: str, now: datetime, today: date, evaluation: Evaluation,
                 follow: list[str], uploads: tuple[Upload, ...]) -> Case:
    """The case, its evaluation and files, their history and audit events: one INSERT per
    table, the audit events appended last so the chain head is locked only until the
    commit."""
    result = evaluation.as_json()
    days = processing_days(spec, result) or 0
    case = Case.objects.create(
        instrument=spec.code, applicant=person, data=data, submitted_by=actor.user,
        channel=actor.channel, idempotency_key=key, payload_digest=digest, submitted_at=now,
        assessed_on=today, expected_decision_on=working_days_add(today, days),
        processing_working_days=days, documents_to_follow=follow,
    )
    trace = result.pop("trace")
    # the rules as just applied, for the answer to this request (``selectors.case_detail``
    # need not apply them again): on the day received, for a document issued that day
    case.rules_applied = (evaluation, today)
    stored = RuleEvaluation.objects.create(
        case=case, purpose=RuleEvaluation.Purpose.SUBMISSION, assessed_on=today,
        rule_version=evaluation.rule_version, eligible=evaluation.eligible, result=result,
        trace=trace,
    )
    registered = case.submitted_by_id is not None and case.submitted_by_id != person.account_id
    files = _files_store(case, actor, uploads)
    # the rows just written, for the answer to this request (``selectors.case_receipt``
    # need not read them back)
    case.submission_stored = (stored, files)
    CaseEvent.objects.bulk_create([
        _event_new(case, actor, EventKind.SUBMITTED, to_status=CaseStatus.SUBMITTED,
                   data={"registered_by_officer": registered, "documents_to_follow": follow}),
        *_file_events(case, actor, files),
    ])
    audit_append([
        _audit_new(actor, case, AuditEvent.Action.CREATE,
                   after={"instrument": spec.code, "status": CaseStatus.SUBMITTED,
                          "eligible_at_submission": evaluation.eligible,
                          "documents_to_follow": follow}),
        *_file_audits(actor, case, files),
    ])
    return case


@transaction.atomic
def case_transition(
    *, case: Case, to: str, actor: Actor, reason: str = "", data: dict | None = None
) -> Case:
    """Move ``case`` to ``to`` if the TRANSITIONS table allows it and the actor holds one of
    the capabilities it names for this case. Refusing moves need a reason; approving and
    refusing need the decision recorded first (``issuing.case_decide``)."""
    case = Case.objects.select_for_update().select_related("applicant").get(pk=case.pk)
    before = case.status
    allowed = TRANSITIONS.get((CaseStatus(before), to)) if to in CaseStatus.values else None
    if allowed is None:
        raise DomainError(
            "illegal_transition",
            _("A case that is %(status)s cannot become %(to)s.")
            % {"status": CaseStatus(before).label,
               "to": CaseStatus(to).label if to in CaseStatus.values else to},
            field="to",
        )
    if not any(capability_applies(actor, case, cap) for cap in allowed):
        raise AccessDenied(next(iter(allowed)))
    reason = _text(reason, "reason", required=to in REASON_REQUIRED)
    if to in DECISION_STATUSES and not Decision.objects.filter(case=case).exists():
        raise DomainError("decision_required", _("Record the decision first."), field="to")
    case.status = to
    if before == CaseStatus.DOCUMENTS_REQUESTED:  # the term runs again from the answer
        case.expected_decision_on = working_days_add(timezone.localdate(),
                                                     case.processing_working_days)
    case.save(update_fields=["status", "expected_decision_on", "updated_at"])
    _event(case, actor, EventKind.STATUS, from_status=before, to_status=to, text=reason,
           data=data or {})
    _audit(actor, case, AuditEvent.Action.UPDATE, before={"status": before},
           after={"status": to, "reason": reason, **(data or {})})
    return case


@transaction.atomic
def case_documents_request(
    *, case: Case, actor: Actor, kinds: list[str], message: str
) -> Case:
    """Ask the applicant for more documents (the case waits for the answer)."""
    unknown = [k for k in kinds if k not in DocumentKind.values]
    if not kinds or unknown:
        raise DomainError("documents_required", _("Choose the documents to ask for."),
                          field="kinds")
    return case_transition(case=case, to=CaseStatus.DOCUMENTS_REQUESTED, actor=actor,
                           reason=message, data={"documents": kinds})


@transaction.atomic
def case_assign(*, case: Case, actor: Actor, assignee: AbstractBaseUser | None) -> Case:
    """Give the case to an officer who may decide it (``None``: release it)."""
    case = Case.objects.select_for_update().select_related("applicant").get(pk=case.pk)
    if not can_decide(actor, case):
        raise AccessDenied(Capability.DECIDE_CASES)
    if assignee is not None:
        other = actor_for(assignee)
        if not (can_decide(other, case) and Case.objects.filter(case_filter(other),
                                                                pk=case.pk).exists()):
            raise DomainError("assignee_cannot_decide",
                              _("This officer cannot decide this case."), field="assignee")
    before = case.assigned_to.get_username() if case.assigned_to else ""
    case.assigned_to = assignee
    case.save(update_fields=["assigned_to", "updated_at"])
    after = assignee.get_username() if assignee else ""
    _event(case, actor, EventKind.ASSIGNED, text=after, visible_to_applicant=False)
    _audit(actor, case, AuditEvent.Action.UPDATE, before={"assigned_to": before},
           after={"assigned_to": after})
    return case


@transaction.atomic
def case_comment(*, case: Case, actor: Actor, text: str, internal: bool = False) -> CaseEvent:
    """A message on the case: the applicant's to the officers, or an officer's to the
    applicant (or an internal note, which the applicant does not see)."""
    own = is_own_case(actor, case)
    if not (own or can_decide(actor, case)):
        raise AccessDenied(Capability.DECIDE_CASES)
    text = _text(text, "text", required=True)
    event = _event(case, actor, EventKind.COMMENT, text=text,
                   visible_to_applicant=own or not internal)
    _audit(actor, case, AuditEvent.Action.UPDATE, after={"comment": event.pk})
    return event


@transaction.atomic
def case_document_add(*, case: Case, actor: Actor, upload: Upload) -> CaseFile:
    """Attach a checked file to an open case (the applicant's own, or a deciding officer)."""
    if not (is_own_case(actor, case) or can_decide(actor, case)):
        raise AccessDenied(Capability.APPLY)
    if not case.is_open:
        raise DomainError("case_closed", _("The case is closed."), field="file")
    return _files_save(case, actor, (upload,))[0]


@transaction.atomic
def case_take(*, case: Case, actor: Actor) -> Case:
    """Take a submitted case into review; it is assigned to the officer unless it already
    is to someone. The console and the API both take cases through here."""
    case = case_transition(case=case, to=CaseStatus.UNDER_REVIEW, actor=actor)
    if case.assigned_to_id is None and actor.user is not None:
        case = case_assign(case=case, actor=actor, assignee=actor.user)
    return case


def _criterion(case: Case, code: str, evidence: Evidence) -> Criterion:
    found = next((c for c in instrument_get(case.instrument).criteria if c.variable == code),
                 None)
    if found is None or found.evidence != evidence:
        raise DomainError("unknown_criterion", _("No such criterion to check."),
                          field="criterion")
    return found


def _reviewable(actor: Actor, case: Case) -> Case:
    case = Case.objects.select_for_update().select_related("applicant").get(pk=case.pk)
    decide_require(actor, case)
    if case.status != CaseStatus.UNDER_REVIEW:
        raise DomainError("not_under_review", _("Only a case under review can be checked."),
                          field="criterion")
    return case


@transaction.atomic
def criterion_confirm(*, case: Case, actor: Actor, criterion: str, file_id: int,
                      note: str = "") -> DocumentConfirmation:
    """Record that a criterion known from a document holds on the attached file ``file_id``
    (of the criterion's document kind). One confirmation per criterion; history and audit."""
    case = _reviewable(actor, case)
    spec = _criterion(case, criterion, Evidence.DOCUMENT)
    stored = case.files.defer("content").filter(pk=file_id, kind=spec.document).first()
    if stored is None:
        raise DomainError("document_not_attached",
                          _("Choose an attached %(document)s to confirm it on.")
                          % {"document": _kind_label(spec.document)}, field="file")
    if case.confirmations.filter(criterion=criterion).exists():
        raise DomainError("already_confirmed", _("This criterion is already confirmed."),
                          field="criterion")
    note = _text(note, "note", required=False)
    confirmation = DocumentConfirmation.objects.create(
        case=case, criterion=criterion, file=stored, note=note, officer=actor.user,
        officer_name=actor.username)
    # the history keeps codes and the officer's own words; the line is worded when read
    _event(case, actor, EventKind.CONFIRMED, text=note,
           data={"criterion": criterion, "file": stored.pk, "file_name": stored.name,
                 "sha256": stored.sha256}, visible_to_applicant=False)
    _audit(actor, case, AuditEvent.Action.CREATE, "document_confirmation",
           object_id=confirmation.pk,
           after={"criterion": criterion, "file": stored.pk, "sha256": stored.sha256,
                  "note": note})
    return confirmation


def _in_every_language(make: Callable[[], Any]) -> dict[str, Any]:
    """``make()`` in each interface language: what the audit log keeps in words is kept in
    all of them, so every reader reads it in their own."""
    out = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out[code] = make()
    return out


@transaction.atomic
def contradiction_resolve(*, case: Case, actor: Actor, criterion: str,
                          explanation: str) -> ContradictionResolution:
    """Record how a contradiction between the application and the registry was resolved,
    with the officer's explanation (required) and both values as they stand now."""
    case = _reviewable(actor, case)
    spec = _criterion(case, criterion, Evidence.REGISTRY)
    if spec.registry_check not in REGISTRY_CHECKS:
        raise DomainError("unknown_criterion", _("No such criterion to check."),
                          field="criterion")
    fact = registry_fact(spec, case, timezone.localdate())
    if not fact.contradicts:
        raise DomainError("no_contradiction",
                          _("The registry does not contradict the application here."),
                          field="criterion")
    if case.resolutions.filter(criterion=criterion).exists():
        raise DomainError("already_resolved", _("This contradiction is already resolved."),
                          field="criterion")
    explanation = _text(explanation, "explanation", required=True)
    resolution = ContradictionResolution.objects.create(
        case=case, criterion=criterion, registry_check=fact.check, declared=fact.declared,
        registry=fact.registry, explanation=explanation, officer=actor.user,
        officer_name=actor.username)
    _event(case, actor, EventKind.RESOLVED, text=explanation,
           data={"criterion": criterion, "check": fact.check}, visible_to_applicant=False)
    said = _in_every_language(lambda: registry_fact(spec, case, timezone.localdate()))
    _audit(actor, case, AuditEvent.Action.CREATE, "contradiction_resolution",
           object_id=resolution.pk,
           before={"declared": {lang: f.declared for lang, f in said.items()},
                   "registry": {lang: f.registry for lang, f in said.items()}},
           after={"criterion": criterion, "check": fact.check, "explanation": explanation})
    return resolution
