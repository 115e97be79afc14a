"""Writes of the asylum unit: register an application (late filing flagged), issue and
extend the asylum-seeker certificate, interview, extend the review with reasons, decide
(refugee certificate, or refusal with ground, reasons and appeal term); identify and
document stateless persons and take their residence-permit application; take a recognised
refugee's residence-permit application; end protection (a refugee's status ceases or is
withdrawn, a stateless person's status ends), revoking the certificate.

Every service requires ``manage_asylum``, owns its transaction and writes its audit event
(object types ``protection_*``: kept off the person card of anyone outside the unit)."""

import hashlib
import json
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import Actor
from kosh.cases.deadlines import working_days_add
from kosh.errors import DomainError
from kosh.geo.models import Country
from kosh.identity.models import Category, Person, PersonCategory
from kosh.identity.permissions import asylum_require
from kosh.rules.system import parameter_value

from .documents import certificate_number, certificate_pdf_issue, certificate_pdf_revoke
from .models import AsylumApplication, ProtectionCertificate, StatelessRecord
from .statuses import (
    OPEN,
    STATELESS_END_GROUNDS,
    TRANSITIONS,
    WITHDRAWAL_GROUNDS,
    AsylumStatus,
    CertificateKind,
    EndGround,
    RefusalGround,
    StatelessStatus,
)

REASON_MIN_WORDS = 3


def param(path: str, day: date) -> int:
    """A dated parameter of ``kosh/protection/parameters`` in force on ``day``."""
    return int(parameter_value(f"protection.{path}", day))


def months_after(day: date, months: int) -> date:
    """The day ``months`` calendar months after ``day``, less one (a term of 3 months from
    1 March ends on 31 May)."""
    return day + relativedelta(months=months) - relativedelta(days=1)


def filing_is_late(*, arrival: date, filed: date) -> bool:
    """Was the application filed after the term (calendar days after arrival, the day of
    arrival not counted: arriving on the 1st, the 6th is the last day of a 5-day term)?"""
    return (filed - arrival).days > param("asylum.application_calendar_days", filed)


def _reasons(text: str, field: str) -> str:
    text = " ".join(text.split())
    if len(text.split()) < REASON_MIN_WORDS:
        raise DomainError("reasons_required", _("State the reasons in a few words."),
                          field=field)
    return text


def _move(application: AsylumApplication, to: str) -> None:
    """The only place an application's status is assigned."""
    if to not in TRANSITIONS.get(application.status, frozenset()):
        raise DomainError("illegal_transition",
                          _("This step is not possible in the application's status."),
                          field="status")
    application.status = to


def _audit(actor: Actor, object_type: str, obj: object, person_id: int, after: dict,
           action: str = AuditEvent.Action.UPDATE) -> None:
    audit_record(actor=actor, action=action, object_type=f"protection_{object_type}",
                 object_id=obj.pk, person_id=person_id,
                 after={k: v.isoformat() if isinstance(v, date) else v
                        for k, v in after.items()})


def _category_switch(*, actor: Actor, person: Person, ends: str | None, starts: str | None,
                     on: date) -> None:
    """End the person's open ``ends`` category and open ``starts`` (audited as category
    changes; asylum categories are shown to the asylum unit only)."""
    if ends:
        for row in PersonCategory.objects.filter(person=person, category=ends,
                                                 valid_to__isnull=True):
            row.valid_to = on
            row.save(update_fields=["valid_to"])
            audit_record(actor=actor, action=AuditEvent.Action.UPDATE, object_type="category",
                         object_id=row.pk, person_id=person.pk,
                         after={"category": ends, "valid_to": on.isoformat()})
    if starts and not PersonCategory.objects.filter(person=person, category=starts,
                                                    valid_to__isnull=True).exists():
        row = PersonCategory.objects.create(person=person, category=starts, valid_from=on)
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, object_type="category",
                     object_id=row.pk, person_id=person.pk,
                     after={"category": starts, "valid_from": on.isoformat()})


