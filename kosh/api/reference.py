"""Reference data: regions, districts and settlements (KATO) and countries, with names in
Kazakh, Russian and English. Open to every authenticated user; nothing here is personal."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router

from kosh.geo import selectors
from kosh.geo.models import Country, District, Region, Settlement

from .schemas import CountryOut, DistrictOut, ErrorOut, Kato, RecordId, RegionOut, SettlementOut

router = Router(tags=["reference"])

ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get("/regions", response={200: list[RegionOut], **ERRORS})
def region_list(request: HttpRequest) -> QuerySet[Region]:
    """The 17 regions and 3 cities of republican significance."""
    return selectors.region_list()


@router.get("/regions/{kato}/districts", response={200: list[DistrictOut], **ERRORS})
def district_list(request: HttpRequest, kato: Kato) -> QuerySet[District]:
    """The districts and cities of one region (404 for an unknown region)."""
    return selectors.district_list(region_kato=kato)


@router.get("/districts/{district_id}/settlements",
            response={200: list[SettlementOut], **ERRORS})
def settlement_list(request: HttpRequest, district_id: RecordId) -> QuerySet[Settlement]:
    """The settlements of one district (404 for an unknown district)."""
    return selectors.settlement_list(district_id=district_id)


@router.get("/countries", response={200: list[CountryOut], **ERRORS})
def country_list(request: HttpRequest) -> QuerySet[Country]:
    """ISO 3166-1 countries."""
    return selectors.country_list()
