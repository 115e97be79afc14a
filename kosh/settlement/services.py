"""Writes of the settlement registers. Each service checks the actor, validates, draws on
the quota ledger first (``kosh.quotas.services``: the ledger locks the quota line, then
the audit chain, so it is called before any audit event of ours in the same transaction),
writes, and records one ``settlement_family`` audit event per member, so the family's path
is on every member's card."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record, audit_record_many
from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied, Actor, Capability
from kosh.access.roles import Role
from kosh.cases.deadlines import working_days_add
from kosh.documents.models import SubjectDocument
from kosh.errors import DomainError
from kosh.geo.models import Country, District, Region
from kosh.identity.identifiers import bin_is_valid
from kosh.identity.models import Category, Employer, Person, PersonCategory, Sex
from kosh.identity.selectors import person_in_scope
from kosh.identity.services import person_create_many
from kosh.quotas.models import QuotaAccount, QuotaDraw
from kosh.quotas.services import quota_draw_many, quota_release

from .documents import certificate_freeze, decisions_issue, decisions_of, decisions_revoke
from .models import (
    Beneficiary,
    Certificate,
    CertificateFile,
    Family,
    HousingPrice,
    JobConfirmation,
    KandasStatus,
    Member,
    Payment,
    Programme,
    RegionTerms,
    Stage,
    Support,
)
from .permissions import region_require
from .rules import FamilyRules, family_rules, parameter, settlement_regions
from .selectors import family_for_update, family_scope, region_terms

MAX_MEMBERS = 20
OBJECT = "settlement_family"


@dataclass(frozen=True)
class MemberIn:
    """One member as the officer enters them: an existing person of the registry
    (``person_id``) or a new one with the name as written in the foreign document."""

    relation: str
    person_id: int | None = None
    surname: str = ""
    given_name: str = ""
    patronymic: str = ""
    birth_date: date | None = None
    sex: str = ""


@dataclass(frozen=True)
class OneWindowAnswer:
    """The one answer of the one window: visa, status decision, region and its quota
    balance, support there and the region's priority sectors."""

    family: Family
    eligible: bool
    rules: FamilyRules
    places_left: int
    priority_sectors: str
    decisions: list[SubjectDocument]


def _history(*, actor: Actor, family: Family, step: str, action: str = AuditEvent.Action.UPDATE,
             person_ids: list[int] | None = None, **after: object) -> None:
    """One audit event per member — the step of the family's path, on each member's card —
    appended under one lock of the audit chain."""
    record = {"step": step, "programme": family.programme, "stage": family.stage} | {
        k: (v.isoformat() if isinstance(v, date) else v) for k, v in after.items()}
    if person_ids is None:
        person_ids = list(family.members.values_list("person_id", flat=True))
    audit_record_many(actor=actor, action=action, object_type=OBJECT, object_id=family.pk,
                      person_ids=person_ids, after=record)


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _members_check(members: list[MemberIn]) -> None:
    if not 1 <= len(members) <= MAX_MEMBERS:
        raise DomainError("members_count", _("A family has from 1 to %(max)s members.")
                          % {"max": MAX_MEMBERS}, field="members")
    if [m.relation for m in members].count(Member.Relation.HEAD) != 1:
        raise DomainError("one_head", _("A family has exactly one head."), field="members")
    if any(m.relation not in Member.Relation.values for m in members):
        raise DomainError("bad_relation", _("Unknown relation to the head."), field="members")
    ids = [m.person_id for m in members if m.person_id]
    if len(ids) != len(set(ids)):
        raise DomainError("member_twice", _("The same person is listed twice."),
                          field="members")


def _places_left(*, kind: str, year: int, region: str) -> int:
    acc = QuotaAccount.objects.filter(year=year, kind=kind, category="", region=region).first()
    return acc.amount - acc.drawn if acc else 0


def _alternative(*, kind: str, year: int, regions: list[str], exclude: str,
                 needed: int) -> Region | None:
    """The settlement region with the most places left, enough for the family."""
    best = (QuotaAccount.objects.filter(year=year, kind=kind, category="",
                                        region__in=[r for r in regions if r != exclude])
            .annotate(left=F("amount") - F("drawn")).filter(left__gte=needed)
            .order_by("-left", "region").first())
    return Region.objects.get(pk=best.region) if best else None


