"""The 20 regions of the model in a fixed order (KATO), the 2022 split mapped back to the
parents, and the region groups the levers and indicators name."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

#: Model order: the 20 top-level units of 2022 (17 oblasts and Astana, Almaty, Shymkent).
REGIONS: tuple[str, ...] = (
    "100000000", "110000000", "150000000", "190000000", "230000000", "270000000",
    "310000000", "330000000", "350000000", "390000000", "430000000", "470000000",
    "550000000", "590000000", "610000000", "620000000", "630000000", "710000000",
    "750000000", "790000000",
)
INDEX = {kato: i for i, kato in enumerate(REGIONS)}

#: June 2022: Abai from East Kazakhstan, Zhetysu from Almaty Region, Ulytau from Karaganda.
PARENT_2022 = {"100000000": "630000000", "330000000": "190000000", "620000000": "350000000"}

#: The regions of 1 Jan 2018 (before the split): 17 units, Shymkent a city since June 2018
#: but filed separately in the official series from 2017.
REGIONS_2018: tuple[str, ...] = tuple(k for k in REGIONS if k not in PARENT_2022)

#: Northern and eastern regions of the concept's indicator 10 (as the synthetic nation).
NORTH_EAST = ("100000000", "110000000", "390000000", "550000000", "590000000", "630000000")

_GEO = Path(__file__).resolve().parent.parent / "geo" / "data" / "regions.csv"


@cache
def region_rows() -> dict[str, dict[str, str]]:
    """The shipped regions table (names in three languages, settlement flags) by KATO."""
    with _GEO.open(encoding="utf-8") as fh:
        return {row["kato"]: row for row in csv.DictReader(fh)}


def flagged(flag: str) -> tuple[str, ...]:
    """Regions with a 0/1 flag of the regions table set (``resettler_settlement_region``,
    ``kandas_settlement_region``, ``labour_surplus_origin_enbek``), in model order."""
    rows = region_rows()
    return tuple(k for k in REGIONS if rows[k].get(flag) == "1")


def region_name(kato: str, language: str = "en") -> str:
    """The region's name in ``language`` (kk, ru, en)."""
    row = region_rows().get(kato)
    if row is None:
        return kato
    return row.get(f"name_{language}") or row["name_en"]
