"""Loading the shipped reference files into the database. Idempotent: running it again
updates rows in place and creates nothing twice."""

import csv
import gettext
from pathlib import Path

import pycountry
from django.db import transaction

from .models import Country, District, Region, Settlement

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def regions_load() -> int:
    for row in _rows("regions.csv"):
        Region.objects.update_or_create(
            kato=row["kato"],
            defaults={
                "iso_3166_2": row["iso_3166_2"],
                "kind": row["type"],
                "name_kk": row["name_kk"],
                "name_ru": row["name_ru"],
                "name_en": row["name_en"],
                "center_kk": row["center_kk"],
                "center_ru": row["center_ru"],
                "center_en": row["center_en"],
                "is_kandas_settlement": row["kandas_settlement_region"] == "1",
                "is_resettler_settlement": row["resettler_settlement_region"] == "1",
                "is_labour_surplus_origin": row["labour_surplus_origin_enbek"] == "1",
            },
        )
    return Region.objects.count()


@transaction.atomic
def districts_load() -> int:
    for row in _rows("districts.csv"):
        lookup = (
            {"kato": row["kato"]}
            if row["kato"]
            else {"name_en": row["name_en"], "region_id": row["parent_kato"]}
        )
        District.objects.update_or_create(
            **lookup,
            defaults={
                "region_id": row["parent_kato"],
                "unit_type": row["unit_type"],
                "name_kk": row["name_kk"],
                "name_ru": row["name_ru"] or row["name_ru_kato_2022"],
                "name_en": row["name_en"],
                "geokz_pcode": row["geokz_2024_pcode"],
                "status_note": row["status_note"][:300],
            },
        )
    return District.objects.count()


@transaction.atomic
def settlements_load() -> int:
    """Units below level 2 of the KATO 2022 tree, each tied to its level-2 ancestor."""
    rows = _rows("kato_2022-10-17_ru.csv")
    parent = {r["kato"]: r["parent_kato"] for r in rows}
    level = {r["kato"]: int(r["tree_level"]) for r in rows}
    district_ids = dict(District.objects.exclude(kato="").values_list("kato", "id"))

    def district_of(kato: str) -> int | None:
        while kato and level.get(kato, 0) > 2:
            kato = parent[kato]
        return district_ids.get(kato)

    existing = set(Settlement.objects.values_list("kato", flat=True))
    Settlement.objects.bulk_create(
        [
            Settlement(
                kato=r["kato"], parent_kato=r["parent_kato"], level=int(r["tree_level"]),
                name_ru=r["name_ru"], district_id=district_of(r["kato"]),
            )
            for r in rows
            if int(r["tree_level"]) > 2 and r["kato"] not in existing
        ],
        batch_size=2000,
    )
    return Settlement.objects.count()


@transaction.atomic
def countries_load() -> int:
    """ISO 3166-1 countries with Russian and Kazakh names from pycountry's translations."""
    tr = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in ("ru", "kk")
    }
    for c in pycountry.countries:
        english = getattr(c, "common_name", None) or c.name
        Country.objects.update_or_create(
            alpha3=c.alpha_3,
            defaults={
                "alpha2": c.alpha_2,
                "numeric": c.numeric,
                "name_en": english,
                "name_ru": tr["ru"].gettext(c.name),
                "name_kk": tr["kk"].gettext(c.name),
            },
        )
    return Country.objects.count()


def geo_load() -> dict[str, int]:
    """Load all reference geography; returns row counts by table."""
    return {
        "regions": regions_load(),
        "districts": districts_load(),
        "settlements": settlements_load(),
        "countries": countries_load(),
    }