def _exhausted(*, kind: str, year: int, region: str, regions: list[str], needed: int,
               left: int) -> DomainError:
    """The refusal of a full region, naming an alternative that still has places."""
    name = Region.objects.get(pk=region).name
    alt = _alternative(kind=kind, year=year, regions=regions, exclude=region, needed=needed)
    if alt is None:
        return DomainError("quota_exhausted", _(
            "The %(year)s quota of %(region)s has %(left)s places left and the family needs "
            "%(needed)s; no other settlement region has that many places left.")
            % {"year": year, "region": name, "left": left, "needed": needed}, field="region")
    return DomainError("quota_exhausted", _(
        "The %(year)s quota of %(region)s has %(left)s places left and the family needs "
        "%(needed)s. %(alternative)s still has %(alt_left)s places: propose it instead.")
        % {"year": year, "region": name, "left": left, "needed": needed,
           "alternative": alt.name,
           "alt_left": _places_left(kind=kind, year=year, region=alt.pk)},
        field="region", rows=[{"field": "region", "message": alt.pk}])


def _choose_region(*, kind: str, year: int, preferred: str, regions: list[str],
                   needed: int) -> str:
    if preferred:
        if preferred not in regions:
            raise DomainError("not_settlement_region", _(
                "This region is not a settlement region for this programme."), field="region")
        return preferred
    alt = _alternative(kind=kind, year=year, regions=regions, exclude="", needed=needed)
    if alt is None:
        raise DomainError("quota_exhausted", _(
            "No settlement region has %(needed)s places left in the %(year)s quota.")
            % {"needed": needed, "year": year}, field="region")
    return alt.pk


def _draw_places(*, actor: Actor, kind: str, year: int, region: str, regions: list[str],
                 key: str, needed: int) -> list[QuotaDraw]:
    """Reserve and issue one place per member, all at once (``quota_draw_many``: one
    conditional UPDATE, one ledger audit event); nothing is taken when one is missing."""
    left = _places_left(kind=kind, year=year, region=region)
    if left < needed:
        raise _exhausted(kind=kind, year=year, region=region, regions=regions, needed=needed,
                         left=left)
    try:
        return quota_draw_many(actor=actor, kind=kind, category="", region=region, year=year,
                               holder_ref=f"settlement:{key}", idempotency_key=f"settlement:{key}",
                               places=needed, issue=True)
    except DomainError as err:
        if err.code == "quota_exhausted":
            raise _exhausted(kind=kind, year=year, region=region, regions=regions,
                             needed=needed, left=_places_left(kind=kind, year=year,
                                                              region=region)) from err
        raise


def _persons(*, actor: Actor, members: list[MemberIn], citizenship: str | None) -> list[Person]:
    """The members' persons: those of the registry checked in scope, the new ones
    registered together (``person_create_many``)."""
    found: dict[int, Person] = {}
    new = []
    for i, m in enumerate(members):
        if m.person_id:
            try:
                found[i] = person_in_scope(actor=actor, person_id=m.person_id)
            except Person.DoesNotExist as err:
                raise DomainError("unknown_person", _("There is no person %(id)s you may see.")
                                  % {"id": m.person_id}, field=f"members.{i}") from err
            continue
        if m.birth_date is None:
            raise DomainError("birth_date_required", _("Enter the date of birth."),
                              field=f"members.{i}.birth_date")
        if m.sex not in Sex.values:
            raise DomainError("sex_required", _("Choose the sex."), field=f"members.{i}.sex")
        new.append(i)
    created = iter(person_create_many(actor=actor, citizenship=citizenship, people=[
        {"birth_date": members[i].birth_date, "sex": members[i].sex,
         "surname": members[i].surname, "given_name": members[i].given_name,
         "patronymic": members[i].patronymic} for i in new]) if new else [])
    return [found[i] if i in found else next(created) for i in range(len(members))]


def _categories(persons: list[Person], category: str, valid_from: date, note: str) -> None:
    """The registry category of each member, from the day; recorded in the family's
    history event of the same step (one event per member, not two)."""
    PersonCategory.objects.bulk_create(
        PersonCategory(person=p, category=category, valid_from=valid_from, note=str(note))
        for p in persons)


def _members_add(family: Family, members: list[MemberIn], persons: list[Person]) -> None:
    Member.objects.bulk_create(Member(family=family, person=p, relation=m.relation)
                               for m, p in zip(members, persons, strict=True))


