"""Reads of quota sets and of the ledger's balances (aggregates, no personal data)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kosh.access.policy import Actor, Capability
from kosh.geo.models import Region

from .models import QuotaAccount, QuotaDraw, QuotaSet


@dataclass(frozen=True)
class Balance:
    """What is left of one quota line: ``remaining`` counts reservations past their time
    as free (they are released at the next draw or ``kosh quotas expire``)."""

    kind: str
    kind_label: str
    category: str
    region: str
    region_name: str
    year: int
    version: int
    amount: int
    issued: int
    reserved: int
    remaining: int


def quota_balances(*, actor: Actor, year: int | None = None,
                   kind: str | None = None) -> list[Balance]:
    """The balance of every ledger account (of ``year`` and ``kind`` when given)."""
    actor.require(Capability.VIEW_QUOTAS)
    now = timezone.now()
    accounts = QuotaAccount.objects.select_related("quota_set").order_by(
        "-year", "kind", "category", "region")
    if year is not None:
        accounts = accounts.filter(year=year)
    if kind:
        accounts = accounts.filter(kind=kind)
    accounts = accounts.annotate(
        issued=Count("draws", filter=Q(draws__status=QuotaDraw.Status.ISSUED)),
        reserved=Count("draws", filter=Q(draws__status=QuotaDraw.Status.RESERVED,
                                         draws__expires_at__gt=now)),
    )
    names = {r.kato: r.name for r in Region.objects.all()}
    return [
        Balance(kind=a.kind, kind_label=str(a.get_kind_display()), category=a.category,
                region=a.region, region_name=names.get(a.region, a.region) if a.region else "",
                year=a.year, version=a.quota_set.version, amount=a.amount, issued=a.issued,
                reserved=a.reserved, remaining=a.amount - a.issued - a.reserved)
        for a in accounts
    ]


def quota_set_list(*, actor: Actor, year: int | None = None) -> QuerySet[QuotaSet]:
    """Every version of every quota set (of ``year`` when given), newest first."""
    actor.require(Capability.VIEW_QUOTAS)
    sets = QuotaSet.objects.order_by("-year", "kind", "-version")
    return sets.filter(year=year) if year is not None else sets


def quota_set_get(*, actor: Actor, quota_set_id: int) -> QuotaSet:
    """One version with its lines; ``QuotaSet.DoesNotExist`` when there is none."""
    actor.require(Capability.VIEW_QUOTAS)
    return QuotaSet.objects.prefetch_related("lines").get(pk=quota_set_id)


def quota_years(*, actor: Actor) -> list[int]:
    """The years that have a quota set, newest first."""
    actor.require(Capability.VIEW_QUOTAS)
    return sorted(set(QuotaSet.objects.values_list("year", flat=True)), reverse=True)


def quota_official(*, kind: str, year: int) -> tuple[int, dict[str, int]] | None:
    """The latest published version of ``kind`` for ``year`` or the latest year before:
    its year and places by region ("" national); ``None`` when none is published. (Not
    personal data: the callers check their own capability.)"""
    found = (QuotaSet.objects.filter(kind=kind, year__lte=year,
                                     status=QuotaSet.Status.PUBLISHED)
             .order_by("-year", "-version").first())
    if found is None:
        return None
    places: dict[str, int] = {}
    for line in found.lines.all():
        places[line.region] = places.get(line.region, 0) + line.amount
    return found.year, places
