"""Synthetic persons at national scale: fast, deterministic, vectorised.

:func:`persons_generate` makes ``n`` persons as a ``pyarrow.Table`` from a seeded numpy
Generator (same ``n`` and ``seed`` → an identical table). Every column is drawn for all
rows at once; strings are never built per row: each name column is dictionary-encoded over
one shared vocabulary of distinct names, and the passport Latin spellings and the search
keys (:func:`kosh.identity.names.name_tokens`) are computed once per distinct name.

What it models:

* **origin** (ethnic background) by the 2021 census shares: Kazakh 70 %, Russian 15 %,
  Uzbek 3 %, Ukrainian 2 %, Uyghur 1.5 %, German 1 %, Tatar 1 %, Korean 0.6 %, other;
* **region** (KATO of the 20 regions) by the population shares of 1 January 2023
  (``data/population_by_region_sex_area_2000_2023.csv``), with origins leaning to where
  they live (Russians, Ukrainians, Germans to the north; Uzbeks to Turkestan and Shymkent;
  Uyghurs to Almaty and Zhetisu) while both margins keep their national shares
  (iterative proportional fitting);
* **sex** (48.6 % male), **birth date** from an age pyramid as of 2024-01-01, and a
  valid **IIN** unique over the table (even serials per date and sex, so that the odd
  fallback of a never-issued prefix cannot collide);
* **citizenship** (ISO alpha-3): Kazakhstan for nearly all, a few foreigners by origin;
* **names as written** in Cyrillic: Kazakh surnames made from ancestral given names with
  -ов/-ова, -ев/-ева, -ин/-ина or -ұлы/-қызы, and from compounds (Сәрсен+бай → Сәрсенбаев);
  Russian, Ukrainian, Uzbek, Uyghur, Tatar, German, Korean and other surname lists;
  Kazakh patronymics in -ұлы/-қызы or the Russian way (-ович/-овна); 45 % of Kazakh
  persons written with Russian letters (Нұрлан → Нурлан) as older documents are. Weights
  are Zipf-like by rank, so common names are common and the tail is long: about 27,000
  distinct surname keys and 2,200 given-name keys per million persons;
* the passport **Latin** spelling of surname and given name (ICAO, upper case), and the
  **name keys** the registry's search index uses (tokens joined by a space).

The pools are in :mod:`kosh.synth.name_pools`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa

from kosh.identity.identifiers import iin_generate_many
from kosh.identity.names import name_tokens, transliterate

from . import name_pools as pools

DATA_DIR = Path(__file__).resolve().parent / "data"
REFERENCE_DATE = np.datetime64("2024-01-01")
MALE_SHARE = 0.486
RUSSIAN_SPELLING_SHARE = 0.45  # Kazakh persons whose names are written with Russian letters

# origin: (share of the population, {citizenship: probability} for the non-Kazakhstani)
ORIGINS: dict[str, tuple[float, dict[str, float]]] = {
    "kazakh": (0.700, {"CHN": 0.004, "MNG": 0.003, "UZB": 0.003}),
    "russian": (0.150, {"RUS": 0.02}),
    "uzbek": (0.030, {"UZB": 0.15}),
    "ukrainian": (0.020, {"UKR": 0.02}),
    "uyghur": (0.015, {"CHN": 0.03, "KGZ": 0.01}),
    "german": (0.010, {"DEU": 0.01}),
    "tatar": (0.010, {"RUS": 0.02}),
    "korean": (0.006, {"KOR": 0.02}),
    "other": (0.059, {"KGZ": 0.08, "TJK": 0.05, "AZE": 0.04, "TUR": 0.04, "RUS": 0.02}),
}
# How much more (or less) often an origin lives in a region than the national mix says,
# before the margins are fitted back (region KATO prefix → factor).
_NORTH = {"11": 2.5, "35": 2.0, "39": 3.0, "55": 3.0, "59": 3.5, "63": 2.5, "71": 1.3, "75": 1.4}
_SOUTH = {"43": 0.1, "47": 0.2, "23": 0.1, "61": 0.1, "79": 0.3, "31": 0.5}
REGION_AFFINITY: dict[str, dict[str, float]] = {
    "kazakh": {},
    "russian": {**_NORTH, **_SOUTH},
    "ukrainian": {**_NORTH, **_SOUTH},
    "german": {**_NORTH, **_SOUTH, "75": 1.0},
    "tatar": {**_NORTH, "75": 1.5},
    "uzbek": {"61": 12.0, "79": 12.0, "31": 1.5, "75": 1.5},
    "uyghur": {"19": 12.0, "75": 6.0, "33": 6.0},
    "korean": {"75": 4.0, "43": 3.0, "19": 2.0, "35": 1.5},
    "other": {"75": 2.0, "31": 2.0, "79": 2.0, "61": 1.5, "19": 1.5},
}
# (age, relative number of persons of that age), linear in between: a young population.
# Fitted so that 57.7 % are of working age (men 16-62, women 16-60), the concept's figure
# for the start of 2022 (see docs/synthetic-data.md).
AGE_PYRAMID = (
    (0, 1.66), (5, 1.83), (10, 1.7), (15, 1.3), (20, 1.0), (25, 1.05), (30, 1.3),
    (35, 1.3), (40, 1.15), (45, 1.0), (50, 0.95), (55, 0.92), (60, 0.85), (65, 0.68),
    (70, 0.48), (75, 0.3), (80, 0.16), (85, 0.07), (90, 0.02), (100, 0.0),
)  # fmt: skip

_KAZAKH_TO_RUSSIAN = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
_VOWELS = set("аеёиоуыэюяәіөұүАЕЁИОУЫЭЮЯӘІӨҰҮ")


@dataclass(frozen=True)
class Pool:
    """Distinct names with their probabilities (summing to 1)."""

    names: tuple[str, ...]
    p: np.ndarray

    @classmethod
    def of(cls, weighted: dict[str, float]) -> Pool:
        names = tuple(weighted)
        w = np.fromiter(weighted.values(), dtype=np.float64, count=len(names))
        return cls(names, w / w.sum())


def _words(text: str) -> list[str]:
    """The words of a pool string, duplicates dropped (first occurrence keeps its rank)."""
    return list(dict.fromkeys(text.split()))


def zipf(n: int, exponent: float = 1.0, offset: float = 2.0) -> np.ndarray:
    """Weights ``1 / (rank + offset) ** exponent`` for ranks 0..n-1, summing to 1."""
    w = 1.0 / (np.arange(n) + offset) ** exponent
    return w / w.sum()


def _ranked(words: list[str], mass: float, exponent: float = 1.0,
            offset: float = 2.0) -> dict[str, float]:
    return dict(zip(words, mass * zipf(len(words), exponent, offset), strict=True))


def _merge(*parts: dict[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in parts:
        for name, w in part.items():
            out[name] = out.get(name, 0.0) + w
    return out


def _compounds(prefixes: str, suffixes: str, mass: float, exponent: float) -> dict[str, float]:
    """Every prefix + suffix, weighted by the product of their Zipf weights."""
    pre, suf = _words(prefixes), _words(suffixes)
    wp, ws = zipf(len(pre), exponent), zipf(len(suf), exponent)
    out: dict[str, float] = {}
    for a, w_a in zip(pre, wp, strict=True):
        for b, w_b in zip(suf, ws, strict=True):
            if a[-1] == b[0]:  # Нұр + нұр: no doubled junctions
                b = b[1:]
            name = a + b
            if len(name) >= 4:
                out[name] = out.get(name, 0.0) + mass * w_a * w_b
    return out


def russian_spelling(name: str) -> str:
    """A Kazakh name written with Russian letters only: Нұрлан → Нурлан, Әсел → Асел."""
    return name.translate(_KAZAKH_TO_RUSSIAN)


def surname_female(male: str) -> str:
    """The feminine form of a Russian-style surname: -ов/-ев/-ин/-ын → +а, -ский → -ская,
    -цкий → -цкая, -ой → -ая; others (Шевченко, Шмидт, Ким, Черных) do not change."""
    if male.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return male + "а"
    if male.endswith("ский") or male.endswith("цкий"):
        return male[:-2] + "ая"
    if male.endswith("ой") and len(male) > 4:
        return male[:-2] + "ая"
    return male


def surname_from_ancestor(stem: str, sex: str, form: str) -> str:
    """A Kazakh surname from an ancestral name: ``form`` "ov" (Ахметов/Жұмабаев/Ғалиев),
    "in" (Мұсин), "uly" (Ахметұлы/Ахметқызы) or "bare" (the name itself)."""
    female = sex == "F"
    if form == "uly":
        return stem + ("қызы" if female else "ұлы")
    if form == "bare":
        return stem
    if form == "in":
        base = stem[:-1] if stem[-1] in _VOWELS else stem
        return base + ("ина" if female else "ин")
    if stem.endswith("й"):
        return stem[:-1] + ("ева" if female else "ев")
    if stem[-1] in _VOWELS:
        return stem + ("ева" if female else "ев")
    return stem + ("ова" if female else "ов")


_RU_PATRONYMIC_SPECIAL = {
    "Илья": ("Ильич", "Ильинична"),
    "Никита": ("Никитич", "Никитична"),
    "Лев": ("Львович", "Львовна"),
    "Пётр": ("Петрович", "Петровна"),
    "Георгий": ("Георгиевич", "Георгиевна"),
    "Яков": ("Яковлевич", "Яковлевна"),
}


def patronymic_russian(father: str, sex: str) -> str:
    """The Russian-style patronymic of a father's given name: Сергей → Сергеевич/Сергеевна,
    Евгений → Евгеньевич, Игорь → Игоревич, Нұрлан → Нұрланович, Ғали → Ғалиевич."""
    female = sex == "F"
    if father in _RU_PATRONYMIC_SPECIAL:
        return _RU_PATRONYMIC_SPECIAL[father][female]
    if father.endswith("ий"):
        return father[:-2] + ("ьевна" if female else "ьевич")
    if father.endswith(("й", "ь")):
        return father[:-1] + ("евна" if female else "евич")
    if father[-1] in _VOWELS:
        return father + ("евна" if female else "евич")
    return father + ("овна" if female else "ович")


def patronymic_kazakh(father: str, sex: str) -> str:
    """The Kazakh patronymic: Серік → Серікұлы / Серікқызы."""
    return father + ("қызы" if sex == "F" else "ұлы")


@dataclass(frozen=True)
class OriginPools:
    """The name pools of one origin, by sex ("M"/"F")."""

    given: dict[str, Pool]
    surname: dict[str, Pool]
    patronymic: dict[str, Pool]


def _kazakh_given() -> dict[str, dict[str, float]]:
    male = _merge(
        _ranked(_words(pools.KK_MALE), 0.80, 1.0, 3.0),
        _compounds(pools.KK_MALE_PREFIX, pools.KK_MALE_SUFFIX, 0.20, 1.0),
    )
    female = _merge(
        _ranked(_words(pools.KK_FEMALE), 0.80, 1.0, 3.0),
        _compounds(pools.KK_FEMALE_PREFIX, pools.KK_FEMALE_SUFFIX, 0.20, 1.0),
    )
    return {"M": male, "F": female}


def _kazakh_ancestors() -> dict[str, float]:
    """Ancestral names behind Kazakh surnames: old names, today's names, and compounds."""
    return _merge(
        _ranked(_words(pools.KK_ANCESTRAL), 0.35, 0.9, 3.0),
        {k: 0.25 * v for k, v in _kazakh_given()["M"].items()},
        _compounds(pools.KK_ANCESTRAL_PREFIX, pools.KK_ANCESTRAL_SUFFIX, 0.40, 0.75),
    )