def one_window_register(
    *, actor: Actor, members: list[MemberIn], ethnic_kazakh: bool, was_kz_citizen: bool,
    idempotency_key: str, region: str = "", mission_country: str = "",
    applied_on: date | None = None,
) -> OneWindowAnswer:
    """The one window at a mission: register an ethnic Kazakh's family (members as
    persons of the registry), decide the kandas status, propose the settlement region
    within the year's quota (one place per member drawn from the ledger), and give the
    support there and the region's priority sectors — in one answer. A retry with the same
    ``idempotency_key`` returns the first answer. Refused with ``quota_exhausted`` naming
    an alternative region when the chosen region has too few places."""
    actor.require(Capability.SETTLEMENT_ONE_WINDOW)
    mission = actor.mission_country_id if actor.role == Role.EMBASSY_OFFICER else (
        mission_country or None)
    if not mission:
        raise DomainError("mission_required", _("The family is registered at a mission: "
                                                "name its country."), field="mission_country")
    if not Country.objects.filter(pk=mission).exists():
        raise DomainError("unknown_country", _("There is no country %(code)s.")
                          % {"code": mission}, field="mission_country")
    if not idempotency_key:
        raise DomainError("invalid_key", _("A registration needs an idempotency key."),
                          field="idempotency_key")
    if (first := Family.objects.filter(idempotency_key=idempotency_key).first()):
        return one_window_answer(family=first)
    _members_check(members)
    today = timezone.localdate()
    applied_on = applied_on or today
    rules = family_rules(on=today, family_size=len(members), ethnic_kazakh=ethnic_kazakh,
                         was_kz_citizen=was_kz_citizen)
    regions = settlement_regions(kind=Programme.KANDAS, on=today)
    year = today.year
    with transaction.atomic():
        draws: list[QuotaDraw] = []
        chosen = None
        if rules.kandas_eligible:
            chosen = _choose_region(kind=Programme.KANDAS, year=year, preferred=region,
                                    regions=regions, needed=len(members))
            draws = _draw_places(actor=actor, kind=Programme.KANDAS, year=year, region=chosen,
                                 regions=regions, key=idempotency_key, needed=len(members))
        persons = _persons(actor=actor, members=members, citizenship=mission)
        family = Family.objects.create(
            programme=Programme.KANDAS, idempotency_key=idempotency_key,
            stage=Stage.STATUS if chosen else Stage.REFUSED, mission_country_id=mission,
            region_id=chosen, quota_year=year if chosen else None, applied_on=applied_on,
            visa_issued_on=today if chosen else None,
            refusal="" if chosen else str(_("Not of Kazakh nationality, or a citizen of "
                                            "Kazakhstan before.")),
            rule_version=rules.rule_version, created_by=actor.username)
        _members_add(family, members, persons)
        family.draws.set(draws)
        due_on = working_days_add(applied_on, int(parameter("kandas.processing_working_days",
                                                            today)))
        if chosen:
            terms = region_terms(region=chosen, on=today)
            rent_mci = terms.rent_mci if terms else int(parameter("support.rent_mci_min", today))
            rules = family_rules(on=today, family_size=len(members), rent_mci=rent_mci)
            months = int(parameter("kandas.status_validity_months", today))
            status = KandasStatus.objects.create(
                family=family, due_on=due_on, granted_on=today,
                valid_until=today + relativedelta(months=months),
                relocation_kzt=rules.relocation_kzt, rent_mci=rent_mci,
                rent_monthly_kzt=rules.rent_monthly_kzt)
            _categories(persons, Category.KANDAS, today, _("kandas status (one window)"))
            decisions_issue(actor=actor, family=family, status=status)
        _history(actor=actor, family=family, step="one_window", action=AuditEvent.Action.CREATE,
                 person_ids=[p.pk for p in persons],
                 region=chosen or "", due_on=due_on, decided_on=today,
                 eligible=rules.kandas_eligible, places=len(draws),
                 category=Category.KANDAS if chosen else "")
    return one_window_answer(family=family)


def one_window_answer(*, family: Family) -> OneWindowAnswer:
    """The answer of the one window for a registered family, as it stands."""
    status = getattr(family, "status", None)
    rules = family_rules(on=family.applied_on if status is None else status.granted_on,
                         family_size=family.members.count(),
                         rent_mci=status.rent_mci if status else 0)
    terms = region_terms(region=family.region_id, on=timezone.localdate()) \
        if family.region_id else None
    left = _places_left(kind=family.programme, year=family.quota_year,
                        region=family.region_id) if family.region_id else 0
    return OneWindowAnswer(family=family, eligible=family.stage != Stage.REFUSED, rules=rules,
                           places_left=left,
                           priority_sectors=terms.priority_sectors if terms else "",
                           decisions=decisions_of(family=family))


