"""Writes about citizens working abroad: agencies' licences (apply with a checked BIN,
grant, refuse, revoke — open placements counted at revocation), work abroad (registered
by the citizen or the ministry; repatriation insurance recorded where it applies; return),
and complaints (filed by the citizen or a relative, taken up and reported by the mission
of the country, closed by the ministry; terms in working days of the calendar).

Each service checks the actor, owns its transaction and writes its audit event."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied, Actor, Capability
from kosh.cases.deadlines import working_days_add
from kosh.errors import DomainError
from kosh.geo.models import Country
from kosh.identity.identifier_messages import identifier_error_message
from kosh.identity.identifiers import IdentifierError, bin_parse, iin_parse
from kosh.identity.models import Category, Person, PersonCategory
from kosh.identity.selectors import person_scope
from kosh.rules.system import parameter_value

from .models import Agency, Complaint, ComplaintEvent, WorkAbroad
from .permissions import complaint_filter, emigrants_require, sides_of
from .statuses import (
    OPEN_COMPLAINT,
    TRANSITIONS,
    ComplaintKind,
    ComplaintStatus,
    LicenceStatus,
    Side,
    WorkStatus,
)

HOME = "KAZ"
REASON_MIN_WORDS = 3


def _audit(actor: Actor, object_type: str, obj: object, after: dict,
           person_id: int | None = None, action: str = AuditEvent.Action.UPDATE) -> None:
    audit_record(actor=actor, action=action, object_type=object_type, object_id=obj.pk,
                 person_id=person_id,
                 after={k: v.isoformat() if isinstance(v, date) else v
                        for k, v in after.items()})


def _reasons(text: str) -> str:
    text = " ".join(text.split())
    if len(text.split()) < REASON_MIN_WORDS:
        raise DomainError("reasons_required", _("State the reasons in a few words."),
                          field="reasons")
    return text


# --- agencies ---------------------------------------------------------------------------

@transaction.atomic
def agency_apply(*, actor: Actor, bin_number: str, name: str,
                 applied_on: date | None = None) -> Agency:
    """Register an agency's application for a licence; the BIN must be a valid BIN of a
    legal entity and not already registered."""
    emigrants_require(actor)
    number = "".join(bin_number.split())
    try:
        bin_parse(number)
    except IdentifierError as err:
        raise DomainError("bad_bin", identifier_error_message(err),
                          field="bin_number") from err
    name = " ".join(name.split())
    if not name:
        raise DomainError("name_required", _("Give the agency's name."), field="name")
    if Agency.objects.filter(bin=number).exists():
        raise DomainError("bin_taken", _("An agency with this BIN is already registered."),
                          field="bin_number")
    agency = Agency.objects.create(bin=number, name=name,
                                   applied_on=applied_on or timezone.localdate())
    _audit(actor, "agency", agency, {"bin": number, "status": agency.status},
           action=AuditEvent.Action.CREATE)
    return agency


def licence_valid_to(granted: date) -> date:
    """The last day of a licence granted on ``granted`` (``licence.validity_months``, an
    assumption: granted on 1 March, a 36-month licence is valid through the last day of
    February three years on)."""
    months = int(parameter_value("emigrants.licence.validity_months", granted))
    return granted + relativedelta(months=months) - relativedelta(days=1)


def _agency_locked(agency: Agency) -> Agency:
    return Agency.objects.select_for_update().get(pk=agency.pk)


@transaction.atomic
def agency_license(*, actor: Actor, agency: Agency) -> Agency:
    """Grant the licence applied for: a licence number is given."""
    emigrants_require(actor)
    agency = _agency_locked(agency)
    if agency.status != LicenceStatus.APPLIED:
        raise DomainError("illegal_transition", _("Only an application can be licensed."),
                          field="status")
    today = timezone.localdate()
    serial = (Agency.objects.aggregate(n=Max("pk"))["n"] or 0) + agency.pk
    agency.status, agency.licensed_on = LicenceStatus.LICENSED, today
    agency.licence_valid_to = licence_valid_to(today)
    agency.licence_number = f"PEA-{today.year}-{serial:05d}"
    fields = ["status", "licensed_on", "licence_valid_to", "licence_number"]
    try:
        with transaction.atomic():
            agency.save(update_fields=fields)
    except IntegrityError:
        agency.licence_number = f"PEA-{today.year}-{agency.pk:05d}-{serial}"
        agency.save(update_fields=fields)
    _audit(actor, "agency", agency, {"status": agency.status,
                                     "licence_number": agency.licence_number,
                                     "licence_valid_to": agency.licence_valid_to})
    return agency


@transaction.atomic
def agency_refuse(*, actor: Actor, agency: Agency, reasons: str) -> Agency:
    """Refuse the licence applied for, with reasons."""
    emigrants_require(actor)
    agency = _agency_locked(agency)
    if agency.status != LicenceStatus.APPLIED:
        raise DomainError("illegal_transition", _("Only an application can be refused."),
                          field="status")
    agency.status, agency.reason = LicenceStatus.REFUSED, _reasons(reasons)
    agency.save(update_fields=["status", "reason"])
    _audit(actor, "agency", agency, {"status": agency.status, "reasons": agency.reason})
    return agency


@transaction.atomic
def agency_revoke(*, actor: Actor, agency: Agency, reasons: str) -> Agency:
    """Revoke a licence, with reasons. Placements still open stay on the register (the
    citizens are abroad) and are counted on the agency; no new one may name it."""
    emigrants_require(actor)
    agency = _agency_locked(agency)
    if agency.status != LicenceStatus.LICENSED:
        raise DomainError("illegal_transition", _("Only a licence in force can be revoked."),
                          field="status")
    agency.status, agency.reason = LicenceStatus.REVOKED, _reasons(reasons)
    agency.revoked_on = timezone.localdate()
    agency.open_placements_at_revocation = agency.placements.filter(
        status=WorkStatus.ABROAD).count()
    agency.save(update_fields=["status", "reason", "revoked_on",
                               "open_placements_at_revocation"])
    _audit(actor, "agency", agency, {"status": agency.status, "reasons": agency.reason,
                                     "open_placements": agency.open_placements_at_revocation})
    return agency


# --- work abroad ------------------------------------------------------------------------

def _own_or_managed(actor: Actor, person: Person) -> None:
    """A citizen registers their own work; the ministry anyone's in its scope. Anyone
    else's record answers as missing (its existence is not revealed)."""
    if actor.can(Capability.MANAGE_EMIGRANTS):
        if not person_scope(actor).filter(pk=person.pk).exists():
            raise Person.DoesNotExist(person.pk)
        return
    if actor.can(Capability.APPLY) and actor.user is not None:
        if person.account_id != actor.user.pk:
            raise Person.DoesNotExist(person.pk)
        return
    raise AccessDenied(Capability.MANAGE_EMIGRANTS)