def _certificate_issue(*, actor: Actor, kind: str, person: Person, valid_from: date,
                       valid_to: date, application: AsylumApplication | None = None,
                       stateless: StatelessRecord | None = None,
                       replaces: ProtectionCertificate | None = None) -> ProtectionCertificate:
    number = certificate_number(kind=kind, year=valid_from.year)
    content = {"number": number, "kind": kind, "holder": person.display_name,
               "birth_date": person.birth_date.isoformat(), "valid_from": valid_from.isoformat(),
               "valid_to": valid_to.isoformat(), "replaces": replaces.number if replaces else ""}
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False,
                                       separators=(",", ":")).encode()).hexdigest()
    cert = ProtectionCertificate.objects.create(
        kind=kind, number=number, person=person, application=application, stateless=stateless,
        valid_from=valid_from, valid_to=valid_to, replaces=replaces, content=content,
        sha256=digest, issued_by_name=actor.username)
    _audit(actor, "certificate", cert, person.pk, {"number": number, "kind": kind,
                                                   "valid_to": valid_to},
           action=AuditEvent.Action.CREATE)
    certificate_pdf_issue(actor=actor, certificate=cert)
    if replaces is not None:
        certificate_pdf_revoke(actor=actor, certificate=replaces,
                               reason=f"superseded by {number}")
    return cert


def current_certificate(application: AsylumApplication) -> ProtectionCertificate | None:
    """The newest asylum-seeker certificate of an application (not replaced)."""
    return application.certificates.filter(kind=CertificateKind.ASYLUM_SEEKER,
                                           replaced_by__isnull=True).first()


@transaction.atomic
def asylum_register(*, actor: Actor, person: Person, origin: str, arrival_date: date,
                    registered_on: date | None = None, late_reason: str = "",
                    ) -> AsylumApplication:
    """Register an application for refugee status and issue the asylum-seeker certificate
    the same day. An application filed after the term is registered all the same and
    flagged as late (with the applicant's reason when given)."""
    asylum_require(actor)
    today = timezone.localdate()
    registered_on = registered_on or today
    if registered_on > today:
        raise DomainError("future_date", _("The day of registration cannot be in the future."),
                          field="registered_on")
    if arrival_date > registered_on:
        raise DomainError("arrival_after_registration",
                          _("The day of arrival cannot be after the day of registration."),
                          field="arrival_date")
    if not Country.objects.filter(pk=origin).exists():
        raise DomainError("bad_country", _("Unknown country."), field="origin")
    if AsylumApplication.objects.filter(person=person, status__in=sorted(OPEN)).exists():
        raise DomainError("application_open",
                          _("This person already has an application under review."),
                          field="person")
    application = AsylumApplication.objects.create(
        person=person, origin_id=origin, arrival_date=arrival_date,
        registered_on=registered_on,
        late=filing_is_late(arrival=arrival_date, filed=registered_on),
        late_reason=" ".join(late_reason.split()),
        interview_due=working_days_add(
            registered_on, param("asylum.interview_working_days", registered_on)),
        decision_due=months_after(registered_on, param("asylum.decision_months", registered_on)),
        registered_by=actor.user,
    )
    _audit(actor, "asylum", application, person.pk,
           {"status": application.status, "origin": origin, "arrival_date": arrival_date,
            "late": application.late, "decision_due": application.decision_due},
           action=AuditEvent.Action.CREATE)
    _certificate_issue(
        actor=actor, kind=CertificateKind.ASYLUM_SEEKER, person=person,
        application=application, valid_from=registered_on,
        valid_to=months_after(registered_on, param("asylum.certificate_months", registered_on)))
    _category_switch(actor=actor, person=person, ends=None, starts=Category.ASYLUM_SEEKER,
                     on=registered_on)
    return application


def _locked(application: AsylumApplication) -> AsylumApplication:
    return AsylumApplication.objects.select_for_update().select_related("person").get(
        pk=application.pk)