def resettler_register(
    *, actor: Actor, members: list[MemberIn], origin_district_id: int, region: str,
    idempotency_key: str, moved_on: date | None = None,
) -> Family:
    """Register a resettler family moving from a labour-surplus district to a settlement
    region, one place per member drawn from the region's resettler quota of the year."""
    actor.require(Capability.SETTLEMENT_REGION)
    region_require(actor, region)
    if not idempotency_key:
        raise DomainError("invalid_key", _("A registration needs an idempotency key."),
                          field="idempotency_key")
    if (first := Family.objects.filter(idempotency_key=idempotency_key).first()):
        return first
    _members_check(members)
    today = timezone.localdate()
    moved_on = moved_on or today
    origin = District.objects.filter(pk=origin_district_id).first()
    if origin is None:
        raise DomainError("unknown_district", _("There is no such district."),
                          field="origin_district")
    regions = settlement_regions(kind=Programme.RESETTLERS, on=today)
    if origin.region_id in regions and origin.region_id == region:
        raise DomainError("same_region", _("The family moves within the settlement region."),
                          field="origin_district")
    rules = family_rules(on=today, family_size=len(members))
    with transaction.atomic():
        chosen = _choose_region(kind=Programme.RESETTLERS, year=today.year, preferred=region,
                                regions=regions, needed=len(members))
        draws = _draw_places(actor=actor, kind=Programme.RESETTLERS, year=today.year,
                             region=chosen, regions=regions, key=idempotency_key,
                             needed=len(members))
        persons = _persons(actor=actor, members=members, citizenship="KAZ")
        family = Family.objects.create(
            programme=Programme.RESETTLERS, idempotency_key=idempotency_key,
            stage=Stage.REGISTERED, origin_district=origin, region_id=chosen,
            quota_year=today.year, applied_on=moved_on, rule_version=rules.rule_version,
            created_by=actor.username)
        _members_add(family, members, persons)
        family.draws.set(draws)
        _categories(persons, Category.RESETTLER, moved_on, _("resettler (regional quota)"))
        _history(actor=actor, family=family, step="resettler_registered",
                 person_ids=[p.pk for p in persons],
                 action=AuditEvent.Action.CREATE, region=chosen, origin=origin.pk,
                 places=len(draws), category=Category.RESETTLER)
    return family


def _regional(actor: Actor, family_id: int) -> Family:
    actor.require(Capability.SETTLEMENT_REGION)
    family = family_for_update(actor=actor, family_id=family_id)
    region_require(actor, family.region_id or "")
    return family


def _not_citizens(family: Family) -> None:
    if family.stage == Stage.CITIZENS:
        raise DomainError("after_citizenship", _(
            "The family's members became citizens on %(day)s: the kandas status ended and no "
            "support is granted after it.") % {"day": family.citizenship_on.strftime("%d.%m.%Y")})


def arrival_confirm(*, actor: Actor, family_id: int, on: date | None = None) -> Family:
    """The regional officer receives the family: it has arrived in the region."""
    on = _today(on)
    with transaction.atomic():
        family = _regional(actor, family_id)
        _not_citizens(family)
        if family.stage not in (Stage.STATUS, Stage.REGISTERED):
            raise DomainError("not_expected", _("This family is not expected to arrive."))
        family.stage, family.arrived_on = Stage.ARRIVED, on
        family.save(update_fields=["stage", "arrived_on"])
        _history(actor=actor, family=family, step="arrived", arrived_on=on)
    return family