def insurance_applies(contract_from: date, contract_to: date) -> bool:
    """Would repatriation insurance be required for this stay (over the days of
    ``repatriation_insurance.stay_days_without_insurance``, first and last day counted)?
    The measure is proposed, not enacted: the answer is recorded, never enforced."""
    limit = int(parameter_value("repatriation_insurance.stay_days_without_insurance",
                                contract_from))
    return (contract_to - contract_from).days + 1 > limit


@transaction.atomic
def work_register(*, actor: Actor, person: Person, country: str, city: str,
                  employer_name: str, contract_from: date, contract_to: date,
                  agency_id: int | None = None, insurance_policy: str = "",
                  insurer: str = "") -> WorkAbroad:
    """Register a citizen's work abroad (an agency's placement when one is named; it must
    hold a licence in force)."""
    _own_or_managed(actor, person)
    if person.citizenship_id != HOME:
        raise DomainError("not_a_citizen",
                          _("Only citizens of Kazakhstan register work abroad here."),
                          field="person")
    if country == HOME or not Country.objects.filter(pk=country).exists():
        raise DomainError("bad_country", _("Choose the country abroad."), field="country")
    if contract_to < contract_from:
        raise DomainError("bad_period", _("The contract cannot end before it starts."),
                          field="contract_to")
    city, employer_name = " ".join(city.split()), " ".join(employer_name.split())
    if not city or not employer_name:
        raise DomainError("required", _("Give the city and the employer."),
                          field="city" if not city else "employer_name")
    agency = None
    if agency_id is not None:
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is None or agency.status != LicenceStatus.LICENSED:
            raise DomainError("agency_not_licensed",
                              _("This agency holds no licence in force."), field="agency")
        if agency.licence_expired(timezone.localdate()):
            raise DomainError("agency_licence_expired",
                              _("This agency's licence expired on %(day)s.")
                              % {"day": f"{agency.licence_valid_to:%d.%m.%Y}"}, field="agency")
    work = WorkAbroad.objects.create(
        person=person, country_id=country, city=city, employer_name=employer_name,
        contract_from=contract_from, contract_to=contract_to, agency=agency,
        insurance_applies=insurance_applies(contract_from, contract_to),
        insurance_policy=insurance_policy.strip(), insurer=insurer.strip())
    _audit(actor, "work_abroad", work, {"country": country, "agency": agency_id,
                                        "contract_to": contract_to},
           person_id=person.pk, action=AuditEvent.Action.CREATE)
    if not PersonCategory.objects.filter(person=person, category=Category.EMIGRANT_WORKER,
                                         valid_to__isnull=True).exists():
        row = PersonCategory.objects.create(person=person, category=Category.EMIGRANT_WORKER,
                                            valid_from=contract_from)
        _audit(actor, "category", row, {"category": Category.EMIGRANT_WORKER,
                                        "valid_from": contract_from},
               person_id=person.pk, action=AuditEvent.Action.CREATE)
    return work


