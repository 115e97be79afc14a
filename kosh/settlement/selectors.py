"""Reads of the settlement registers, scoped by ``permissions.family_filter``: families,
one family with its path, the region's terms in force, and the quota balances of the
settlement regions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied, Actor, Capability
from kosh.access.roles import Role
from kosh.quotas.selectors import Balance, quota_balances

from .models import Family, Programme, RegionTerms
from .permissions import family_filter
from .rules import settlement_regions
from .steps import STEP_LABELS


def family_scope(actor: Actor) -> QuerySet[Family]:
    """Every family the actor may see, newest first."""
    if not actor.can(Capability.VIEW_SETTLEMENT):
        raise AccessDenied(Capability.VIEW_SETTLEMENT)
    return Family.objects.filter(family_filter(actor)).select_related(
        "region", "mission_country")


def family_get(*, actor: Actor, family_id: int, purpose: str = "case_processing") -> Family:
    """One family the actor may see, its members' reads audited; ``Family.DoesNotExist``
    when it is outside the actor's scope (existence not revealed)."""
    family = family_scope(actor).filter(pk=family_id).first()
    if family is None:
        raise Family.DoesNotExist(family_id)
    for person_id in family.members.values_list("person_id", flat=True):
        audit_record(actor=actor, action=AuditEvent.Action.READ, object_type="settlement_family",
                     object_id=family.pk, person_id=person_id, purpose=purpose)
    return family


def family_for_update(*, actor: Actor, family_id: int) -> Family:
    """A family in the actor's scope, locked for a change (inside a transaction)."""
    family = Family.objects.select_for_update().filter(family_filter(actor), pk=family_id).first()
    if family is None:
        raise Family.DoesNotExist(family_id)
    return family


def family_history(*, family: Family) -> list[AuditEvent]:
    """The family's path (application → status → arrival → support → employment →
    citizenship or departure), one event per step, oldest first."""
    head = family.members.order_by("pk").values_list("person_id", flat=True).first()
    events = list(AuditEvent.objects.filter(
        object_type="settlement_family", object_id=str(family.pk), person_id=head,
        action__in=[AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE]).order_by("pk"))
    for event in events:
        step = (event.after or {}).get("step", "")
        event.step_label = str(STEP_LABELS.get(step, step))
    return events


def region_terms(*, region: str, on: date) -> RegionTerms | None:
    """The terms the region set that are in force on ``on`` (not personal data)."""
    return (RegionTerms.objects.filter(region_id=region, valid_from__lte=on)
            .order_by("-valid_from").first())


@dataclass(frozen=True)
class RegionBalances:
    """A year's quota balances of the settlement regions, kandas and resettlers."""

    year: int
    kandas: list[Balance]
    resettlers: list[Balance]


def settlement_balances(*, actor: Actor, year: int | None = None) -> RegionBalances:
    """The balances of the settlement regions' quota lines (a regional officer's own
    region only)."""
    actor.require(Capability.VIEW_SETTLEMENT)
    today = timezone.localdate()
    year = year or today.year
    own = actor.region_id if actor.role in (Role.MIGRATION_OFFICER,
                                            Role.AKIMAT_OFFICER) else None
    quota_actor = actor if actor.can(Capability.VIEW_QUOTAS) else None
    out = {}
    for kind in Programme.values:
        regions = set(settlement_regions(kind=kind, on=date(year, 12, 31)))
        rows = quota_balances(actor=quota_actor, year=year, kind=kind) if quota_actor else []
        out[kind] = [b for b in rows if b.region in regions and (own is None or b.region == own)]
    return RegionBalances(year=year, kandas=out[Programme.KANDAS],
                          resettlers=out[Programme.RESETTLERS])


@dataclass(frozen=True)
class ReportRow:
    """One settlement region's year: the official quota, the persons placed in it, the
    families, and the support granted (KZT)."""

    programme: str
    region: str
    region_name: str
    quota: int | None
    persons: int
    families: int
    support_kzt: int


def settlement_report(*, actor: Actor, year: int) -> list[ReportRow]:
    """Persons placed and support granted by programme and region in ``year``, beside the
    official quota of that year (aggregates, no personal data)."""
    from django.db.models import Count, Sum

    from kosh.geo.models import Region
    from kosh.quotas.selectors import quota_official

    from .models import Member, Support

    actor.require(Capability.VIEW_SETTLEMENT)
    families = Family.objects.filter(family_filter(actor), quota_year=year)
    names = {r.kato: r.name for r in Region.objects.all()}
    rows = []
    for programme in Programme.values:
        official = quota_official(kind=programme, year=year)
        places = official[1] if official and official[0] == year else {}
        mine = families.filter(programme=programme)
        persons = dict(Member.objects.filter(family__in=mine).values_list(
            "family__region_id").annotate(n=Count("id")))
        count = dict(mine.values_list("region_id").annotate(n=Count("id")))
        support = dict(Support.objects.filter(family__in=mine).values_list(
            "family__region_id").annotate(s=Sum("total_kzt")))
        for region in sorted(set(places) | set(persons)):
            rows.append(ReportRow(programme=programme, region=region or "",
                                  region_name=names.get(region, region or "—"),
                                  quota=places.get(region), persons=persons.get(region, 0),
                                  families=count.get(region, 0),
                                  support_kzt=int(support.get(region) or 0)))
    return rows