def support_grant(*, actor: Actor, family_id: int, kind: str, on: date | None = None) -> Support:
    """Grant a support of ``kind`` once, with its payments scheduled: the relocation
    subsidy (per member, one payment) or the rent subsidy (the region's monthly amount for
    the months of the rules). Refused before arrival, twice, or after citizenship."""
    on = _today(on)
    if kind not in Support.Kind.values:
        raise DomainError("bad_support", _("Unknown kind of support."), field="kind")
    with transaction.atomic():
        family = _regional(actor, family_id)
        _not_citizens(family)
        if family.stage != Stage.ARRIVED:
            raise DomainError("not_arrived", _("Support is granted once the family has "
                                               "arrived in the region."))
        if Support.objects.filter(family=family, kind=kind).exists():
            raise DomainError("support_once", _("This support was already granted to the "
                                                "family; it is granted once."), field="kind")
        size = family.members.count()
        if kind == Support.Kind.RELOCATION:
            rules = family_rules(on=on, family_size=size)
            schedule = [(on, rules.relocation_kzt)]
        else:
            terms = region_terms(region=family.region_id, on=on)
            status = getattr(family, "status", None)
            rent_mci = terms.rent_mci if terms else (status.rent_mci if status else int(
                parameter("support.rent_mci_min", on)))
            rules = family_rules(on=on, family_size=size, rent_mci=rent_mci)
            months = int(parameter("support.rent_months", on))
            schedule = [(on + relativedelta(months=k), rules.rent_monthly_kzt)
                        for k in range(months)]
        support = Support.objects.create(family=family, kind=kind, granted_on=on,
                                         total_kzt=sum(a for _d, a in schedule), mci=rules.mci,
                                         granted_by=actor.username)
        Payment.objects.bulk_create(Payment(support=support, due_on=d, amount_kzt=a)
                                    for d, a in schedule)
        _history(actor=actor, family=family, step=f"support_{kind}", total_kzt=support.total_kzt,
                 payments=len(schedule), mci=rules.mci)
    return support


def payment_record(*, actor: Actor, payment_id: int, paid_on: date | None = None) -> Payment:
    """Record a scheduled payment as paid (paying it twice returns it as it is)."""
    paid_on = _today(paid_on)
    actor.require(Capability.SETTLEMENT_REGION)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("support").filter(
            pk=payment_id).first()
        if payment is None:
            raise Payment.DoesNotExist(payment_id)
        family = _regional(actor, payment.support.family_id)
        if payment.status == Payment.Status.PAID:
            return payment
        if payment.status == Payment.Status.CANCELLED:
            _not_citizens(family)
            raise DomainError("payment_cancelled", _("This payment was cancelled."))
        payment.status, payment.paid_on = Payment.Status.PAID, paid_on
        payment.recorded_by = actor.username
        payment.save(update_fields=["status", "paid_on", "recorded_by"])
        _history(actor=actor, family=family, step="payment",
                 support=payment.support.kind, amount_kzt=payment.amount_kzt, paid_on=paid_on)
    return payment


def status_extend(*, actor: Actor, family_id: int, months: int,
                  on: date | None = None) -> KandasStatus:
    """Extend a family's kandas status once, by at most the months of the rules."""
    on = _today(on)
    with transaction.atomic():
        family = _regional(actor, family_id)
        status = KandasStatus.objects.select_for_update().filter(family=family).first()
        if status is None:
            raise DomainError("no_status", _("This family has no kandas status."))
        _not_citizens(family)
        limit = int(parameter("kandas.extension_max_months", on))
        if isinstance(months, bool) or months < 1 or months > limit:
            raise DomainError("extension_too_long", _(
                "The status may be extended by 1 to %(max)s months.") % {"max": limit},
                field="months")
        if status.extended_months:
            raise DomainError("extension_used", _("The status was already extended once."),
                              field="months")
        if on > status.valid_until:
            raise DomainError("status_expired", _("The status expired on %(day)s.")
                              % {"day": status.valid_until.strftime("%d.%m.%Y")})
        before = status.valid_until
        status.valid_until = before + relativedelta(months=months)
        status.extended_months = months
        status.save(update_fields=["valid_until", "extended_months"])
        decisions_issue(actor=actor, family=family, status=status)
        _history(actor=actor, family=family, step="extended", months=months,
                 valid_until=status.valid_until, before=before)
    return status


def citizenship_record(*, actor: Actor, family_id: int, on: date | None = None) -> Family:
    """The family's members became citizens: the kandas status ends, the kandas category
    closes and payments not yet due are cancelled."""
    on = _today(on)
    with transaction.atomic():
        family = _regional(actor, family_id)
        if family.programme != Programme.KANDAS or family.stage in (Stage.REFUSED,
                                                                   Stage.CITIZENS):
            raise DomainError("not_kandas", _("This family holds no kandas status."))
        family.stage, family.citizenship_on = Stage.CITIZENS, on
        family.save(update_fields=["stage", "citizenship_on"])
        KandasStatus.objects.filter(family=family).update(ended_on=on)
        decisions_revoke(actor=actor, family=family, reason="status ended: citizenship")
        persons = family.members.values("person_id")
        PersonCategory.objects.filter(person_id__in=persons, category=Category.KANDAS,
                                      valid_to__isnull=True).update(valid_to=on)
        cancelled = Payment.objects.filter(support__family=family, due_on__gt=on,
                                           status=Payment.Status.SCHEDULED).update(
            status=Payment.Status.CANCELLED)
        _history(actor=actor, family=family, step="citizenship", citizenship_on=on,
                 payments_cancelled=cancelled)
    return family