_KAZAKH_FORMS = {"ov": 0.84, "in": 0.03, "uly": 0.11, "bare": 0.02}


def _russian_patronymics(fathers: dict[str, float], none: float = 0.0) -> dict[str, Pool]:
    out = {}
    for sex in "MF":
        weighted = _merge({patronymic_russian(f, sex): w * (1 - none) for f, w in fathers.items()})
        if none:
            weighted[""] = none
        out[sex] = Pool.of(weighted)
    return out


def _male_and_female(male_surnames: dict[str, float]) -> dict[str, Pool]:
    return {
        "M": Pool.of(male_surnames),
        "F": Pool.of(_merge({surname_female(s): w for s, w in male_surnames.items()})),
    }


@cache
def origin_pools() -> dict[str, OriginPools]:
    """The weighted name pools of every origin (built once)."""
    kk_given = _kazakh_given()
    ancestors = _kazakh_ancestors()
    kk_surnames = {
        sex: Pool.of(_merge(*(
            {surname_from_ancestor(a, sex, form): w * share for a, w in ancestors.items()
             if form != "in" or a[-1] not in "йь"}
            for form, share in _KAZAKH_FORMS.items()
        )))
        for sex in "MF"
    }
    kk_fathers = kk_given["M"]
    kk_patronymic = {
        sex: Pool.of(_merge(
            {patronymic_russian(f, sex): 0.60 * w for f, w in kk_fathers.items()},
            {patronymic_kazakh(f, sex): 0.35 * w for f, w in kk_fathers.items()},
            {"": 0.05},
        ))
        for sex in "MF"
    }
    out = {"kazakh": OriginPools(
        {sex: Pool.of(kk_given[sex]) for sex in "MF"}, kk_surnames, kk_patronymic
    )}

    ru_given = {"M": _ranked(_words(pools.RU_MALE), 1.0, 1.0, 3.0),
                "F": _ranked(_words(pools.RU_FEMALE), 1.0, 1.0, 3.0)}
    tail = {}
    roots = _words(pools.RU_SURNAME_ROOTS)
    for root, w in zip(roots, zipf(len(roots), 0.8), strict=True):
        tail[root + ("ев" if root[-1] in "жшчщцй" else "ов")] = 0.6 * w
        tail[root + "ин"] = 0.4 * w
    ru_surnames = _merge(_ranked(_words(pools.RU_SURNAMES), 0.70, 0.9, 3.0),
                         {k: 0.30 * v for k, v in tail.items()})

    def simple(given: dict[str, dict[str, float]], surnames: dict[str, float],
               no_patronymic: float = 0.0) -> OriginPools:
        return OriginPools(
            {sex: Pool.of(given[sex]) for sex in "MF"},
            _male_and_female(surnames),
            _russian_patronymics(given["M"], no_patronymic),
        )

    def ranked(words: str, exponent: float = 1.0) -> dict[str, float]:
        return _ranked(_words(words), 1.0, exponent, 3.0)

    def given_of(male: str, female: str) -> dict[str, dict[str, float]]:
        return {"M": ranked(male), "F": ranked(female)}

    uz_stems = _words(pools.UZ_SURNAME_STEMS)
    uz_surnames = {surname_from_ancestor(s, "M", "ov"): w
                   for s, w in zip(uz_stems, zipf(len(uz_stems), 0.9), strict=True)}
    out["russian"] = simple(ru_given, ru_surnames)
    out["ukrainian"] = simple(ru_given, ranked(pools.UK_SURNAMES, 0.8))
    out["uzbek"] = simple(given_of(pools.UZ_MALE, pools.UZ_FEMALE), uz_surnames, 0.05)
    out["uyghur"] = simple(given_of(pools.UG_MALE, pools.UG_FEMALE),
                           ranked(pools.UG_SURNAMES, 0.8), 0.05)
    out["german"] = simple(given_of(pools.DE_MALE, pools.DE_FEMALE),
                           ranked(pools.DE_SURNAMES, 0.8), 0.10)
    out["tatar"] = simple(given_of(pools.TT_MALE, pools.TT_FEMALE),
                          ranked(pools.TT_SURNAMES, 0.8))
    out["korean"] = simple(ru_given, ranked(pools.KO_SURNAMES, 1.1), 0.30)
    out["other"] = simple(given_of(pools.OT_MALE, pools.OT_FEMALE),
                          ranked(pools.OT_SURNAMES, 0.6), 0.30)
    return out


