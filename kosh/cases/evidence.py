"""How each criterion of a case is known, and what stands in the way of approving it.

A criterion is declared by the applicant, checked against a document an officer confirms,
or checked against the registry (``registry.Evidence``). ``REGISTRY_CHECKS`` compare an
application with what the registry holds about the person — citizenship, passport,
employment with Kazakh employers, documents already issued — and say in words what each
side holds and whether they contradict. ``case_evidence`` puts the criteria of a case
together with their files, confirmations, registry facts and resolutions;
``approval_blockers`` lists what must be done before the case may be approved."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kosh.geo.models import Country
from kosh.identity.models import IdentityDocument, Person

from .evaluation import criteria_explained
from .models import (
    Case,
    CaseFile,
    ContradictionResolution,
    Decision,
    DocumentConfirmation,
    IssuedDocument,
)
from .registry import Criterion, Evidence, Instrument, instrument_get
from .statuses import DocumentKind, Outcome


@dataclass(frozen=True)
class RegistryFact:
    """What the registry holds (``registry``) against what the application says or the
    rules assumed (``declared``), both in words; ``contradicts`` when they disagree."""

    check: str
    registry: str
    declared: str
    contradicts: bool


RegistryCheck = Callable[..., RegistryFact]


def _day(value: date | None) -> str:
    return date_format(value, "d.m.Y") if value else "—"


def _country(code: str | None, known: dict[str, Country] | None = None) -> str:
    """A country by its name (``known``: countries already read, by code)."""
    if not code:
        return gettext("no citizenship")
    found = (known or {}).get(code) or Country.objects.filter(pk=code).first()
    return found.name if found else code


def _current(rows: Any, day: date) -> Any:
    """Rows with ``valid_from``/``valid_to`` in force on ``day``."""
    return rows.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def citizenship_check(*, person: Person, data: dict[str, Any], day: date,
                      instrument: str) -> RegistryFact:
    """The citizenships the registry records on ``day`` against the one the application is
    assessed with (the form's, else the person's record)."""
    current = list(_current(person.citizenships.all(), day).select_related("country"))
    known = {c.country_id: c.country for c in current}
    if person.citizenship_id and Person.citizenship.is_cached(person):
        known.setdefault(person.citizenship_id, person.citizenship)  # read with the person
    held = sorted({c.country_id for c in current})
    assessed = data.get("citizenship") or person.citizenship_id or ""
    registry = ", ".join(_country(c, known) for c in held) or gettext(
        "no citizenship (stateless)")
    return RegistryFact(
        check="citizenship",
        registry=gettext("Citizenship in the registry: %(countries)s.") % {"countries": registry},
        declared=gettext("Assessed as a citizen of %(country)s.") % {
            "country": _country(assessed, known)},
        contradicts=held != ([assessed] if assessed else []),
    )


TRAVEL_DOCUMENTS = (IdentityDocument.Kind.FOREIGN_PASSPORT, IdentityDocument.Kind.PASSPORT,
                    IdentityDocument.Kind.STATELESS_CERTIFICATE)


def passport_check(*, person: Person, data: dict[str, Any], day: date,
                   instrument: str) -> RegistryFact:
    """The person's newest passport in the registry (number, expiry, status) against a
    valid passport, and against the number and expiry the application gives, if any."""
    doc = (person.documents.filter(kind__in=TRAVEL_DOCUMENTS)
           .select_related("issuing_country").order_by("-issued_on", "-id").first())
    number = str(data.get("passport_number") or "").strip()
    expires = data.get("passport_expires_on") or ""
    declared = gettext("A valid passport")
    if number:
        declared += " " + gettext("No. %(number)s") % {"number": number}
    if expires:
        declared += ", " + gettext("valid until %(day)s") % {
            "day": _day(date.fromisoformat(expires))}
    declared += "."
    if doc is None:
        return RegistryFact("passport_valid", gettext("No passport in the registry."),
                            declared, True)
    words = {"kind": doc.get_kind_display(), "number": doc.number,
             "country": doc.issuing_country.name, "day": _day(doc.expires_on),
             "status": doc.get_status_display()}
    if doc.status != IdentityDocument.Status.VALID:
        registry = gettext("%(kind)s %(number)s (%(country)s): %(status)s.") % words
        valid = False
    elif doc.expires_on is not None and doc.expires_on < day:
        registry = gettext("%(kind)s %(number)s (%(country)s) expired on %(day)s.") % words
        valid = False
    else:
        registry = gettext("%(kind)s %(number)s (%(country)s), valid until %(day)s.") % words
        valid = True
    differs = (bool(number) and number.upper() != doc.number.upper()) or (
        bool(expires) and doc.expires_on is not None
        and date.fromisoformat(expires) != doc.expires_on)
    return RegistryFact("passport_valid", registry, declared, not valid or differs)


def local_employment_check(*, person: Person, data: dict[str, Any], day: date,
                           instrument: str) -> RegistryFact:
    """Employment with Kazakh employers (legal entities with a BIN) the registry records on
    ``day`` against the applicant's declaration of no local employment."""
    jobs = list(_current(person.employments.all(), day).select_related("employer"))
    if jobs:
        registry = gettext("Employed in Kazakhstan: %(jobs)s.") % {"jobs": "; ".join(
            gettext("%(name)s (BIN %(bin)s) since %(day)s") % {
                "name": j.employer.name, "bin": j.employer.bin, "day": _day(j.valid_from)}
            for j in jobs)}
    else:
        registry = gettext("No current employment with a Kazakh employer.")
    local = bool(data.get("has_local_employment"))
    declared = (gettext("Declares work for a company in Kazakhstan.") if local
                else gettext("Declares no work for companies in Kazakhstan."))
    return RegistryFact("no_local_employment", registry, declared, bool(jobs) and not local)


