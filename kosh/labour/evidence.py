"""How each criterion of a work permit is known, and what was found.

Every criterion says where its facts come from: the **registry** (the employer's BIN and
record, the worker's person and citizenship, the foreigners it records as employed), what
the employer **declared** (staff counts for local content), the quota **ledger** (places
left on the permit's line) or the **rules** (the fee). Where a declaration is contradicted
by the registry, both values are kept and the grant is blocked until a labour officer
records how it was resolved (``services.work_permit_resolve``). At the decision the
criteria are stored on the permit as they stood (``WorkPermit.criteria``) and shown from
there afterwards, never computed again."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kosh.identity.identifiers import IdentifierError, bin_parse
from kosh.identity.models import Employment
from kosh.quotas.models import QuotaAccount

from .models import WorkPermit
from .rules import mci, params_on

QUOTA_KIND = "foreign_labour"
REGISTRY, DECLARED, LEDGER, RULES = "registry", "declared", "ledger", "rules"
EVIDENCE = {REGISTRY: _("registry"), DECLARED: _("declared by the employer"),
            LEDGER: _("quota ledger"), RULES: _("rules")}
LABELS = {
    "employer_bin": _("The employer's BIN is valid and the employer is in the registry"),
    "worker_identity": _("The worker is a person in the registry"),
    "not_eaeu": _("The worker is not a citizen of the Eurasian Economic Union"),
    "local_content": _("Kazakh citizens' share of the category's staff"),
    "ict_share": _("Intra-corporate transferees within the share of Kazakh staff"),
    "quota": _("A place in the quota"),
    "fee": _("The fee"),
}
#: the criteria a grant needs met (the quota is the ledger's own refusal at the draw)
GRANT_NEEDS = ("employer_bin", "worker_identity", "not_eaeu", "local_content", "ict_share")


@dataclass
class Criterion:
    """One criterion: its code, how it is known, whether it is met (None: not
    applicable), the facts found, and a contradiction between the registry and the
    declaration (``{"registry": …, "declared": …}``) with its resolution when recorded."""

    code: str
    evidence: str
    met: bool | None
    facts: dict = field(default_factory=dict)
    contradiction: dict | None = None
    resolution: dict | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _employer_bin(permit: WorkPermit) -> Criterion:
    employer = permit.employer
    facts = {"bin": employer.bin, "name": employer.name, "region": employer.region_id}
    try:
        info = bin_parse(employer.bin)
    except IdentifierError as err:
        return Criterion("employer_bin", REGISTRY, False, facts | {"error": err.code})
    return Criterion("employer_bin", REGISTRY, True, facts | {
        "registered": f"{info.registered[0]}-{info.registered[1]:02d}"})


def _worker(permit: WorkPermit, eaeu: tuple[str, ...]) -> list[Criterion]:
    declared = permit.worker_citizenship_id
    person = permit.person
    if person is None:
        return [Criterion("worker_identity", REGISTRY, False, {"declared": declared}),
                Criterion("not_eaeu", DECLARED, declared not in eaeu,
                          {"citizenship": declared})]
    registry = person.citizenship_id
    facts = {"person_id": person.pk, "name": person.display_name, "registry": registry,
             "declared": declared}
    contradiction = ({"registry": registry or "—", "declared": declared}
                     if registry != declared else None)
    citizenship = registry or declared
    return [Criterion("worker_identity", REGISTRY, True, facts, contradiction),
            Criterion("not_eaeu", REGISTRY, citizenship not in eaeu, {"citizenship": citizenship})]


def foreigners_employed(employer_id: int, on: date) -> int:
    """Foreigners (not Kazakh citizens) the registry records as employed by the employer
    on ``on``."""
    return (Employment.objects.filter(employer_id=employer_id, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .exclude(person__citizenship_id="KAZ").values("person_id").distinct().count())


def local_content_facts(*, employer, category: str, on: date,
                        permit: WorkPermit | None = None) -> Criterion:
    """The local-content criterion of a category 1–4 permit (``permit``: an existing
    request, counted with the requests before it; none: a new request, counted on top of
    them), the ICT share criterion of an intra-corporate transfer, or not applicable
    (seasonal). Known from the employer's latest declaration on ``on``; a declaration of
    fewer foreign staff than the registry records employed that day is a contradiction."""
    code = "ict_share" if category == WorkPermit.Category.ICT else "local_content"
    if category not in {"1", "2", "3", "4", "ict"}:
        return Criterion(code, DECLARED, None, {"category": category})
    declaration = employer.staff_declarations.filter(declared_on__lte=on).first()
    if declaration is None:
        return Criterion(code, DECLARED, False, {"declaration": None})
    p = params_on(on).work_permit
    earlier = WorkPermit.objects.filter(
        employer=employer, requested_at__gte=declaration.created_at,
        status__in=[WorkPermit.Status.REQUESTED, WorkPermit.Status.GRANTED])
    if permit is not None:
        earlier = earlier.filter(pk__lte=permit.pk)
    declared_foreign = (declaration.cat12_total - declaration.cat12_citizens
                        + declaration.cat34_total - declaration.cat34_citizens)
    registry_foreign = foreigners_employed(employer.pk, declaration.declared_on)
    contradiction = ({"registry": str(registry_foreign), "declared": str(declared_foreign)}
                     if registry_foreign > declared_foreign else None)
    facts = {"declaration": declaration.pk, "declared_on": declaration.declared_on.isoformat(),
             "declared_foreign": declared_foreign, "registry_foreign": registry_foreign}
    if code == "ict_share":
        ict = earlier.filter(category=WorkPermit.Category.ICT).count() + (permit is None)
        citizens = declaration.cat12_citizens + declaration.cat34_citizens
        share = float(p.ict_share_of_citizens)
        allowed = math.floor(share * citizens + 1e-9)
        return Criterion(code, DECLARED, ict <= allowed, facts | {
            "ict": ict, "citizens": citizens, "allowed": allowed, "share": round(share * 100)},
            contradiction)
    group = ("1", "2") if category in {"1", "2"} else ("3", "4")
    if group == ("1", "2"):
        total, citizens = declaration.cat12_total, declaration.cat12_citizens
        threshold = float(p.local_content_share_cat12)
    else:
        total, citizens = declaration.cat34_total, declaration.cat34_citizens
        threshold = float(p.local_content_share_cat34)
    pending = earlier.filter(category__in=group).count() + (permit is None)
    staff = total + pending
    needed = -(-round(threshold * staff * 1000) // 1000)
    return Criterion(code, DECLARED, citizens >= threshold * staff - 1e-9, facts | {
        "group": "–".join(group), "total": total, "citizens": citizens, "pending": pending,
        "staff": staff, "needed": needed, "share": round(threshold * 100)}, contradiction)


def _quota(permit: WorkPermit) -> Criterion:
    if not permit.in_quota:
        return Criterion("quota", LEDGER, True, {"outside": True})
    facts = {"year": permit.quota_year, "category": permit.category, "region": permit.region_id}
    if permit.draw_id:
        return Criterion("quota", LEDGER, True, facts | {"draw": permit.draw_id})
    account = QuotaAccount.objects.filter(year=permit.quota_year, kind=QUOTA_KIND,
                                          category=permit.category,
                                          region=permit.region_id).first()
    if account is None:
        return Criterion("quota", LEDGER, False, facts | {"line": None})
    return Criterion("quota", LEDGER, account.remaining > 0, facts | {
        "amount": account.amount, "remaining": account.remaining})


def permit_criteria(permit: WorkPermit, *, on: date) -> list[Criterion]:
    """Every criterion of a requested permit as the registry, the declaration, the ledger
    and the rules stand now, with the resolutions recorded."""
    eaeu = tuple(params_on(permit.valid_from).stay.eaeu_citizenships)
    criteria = [_employer_bin(permit), *_worker(permit, eaeu),
                local_content_facts(employer=permit.employer, category=permit.category,
                                    on=permit.valid_from, permit=permit),
                _quota(permit),
                Criterion("fee", RULES, True, {"fee_mci": permit.fee_mci,
                                               "fee_kzt": permit.fee_kzt,
                                               "mci": mci(permit.valid_from)})]
    resolved = {r.criterion: r for r in permit.resolutions.all()}
    for c in criteria:
        if c.contradiction and (r := resolved.get(c.code)):
            c.resolution = {"explanation": r.explanation, "by": r.resolved_by,
                            "at": r.resolved_at.isoformat()}
    return criteria


def criteria_of(permit: WorkPermit, *, on: date) -> list[Criterion]:
    """The permit's criteria: as frozen at the decision, or as they stand while it is
    requested; none for a permit decided outside Kosh (loaded), whose criteria were never
    recorded and are not reconstructed."""
    if permit.criteria:
        return [Criterion(**c) for c in permit.criteria]
    if permit.status != WorkPermit.Status.REQUESTED:
        return []
    return permit_criteria(permit, on=on)


def unresolved(criteria: list[Criterion]) -> list[Criterion]:
    """Contradictions no officer has resolved yet."""
    return [c for c in criteria if c.contradiction and not c.resolution]


def criterion_words(c: Criterion) -> str:
    """What was found, in the user's language."""
    f = c.facts
    if c.code == "employer_bin":
        if "error" in f:
            return gettext("BIN %(bin)s is not valid (%(error)s).") % f
        return gettext("BIN %(bin)s, %(name)s, registered %(registered)s.") % f
    if c.code == "worker_identity":
        if f.get("person_id") is None:
            return gettext("Not identified in the registry; declared citizenship "
                           "%(declared)s.") % f
        return gettext("%(name)s (registry id %(person_id)s), citizenship in the registry "
                       "%(registry)s, declared %(declared)s.") % f
    if c.code == "not_eaeu":
        return gettext("Citizenship %(citizenship)s.") % f
    if c.code in {"local_content", "ict_share"}:
        if "category" in f:
            return gettext("Not checked for this category.")
        if f.get("declaration") is None:
            return gettext("No staff declared.")
        if c.code == "ict_share":
            return gettext("%(ict)s transferees against %(citizens)s Kazakh staff declared on "
                           "%(declared_on)s: at most %(allowed)s (%(share)s %%).") % f
        return gettext("Declared on %(declared_on)s: %(citizens)s Kazakh citizens of "
                       "%(staff)s category %(group)s staff (%(total)s declared and %(pending)s "
                       "requested); at least %(needed)s (%(share)s %%) required.") % f
    if c.code == "quota":
        if f.get("outside"):
            return gettext("Outside the quota (intra-corporate transfer).")
        if f.get("draw"):
            return gettext("Place %(draw)s drawn from the %(year)s line.") % f
        if "line" in f:
            return gettext("No %(year)s quota line for this category and region.") % f
        return gettext("%(remaining)s of %(amount)s places left on the %(year)s line.") % f
    return gettext("%(fee_mci)s MCI = %(fee_kzt)s KZT (MCI %(mci)s).") % f
