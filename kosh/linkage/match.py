"""Real-time matching: a new record scored against the registry before a new person is
created ("is this Жанна Ахметова, IIN …?").

Candidates come from one SQL statement over the registry's own indexes (the IIN; the birth
date, as written or with day and month swapped, with any shared name key; both name keys
with a birth date one character off) — no Splink, no DuckDB on the request path — and each
is scored here in Python with the stored model's parameters: for every comparison the same
agreement levels as the Splink model (exact key, swapped fields, Jaro-Winkler,
Levenshtein, day/month swap…) and the level's match weight log2(m/u), added to the prior's
log-odds for a registry of this size."""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError
from kosh.identity.models import KEY_LENGTH, Person
from kosh.identity.names import name_key, name_tokens
from kosh.identity.selectors import person_scope

from .clusters import thresholds_in_force
from .features import swapped_date
from .model import CURRENT_VERSION, model_load, prior_for

#: Persons scored at most for one record (the statement's LIMIT).
CANDIDATES = 200
#: Seconds the registry's size (the prior's denominator) is reused before it is read again.
SIZE_TTL = 600.0


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
def _weights(version: str) -> tuple[dict, dict[str, dict[int, float]]]:
    """The stored model's settings and, per comparison, level → match weight."""
    model = model_load(version).settings
    out: dict[str, dict[int, float]] = {}
    for comparison in model["comparisons"]:
        scored = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        table = {}
        for gamma, level in zip(range(len(scored) - 1, -1, -1), scored, strict=True):
            m, u = level.get("m_probability"), level.get("u_probability")
            table[gamma] = math.log2(m / u) if m and u else 0.0
        out[comparison["output_column_name"]] = table
    return model, out


_size: dict[str, float] = {}


def registry_size() -> int:
    """How many persons the registry holds: PostgreSQL's estimate (``reltuples``, kept by
    ANALYZE and autovacuum; an exact count of millions of rows costs more than a match),
    else a count; reused for :data:`SIZE_TTL` seconds."""
    now = time.monotonic()
    if _size and now - _size["at"] < SIZE_TTL:
        return int(_size["n"])
    n = -1
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT reltuples FROM pg_class WHERE oid = 'identity_person'::regclass")
            row = cur.fetchone()
            n = int(row[0]) if row else -1
    if n < 0:  # never analysed, or not PostgreSQL
        n = Person.objects.count()
    _size.update(n=n, at=now)
    return n


def score(record: dict, person: dict, *, version: str = CURRENT_VERSION,
          persons: int | None = None) -> tuple[float, dict[str, tuple[int, float]]]:
    """Match weight of a record/person pair and, per comparison, (level, weight); the prior
    is the model's λ for a registry of ``persons`` persons (:func:`prior_for`)."""
    model, tables = _weights(version)
    prior = prior_for(model, persons)
    found = levels(record, person)
    detail = {name: (level, tables[name].get(level, 0.0) if level >= 0 else 0.0)
              for name, level in found.items()}
    return math.log2(prior / (1 - prior)) + sum(w for _, w in detail.values()), detail


@lru_cache(maxsize=100_000)
def _key(text: str) -> str | None:
    return name_key(text) or None