@transaction.atomic
def asylum_certificate_extend(*, actor: Actor, application: AsylumApplication,
                              ) -> ProtectionCertificate:
    """Reissue the asylum-seeker certificate for another term while the application is
    under review: valid from the day after the current one ends (or today, if it ended)."""
    asylum_require(actor)
    application = _locked(application)
    if not application.is_open:
        raise DomainError("application_closed",
                          _("The application is decided: no certificate is extended."),
                          field="application")
    current = current_certificate(application)
    today = timezone.localdate()
    start = max(today, current.valid_to + relativedelta(days=1)) if current else today
    return _certificate_issue(
        actor=actor, kind=CertificateKind.ASYLUM_SEEKER, person=application.person,
        application=application, valid_from=start, replaces=current,
        valid_to=months_after(start, param("asylum.certificate_months", start)))


@transaction.atomic
def asylum_interview(*, actor: Actor, application: AsylumApplication, on: date,
                     note: str) -> AsylumApplication:
    """Record the interview (its day and the record of what was said)."""
    asylum_require(actor)
    application = _locked(application)
    if on > timezone.localdate() or on < application.registered_on:
        raise DomainError("bad_date", _("The interview day must be between registration and"
                                        " today."), field="on")
    _move(application, AsylumStatus.INTERVIEWED)
    application.interviewed_on, application.interview_note = on, note.strip()
    application.save(update_fields=["status", "interviewed_on", "interview_note"])
    _audit(actor, "asylum", application, application.person_id,
           {"status": application.status, "interviewed_on": on})
    return application


@transaction.atomic
def asylum_extend(*, actor: Actor, application: AsylumApplication, until: date,
                  reasons: str) -> AsylumApplication:
    """Postpone the decision for extra checks, with reasons, up to the longest term from
    registration (1 year); the status returns to review."""
    asylum_require(actor)
    application = _locked(application)
    reasons = _reasons(reasons, "reasons")
    limit = months_after(application.registered_on,
                         param("asylum.extended_decision_months", application.registered_on))
    if until > limit:
        raise DomainError("extension_too_long",
                          _("The decision may be postponed to %(limit)s at the latest.")
                          % {"limit": limit.strftime("%d.%m.%Y")}, field="until")
    if until <= application.decision_due:
        raise DomainError("extension_too_short",
                          _("The new term must be later than the current one."), field="until")
    _move(application, AsylumStatus.EXTENDED)
    application.decision_due = until
    application.extension_reason = reasons
    application.save(update_fields=["status", "decision_due", "extension_reason"])
    _audit(actor, "asylum", application, application.person_id,
           {"status": application.status, "decision_due": until, "reasons": reasons})
    return application


@transaction.atomic
def asylum_decide(*, actor: Actor, application: AsylumApplication, recognise: bool,
                  ground: str = "", reasons: str = "", on: date | None = None,
                  ) -> AsylumApplication:
    """Grant refugee status (the refugee certificate is issued) or refuse it with a ground,
    the reasons and the appeal term (``appeal.complaint_months`` of the shared rules)."""
    asylum_require(actor)
    application = _locked(application)
    on = on or timezone.localdate()
    person = application.person
    seeker = current_certificate(application)
    if recognise:
        _move(application, AsylumStatus.RECOGNISED)
        application.decided_on = on
        application.save(update_fields=["status", "decided_on"])
        _certificate_issue(
            actor=actor, kind=CertificateKind.REFUGEE, person=person, application=application,
            valid_from=on, valid_to=months_after(on, param("refugee.certificate_months", on)))
        _category_switch(actor=actor, person=person, ends=Category.ASYLUM_SEEKER,
                         starts=Category.REFUGEE, on=on)
    else:
        if ground not in RefusalGround.values:
            raise DomainError("ground_required", _("Choose the ground of the refusal."),
                              field="ground")
        reasons = _reasons(reasons, "reasons")
        _move(application, AsylumStatus.REFUSED)
        application.decided_on, application.refusal_ground = on, ground
        application.refusal_reason = reasons
        application.appeal_until = on + relativedelta(
            months=int(parameter_value("appeal.complaint_months", on)))
        application.save(update_fields=["status", "decided_on", "refusal_ground",
                                        "refusal_reason", "appeal_until"])
        _category_switch(actor=actor, person=person, ends=Category.ASYLUM_SEEKER, starts=None,
                         on=on)
    if seeker is not None:
        certificate_pdf_revoke(actor=actor, certificate=seeker,
                               reason=f"asylum-seeker status ended: {application.status}")
    _audit(actor, "asylum", application, person.pk,
           {"status": application.status, "decided_on": on, "ground": ground})
    return application


