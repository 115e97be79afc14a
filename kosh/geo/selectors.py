"""Reads of reference geography (nothing here is personal, so no scoping or audit)."""

from django.db.models import QuerySet

from .models import Country, District, Region, Settlement


def region_list() -> QuerySet[Region]:
    return Region.objects.order_by("kato")


def district_list(*, region_kato: str) -> QuerySet[District]:
    """Districts of a region; raises ``Region.DoesNotExist`` for an unknown region."""
    return Region.objects.get(pk=region_kato).districts.order_by("kato", "id")


def settlement_list(*, district_id: int) -> QuerySet[Settlement]:
    """Settlements of a district; raises ``District.DoesNotExist`` for an unknown one."""
    return District.objects.get(pk=district_id).settlements.order_by("kato")


def country_list() -> QuerySet[Country]:
    return Country.objects.order_by("alpha3")
