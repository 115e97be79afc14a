"""Reads of the asylum unit's files, each requiring ``manage_asylum``: the applications
with their deadlines and escalation, one application, the stateless register, a person's
protection history, and counts by year and status (small cells suppressed)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import Actor, Capability
from kosh.cases.deadlines import Sla, sla_of
from kosh.documents.models import SubjectDocument
from kosh.identity.aggregates import TOTAL, Cell, table_suppress
from kosh.identity.models import Person
from kosh.identity.permissions import asylum_require

from .models import AsylumApplication, ProtectionCertificate, StatelessRecord
from .statuses import OPEN, AsylumStatus, CertificateKind, StatelessStatus


def sla(application: AsylumApplication, today: date | None = None) -> Sla:
    """The application's decision deadline as an SLA colour (working days)."""
    return sla_of(expected=application.decision_due, today=today or timezone.localdate(),
                  is_open=application.is_open)


def escalated(application: AsylumApplication, today: date | None = None) -> bool:
    """The decision term passed without a decision: the file goes to the head of the
    unit (shown on the list and the application until decided)."""
    return application.is_open and (today or timezone.localdate()) > application.decision_due


def asylum_list(*, actor: Actor, status: str = "", escalated_only: bool = False,
                ) -> list[AsylumApplication]:
    """Applications, escalated and nearest deadline first, each with ``sla`` and
    ``escalated`` set."""
    asylum_require(actor)
    rows = AsylumApplication.objects.select_related("person", "origin")
    if status:
        rows = rows.filter(status=status)
    if escalated_only:
        rows = rows.filter(status__in=sorted(OPEN), decision_due__lt=timezone.localdate())
    found = list(rows.order_by("decision_due", "pk")[:500])
    today = timezone.localdate()
    for a in found:
        a.sla, a.escalated = sla(a, today), escalated(a, today)
    found.sort(key=lambda a: (not a.escalated, not a.is_open, a.decision_due))
    return found


def asylum_get(*, actor: Actor, application_id: int) -> AsylumApplication:
    """One application for the unit, audited as a read of the person's file."""
    asylum_require(actor)
    application = AsylumApplication.objects.select_related("person", "origin").get(
        pk=application_id)
    audit_record(actor=actor, action=AuditEvent.Action.READ, object_type="protection_asylum",
                 object_id=application.pk, person_id=application.person_id,
                 purpose="case_processing")
    today = timezone.localdate()
    application.sla, application.escalated = sla(application, today), escalated(application,
                                                                                 today)
    application.certificate_list = certificates_with_pdf(application.certificates.all())
    return application


def certificates_with_pdf(certificates: Iterable[ProtectionCertificate],
                          today: date | None = None) -> list[ProtectionCertificate]:
    """The certificates, each with ``document``: its signed PDF (``None`` for one issued
    before certificates were signed), whose ``revoked_at`` tells a revoked one; and
    ``in_force``: not revoked (superseded, or the status ended) and not expired."""
    rows = list(certificates)
    documents = {d.number: d for d in SubjectDocument.objects.defer("pdf").filter(
        number__in=[c.number for c in rows])}
    today = today or timezone.localdate()
    for c in rows:
        c.document = documents.get(c.number)
        c.in_force = (c.valid_from <= today <= c.valid_to
                      and (c.document is None or c.document.revoked_at is None))
    return rows


def stateless_list(*, actor: Actor) -> QuerySet[StatelessRecord]:
    asylum_require(actor)
    return (StatelessRecord.objects.select_related("person").prefetch_related("certificates")
            .order_by("-identified_on", "-pk"))


def stateless_get(*, actor: Actor, record_id: int) -> StatelessRecord:
    asylum_require(actor)
    return StatelessRecord.objects.select_related("person").get(pk=record_id)


@dataclass(frozen=True)
class HistoryStep:
    """One step of a person's protection history, in order."""

    day: date
    code: str  # asylum_registered, asylum_<status>, stateless_<status>, certificate_<kind>
    label: str
    detail: str