@transaction.atomic
def stateless_identify(*, actor: Actor, person: Person, basis: str,
                       identified_on: date | None = None) -> StatelessRecord:
    """Record that a person was identified as stateless (how: no evidence of another
    citizenship, the statelessness determination procedure)."""
    asylum_require(actor)
    identified_on = identified_on or timezone.localdate()
    if StatelessRecord.objects.filter(person=person).exists():
        raise DomainError("already_identified", _("This person is already on the register."),
                          field="person")
    record = StatelessRecord.objects.create(person=person, identified_on=identified_on,
                                            basis=" ".join(basis.split()))
    _audit(actor, "stateless", record, person.pk,
           {"status": record.status, "identified_on": identified_on},
           action=AuditEvent.Action.CREATE)
    _category_switch(actor=actor, person=person, ends=None, starts=Category.STATELESS,
                     on=identified_on)
    return record


@transaction.atomic
def stateless_document(*, actor: Actor, record: StatelessRecord) -> ProtectionCertificate:
    """Issue the stateless person's certificate."""
    asylum_require(actor)
    record = StatelessRecord.objects.select_for_update().select_related("person").get(
        pk=record.pk)
    if record.status != StatelessStatus.IDENTIFIED:
        raise DomainError("illegal_transition", _("The person is already documented."),
                          field="status")
    today = timezone.localdate()
    cert = _certificate_issue(
        actor=actor, kind=CertificateKind.STATELESS, person=record.person, stateless=record,
        valid_from=today, valid_to=months_after(today, param("stateless.certificate_months",
                                                             today)))
    record.status = StatelessStatus.DOCUMENTED
    record.save(update_fields=["status"])
    _audit(actor, "stateless", record, record.person_id, {"status": record.status})
    return cert


@transaction.atomic
def stateless_residence_apply(*, actor: Actor, record: StatelessRecord,
                              on: date | None = None) -> StatelessRecord:
    """Take a documented stateless person's application for a residence permit; the
    decision is due in working days of the calendar."""
    asylum_require(actor)
    record = StatelessRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != StatelessStatus.DOCUMENTED:
        raise DomainError("not_documented",
                          _("A residence permit is applied for once the person is documented."),
                          field="status")
    on = on or timezone.localdate()
    record.status = StatelessStatus.RESIDENCE_APPLIED
    record.residence_applied_on = on
    record.residence_decision_due = working_days_add(
        on, param("stateless.residence_decision_working_days", on))
    record.save(update_fields=["status", "residence_applied_on", "residence_decision_due"])
    _audit(actor, "stateless", record, record.person_id,
           {"status": record.status, "residence_decision_due": record.residence_decision_due})
    return record


@transaction.atomic
def refugee_residence_apply(*, actor: Actor, application: AsylumApplication,
                            on: date | None = None) -> AsylumApplication:
    """Take a recognised refugee's application for a residence permit (asylum seeker →
    refugee → residence permit); the decision is due in working days of the calendar.
    Idempotent: asked again, the application already taken is returned unchanged."""
    asylum_require(actor)
    application = _locked(application)
    if application.residence_applied_on is not None:
        return application
    if application.status != AsylumStatus.RECOGNISED:
        raise DomainError("not_recognised",
                          _("A residence permit is applied for once refugee status is"
                            " granted and while it lasts."), field="status")
    on = on or timezone.localdate()
    if on > timezone.localdate() or (application.decided_on and on < application.decided_on):
        raise DomainError("bad_date", _("The day must be between the decision and today."),
                          field="on")
    application.residence_applied_on = on
    application.residence_decision_due = working_days_add(
        on, param("refugee.residence_decision_working_days", on))
    application.save(update_fields=["residence_applied_on", "residence_decision_due"])
    _audit(actor, "asylum", application, application.person_id,
           {"residence_applied_on": on,
            "residence_decision_due": application.residence_decision_due})
    return application


