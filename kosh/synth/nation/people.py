"""Persons of the nation: residents drawn in chunks by :func:`persons_generate`, and the
special groups (kandas, stateless, foreign workers, refugees, visitors) drawn with its
name pools and IIN rules, all streamed into one ``persons`` table.

:class:`People` keeps a compact copy of who was written (region, district, birth date,
sex, origin, citizenship, segment) for the generators that pick persons later: movers,
resettlers, kandas of earlier years, workers abroad, linkage records."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

from kosh.synth.persons import ORIGINS, iins_unique, names_generate, persons_generate

from .geography import districts_draw, geography
from .output import Context, NationWriter, dictionary

ORIGIN_NAMES = tuple(ORIGINS)
SEGMENTS = ("resident", "kandas", "resettler", "stateless", "household_worker",
            "work_permit", "refugee", "asylum_seeker", "visitor")
RESIDENT_SEGMENTS = ("resident", "kandas", "resettler", "stateless")
# IIN serials (even ones, counted in pairs): 0-499 stay free for persons created through
# the services (the demo), 500-4499 are split over the resident chunks, and each special
# group has a block of its own.
RESIDENT_SERIALS = (500, 4000)
SPECIAL_SERIALS = {"kandas": (4500, 90), "resettler": (4590, 30), "stateless": (4620, 30),
                   "household_worker": (4650, 250), "work_permit": (4900, 60),
                   "refugee": (4960, 40)}
# Whose names a foreigner of a citizenship carries (the pools of kosh.synth.name_pools).
NAME_ORIGIN = {"UZB": "uzbek", "RUS": "russian", "BLR": "russian", "UKR": "ukrainian",
               "KOR": "korean", "DEU": "german", "CHN": "uyghur", "MNG": "kazakh",
               "KAZ": "kazakh"}
REFERENCE_DAY = np.datetime64("2024-01-01")


class People:
    """Compact arrays over every person written (row ``i`` is person id ``i + 1``)."""

    def __init__(self) -> None:
        self.countries: list[str] = []
        self._parts: list[dict[str, np.ndarray]] = []
        self._arrays: dict[str, np.ndarray] = {}
        self.ranges: dict[str, tuple[int, int]] = {}  # segment → (first id, last id)
        self.size = 0

    def country(self, code: str) -> int:
        if code not in self.countries:
            self.countries.append(code)
        return self.countries.index(code)

    def add(self, segment: str, **columns: np.ndarray) -> tuple[int, int]:
        """Record ``n`` persons of ``segment``; returns their (first, last) ids."""
        n = columns["birth"].size
        first = self.size + 1
        self._parts.append({
            "region": columns["region"].astype(np.int8),
            "district": columns["district"].astype(np.int16),
            "birth": columns["birth"].astype("datetime64[D]").astype(np.int32),
            "female": columns["female"].astype(bool),
            "origin": columns["origin"].astype(np.int8),
            "citizenship": columns["citizenship"].astype(np.int16),
            "segment": np.full(n, SEGMENTS.index(segment), dtype=np.int8),
        })
        self._arrays.clear()
        self.size += n
        lo, _ = self.ranges.get(segment, (first, 0))
        self.ranges[segment] = (lo, self.size)
        return first, self.size

    def __getattr__(self, name: str) -> np.ndarray:
        if name.startswith("_") or name not in ("region", "district", "birth", "female",
                                                "origin", "citizenship", "segment"):
            raise AttributeError(name)
        if name not in self._arrays:
            self._arrays[name] = np.concatenate([p[name] for p in self._parts])
        return self._arrays[name]

    def ages(self, on: np.datetime64 = REFERENCE_DAY) -> np.ndarray:
        """Age in completed years on a day (approximately: 365.2425-day years)."""
        return ((on.astype("datetime64[D]").astype(np.int64) - self.birth)
                / 365.2425).astype(np.int16)


def _table(ids: np.ndarray, iin, birth: np.ndarray, female: np.ndarray, region, district,
           citizenship: pa.Array, origin: np.ndarray, segment: str,
           names: dict[str, pa.DictionaryArray]) -> pa.Table:
    geo = geography()
    n = ids.size
    district = np.asarray(district)
    return pa.table({
        "id": pa.array(ids, type=pa.int64()),
        "iin": iin if isinstance(iin, pa.Array) else pa.array(iin, type=pa.string()),
        "birth_date": pa.array(birth.astype("datetime64[D]"), type=pa.date32()),
        "sex": dictionary(female.astype(np.int32), ["M", "F"]),
        "region": dictionary(np.asarray(region), geo.regions),
        "district": dictionary(district, geo.districts),
        "urban": pa.array(geo.district_urban[np.maximum(district, 0)], type=pa.bool_(),
                          mask=district < 0),
        "citizenship": citizenship,
        "origin": dictionary(origin, ORIGIN_NAMES),
        "segment": dictionary(np.zeros(n, dtype=np.int32), [segment]),
        "resident": pa.array(np.full(n, segment in RESIDENT_SEGMENTS)),
        **names,
    })


def residents_write(ctx: Context, writer: NationWriter, people: People, n: int) -> None:
    """``n`` residents in chunks of ``ctx.chunk``, each with its own seed, ids and block
    of IIN serials; adds district and urban/rural to what :func:`persons_generate` draws."""
    chunks = max(1, -(-n // ctx.chunk))
    first, count = RESIDENT_SERIALS
    block = count // chunks
    for k in range(chunks):
        size = n // chunks + (k < n % chunks)
        seed = int(ctx.rng("persons", k).integers(2**62))
        t = persons_generate(size, seed, first_id=people.size + 1,
                             serial_block=(first + k * block, block))
        region = t.column("region").combine_chunks().indices.to_numpy()
        district = districts_draw(ctx.rng("districts", k), region)
        cit = t.column("citizenship").combine_chunks()
        codes = np.array([people.country(c) for c in cit.dictionary.to_pylist()])
        birth = t.column("birth_date").to_numpy()
        female = t.column("sex").combine_chunks().indices.to_numpy().astype(bool)
        origin = t.column("origin").combine_chunks().indices.to_numpy()
        names = {c: t.column(c).combine_chunks() for c in t.column_names[7:]}
        writer.write("persons", _table(
            t.column("id").to_numpy(), t.column("iin").combine_chunks(), birth, female,
            region, district, cit, origin, "resident", names))
        people.add("resident", region=region, district=district, birth=birth,
                   female=female, origin=origin,
                   citizenship=codes[cit.indices.to_numpy()])
        ctx.advance("persons", size)


def segment_write(ctx: Context, writer: NationWriter, people: People, segment: str, *,
                  birth: np.ndarray, female: np.ndarray, citizenship: list[str | None],
                  region: np.ndarray | None = None, district: np.ndarray | None = None,
                  origin: np.ndarray | None = None, with_iin: bool = True,
                  names_fix: Callable[[dict], dict] | None = None) -> np.ndarray:
    """Write one special group of persons; names follow the origin (by default the one
    their citizenship speaks: :data:`NAME_ORIGIN`, else "other") and then ``names_fix``
    (families share a surname). Returns their ids."""
    if segment in people.ranges:  # a second group would draw the same IIN serials
        raise ValueError(f"the {segment} persons are written already")
    n = birth.size
    rng = ctx.rng("segment", SEGMENTS.index(segment))
    cit = np.asarray(citizenship, dtype=object)
    if origin is None:
        origin = np.array([ORIGIN_NAMES.index(NAME_ORIGIN.get(c, "other")) for c in cit],
                          dtype=np.int64).reshape(n)
    if region is None:
        region = np.full(n, -1)
    if district is None:
        district = districts_draw(rng, region)
    birth = birth.astype("datetime64[D]")
    iin = pa.nulls(n, pa.string())
    if with_iin and n:
        iin = pa.array(iins_unique(rng, birth, female, SPECIAL_SERIALS[segment]),
                       type=pa.string())
    names = names_generate(rng, origin, female, ORIGIN_NAMES)
    if names_fix is not None:
        names = names_fix(names)
    vocab = sorted({c for c in cit if c})
    cit_idx = np.array([vocab.index(c) if c else -1 for c in cit], dtype=np.int64)
    first = people.size + 1
    ids = np.arange(first, first + n, dtype=np.int64)
    writer.write("persons", _table(ids, iin, birth, female, region, district,
                                   dictionary(cit_idx, vocab), origin, segment, names))
    codes = np.array([people.country(c) if c else -1 for c in [*vocab, None]])
    people.add(segment, region=region, district=district, birth=birth, female=female,
               origin=origin, citizenship=codes[cit_idx])
    ctx.advance("persons", n)
    return ids


def birth_dates(rng: np.random.Generator, ages: np.ndarray,
                on: np.datetime64 = REFERENCE_DAY) -> np.ndarray:
    """Birth dates of persons of ``ages`` (whole years) on a day."""
    d = (ages * 365.2425 + rng.random(ages.size) * 364).astype("timedelta64[D]")
    return on.astype("datetime64[D]") - np.timedelta64(1, "D") - d


def adults(rng: np.random.Generator, n: int, low: int, high: int, peak: int) -> np.ndarray:
    """Ages of ``n`` adults between ``low`` and ``high``, most around ``peak``."""
    a = rng.triangular(low, peak, high + 1, size=n)
    return np.clip(a.astype(np.int64), low, high)