def region_terms_set(*, actor: Actor, region: str, rent_mci: int, priority_sectors: str = "",
                     valid_from: date | None = None) -> RegionTerms:
    """The region sets its monthly rent subsidy (within the rules' bounds) and its
    priority sectors from a day."""
    actor.require(Capability.SETTLEMENT_REGION)
    region_require(actor, region)
    valid_from = _today(valid_from)
    kinds = settlement_regions(kind=Programme.KANDAS, on=valid_from) + settlement_regions(
        kind=Programme.RESETTLERS, on=valid_from)
    if region not in kinds:
        raise DomainError("not_settlement_region", _(
            "This region is not a settlement region for this programme."), field="region")
    if isinstance(rent_mci, bool) or not family_rules(
            on=valid_from, family_size=1, rent_mci=rent_mci).rent_in_bounds:
        raise DomainError("rent_out_of_bounds", _(
            "The rent subsidy must be from %(min)s to %(max)s MCI a month.")
            % {"min": parameter("support.rent_mci_min", valid_from),
               "max": parameter("support.rent_mci_max", valid_from)}, field="rent_mci")
    sectors = " ".join(priority_sectors.split())[:500]
    with transaction.atomic():
        terms, created = RegionTerms.objects.update_or_create(
            region_id=region, valid_from=valid_from,
            defaults={"rent_mci": rent_mci, "priority_sectors": sectors,
                      "set_by": actor.username})
        audit_record(actor=actor, action=AuditEvent.Action.CREATE if created
                     else AuditEvent.Action.UPDATE, object_type="settlement_terms",
                     object_id=terms.pk, after={"region": region, "rent_mci": rent_mci,
                                                "valid_from": valid_from.isoformat()})
    return terms


def job_confirm(*, actor: Actor, employer_bin: str, person_id: int,
                on: date | None = None) -> JobConfirmation:
    """An employer confirms, in the system, that it employs a member of a settling family
    (its BIN checked; the employer's staff only)."""
    actor.require(Capability.CONFIRM_JOBS)
    on = _today(on)
    employer_bin = employer_bin.strip()
    if not bin_is_valid(employer_bin):
        raise DomainError("invalid_bin", _("%(bin)s is not a valid BIN.") % {"bin": employer_bin},
                          field="employer_bin")
    employer = Employer.objects.filter(bin=employer_bin).first()
    if employer is None:
        raise DomainError("unknown_employer", _("No employer with BIN %(bin)s is registered.")
                          % {"bin": employer_bin}, field="employer_bin")
    if actor.role != Role.ADMIN and not employer.staff.filter(pk=actor.user.pk).exists():
        raise AccessDenied(Capability.CONFIRM_JOBS, "out_of_scope", object_type="employer",
                           object_id=employer.pk)
    member = (Member.objects.select_related("family").filter(
        person_id=person_id, family__stage__in=[Stage.STATUS, Stage.REGISTERED, Stage.ARRIVED])
        .order_by("-family_id").first())
    if member is None:
        raise DomainError("not_settling", _("This person is in no settling family."),
                          field="person_id")
    with transaction.atomic():
        job = JobConfirmation.objects.create(family=member.family, person_id=person_id,
                                             employer=employer, confirmed_on=on,
                                             confirmed_by=actor.username)
        _history(actor=actor, family=member.family, step="job_confirmed",
                 employer_bin=employer_bin, person=person_id)
    return job


def housing_price(*, district_id: int, on: date) -> HousingPrice:
    """The latest price per m² of the district known on ``on``."""
    quarter = (on.month - 1) // 3 + 1
    price = (HousingPrice.objects.filter(district_id=district_id, year__lte=on.year)
             .exclude(year=on.year, quarter__gt=quarter).order_by("-year", "-quarter").first())
    if price is None:
        raise DomainError("no_housing_price", _("No housing price is known for this district."),
                          field="district")
    return price