def _end_checked(reasons: str, on: date | None, since: date) -> tuple[str, date]:
    """The reasons (a few words) and the day of the end, between ``since`` and today."""
    on = on or timezone.localdate()
    if on > timezone.localdate() or on < since:
        raise DomainError("bad_date", _("The day of the end must be between the grant and"
                                        " today."), field="on")
    return _reasons(reasons, "reasons"), on


def _certificates_revoke(actor: Actor, certificates: object, reason: str) -> None:
    """Revoke the signed PDFs of the certificates still in force (none for records kept
    before Kosh)."""
    for cert in certificates:
        certificate_pdf_revoke(actor=actor, certificate=cert, reason=reason)


@transaction.atomic
def refugee_status_end(*, actor: Actor, application: AsylumApplication, ground: str,
                       reasons: str, on: date | None = None) -> AsylumApplication:
    """End a refugee's status: withdrawn when it should not have been granted (false
    information, an exclusion ground), ceased on the other grounds (naturalisation,
    another nationality, return, changed circumstances, departure). The refugee
    certificate is revoked and the refugee category ends."""
    asylum_require(actor)
    application = _locked(application)
    if application.status != AsylumStatus.RECOGNISED:
        raise DomainError("not_recognised", _("Only a refugee status in force can end."),
                          field="status")
    if ground not in EndGround.values or ground in (EndGround.CITIZEN_CONFIRMED,):
        raise DomainError("ground_required", _("Choose the ground."), field="ground")
    reasons, on = _end_checked(reasons, on, application.decided_on or
                               application.registered_on)
    _move(application, AsylumStatus.STATUS_WITHDRAWN if ground in WITHDRAWAL_GROUNDS
          else AsylumStatus.CEASED)
    application.ended_on, application.end_ground, application.end_reason = on, ground, reasons
    application.save(update_fields=["status", "ended_on", "end_ground", "end_reason"])
    _certificates_revoke(actor, application.certificates.filter(kind=CertificateKind.REFUGEE),
                         f"refugee status ended: {application.status} ({ground})")
    _category_switch(actor=actor, person=application.person, ends=Category.REFUGEE,
                     starts=None, on=on)
    _audit(actor, "asylum", application, application.person_id,
           {"status": application.status, "ended_on": on, "end_ground": ground,
            "reasons": reasons})
    return application


@transaction.atomic
def stateless_status_end(*, actor: Actor, record: StatelessRecord, ground: str,
                         reasons: str, on: date | None = None) -> StatelessRecord:
    """End a stateless person's status (citizenship of Kazakhstan acquired or confirmed,
    another nationality, departure for good): the certificate is revoked and the
    stateless category ends."""
    asylum_require(actor)
    record = StatelessRecord.objects.select_for_update().select_related("person").get(
        pk=record.pk)
    if record.ended_on is not None:
        raise DomainError("already_ended", _("The stateless status has already ended."),
                          field="status")
    if ground not in STATELESS_END_GROUNDS:
        raise DomainError("ground_required", _("Choose the ground."), field="ground")
    reasons, on = _end_checked(reasons, on, record.identified_on)
    record.status = (StatelessStatus.CITIZENSHIP_CONFIRMED
                     if ground == EndGround.CITIZEN_CONFIRMED else StatelessStatus.ENDED)
    record.ended_on, record.end_ground, record.end_reason = on, ground, reasons
    record.save(update_fields=["status", "ended_on", "end_ground", "end_reason"])
    _certificates_revoke(actor, record.certificates.all(),
                         f"stateless status ended ({ground})")
    _category_switch(actor=actor, person=record.person, ends=Category.STATELESS,
                     starts=None, on=on)
    _audit(actor, "stateless", record, record.person_id,
           {"status": record.status, "ended_on": on, "end_ground": ground,
            "reasons": reasons})
    return record