@cache
def region_shares() -> dict[str, float]:
    """Region KATO → share of the population on 1 January 2023."""
    with (DATA_DIR / "population_by_region_sex_area_2000_2023.csv").open(encoding="utf-8") as f:
        counts = {
            row["kato"]: int(row["population"])
            for row in csv.DictReader(f)
            if row["year_start"] == "2023" and row["sex"] == "total" and row["area"] == "all"
            and row["kato"] != "000000000"
        }
    total = sum(counts.values())
    return {kato: c / total for kato, c in sorted(counts.items())}


@cache
def origin_by_region() -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray]:
    """(regions, origins, P(origin | region)) whose margins are the regional population
    shares and the national origin shares, fitted from :data:`REGION_AFFINITY`."""
    shares = region_shares()
    regions, origins = tuple(shares), tuple(ORIGINS)
    r = np.array([shares[k] for k in regions])
    o = np.array([ORIGINS[k][0] for k in origins])
    o = o / o.sum()
    joint = np.outer(r, o) * np.array(
        [[REGION_AFFINITY[org].get(k[:2], 1.0) for org in origins] for k in regions]
    )
    for _ in range(200):  # iterative proportional fitting
        joint *= (r / joint.sum(axis=1))[:, None]
        joint *= o / joint.sum(axis=0)
    return regions, origins, joint / joint.sum(axis=1, keepdims=True)