@transaction.atomic
def work_return(*, actor: Actor, work: WorkAbroad, on: date | None = None) -> WorkAbroad:
    """Record the citizen's return (emigrant → returnee): the category ends when no other
    work abroad is open."""
    work = WorkAbroad.objects.select_for_update().select_related("person").get(pk=work.pk)
    _own_or_managed(actor, work.person)
    if work.status != WorkStatus.ABROAD:
        raise DomainError("already_returned", _("The return is already recorded."),
                          field="status")
    on = on or timezone.localdate()
    work.status, work.returned_on = WorkStatus.RETURNED, on
    work.save(update_fields=["status", "returned_on"])
    _audit(actor, "work_abroad", work, {"status": work.status, "returned_on": on},
           person_id=work.person_id)
    if not work.person.work_abroad.filter(status=WorkStatus.ABROAD).exists():
        for row in PersonCategory.objects.filter(person=work.person_id,
                                                 category=Category.EMIGRANT_WORKER,
                                                 valid_to__isnull=True):
            row.valid_to = on
            row.save(update_fields=["valid_to"])
            _audit(actor, "category", row, {"category": Category.EMIGRANT_WORKER,
                                            "valid_to": on}, person_id=work.person_id)
    return work


# --- complaints -------------------------------------------------------------------------

def _term(path: str, day: date) -> date:
    return working_days_add(day, int(parameter_value(f"emigrants.complaint.{path}", day)))


