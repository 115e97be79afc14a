"""Reference geography. Rows come from shipped files (see docs/reference-data.md)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class LocalisedName(models.Model):
    """Mixin: names in Kazakh, Russian and English, picked by the active language."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        lang = (get_language() or "ru")[:2]
        return getattr(self, f"name_{lang}", "") or self.name_ru or self.name_en


class Region(LocalisedName):
    """One of the 20 top-level units (17 oblasts and the cities Astana, Almaty, Shymkent)."""

    kato = models.CharField(_("KATO code"), max_length=9, primary_key=True)
    iso_3166_2 = models.CharField(max_length=6)
    kind = models.CharField(max_length=20)  # oblast, city_capital, city_republican
    center_kk = models.CharField(max_length=100, blank=True)
    center_ru = models.CharField(max_length=100, blank=True)
    center_en = models.CharField(max_length=100, blank=True)
    is_kandas_settlement = models.BooleanField(default=False)
    is_resettler_settlement = models.BooleanField(default=False)
    is_labour_surplus_origin = models.BooleanField(default=False)

    class Meta:
        ordering = ["kato"]


class District(LocalisedName):
    """A level-2 unit: district, city of regional significance, or a district of a city.

    A few districts created after the 2022 KATO release have no verified code; they keep
    ``kato`` empty and are identified by ``id``."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts")
    kato = models.CharField(_("KATO code"), max_length=9, blank=True, db_index=True)
    unit_type = models.CharField(max_length=40)
    geokz_pcode = models.CharField(max_length=12, blank=True)
    status_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["region_id", "kato", "id"]


class Settlement(models.Model):
    """A unit below district level from the KATO tree (okrug, town, village)."""

    kato = models.CharField(_("KATO code"), max_length=9, primary_key=True)
    parent_kato = models.CharField(max_length=9, db_index=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="settlements", null=True
    )
    level = models.PositiveSmallIntegerField()
    name_ru = models.CharField(max_length=200)

    class Meta:
        ordering = ["kato"]

    def __str__(self) -> str:
        return self.name_ru


class Country(models.Model):
    """ISO 3166-1 countries (from pycountry) with names in the three UI languages."""

    alpha3 = models.CharField(max_length=3, primary_key=True)
    alpha2 = models.CharField(max_length=2, unique=True)
    numeric = models.CharField(max_length=3)
    name_en = models.CharField(max_length=120)
    name_ru = models.CharField(max_length=120)
    name_kk = models.CharField(max_length=120)

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        lang = (get_language() or "ru")[:2]
        return getattr(self, f"name_{lang}", "") or self.name_en