def valid_document_check(*, person: Person, data: dict[str, Any], day: date,
                         instrument: str) -> RegistryFact:
    """Documents of the same instrument already issued to the person and valid on ``day``."""
    held = list(IssuedDocument.objects.filter(
        holder=person, case__instrument=instrument, revoked=False, valid_to__gte=day,
    ).order_by("valid_to"))
    if held:
        registry = gettext("Already holds %(docs)s.") % {"docs": "; ".join(
            gettext("%(number)s, valid until %(day)s") % {"number": d.number,
                                                           "day": _day(d.valid_to)}
            for d in held)}
    else:
        registry = gettext("No valid document of this kind was issued to the person.")
    return RegistryFact("no_valid_document", registry,
                        gettext("Applies for a new document."), bool(held))


REGISTRY_CHECKS: dict[str, RegistryCheck] = {
    "citizenship": citizenship_check,
    "passport_valid": passport_check,
    "no_local_employment": local_employment_check,
    "no_valid_document": valid_document_check,
}


def registry_fact(criterion: Criterion, case: Case, day: date) -> RegistryFact:
    """The registry check of a ``REGISTRY`` criterion applied to a case."""
    return REGISTRY_CHECKS[criterion.registry_check](
        person=case.applicant, data=case.data, day=day, instrument=case.instrument)


def refusals_of(person: Person, *, exclude: int | None = None) -> list[str]:
    """Earlier refusals of the person, in words (shown to officers as registry facts)."""
    from .registry import INSTRUMENTS

    refused = (Decision.objects.filter(case__applicant=person, outcome=Outcome.REFUSED)
               .exclude(case_id=exclude).select_related("case").order_by("-decided_at"))
    return [
        gettext("%(number)s, %(name)s: refused on %(day)s — %(reason)s.") % {
            "number": d.case.number,
            "name": INSTRUMENTS[d.case.instrument].label if d.case.instrument in INSTRUMENTS
            else d.case.instrument,
            "day": _day(timezone.localtime(d.decided_at).date()),
            "reason": d.get_reason_code_display()}
        for d in refused
    ]