def protection_history(*, actor: Actor, person: Person) -> list[HistoryStep]:
    """Asylum seeker → refugee (or refused) → residence permit → status ended, and
    stateless → documented → residence permit → status ended, in order; empty for anyone
    outside the asylum unit (they are never told)."""
    if not actor.can(Capability.MANAGE_ASYLUM):
        return []
    steps: list[HistoryStep] = []
    no_copy = str(_("issued before Kosh, no copy held"))
    for a in person.asylum_applications.select_related("origin"):
        steps.append(HistoryStep(a.registered_on, "asylum_registered",
                                 str(_("asylum application registered")),
                                 f"{a} · {a.origin.name}"))
        if a.decided_on:
            decided = AsylumStatus.RECOGNISED if a.ended_on else AsylumStatus(a.status)
            steps.append(HistoryStep(
                a.decided_on, f"asylum_{decided.value}", str(decided.label),
                f"{a} · {no_copy}" if a.before_kosh and decided == AsylumStatus.RECOGNISED
                else str(a)))
        if a.residence_applied_on:
            steps.append(HistoryStep(
                a.residence_applied_on, "refugee_residence_applied",
                str(_("residence permit applied for")),
                _due(a.residence_decision_due)))
        if a.ended_on:
            steps.append(HistoryStep(a.ended_on, f"asylum_{a.status}", a.get_status_display(),
                                     f"{a.get_end_ground_display()}: {a.end_reason}"))
    record = StatelessRecord.objects.filter(person=person).first()
    if record:
        steps.append(HistoryStep(record.identified_on, "stateless_identified",
                                 str(_("identified as stateless")), record.basis))
        if record.before_kosh and not record.certificates.exists() and (
                record.status != StatelessStatus.IDENTIFIED):
            steps.append(HistoryStep(record.identified_on, "certificate_stateless",
                                     str(CertificateKind.STATELESS.label), no_copy))
        if record.residence_applied_on:
            steps.append(HistoryStep(record.residence_applied_on,
                                     "stateless_residence_applied",
                                     str(StatelessStatus.RESIDENCE_APPLIED.label),
                                     _due(record.residence_decision_due)))
        if record.ended_on:
            steps.append(HistoryStep(record.ended_on, f"stateless_{record.status}",
                                     record.get_status_display(),
                                     f"{record.get_end_ground_display()}: {record.end_reason}"))
    for c in certificates_with_pdf(ProtectionCertificate.objects.filter(person=person)):
        detail = f"{c.number} · {c.valid_from:%d.%m.%Y}–{c.valid_to:%d.%m.%Y}"
        if not c.in_force:
            detail += f" · {_('no longer valid')}"
        steps.append(HistoryStep(c.valid_from, f"certificate_{c.kind}", c.get_kind_display(),
                                 detail))
    # on one day: the application, the certificate issued on it, a decision, the
    # certificate issued on the decision, the residence permit, the end
    rank = {"asylum_registered": 0, "stateless_identified": 0,
            "certificate_asylum_seeker": 1, "certificate_refugee": 3,
            "refugee_residence_applied": 4, "stateless_residence_applied": 4,
            "asylum_ceased": 5, "asylum_status_withdrawn": 5, "stateless_ended": 5,
            "stateless_citizen": 5}
    return sorted(steps, key=lambda s: (s.day, rank.get(s.code, 2)))


def _due(day: date | None) -> str:
    return str(_("decision due %(day)s") % {"day": f"{day:%d.%m.%Y}"}) if day else ""


@dataclass(frozen=True)
class StatusCounts:
    """Applications by year of registration (rows) and status (columns), with totals;
    cells under ``KOSH_MIN_CELL`` and their complements hidden."""

    statuses: tuple[AsylumStatus, ...]
    years: tuple[int, ...]
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    grand_total: Cell

    @property
    def rows(self) -> list[tuple[int, tuple[Cell, ...], Cell]]:
        """(year, cells, total) per row, for a table."""
        return list(zip(self.years, self.cells, self.row_totals, strict=True))


def asylum_counts(*, actor: Actor) -> StatusCounts:
    """Counts for the unit's reports (and the comparison with official figures)."""
    asylum_require(actor)
    found = {(r["year"], r["status"]): r["n"] for r in
             AsylumApplication.objects.annotate(year=ExtractYear("registered_on"))
             .values("year", "status").annotate(n=Count("pk"))}
    statuses = tuple(AsylumStatus)
    years = tuple(sorted({y for y, _ in found}))
    raw = [[found.get((y, s.value), 0) for s in statuses] for y in years]
    hidden = table_suppress(raw, settings.KOSH_MIN_CELL) if raw else set()

    def cell(r: object, c: object, n: int) -> Cell:
        return Cell(None if (r, c) in hidden else n)

    return StatusCounts(
        statuses=statuses, years=years,
        cells=tuple(tuple(cell(r, c, raw[r][c]) for c in range(len(statuses)))
                    for r in range(len(years))),
        row_totals=tuple(cell(r, TOTAL, sum(raw[r])) for r in range(len(years))),
        column_totals=tuple(cell(TOTAL, c, sum(row[c] for row in raw))
                            for c in range(len(statuses))),
        grand_total=cell(TOTAL, TOTAL, sum(map(sum, raw))),
    )