def _ages(rng: np.random.Generator, n: int) -> np.ndarray:
    ages = np.arange(100)
    points = np.array(AGE_PYRAMID, dtype=np.float64)
    w = np.interp(ages, points[:, 0], points[:, 1])
    return rng.choice(ages, size=n, p=w / w.sum())


def _categorical_by_group(rng: np.random.Generator, groups: np.ndarray,
                          probabilities: np.ndarray) -> np.ndarray:
    """For each row, a category drawn with ``probabilities[groups[row]]`` (inverse CDF)."""
    cdf = np.cumsum(probabilities, axis=1)
    cdf[:, -1] = 1.0
    u = rng.random(groups.size)
    out = np.empty(groups.size, dtype=np.int64)
    for g in range(probabilities.shape[0]):
        rows = np.flatnonzero(groups == g)
        out[rows] = np.searchsorted(cdf[g], u[rows], side="right")
    return out


def iins_unique(rng: np.random.Generator, birth: np.ndarray, female: np.ndarray,
                serial_block: tuple[int, int] = (0, 5000)) -> np.ndarray:
    """Valid IINs, unique: even serials numbered within each (birth date, sex), from a
    random even start per group; a never-issued prefix moves to the (unused) odd serial.

    ``serial_block`` (first, count) confines the serials to ``2 * first`` …
    ``2 * (first + count) - 1``, so tables drawn with disjoint blocks never share an IIN."""
    first, count = serial_block
    group = birth.astype(np.int64) * 2 + female
    order = np.lexsort((rng.random(group.size), group))
    sorted_groups = group[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_groups)) + 1]
    sizes = np.diff(np.r_[starts, group.size])
    rank = np.arange(group.size) - np.repeat(starts, sizes)
    if sizes.max() > count:
        raise ValueError(f"more than {count} persons share a birth date and sex")
    offset = rng.integers(0, np.maximum(1, count - sizes + 1)) if sizes.size else sizes
    serial = np.empty(group.size, dtype=np.int64)
    serial[order] = 2 * (first + np.repeat(offset, sizes) + rank)
    return iin_generate_many(birth, female, serial)