@dataclass
class CriterionEvidence:
    """One criterion of a case with what backs it: its result in words, how it is known,
    the files of its document and their confirmation, or the registry fact and its
    resolution."""

    code: str
    label: str
    evidence: Evidence
    passed: bool | None = None
    text: str = ""
    document: str = ""
    files: list[CaseFile] = field(default_factory=list)
    confirmation: DocumentConfirmation | None = None
    fact: RegistryFact | None = None
    resolution: ContradictionResolution | None = None
    needed: bool = True

    @property
    def evidence_label(self) -> str:
        return str(self.evidence.label)

    @property
    def document_label(self) -> str:
        return str(DocumentKind(self.document).label) if self.document in DocumentKind.values \
            else self.document

    @property
    def unconfirmed(self) -> bool:
        return self.evidence == Evidence.DOCUMENT and self.needed and self.confirmation is None

    @property
    def unresolved(self) -> bool:
        return bool(self.fact and self.fact.contradicts and self.resolution is None)


def case_evidence(case: Case, result: dict[str, Any] | None = None,
                  day: date | None = None, registry: bool = True,
                  files: list[CaseFile] | None = None) -> list[CriterionEvidence]:
    """Every criterion of the case's instrument with its evidence; ``result`` is a stored
    evaluation (``Evaluation.as_json()``) whose explanations are shown, ``day`` the day the
    registry is read for (today); ``registry=False`` leaves the registry unread (the
    applicant's view: the kind of each criterion, not the officers' facts). ``files``: the
    case's files (without their content) when the caller has read them already."""
    spec = instrument_get(case.instrument)
    day = day or timezone.localdate()
    explained = {c.code: c for c in criteria_explained(spec, result)} if result else {}
    raw = {c["code"]: c for c in (result or {}).get("criteria", [])}
    confirmations = {c.criterion: c for c in case.confirmations.select_related("file")}
    resolutions = {r.criterion: r for r in case.resolutions.all()}
    if files is None:
        files = list(case.files.defer("content"))
    rows = []
    for criterion in spec.criteria:
        said = explained.get(criterion.variable)
        row = CriterionEvidence(
            code=criterion.variable, label=str(criterion.label),
            evidence=Evidence(criterion.evidence),
            passed=said.passed if said else None, text=said.text if said else "",
        )
        if criterion.evidence == Evidence.DOCUMENT:
            row.document = criterion.document
            row.files = [f for f in files if f.kind == criterion.document]
            if criterion.needs_document and criterion.variable in raw:
                row.needed = criterion.needs_document(raw[criterion.variable])
            row.confirmation = confirmations.get(criterion.variable)
        elif criterion.evidence == Evidence.REGISTRY and criterion.registry_check and registry:
            row.fact = registry_fact(criterion, case, day)
            row.resolution = resolutions.get(criterion.variable)
        rows.append(row)
    return rows


def documents_missing(spec: Instrument, attached: set[str]) -> list[str]:
    """Required document kinds of ``spec`` not among ``attached``, in the instrument's order."""
    return [k for k in spec.required_documents if k not in attached]


def approval_blockers(case: Case, evidence: list[CriterionEvidence],
                      files: list[CaseFile] | None = None) -> list[str]:
    """Why the case cannot be approved yet, in words (empty when nothing is in the way):
    required documents not attached, document criteria not confirmed, contradictions with
    the registry not resolved. ``files``: the case's files, when already read."""
    spec = instrument_get(case.instrument)
    if files is None:
        files = list(case.files.defer("content"))
    missing = documents_missing(spec, {f.kind for f in files})
    reasons = []
    if missing:
        reasons.append(gettext("Required documents are not attached: %(kinds)s.") % {
            "kinds": ", ".join(str(DocumentKind(k).label) for k in missing)})
    for row in evidence:
        if row.unconfirmed:
            reasons.append(gettext("“%(label)s” is not confirmed against the %(document)s.")
                           % {"label": row.label, "document": row.document_label})
        if row.unresolved:
            reasons.append(gettext("“%(label)s”: the registry contradicts the application; "
                                   "record how it was resolved.") % {"label": row.label})
    return reasons


EVIDENCE_HELP = {
    Evidence.REGISTRY: _("Compared with what the registry holds about the person."),
    Evidence.DOCUMENT: _("An officer confirms it on the attached document."),
    Evidence.DECLARED: _("As the applicant declared it."),
}