def _columns(*, surname: str, given_name: str, patronymic: str, birth_date: date | None,
             sex: str, iin: str | None, region: str | None) -> dict:
    iso = birth_date.isoformat() if birth_date else None
    return {"surname_key": _key(surname), "given_key": _key(given_name),
            "patronymic_key": _key(patronymic), "birth_date": iso,
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


def near_dates(day: date) -> list[date]:
    """The dates one digit away from ``day`` as written (``1990-03-07``: 1990-03-08,
    1991-03-07, 1990-08-07…) that are real dates between 1900 and today — a typo the
    model's "one character apart" level scores."""
    iso = day.isoformat()
    today = timezone.localdate()
    out = set()
    for i, ch in enumerate(iso):
        if not ch.isdigit():
            continue
        for digit in "0123456789":
            if digit == ch:
                continue
            try:
                other = date.fromisoformat(iso[:i] + digit + iso[i + 1:])
            except ValueError:
                continue
            if date(1900, 1, 1) <= other <= today:
                out.add(other)
    return sorted(out)


def _marks(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def _candidate_sql(*, iin: str | None, dates: list[date], near: list[date],
                   keys: list[str], surnames: list[str], givens: list[str]
                   ) -> tuple[str, list]:
    """One statement: every spelling (surname, given name, patronymic) with the birth
    date, sex, IIN and region of the registry persons a record may be — the same IIN;
    born on the record's date (or its day/month swap) and sharing any name key; both name
    keys (either field) and born one digit away, or any day when the record has no date.
    Each branch starts from an index: the IIN, ``birth_date``, the name keys (key, person)."""
    branches, params = [], []
    if iin:
        branches.append("SELECT id FROM identity_person WHERE iin = %s")
        params.append(iin)
    if dates and keys:
        branches.append(
            f"SELECT p.id FROM identity_person p WHERE p.birth_date IN ({_marks(dates)}) "
            "AND EXISTS (SELECT 1 FROM identity_nameindex i WHERE i.person_id = p.id "
            f"AND i.key IN ({_marks(keys)}))")
        params += dates + keys
    if surnames and givens and (near or not dates):
        dated = f"AND p.birth_date IN ({_marks(near)}) " if near else ""
        branches.append(
            "SELECT s.person_id AS id FROM identity_nameindex s "
            "JOIN identity_person p ON p.id = s.person_id "
            f"WHERE s.key IN ({_marks(surnames)}) {dated}"
            "AND EXISTS (SELECT 1 FROM identity_nameindex g WHERE g.person_id = s.person_id "
            f"AND g.key IN ({_marks(givens)}))")
        params += surnames + near + givens
    if not branches:
        return "", []
    sql = ("SELECT p.id, p.iin, p.birth_date, p.sex, p.region_id, n.surname, n.given_name, "
           "n.patronymic FROM (SELECT id FROM (" + " UNION ".join(branches)
           + f") AS found LIMIT {CANDIDATES}) AS c "
           "JOIN identity_person p ON p.id = c.id "
           "JOIN identity_personname n ON n.person_id = p.id")
    return sql, params


def _token_keys(*texts: str) -> list[str]:
    return sorted({k[:KEY_LENGTH] for text in texts for k in name_tokens(text) if k})


def person_candidates(*, actor: Actor, surname: str, given_name: str, patronymic: str = "",
                      birth_date: date | None = None, sex: str = "", iin: str | None = None,
                      limit: int = 5) -> list[Candidate]:
    """The registry persons a new record most likely is, best first (at most ``limit``):
    candidates from one indexed statement (:func:`_candidate_sql`), each of their written
    names scored with the stored model (the best spelling counts), then the best kept
    within the actor's scope. ``likely`` marks those at or above the review threshold.
    Audited as one search of the registry; ``empty_query`` when the names have no letters
    and there is no IIN."""
    actor.require(Capability.SEARCH_PERSONS)
    record = _columns(surname=surname, given_name=given_name, patronymic=patronymic,
                      birth_date=birth_date, sex=sex, iin=iin, region=None)
    dates = []
    if birth_date:
        dates = [birth_date]
        if record["birth_date_swapped"]:
            dates.append(date.fromisoformat(record["birth_date_swapped"]))
    # a name key is indexed whatever field it was written in: swapped fields are found too
    surnames, givens = _token_keys(surname), _token_keys(given_name)
    if not (surnames or givens or record["iin"]):
        raise DomainError(
            "empty_query", _("Type an IIN, a name, a document number or a date of birth."),
            field="surname")
    sql, params = _candidate_sql(
        iin=record["iin"], dates=dates, near=near_dates(birth_date) if birth_date else [],
        keys=_token_keys(surname, given_name, patronymic),
        surnames=surnames, givens=givens)
    spellings: dict[int, list[tuple]] = defaultdict(list)
    if sql:
        with connection.cursor() as cur:
            cur.execute(sql, params)
            for row in cur.fetchall():
                spellings[row[0]].append(row)
    persons = registry_size() if spellings else None
    scored: list[tuple[float, int, dict]] = []
    for person_id, rows in spellings.items():
        best: tuple[float, dict] | None = None
        for _id, p_iin, born, p_sex, region, p_surname, p_given, p_patronymic in rows:
            born = born if isinstance(born, date) else date.fromisoformat(str(born))
            columns = _columns(surname=p_surname, given_name=p_given, patronymic=p_patronymic,
                               birth_date=born, sex=p_sex, iin=p_iin,
                               region=str(region) if region else None)
            result = score(record, columns, persons=persons)
            if best is None or result[0] > best[0]:
                best = result
        scored.append((best[0], person_id, best[1]))
    scored.sort(key=lambda s: (-s[0], s[1]))
    # the best first, within the actor's scope (one query for a page's worth)
    wanted = scored[: limit * 4]
    visible = person_scope(actor).in_bulk([pid for _, pid, _ in wanted])
    review = thresholds_in_force().review_weight
    out = [Candidate(visible[pid], round(weight, 2), 1 / (1 + 2 ** -weight),
                     weight >= review, detail)
           for weight, pid, detail in wanted if pid in visible][:limit]
    audit_record(actor=actor, action=AuditEvent.Action.SEARCH, object_type="person",
                 purpose="match a new record",
                 after={"query": " ".join(p for p in (surname, given_name, patronymic) if p)
                        + (f" {birth_date.isoformat()}" if birth_date else "")
                        + (f" {record['iin']}" if record["iin"] else ""),
                        "total": len(scored), "results": [c.person.pk for c in out]})
    return out