@transaction.atomic
def complaint_file(*, actor: Actor, country: str, kind: str, description: str,
                   city: str = "", relative_iin: str = "", relative_name: str = "",
                   person: Person | None = None, work_id: int | None = None,
                   agency_id: int | None = None) -> Complaint:
    """File a complaint: by the citizen (their own record), by a relative (naming the
    citizen by IIN and themselves by name) or by an officer handling complaints (on a
    person's behalf). Terms at the mission and at the ministry start on the day filed.

    A relative learns nothing of the registry: a well-formed IIN is accepted whether or not
    a citizen holds it (the complaint then names no person, and the ministry sees that),
    and every check before it depends only on what the relative typed."""
    citizen_iin = ""
    if person is None:
        if not (actor.can(Capability.APPLY) and actor.user is not None):
            raise AccessDenied(Capability.APPLY)
        if relative_iin.strip():
            citizen_iin = "".join(relative_iin.split())
            try:
                iin_parse(citizen_iin)
            except IdentifierError as err:
                raise DomainError("bad_iin", identifier_error_message(err),
                                  field="relative_iin") from err
            if not relative_name.strip():
                raise DomainError("relative_name_required", _("Give your own name."),
                                  field="relative_name")
        else:
            person = Person.objects.filter(account=actor.user).first()
            if person is None:
                raise DomainError("no_record", _("Your login is not linked to a record."),
                                  field="relative_iin")
            relative_name = ""
    elif not actor.can(Capability.HANDLE_COMPLAINTS):
        raise AccessDenied(Capability.HANDLE_COMPLAINTS)
    if person is not None and person.citizenship_id != HOME:
        raise DomainError("not_a_citizen",
                          _("Complaints are filed here for citizens of Kazakhstan abroad."),
                          field="relative_iin")
    if kind not in ComplaintKind.values:
        raise DomainError("bad_kind", _("Choose what happened."), field="kind")
    if country == HOME or not Country.objects.filter(pk=country).exists():
        raise DomainError("bad_country", _("Choose the country abroad."), field="country")
    description = description.strip()
    if len(description.split()) < REASON_MIN_WORDS:
        raise DomainError("description_required", _("Say in a few words what happened."),
                          field="description")
    if citizen_iin:  # last, after every check on what was typed: the same either way
        person = Person.objects.filter(iin=citizen_iin, citizenship_id=HOME).first()
    # a relative names no stay (what they could learn of it would tell the person apart)
    work = (person.work_abroad.filter(pk=work_id).first()
            if work_id and person and not citizen_iin else None)
    agency = Agency.objects.filter(pk=agency_id).first() if agency_id else (
        work.agency if work else None)
    today = timezone.localdate()
    complaint = Complaint.objects.create(
        person=person, citizen_iin=citizen_iin, work=work, agency=agency, country_id=country,
        city=city.strip(),
        kind=kind, description=description, filed_by=actor.user,
        relative_name=" ".join(relative_name.split()), filed_on=today,
        mission_due=_term("mission_working_days", today),
        ministry_due=_term("ministry_working_days", today))
    ComplaintEvent.objects.create(complaint=complaint, status=complaint.status,
                                  side=Side.CITIZEN, actor_name=actor.username)
    _audit(actor, "complaint", complaint, {"status": complaint.status, "country": country,
                                           "kind": kind, "mission_due": complaint.mission_due},
           person_id=person.pk if person else None, action=AuditEvent.Action.CREATE)
    return complaint


@transaction.atomic
def complaint_move(*, actor: Actor, complaint: Complaint, to: str, note: str = "",
                   ) -> Complaint:
    """Move a complaint: the mission takes it up and reports, the ministry closes it (with
    its outcome), the citizen withdraws it. The only place its status is assigned."""
    complaint = (Complaint.objects.select_for_update(of=("self",)).select_related("person")
                 .filter(complaint_filter(actor)).filter(pk=complaint.pk).first())
    if complaint is None:
        raise Complaint.DoesNotExist
    side = TRANSITIONS.get((complaint.status, to))
    if side is None:
        raise DomainError("illegal_transition",
                          _("This step is not possible in the complaint's status."),
                          field="to")
    if side not in sides_of(actor, complaint):
        raise AccessDenied(Capability.HANDLE_COMPLAINTS, object_type="complaint",
                           object_id=complaint.pk)
    note = note.strip()
    if to in (ComplaintStatus.MISSION_REPORTED, ComplaintStatus.CLOSED) and not note:
        raise DomainError("note_required", _("Say what was done."), field="note")
    complaint.status = to
    fields = ["status"]
    if to == ComplaintStatus.CLOSED:
        complaint.outcome, complaint.closed_on = note, timezone.localdate()
        fields += ["outcome", "closed_on"]
    complaint.save(update_fields=fields)
    ComplaintEvent.objects.create(complaint=complaint, status=to, side=side,
                                  actor_name=actor.username, note=note)
    _audit(actor, "complaint", complaint, {"status": to, "side": side},
           person_id=complaint.person_id)
    return complaint


def complaint_is_open(complaint: Complaint) -> bool:
    return complaint.status in OPEN_COMPLAINT