@lru_cache(maxsize=1 << 20)
def _passport_latin(name: str) -> str:
    return transliterate(name, "passport_icao_kz").upper()


@lru_cache(maxsize=1 << 20)
def _key(name: str) -> str:
    return " ".join(name_tokens(name))


def _distinct(values: list[str]) -> tuple[np.ndarray, pa.Array]:
    """(index of each value in the distinct values, the distinct values)."""
    distinct: dict[str, int] = {}
    index = np.fromiter((distinct.setdefault(v, len(distinct)) for v in values),
                        dtype=np.int32, count=len(values))
    return index, pa.array(list(distinct), type=pa.string())


def _dictionary(indices: np.ndarray, values: pa.Array) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(indices, type=pa.int32()), values)


def persons_generate(n: int, seed: int = 0, *, first_id: int = 1,
                     serial_block: tuple[int, int] = (0, 5000)) -> pa.Table:
    """``n`` synthetic persons, deterministic for ``seed``.

    A large population is drawn in chunks (as ``kosh synth`` does): give each chunk its
    own seed, its ``first_id`` and a ``serial_block`` of its own (see :func:`iins_unique`)
    so that ids and IINs stay unique over all chunks.

    Columns: ``id`` (``first_id``…), ``iin``, ``birth_date`` (date32), ``sex`` ("M"/"F"),
    ``region`` (KATO), ``citizenship`` (alpha-3), ``origin``, ``surname``, ``given_name``,
    ``patronymic`` (Cyrillic as written; patronymic may be ""), ``surname_latin``,
    ``given_name_latin`` (passport ICAO spelling, upper case) and ``surname_key``,
    ``given_name_key``, ``patronymic_key`` (the search keys of each part, tokens joined by
    a space). Every column except ``id``, ``iin`` and ``birth_date`` is dictionary-encoded;
    all name columns share one dictionary of distinct names (the same index gives the
    Cyrillic name in ``surname``, its Latin in ``surname_latin`` and its key in
    ``surname_key``).
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = np.random.default_rng(seed)
    regions, origins, p_origin = origin_by_region()
    shares = region_shares()

    region = rng.choice(len(regions), size=n, p=np.array([shares[k] for k in regions]))
    origin = _categorical_by_group(rng, region, p_origin)
    female = rng.random(n) >= MALE_SHARE
    ages = _ages(rng, n)
    days = (ages * 365.2425 + rng.random(n) * 365).astype("timedelta64[D]")
    birth = REFERENCE_DATE - np.timedelta64(1, "D") - days  # born before the reference date
    iin = iins_unique(rng, birth, female, serial_block)
    names = names_generate(rng, origin, female, origins)

    citizenship_codes = ["KAZ", *sorted({c for _, f in ORIGINS.values() for c in f})]
    citizenship = np.zeros(n, dtype=np.int32)
    u = rng.random(n)
    for o, name in enumerate(origins):
        rows = np.flatnonzero(origin == o)
        threshold = 0.0
        for code, p in ORIGINS[name][1].items():
            hit = rows[(u[rows] >= threshold) & (u[rows] < threshold + p)]
            citizenship[hit] = citizenship_codes.index(code)
            threshold += p

    return pa.table({
        "id": pa.array(np.arange(first_id, first_id + n, dtype=np.int64)),
        "iin": pa.array(iin, type=pa.string()),
        "birth_date": pa.array(birth.astype("datetime64[D]"), type=pa.date32()),
        "sex": _dictionary(female.astype(np.int32), pa.array(["M", "F"])),
        "region": _dictionary(region, pa.array(regions)),
        "citizenship": _dictionary(citizenship, pa.array(citizenship_codes)),
        "origin": _dictionary(origin, pa.array(origins)),
        **names,
    })


def names_generate(rng: np.random.Generator, origin: np.ndarray, female: np.ndarray,
                   origins: tuple[str, ...]) -> dict[str, pa.DictionaryArray]:
    """Names for persons of ``origins[origin[i]]`` and sex ``female[i]``: the name columns
    of :func:`persons_generate` (``surname`` … ``patronymic_key``), all over one dictionary
    of the distinct names drawn."""
    n = origin.size
    vocabulary: dict[str, int] = {"": 0}
    columns = {part: np.zeros(n, dtype=np.int32) for part in ("surname", "given", "patronymic")}
    russian_of: dict[int, int] = {}
    all_pools = origin_pools()
    for o, name in enumerate(origins):
        op = all_pools[name]
        for sex, is_female in (("M", False), ("F", True)):
            rows = np.flatnonzero((origin == o) & (female == is_female))
            for part, pool in (("surname", op.surname[sex]), ("given", op.given[sex]),
                               ("patronymic", op.patronymic[sex])):
                ids = np.array([vocabulary.setdefault(s, len(vocabulary)) for s in pool.names],
                               dtype=np.int32)
                columns[part][rows] = ids[rng.choice(len(ids), size=rows.size, p=pool.p)]
    # Kazakh persons written the Russian way: every part of the name maps to its spelling.
    kazakh = origins.index("kazakh")
    russified = np.flatnonzero((origin == kazakh) & (rng.random(n) < RUSSIAN_SPELLING_SHARE))
    names = list(vocabulary)
    for i, s in enumerate(names):
        r = russian_spelling(s)
        if r != s:
            russian_of[i] = vocabulary.setdefault(r, len(vocabulary))
    mapping = np.arange(len(vocabulary), dtype=np.int32)
    for i, j in russian_of.items():
        mapping[i] = j
    for part in columns:
        columns[part][russified] = mapping[columns[part][russified]]

    return names_encode(list(vocabulary), columns["surname"], columns["given"],
                        columns["patronymic"])


def names_encode(names: list[str], surname: np.ndarray, given: np.ndarray,
                 patronymic: np.ndarray) -> dict[str, pa.DictionaryArray]:
    """The name columns of :func:`persons_generate` from the distinct Cyrillic ``names``
    and, per person, the index of each part in them (names nobody has are dropped)."""
    used = np.unique(np.concatenate([surname, given, patronymic]))
    remap = np.zeros(len(names), dtype=np.int32)
    remap[used] = np.arange(used.size, dtype=np.int32)
    names = [names[i] for i in used]
    columns = {"surname": remap[surname], "given": remap[given],
               "patronymic": remap[patronymic]}
    cyrillic = pa.array(names, type=pa.string())
    latin_of, latin = _distinct([_passport_latin(s) for s in names])
    key_of, keys = _distinct([_key(s) for s in names])
    return {
        "surname": _dictionary(columns["surname"], cyrillic),
        "given_name": _dictionary(columns["given"], cyrillic),
        "patronymic": _dictionary(columns["patronymic"], cyrillic),
        "surname_latin": _dictionary(latin_of[columns["surname"]], latin),
        "given_name_latin": _dictionary(latin_of[columns["given"]], latin),
        "surname_key": _dictionary(key_of[columns["surname"]], keys),
        "given_name_key": _dictionary(key_of[columns["given"]], keys),
        "patronymic_key": _dictionary(key_of[columns["patronymic"]], keys),
    }
