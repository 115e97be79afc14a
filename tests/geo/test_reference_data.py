"""Reference data loads completely and idempotently."""

import pytest

from kosh.geo.loading import geo_load
from kosh.geo.models import Country, District, Region, Settlement

pytestmark = pytest.mark.django_db


def test_all_regions_with_three_languages_and_flags():
    assert Region.objects.count() == 20
    astana = Region.objects.get(kato="710000000")
    assert (astana.name_kk, astana.name_en) == ("Астана қаласы", "Astana")
    assert Region.objects.filter(is_kandas_settlement=True).count() == 8


def test_districts_and_settlements_hang_under_their_region():
    assert District.objects.count() == 228
    village = Settlement.objects.filter(level=5).select_related("district").first()
    assert village.kato[:2] == village.district.region_id[:2]


def test_loading_twice_creates_nothing_twice():
    counts = geo_load()
    assert counts == {"regions": 20, "districts": 228,
                      "settlements": Settlement.objects.count(),
                      "countries": Country.objects.count()}


def test_countries_have_kazakh_and_russian_names():
    uzb = Country.objects.get(alpha3="UZB")
    assert (uzb.name_ru, uzb.name_kk) == ("Узбекистан", "Өзбекстан")
