"""Reads about citizens working abroad: agencies with their placements and complaints
counted (the ministry's list and the public check), work abroad of a person, complaints in
the actor's scope with their terms (overdue at the mission, at the ministry)."""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import Actor, Capability
from kosh.identity.models import Person

from .models import Agency, Complaint, WorkAbroad
from .permissions import complaint_filter, emigrants_require, sides_of
from .statuses import AT_MISSION_STAGE, OPEN_COMPLAINT, TRANSITIONS, LicenceStatus, WorkStatus

PUBLIC_RESULTS = 20
PUBLIC_MIN_NAME = 3


def _counted(agencies: QuerySet[Agency]) -> QuerySet[Agency]:
    """Agencies with their counts and ``expired`` (a licence whose term has ended)."""
    return agencies.annotate(
        expired=ExpressionWrapper(Q(status=LicenceStatus.LICENSED,
                                    licence_valid_to__lt=timezone.localdate()),
                                  output_field=BooleanField()),
        placements_open=Count("placements", filter=Q(placements__status=WorkStatus.ABROAD),
                              distinct=True),
        placements_total=Count("placements", distinct=True),
        complaints_total=Count("complaints", distinct=True),
    )


def agency_list(*, actor: Actor, status: str = "") -> QuerySet[Agency]:
    """Every agency with its open and total placements and its complaints (ministry)."""
    emigrants_require(actor)
    agencies = Agency.objects.all()
    if status:
        agencies = agencies.filter(status=status)
    return _counted(agencies).order_by("name", "pk")


def agency_get(*, actor: Actor, agency_id: int) -> Agency:
    emigrants_require(actor)
    return _counted(Agency.objects.filter(pk=agency_id)).get()


def agency_public_lookup(*, query: str) -> list[Agency]:
    """The public check (no login): agencies whose BIN is the 12 digits given or whose name
    holds the words given (at least 3 letters), with licence status and counts. Nothing
    about persons."""
    query = " ".join(query.split())
    digits = re.sub(r"\s", "", query)
    if re.fullmatch(r"\d{12}", digits):
        agencies = Agency.objects.filter(bin=digits)
    elif len(query) >= PUBLIC_MIN_NAME:
        agencies = Agency.objects.all()
        for word in query.split():
            agencies = agencies.filter(name__icontains=word)
    else:
        return []
    return list(_counted(agencies.exclude(status="applied")).order_by("name", "pk")
                [:PUBLIC_RESULTS])


def work_of(*, actor: Actor, person: Person) -> list[WorkAbroad]:
    """A person's work abroad, for the person's card (already read in scope) or the
    citizen's own page."""
    if not (actor.can(Capability.MANAGE_EMIGRANTS) or actor.can(Capability.VIEW_PERSON)):
        return []
    return list(person.work_abroad.select_related("country", "agency"))


@dataclass(frozen=True)
class Terms:
    """Where a complaint stands against its terms."""

    overdue_at_mission: bool
    overdue_at_ministry: bool


def complaint_subject(*, actor: Actor, complaint: Complaint) -> str:
    """Who the complaint is about, as the actor may be told: the citizen's name to the
    citizen and to those handling complaints (with "not in the registry" when the IIN a
    relative gave matched no citizen); to a relative who filed it, only the IIN they gave —
    so the answer never depends on whether the registry knows that IIN."""
    own = (actor.user is not None and complaint.person is not None
           and complaint.person.account_id == actor.user.pk)
    if own or (complaint.person is not None and not complaint.citizen_iin):
        return complaint.person.display_name
    if actor.can(Capability.HANDLE_COMPLAINTS):
        if complaint.person is not None:
            return complaint.person.display_name
        return _("IIN %(iin)s (no citizen in the registry)") % {"iin": complaint.citizen_iin}
    return _("IIN %(iin)s") % {"iin": complaint.citizen_iin}


def complaint_terms(complaint: Complaint, today: date | None = None) -> Terms:
    today = today or timezone.localdate()
    return Terms(
        overdue_at_mission=complaint.status in AT_MISSION_STAGE and today > complaint.mission_due,
        overdue_at_ministry=complaint.status in OPEN_COMPLAINT and today > complaint.ministry_due,
    )


def complaint_list(*, actor: Actor, status: str = "", overdue_only: bool = False,
                   ) -> list[Complaint]:
    """The complaints the actor may see (a mission: its country's only), oldest term
    first, each with ``terms``."""
    rows = Complaint.objects.filter(complaint_filter(actor)).select_related(
        "person", "country", "agency")
    if status:
        rows = rows.filter(status=status)
    found = list(rows.order_by("ministry_due", "pk")[:500])
    today = timezone.localdate()
    for c in found:
        c.terms = complaint_terms(c, today)
        c.subject = complaint_subject(actor=actor, complaint=c)
    if overdue_only:
        found = [c for c in found if c.terms.overdue_at_mission or c.terms.overdue_at_ministry]
    return found


def complaint_get(*, actor: Actor, complaint_id: int) -> Complaint:
    """One complaint in the actor's scope with its history, terms and the moves the actor
    may make (``moves``); audited as a read of the citizen's data. Outside the scope:
    ``Complaint.DoesNotExist`` (not told apart from missing)."""
    complaint = Complaint.objects.filter(complaint_filter(actor)).select_related(
        "person", "country", "agency", "work").get(pk=complaint_id)
    audit_record(actor=actor, action=AuditEvent.Action.READ, object_type="complaint",
                 object_id=complaint.pk, person_id=complaint.person_id,
                 purpose="case_processing")
    complaint.terms = complaint_terms(complaint)
    complaint.subject = complaint_subject(actor=actor, complaint=complaint)
    complaint.history = list(complaint.events.all())
    sides = sides_of(actor, complaint)
    complaint.moves = [to for (frm, to), side in TRANSITIONS.items()
                       if frm == complaint.status and side in sides]
    return complaint
