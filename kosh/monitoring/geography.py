"""The geography the monitoring pipelines check codes against: the shipped KATO regions
and districts of kosh/geo/data (the same files the registry is loaded from), which
districts are urban, and the region groups the concept names."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GEO_DATA = Path(__file__).resolve().parents[1] / "geo" / "data"

#: Astana, Almaty, Shymkent (cities of republican significance, concept §2 "concentration").
CITIES: tuple[str, ...] = ("710000000", "750000000", "790000000")
#: The northern and eastern regions of indicator 10 (Abai, Akmola, Kostanay, North
#: Kazakhstan, Pavlodar, East Kazakhstan — the six regions of the concept's Act 45).
NORTH_EAST: tuple[str, ...] = ("100000000", "110000000", "390000000", "550000000",
                               "590000000", "630000000")
#: District unit types counted as urban: cities of regional significance and the
#: districts of the three cities (a rural "district" holds villages and small towns).
URBAN_UNIT_TYPES = ("city_of_regional_significance", "city_district")


@dataclass(frozen=True)
class Geography:
    """Regions and districts by KATO code, with English/Russian/Kazakh names."""

    regions: dict[str, dict[str, str]]
    districts: dict[str, dict[str, str]]  # KATO → row (region, unit_type, names)

    @property
    def urban_districts(self) -> tuple[str, ...]:
        """Districts counted as urban (sorted)."""
        return tuple(sorted(k for k, d in self.districts.items()
                            if d["unit_type"] in URBAN_UNIT_TYPES
                            or d["region"] in CITIES))

    def region_name(self, kato: str, lang: str = "en") -> str:
        """The region's name in ``lang`` (kk, ru, en), else the code."""
        row = self.regions.get(kato)
        return (row.get(f"name_{lang}") or row["name_en"]) if row else kato

    def district_name(self, kato: str, lang: str = "en") -> str:
        """The district's name in ``lang`` (kk, ru, en), else the code."""
        row = self.districts.get(kato)
        return (row.get(f"name_{lang}") or row["name_en"]) if row else kato


@cache
def geography() -> Geography:
    """The shipped regions and districts (districts without a KATO code are left out:
    no event can name them)."""
    with (GEO_DATA / "regions.csv").open(encoding="utf-8") as f:
        regions = {r["kato"]: {"name_en": r["name_en"], "name_ru": r["name_ru"],
                               "name_kk": r["name_kk"], "kind": r["type"]}
                   for r in csv.DictReader(f)}
    with (GEO_DATA / "districts.csv").open(encoding="utf-8") as f:
        districts = {r["kato"]: {"region": r["parent_kato"], "unit_type": r["unit_type"],
                                 "name_en": r["name_en"], "name_ru": r["name_ru"],
                                 "name_kk": r["name_kk"], "pcode": r["geokz_2024_pcode"]}
                     for r in csv.DictReader(f) if r["kato"]}
    return Geography(regions=regions, districts=districts)