def certificate_issue(*, actor: Actor, family_id: int, district_id: int,
                      on: date | None = None) -> Certificate:
    """Issue the economic mobility certificate: the share of the rules of the housing cost
    (price per m² of the district × area norm × members), capped; once per family and
    never for a person who benefited from one before."""
    on = _today(on)
    with transaction.atomic():
        family = _regional(actor, family_id)
        if family.stage in (Stage.REFUSED, Stage.DEPARTED) or not family.draws.exists():
            raise DomainError("not_in_quota", _("The certificate is for families settling "
                                                "within the regional quota."))
        if Certificate.objects.filter(family=family).exists():
            raise DomainError("certificate_once", _("This family already received its "
                                                    "certificate; it is given once."))
        job = family.jobs.order_by("-confirmed_on", "-pk").first()
        if job is None:
            raise DomainError("job_not_confirmed", _("An employer has not yet confirmed a job "
                                                     "for a member of this family."))
        district = District.objects.filter(pk=district_id, region_id=family.region_id).first()
        if district is None:
            raise DomainError("unknown_district", _("Choose a district of the settlement "
                                                    "region."), field="district")
        persons = list(family.members.values_list("person_id", flat=True))
        earlier = Beneficiary.objects.filter(person_id__in=persons).select_related(
            "person").first()
        if earlier is not None:
            raise DomainError("certificate_member", _(
                "%(name)s already benefited from a certificate; a family receives it once.")
                % {"name": earlier.person.display_name})
        price = housing_price(district_id=district.pk, on=on)
        rules = family_rules(on=on, family_size=len(persons),
                             housing_price_m2=price.price_m2_kzt)
        try:
            with transaction.atomic():
                cert = Certificate.objects.create(
                    family=family, job=job, district=district, price_m2_kzt=price.price_m2_kzt,
                    housing_cost_kzt=rules.housing_cost_kzt, amount_kzt=rules.certificate_kzt,
                    cap_kzt=rules.certificate_cap_kzt, issued_on=on,
                    rule_version=rules.rule_version, issued_by=actor.username)
                Beneficiary.objects.bulk_create(Beneficiary(person_id=p, certificate=cert)
                                                for p in persons)
        except IntegrityError as err:  # a concurrent issue for the family or a member
            raise DomainError("certificate_once", _("This family already received its "
                                                    "certificate; it is given once.")) from err
        frozen = certificate_freeze(certificate=cert)
        _history(actor=actor, family=family, step="certificate", amount_kzt=cert.amount_kzt,
                 cap_kzt=cert.cap_kzt, capped=rules.capped, district=district.pk,
                 sha256=frozen.sha256)
    return cert


def certificate_download(*, actor: Actor, family_id: int) -> CertificateFile:
    """The frozen PDF of a family's certificate, its download audited on each member."""
    family = family_scope(actor).filter(pk=family_id).first()
    file = CertificateFile.objects.filter(certificate__family=family).first() if family else None
    if file is None:
        raise CertificateFile.DoesNotExist(family_id)
    audit_record_many(actor=actor, action=AuditEvent.Action.DOWNLOAD, object_type=OBJECT,
                      object_id=family.pk,
                      person_ids=list(family.members.values_list("person_id", flat=True)),
                      after={"certificate": file.certificate_id, "sha256": file.sha256})
    return file


def certificate_return(*, actor: Actor, family_id: int, reason: str = "",
                       on: date | None = None) -> Certificate:
    """The family left within the period and returned its certificate: the family's
    quota places go back to the region's quota."""
    on = _today(on)
    with transaction.atomic():
        family = _regional(actor, family_id)
        cert = Certificate.objects.select_for_update().filter(family=family).first()
        if cert is None or cert.status != Certificate.Status.ISSUED:
            raise DomainError("no_certificate", _("This family holds no issued certificate."))
        for draw in family.draws.order_by("pk"):  # the ledger first (lock order)
            quota_release(actor=actor, draw_id=draw.pk,
                          reason=f"certificate returned: {reason}"[:300])
        cert.status, cert.returned_on = Certificate.Status.RETURNED, on
        cert.save(update_fields=["status", "returned_on"])
        family.stage, family.departed_on = Stage.DEPARTED, on
        family.save(update_fields=["stage", "departed_on"])
        _history(actor=actor, family=family, step="certificate_returned", returned_on=on,
                 reason=reason[:300], places_released=family.draws.count())
    return cert
