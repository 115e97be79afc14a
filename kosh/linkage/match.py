"""Real-time matching: a new record scored against the registry before a new person is
created ("is this Жанна Ахметова, IIN …?").

Candidates come from the registry's own search (:mod:`kosh.identity.search`: the name-key
index, IIN lookup) — no Splink, no DuckDB on the request path — and each is scored here in
Python with the stored model's parameters: for every comparison the same agreement levels
as the Splink model (exact key, swapped fields, Jaro-Winkler, Levenshtein, day/month
swap…) and the level's match weight log2(m/u), added to the prior's log-odds."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import cache

from kosh.access.policy import Actor, Capability
from kosh.identity.models import Person
from kosh.identity.names import name_key
from kosh.identity.search import person_search

from .clusters import thresholds_in_force
from .features import swapped_date
from .model import CURRENT_VERSION, model_load

CANDIDATES = 20


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity (prefix scale 0.1, at most 4 letters, the prefix bonus only
    above a Jaro similarity of 0.7), as DuckDB's ``jaro_winkler_similarity`` at the
    model's thresholds (0.85 and up)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    taken = [False] * len(b)
    matched_a = []
    for i, ch in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not taken[j] and b[j] == ch:
                taken[j] = True
                matched_a.append(ch)
                break
    if not matched_a:
        return 0.0
    matched_b = [b[j] for j in range(len(b)) if taken[j]]
    m = len(matched_a)
    transpositions = sum(x != y for x, y in zip(matched_a, matched_b, strict=True)) / 2
    jaro = (m / len(a) + m / len(b) + (m - transpositions) / m) / 3
    if jaro <= 0.7:
        return jaro
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _name_level(a: str | None, b: str | None, a_other: str | None, b_other: str | None
                ) -> int:
    if not a or not b:
        return -1
    if a == b:
        return 6
    if b_other and a == b_other:
        return 5
    if jaro_winkler(a, b) >= 0.94:
        return 4
    if levenshtein(a, b) <= 1:
        return 3
    if b_other and jaro_winkler(a, b_other) >= 0.9:
        return 2
    if jaro_winkler(a, b) >= 0.85:
        return 1
    return 0


def levels(record: dict, person: dict) -> dict[str, int]:
    """The agreement level of every comparison of the model (``gamma`` values) for a
    record and a person, each a dict of linkage columns (kosh.linkage.features)."""
    def exact(name: str) -> int:
        a, b = record.get(name), person.get(name)
        return -1 if not a or not b else int(a == b)

    def patronymic() -> int:
        a, b = record.get("patronymic_key"), person.get("patronymic_key")
        if not a or not b:
            return -1
        similarity = jaro_winkler(a, b)
        return 3 if a == b else 2 if similarity >= 0.94 else 1 if similarity >= 0.85 else 0

    def birth() -> int:
        a, b = record.get("birth_date"), person.get("birth_date")
        if not a or not b:
            return -1
        if a == b:
            return 4
        if a == person.get("birth_date_swapped"):
            return 3
        if levenshtein(a, b) <= 1:
            return 2
        return 1 if a[:4] == b[:4] else 0

    return {
        "iin": exact("iin"),
        "surname": _name_level(record.get("surname_key"), person.get("surname_key"),
                               record.get("given_key"), person.get("given_key")),
        "given_name": _name_level(record.get("given_key"), person.get("given_key"),
                                  record.get("surname_key"), person.get("surname_key")),
        "patronymic_key": patronymic(), "birth_date": birth(),
        "sex": exact("sex"), "region": exact("region"),
    }


@cache
def _weights(version: str) -> tuple[float, dict[str, dict[int, float]]]:
    """Prior log-odds and, per comparison, level → match weight of a stored model."""
    model = model_load(version).settings
    prior = model["probability_two_random_records_match"]
    out: dict[str, dict[int, float]] = {}
    for comparison in model["comparisons"]:
        scored = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        table = {}
        for gamma, level in zip(range(len(scored) - 1, -1, -1), scored, strict=True):
            m, u = level.get("m_probability"), level.get("u_probability")
            table[gamma] = math.log2(m / u) if m and u else 0.0
        out[comparison["output_column_name"]] = table
    return math.log2(prior / (1 - prior)), out


def score(record: dict, person: dict, *, version: str = CURRENT_VERSION
          ) -> tuple[float, dict[str, tuple[int, float]]]:
    """Match weight of a record/person pair and, per comparison, (level, weight)."""
    prior, tables = _weights(version)
    found = levels(record, person)
    detail = {name: (level, tables[name].get(level, 0.0) if level >= 0 else 0.0)
              for name, level in found.items()}
    return prior + sum(w for _, w in detail.values()), detail


def _columns(*, surname: str, given_name: str, patronymic: str, birth_date: date | None,
             sex: str, iin: str | None, region: str | None) -> dict:
    iso = birth_date.isoformat() if birth_date else None
    return {"surname_key": name_key(surname) or None, "given_key": name_key(given_name) or None,
            "patronymic_key": name_key(patronymic) or None, "birth_date": iso,
            "birth_date_swapped": swapped_date(iso), "sex": sex or None,
            "iin": (iin or "").strip() or None, "region": region or None}


@dataclass(frozen=True)
class Candidate:
    """A registry person a new record may be: its match weight and probability, whether it
    reaches the review band, and each comparison's level and weight."""

    person: Person
    match_weight: float
    probability: float
    likely: bool
    fields: dict[str, tuple[int, float]]


def person_candidates(*, actor: Actor, surname: str, given_name: str, patronymic: str = "",
                      birth_date: date | None = None, sex: str = "", iin: str | None = None,
                      limit: int = 5) -> list[Candidate]:
    """The registry persons a new record most likely is, best first (at most ``limit``):
    found by the registry's search (IIN; the name words with the birth year; the name
    words alone), scored with the stored model. ``likely`` marks those at or above the
    review threshold. Each search is audited as the registry's search always is."""
    actor.require(Capability.SEARCH_PERSONS)
    record = _columns(surname=surname, given_name=given_name, patronymic=patronymic,
                      birth_date=birth_date, sex=sex, iin=iin, region=None)
    names = " ".join(p for p in (surname, given_name) if p.strip())
    queries = [record["iin"]] if record["iin"] else []
    if names:
        queries += [f"{names} {birth_date.year}" if birth_date else names, names]
    found: dict[int, Person] = {}
    for query in dict.fromkeys(queries):
        for person in person_search(actor=actor, query=query, limit=CANDIDATES,
                                    purpose="match a new record"):
            found.setdefault(person.pk, person)
    review = thresholds_in_force().review_weight
    out = []
    for person in found.values():
        best: tuple[float, dict] | None = None
        for spelling in person.names.all():
            columns = _columns(surname=spelling.surname, given_name=spelling.given_name,
                               patronymic=spelling.patronymic, birth_date=person.birth_date,
                               sex=person.sex, iin=person.iin, region=person.region_id)
            scored = score(record, columns)
            if best is None or scored[0] > best[0]:
                best = scored
        if best is None:
            continue
        weight, detail = best
        out.append(Candidate(person, round(weight, 2), 1 / (1 + 2 ** -weight),
                             weight >= review, detail))
    out.sort(key=lambda c: (-c.match_weight, c.person.pk))
    return out[:limit]
