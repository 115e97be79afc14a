"""Person search: one line typed the way an officer types it — a 12-digit IIN, a document
number, a date of birth (``31.12.1990`` or ``1990-12-31``) or a year, and name words in
any script or spelling ("Жанна", "ZHANNA", "Janna" find the same person).

Names are matched through the keys of ``NameIndex`` and the fuzzy vocabulary ``NameKey``
(see docs/registry.md); results are scoped by the access policy and each search is
audited."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError

from .iin_lookup import persons_with_iin
from .models import KEY_LENGTH, IdentityDocument, NameIndex, NameKey, Person, PersonName
from .names import key_deletes, name_tokens, script_of
from .permissions import person_filter
from .selectors import person_scope

IIN_RE = re.compile(r"^\d{12}$")
NEAR_IIN_RE = re.compile(r"^\d{10,11}$|^\d{13,14}$")  # an IIN with a digit missing or extra
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
DATE_LIKE_RE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
RESULT_CAP = 200  # persons ranked at most for one search; more exist beyond it
WEAK_FILL = 20  # persons matching only some name words are added up to this many
EXACT, NEAR, FAR = 3, 2, 1  # weights of a query key matching a key: same, 1 edit, 2 edits
_TIER_CAP = 200  # persons taken from one tier of the name search
_WIDE_CAP = 1000  # … from the tier of persons matching all query keys but one
_JOIN_LIMIT = 5000  # ids of a tier checked against the scope by primary key, if no more
_NARROW_ROWS = 50_000  # postings read at most by a search narrowed by date, IIN or document
_DIGRAPH_LETTERS = "ACEHIOSTU"  # letters of the keys' digraphs (CH SH TS IA IU IE IO)


@dataclass
class SearchQuery:
    """A search line split into what it contains."""

    iin: str | None = None
    document: str | None = None
    birth_date: date | None = None
    birth_year: int | None = None
    name_keys: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)  # what in the line looks mistyped
    script: str = ""  # of the name words: "cyrl", "latn" or "mixed"

    @property
    def is_empty(self) -> bool:
        return not (self.iin or self.document or self.birth_date or self.name_keys)


def search_query_parse(text: str) -> SearchQuery:
    """Split a free-text search line into IIN, document number, birth date/year and names."""
    q = SearchQuery()
    words = []
    for word in text.replace(",", " ").split():
        if IIN_RE.match(word):
            q.iin = word
        elif (parsed := _date(word)) is not None:
            q.birth_date = parsed
        elif DATE_LIKE_RE.match(word):
            q.hints.append(str(_(
                "“%(word)s” is not a date that can be read: type a date of birth as dd.mm.yyyy,"
                " for example 24.06.1980."
            ) % {"word": word}))
        elif NEAR_IIN_RE.match(word):
            q.hints.append(str(_(
                "An IIN has 12 digits; “%(word)s” has %(n)s. It was looked up as a document"
                " number."
            ) % {"word": word, "n": len(word)}))
            q.document = word
        elif re.fullmatch(r"(19|20)\d\d", word):
            q.birth_year = int(word)
        elif any(ch.isdigit() for ch in word):
            q.document = word.upper()
        else:
            words.append(word)
    q.name_keys = [k[:KEY_LENGTH] for w in words for k in name_tokens(w)]
    q.script = script_of(" ".join(words)) if words else ""
    return q


def _date(word: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(word, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def _edit_distance(a: str, b: str, cap: int = 3) -> int:
    """Optimal-string-alignment distance of two keys (edits and swaps of neighbours), or
    ``cap`` when it is at least that: the common prefix and suffix are stripped first, so
    the table is only built over the few differing letters."""
    if a == b:
        return 0
    i, m = 0, min(len(a), len(b))
    while i < m and a[i] == b[i]:
        i += 1
    j, m = 0, m - i
    while j < m and a[-1 - j] == b[-1 - j]:
        j += 1
    a, b = a[i : len(a) - j], b[i : len(b) - j]
    if abs(len(a) - len(b)) >= cap:
        return cap
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for x in range(1, len(a) + 1):
        row = [x] + [0] * len(b)
        for y in range(1, len(b) + 1):
            cost = a[x - 1] != b[y - 1]
            row[y] = min(previous[y] + 1, row[y - 1] + 1, previous[y - 1] + cost)
            if x > 1 and y > 1 and a[x - 1] == b[y - 2] and a[x - 2] == b[y - 1]:
                row[y] = min(row[y], previous2[y - 2] + 1)
        previous2, previous = previous, row
    return min(previous[-1], cap)


@lru_cache(maxsize=100_000)
def _key_weight(query_key: str, key: str) -> int:
    """EXACT for the same key, NEAR for one edit, FAR for two edits (keys of at least
    five letters only), else 0."""
    d = _edit_distance(query_key, key)
    if d == 0:
        return EXACT
    if d == 1 and min(len(query_key), len(key)) >= 3:
        return NEAR
    if d == 2 and min(len(query_key), len(key)) >= 5:
        return FAR
    return 0


def _variants(key: str) -> set[str]:
    """Strings to look up in the vocabulary's deletion variants for ``key``: its own
    one-deletions (vocabulary keys one edit away), for longer keys also its two-deletions
    and its insertions of the letters that make digraphs (one Cyrillic letter such as Ч or
    Ш is two letters of a key, so one typo in it is two edits of the key)."""
    variants = key_deletes(key)
    if len(key) >= 5:
        variants |= {v for d in variants for v in key_deletes(d)}
        variants |= {key[:i] + c + key[i:] for i in range(len(key) + 1) for c in _DIGRAPH_LETTERS}
    return variants


def _fuzzy_candidates(keys: list[str]) -> tuple[list[str], list[dict[str, int]]]:
    """The query's name keys, with two names run together split apart, and for each the
    vocabulary keys it may stand for with their weights (one query to the vocabulary)."""
    variants = {k: _variants(k) for k in keys}
    halves = {
        k: [(k[:i], k[i:]) for i in range(3, len(k) - 2)] for k in keys if len(k) >= 6
    }
    lookup = set().union(*variants.values(), *(h for pairs in halves.values()
                                               for pair in pairs for h in pair))
    by_variant: dict[str, set[str]] = {}
    for variant, key in NameKey.objects.filter(variant__in=sorted(lookup)).values_list(
        "variant", "key"
    ):
        by_variant.setdefault(variant, set()).add(key)
    tokens, weights = [], []
    for k in keys:
        found = {c for v in variants[k] for c in by_variant.get(v, ())}
        weighted = {c: w for c in found if (w := _key_weight(k, c))}
        if k not in weighted and not any(w == NEAR for w in weighted.values()):
            split = [(a, b) for a, b in halves.get(k, ()) if a in by_variant.get(a, ())
                     and b in by_variant.get(b, ())]
            if split:  # "AHMETOVAJANA" → AHMETOVA, JANA (the most even split)
                a, b = min(split, key=lambda pair: abs(len(pair[0]) - len(pair[1])))
                tokens += [a, b]
                weights += [{a: EXACT}, {b: EXACT}]
                continue
        weighted[k] = EXACT
        tokens.append(k)
        weights.append(weighted)
    return tokens, weights


def _postings(keys) -> QuerySet:
    return NameIndex.objects.filter(key__in=sorted(keys)).values_list("person_id", flat=True)


def _first_persons(ids: QuerySet, persons: QuerySet | None, cap: int) -> list[int]:
    """The first ``cap`` ids (lowest first) of a query of person ids, within ``persons``.

    The ids are found first and the persons joined to them by primary key after, so that a
    broad scope (a birth year, a region) is never read in full for a handful of names."""
    if persons is None:
        return list(ids.order_by("person_id")[:cap])
    found = list(ids.order_by("person_id")[: _JOIN_LIMIT + 1])
    if len(found) <= _JOIN_LIMIT:
        return list(persons.filter(pk__in=found).order_by("pk").values_list("pk", flat=True)[:cap])
    sql, params = ids.query.get_compiler(using=ids.db).as_sql()
    return list(
        persons.filter(pk__in=RawSQL(sql, params)).order_by("pk").values_list("pk", flat=True)[
            :cap
        ]
    )


def _intersection(key_sets: list, persons: QuerySet | None, cap: int) -> list[int]:
    """Persons having a key of every set (at most ``cap``, lowest ids first)."""
    first, *rest = (_postings(keys) for keys in key_sets)
    return _first_persons(first.intersection(*rest) if rest else first, persons, cap)


def _scored(ids: list[int], tokens: list[str], weights: list[dict[str, int]]) -> list[int]:
    """``ids`` best first (:func:`_scored_by`), their keys read from the index."""
    rows: dict[int, list[tuple[str, int]]] = {}
    for person_id, key, part in NameIndex.objects.filter(person_id__in=ids).values_list(
        "person_id", "key", "part"
    ):
        rows.setdefault(person_id, []).append((key, part))
    return _scored_by(ids, rows, tokens, weights)


def _scored_by(ids: list[int], rows: dict[int, list[tuple[str, int]]], tokens: list[str],
               weights: list[dict[str, int]]) -> list[int]:
    """``ids`` best first, given each person's (key, part) pairs in ``rows``: per query key
    the best weight among the person's keys (a key not among the candidates is compared by
    edit distance), plus half a point when the keys match the parts in document order
    (surname, given name, patronymic) or given name first, and a quarter when the person's
    name has no part the query does not match ("Ахметова Жанна" before
    "Ахметова Жанна Серікқызы"); ties by id."""
    orders = (list(range(len(tokens))), [1, 0, *range(2, len(tokens))])

    def score(person_id: int) -> tuple[float, int]:
        total, parts = 0.0, []
        keys = rows.get(person_id, ())
        for i, token in enumerate(tokens):
            best, best_part = 0, -1
            for soft in (False, True):  # edit distances only when no candidate matched
                for key, part in keys:
                    w = _soft_weight(token, key) if soft else weights[i].get(key, 0)
                    if w > best or (w == best and w and abs(part - i) < abs(best_part - i)):
                        best, best_part = w, part
                if best:
                    break
            total += best
            parts.append(best_part)
        if len(tokens) > 1 and parts in orders:
            total += 0.5
        if total and {part for _key, part in keys} <= set(parts):
            total += 0.25  # no name part beyond those typed: the exact namesake first
        return -total, person_id

    return sorted(ids, key=score)


@lru_cache(maxsize=100_000)
def _soft_weight(query_key: str, key: str) -> int:
    """Like :func:`_key_weight` for a key that is not among the query key's candidates, but
    two edits count for keys of four letters too (2021 Latin Io for Ё: IOJEV, EJEV)."""
    if abs(len(query_key) - len(key)) > 2:
        return 0
    d = _edit_distance(query_key, key)
    if d == 1 and min(len(query_key), len(key)) >= 3:
        return NEAR
    return FAR if d == 2 and max(len(query_key), len(key)) >= 5 else 0


def _name_ranking(
    keys: list[str], persons: QuerySet | None, limit: int, *, narrow: bool = False,
    fill: int | None = None,
) -> list[int]:
    """Person ids ranked by how well their name keys match the query keys, among
    ``persons`` (None: everyone) — one query to the vocabulary, then one statement
    (:func:`_tiers_fetch`) for the persons and their keys, ranked here.

    With ``narrow`` (the query gives a birth date or year, an IIN or a document, so few
    persons qualify) every posting of every candidate key within ``persons`` is read and
    scored (:func:`_narrowed_ranking`). Otherwise tiers, each taken only while fewer
    than ``limit`` persons are found: persons with every query key exactly (those in
    document order first when there are very many); with every query key or one a single
    edit away; or two edits away; then, only while fewer than ``fill`` (default
    ``limit``) are found, the weak tiers: with all but one of them (the odd one compared
    by edit distance); lastly with any of them. All but the last are intersections of the
    btree (key, person) posting lists, ranked by :func:`_scored`; the last is ordered by
    the weight of the matching key."""
    tokens, weights = _fuzzy_candidates(keys)
    # one word: the last tier is the only one, and it matches every word
    fill = limit if len(tokens) == 1 else min(limit, fill or limit)
    try:
        scope = _scope_sql(persons)
    except EmptyResultSet:  # the actor sees nobody
        return []
    if narrow and persons is not None:
        return _narrowed_ranking(tokens, weights, scope, limit)
    n = len(tokens)
    exact = [{t} for t in tokens]
    near = [{k for k, w in weights[i].items() if w >= NEAR} for i in range(n)]
    fuzzy = [set(w) for w in weights]
    tiers, any_rows, key_rows = _tiers_fetch(tokens, exact, near, fuzzy, weights, scope, fill)
    ranked: list[int] = []
    seen: set[int] = set()

    def add(ids: list[int]) -> None:
        new = [i for i in ids if i not in seen]
        seen.update(new)
        ranked.extend(_scored_by(new, key_rows, tokens, weights) if new else ())

    if n > 1:
        found = tiers[_EXACT_TIER]
        if len(found) == _TIER_CAP:  # very common names: document order first
            add(tiers[_ORDERED_TIER] + tiers[_ORDERED_TIER + 1])
        add(found)
        if len(ranked) < limit and near != exact:
            add(tiers[_NEAR_TIER])
        if len(ranked) < limit and fuzzy != near:
            add(tiers[_FUZZY_TIER])
        if len(ranked) < fill and n > 2:  # the odd key is ranked by edit distance
            for i in range(n):
                add(tiers[_WIDE_TIER + i])
                if len(ranked) >= fill:
                    break
    if len(ranked) < fill:
        for person_id in any_rows[: 4 * fill + len(seen)]:
            if person_id not in seen and len(ranked) < fill:
                seen.add(person_id)
                ranked.append(person_id)
    return ranked[:limit]


# tiers of the name search statement, by the number it labels their rows with
_EXACT_TIER, _ORDERED_TIER, _NEAR_TIER, _FUZZY_TIER, _ANY_TIER, _KEYS, _WIDE_TIER = (
    0, 1, 3, 4, 5, 6, 10)


def _scope_sql(persons: QuerySet | None) -> tuple[str, list]:
    """A condition on ``person_id`` keeping the persons of ``persons`` ("" for everyone),
    with its parameters; raises EmptyResultSet when ``persons`` is empty by definition."""
    if persons is None:
        return "", []
    sql, params = persons.values("pk").query.get_compiler(using=persons.db).as_sql()
    return f" AND person_id IN ({sql})", list(params)


def _in(values) -> tuple[str, list]:
    """Placeholders and parameters of an ``IN (…)`` list."""
    values = sorted(values)
    return ", ".join(["%s"] * len(values)), values


_INDEX = NameIndex._meta.db_table
_NO_KEY, _NO_NUMBER = "CAST(NULL AS TEXT)", "CAST(NULL AS INTEGER)"  # typed, for UNION


def _intersection_sql(key_sets: list[set[str]], scope: tuple[str, list], cap: int,
                      parts: tuple[int, ...] = ()) -> tuple[str, list]:
    """The first ``cap`` persons (lowest ids) having a key of every set (each in the
    given part, if ``parts``) within the scope: a join of the posting lists on the person,
    so that the planner starts from the rarest key and probes the (person, key) index for
    the others (twice as fast as ``INTERSECT``, which reads every list in full)."""
    tables, conditions, params = [], [], []
    for j, keys in enumerate(key_sets):
        marks, values = _in(keys)
        tables.append(f"{_INDEX} n{j}")
        conditions.append(f'n{j}."key" IN ({marks})'
                          + (f" AND n{j}.person_id = n0.person_id" if j else ""))
        params += values
        if parts:
            conditions[-1] += f" AND n{j}.part = %s"
            params.append(parts[j])
    return (
        f"SELECT person_id FROM (SELECT DISTINCT n0.person_id FROM {', '.join(tables)} "
        f"WHERE {' AND '.join(conditions)}) x WHERE 1 = 1{scope[0]} "
        f"ORDER BY person_id LIMIT {int(cap)}",
        params + scope[1],
    )


def _fewer_than(tiers: list[int], fill: int) -> str:
    """A condition: the tiers found fewer than ``fill`` distinct persons in all."""
    found = " UNION ".join(f"SELECT person_id FROM t{t}" for t in tiers)
    return f"(SELECT count(*) FROM ({found}) s) < {int(fill)}"


def _tiers_fetch(
    tokens: list[str], exact: list[set[str]], near: list[set[str]], fuzzy: list[set[str]],
    weights: list[dict[str, int]], scope: tuple[str, list], fill: int,
) -> tuple[dict[int, list[int]], list[int], dict[int, list[tuple[str, int]]]]:
    """Every tier of the name search in one statement: per tier its persons, the persons
    matching any candidate key, best weight first (only when the other tiers find fewer
    than ``fill``; at least the first ``5 * fill`` in that order), and the (key, part)
    pairs of every person of the intersection tiers, for ranking. The weak tiers are
    computed only when needed (a condition PostgreSQL evaluates once, before reading any
    posting)."""
    n = len(tokens)
    ctes: list[tuple[str, str, list]] = []  # (name, sql, params)
    tier_names: dict[int, str] = {}
    if n > 1:
        plan = [(_EXACT_TIER, exact, _TIER_CAP, ()), (_NEAR_TIER, near, _TIER_CAP, ()),
                (_FUZZY_TIER, fuzzy, _TIER_CAP, ())]
        plan += [(_ORDERED_TIER + j, [{t} for t in tokens[:3]], _TIER_CAP, order[: min(n, 3)])
                 for j, order in enumerate(((0, 1, 2), (1, 0, 2)))]
        for tier, key_sets, cap, parts in plan:
            sql, params = _intersection_sql(key_sets, scope, cap, parts)
            if tier in (_ORDERED_TIER, _ORDERED_TIER + 1):  # only for very common names
                sql = (f"SELECT person_id FROM ({sql}) o WHERE "
                       f"(SELECT count(*) FROM t{_EXACT_TIER}) >= {_TIER_CAP}")
            ctes.append((f"t{tier}", sql, params))
            tier_names[tier] = f"t{tier}"
        found = [_EXACT_TIER, _NEAR_TIER, _FUZZY_TIER]
        if n > 2:  # each only while the tiers before found fewer than ``fill``
            for i in range(n):
                sql, params = _intersection_sql(near[:i] + near[i + 1 :], scope, _WIDE_CAP)
                ctes.append((f"t{_WIDE_TIER + i}",
                             f"SELECT person_id FROM ({sql}) w WHERE {_fewer_than(found, fill)}",
                             params))
                tier_names[_WIDE_TIER + i] = f"t{_WIDE_TIER + i}"
                found.append(_WIDE_TIER + i)
        gate = _fewer_than(found, fill)  # any word: only when all tiers found fewer
    else:
        gate = "1 = 1"
    # persons with any candidate key, best key weight first then lowest id: the first rows
    # of each key's postings (the btree gives them in person order) are enough
    key_weight: dict[str, int] = {}
    for w in weights:
        for k, v in w.items():
            key_weight[k] = max(v, key_weight.get(k, 0))
    firsts, any_params = [], []
    for j, (k, v) in enumerate(sorted(key_weight.items())):
        firsts.append(f'SELECT * FROM (SELECT person_id, {int(v)} AS weight FROM {_INDEX} '
                      f'WHERE "key" = %s{scope[0]} ORDER BY person_id '
                      f"LIMIT {5 * int(fill)}) a{j}")
        any_params += [k, *scope[1]]
    ctes.append((f"t{_ANY_TIER}",
                 f"SELECT person_id, weight FROM ({' UNION ALL '.join(firsts)}) u WHERE {gate}",
                 any_params))
    selects = [f"SELECT {tier}, person_id, {_NO_KEY}, {_NO_NUMBER} FROM {name}"
               for tier, name in tier_names.items()]
    selects.append(f"SELECT {_ANY_TIER}, person_id, {_NO_KEY}, weight FROM t{_ANY_TIER}")
    if tier_names:
        members = " UNION ".join(f"SELECT person_id FROM {name}" for name in tier_names.values())
        selects.append(f'SELECT {_KEYS}, person_id, "key", part FROM {_INDEX} '
                       f"WHERE person_id IN ({members})")
    sql = ("WITH " + ", ".join(f"{name} AS ({body})" for name, body, _p in ctes) + " "
           + " UNION ALL ".join(selects))
    params = [p for _n, _b, ps in ctes for p in ps]
    tiers: dict[int, list[int]] = {tier: [] for tier in tier_names}
    any_rows: list[tuple[int, int]] = []
    key_rows: dict[int, list[tuple[str, int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for tier, person_id, key, value in cursor.fetchall():
            if tier == _KEYS:
                key_rows.setdefault(person_id, []).append((key, value))
            elif tier == _ANY_TIER:
                any_rows.append((-value, person_id))
            else:
                tiers[tier].append(person_id)
    return tiers, [person_id for _w, person_id in sorted(any_rows)], key_rows


def _narrowed_ranking(tokens: list[str], weights: list[dict[str, int]],
                      scope: tuple[str, list], limit: int) -> list[int]:
    """Rank the persons of a narrow set having any candidate key, in one statement: their
    postings (the set joined by primary key) and all their keys; a first score per person
    from the postings, and :func:`_scored_by` over the best."""
    marks, values = _in(set().union(*weights))
    sql = (
        f'WITH hit AS (SELECT person_id, "key" FROM {_INDEX} WHERE "key" IN ({marks})'
        f"{scope[0]} LIMIT {_NARROW_ROWS}) "
        f'SELECT 0, person_id, "key", {_NO_NUMBER} FROM hit UNION ALL '
        f'SELECT 1, person_id, "key", part FROM {_INDEX} '
        f"WHERE person_id IN (SELECT person_id FROM hit)"
    )
    best: dict[int, list[int]] = {}
    key_rows: dict[int, list[tuple[str, int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, values + scope[1])
        rows = cursor.fetchall()
    for kind, person_id, key, part in rows:
        if kind:
            key_rows.setdefault(person_id, []).append((key, part))
            continue
        per_token = best.setdefault(person_id, [0] * len(tokens))
        for i, w in enumerate(weights):
            per_token[i] = max(per_token[i], w.get(key, 0))
    top = sorted(best, key=lambda p: (-sum(best[p]), p))[:_TIER_CAP]
    return _scored_by(top, key_rows, tokens, weights)[:limit]


@dataclass
class SearchPage:
    """One page of a search: the persons shown, how many were found in all (``capped``:
    the ranking stopped at ``RESULT_CAP``, more exist), hints on what looked mistyped and,
    per person shown, the spelling of their name that matched the query."""

    persons: list[Person]
    total: int
    capped: bool
    offset: int
    page_size: int
    hints: list[str] = field(default_factory=list)
    matched: dict[int, PersonName] = field(default_factory=dict)

    @property
    def first(self) -> int:
        """The 1-based number of the first person shown (0 when none)."""
        return self.offset + 1 if self.persons else 0

    @property
    def last(self) -> int:
        return self.offset + len(self.persons)

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        return self.last < self.total

    @property
    def previous_offset(self) -> int:
        return max(0, self.offset - self.page_size)


def person_search_page(
    *, actor: Actor, query: str, offset: int = 0, page_size: int = 20, purpose: str = ""
) -> SearchPage:
    """Find persons the actor may see, best matches first: the page from ``offset``, the
    total found (up to ``RESULT_CAP``) and, per person shown, the name spelling that
    matched. The search is one audit event (query, total, ids shown)."""
    actor.require(Capability.SEARCH_PERSONS)
    q = search_query_parse(query)
    if q.is_empty and not q.hints:
        raise DomainError(
            "empty_query", _("Type an IIN, a name, a document number or a date of birth."),
            field="q",
        )
    offset = max(0, offset)
    if q.iin and not q.name_keys:  # at most one person (the IIN is unique): one statement
        everyone = not (person_filter(actor) or q.document or q.birth_date or q.birth_year)
        found = persons_with_iin(q.iin, None if everyone else _filtered(actor, q))
        ids, persons = [p.pk for p in found], found[offset : offset + page_size]
    else:
        ids = [] if q.is_empty else _ranked_ids(actor, q)
        shown = ids[:RESULT_CAP][offset : offset + page_size]
        by_id = _with_names(Person.objects.all()).in_bulk(shown)
        persons = [by_id[i] for i in shown if i in by_id]
    capped = len(ids) > RESULT_CAP
    ids = ids[:RESULT_CAP]
    audit_record(
        actor=actor, action=AuditEvent.Action.SEARCH, object_type="person",
        purpose=purpose, after={"query": query, "total": len(ids),
                                "results": [p.pk for p in persons]},
    )
    matched = {p.pk: name for p in persons if (name := _matched_name(p, q))}
    return SearchPage(persons=persons, total=len(ids), capped=capped, offset=offset,
                      page_size=page_size, hints=q.hints, matched=matched)


def _with_names(persons: QuerySet[Person]) -> QuerySet[Person]:
    """Persons as a result page shows them: region, citizenship and every written name."""
    return persons.select_related("region", "citizenship").prefetch_related("names")


def _filtered(actor: Actor, q: SearchQuery) -> QuerySet[Person]:
    """The persons within the actor's scope having the query's IIN, document number and
    birth date or year (all of them when it gives none)."""
    persons = person_scope(actor)
    if q.iin:
        persons = persons.filter(iin=q.iin)
    if q.document:
        persons = persons.filter(
            pk__in=IdentityDocument.objects.filter(number=q.document).values("person_id")
        )
    if q.birth_date:
        persons = persons.filter(birth_date=q.birth_date)
    if q.birth_year:
        persons = persons.filter(
            birth_date__gte=date(q.birth_year, 1, 1), birth_date__lte=date(q.birth_year, 12, 31)
        )
    return persons


def _ranked_ids(actor: Actor, q: SearchQuery) -> list[int]:
    """Ids of the persons the query finds within the actor's scope, best first, at most
    ``RESULT_CAP + 1`` (one more tells that more exist)."""
    persons = _filtered(actor, q)
    if q.name_keys:
        narrowed = bool(q.iin or q.document or q.birth_date or q.birth_year)
        unscoped = not person_filter(actor) and not narrowed
        return _name_ranking(q.name_keys, None if unscoped else persons, RESULT_CAP + 1,
                             narrow=narrowed, fill=WEAK_FILL)
    return list(persons.order_by("pk").values_list("pk", flat=True)[: RESULT_CAP + 1])


def _matched_name(person: Person, q: SearchQuery) -> PersonName | None:
    """The person's name spelling (of the prefetched ``names``) closest to the query's
    name words: the most words matched, then one in the query's script, then the primary
    name; None when the query has no name words."""
    if not q.name_keys:
        return None

    def rank(name: PersonName) -> tuple[int, bool, bool]:
        keys = [k[:KEY_LENGTH] for part in (name.surname, name.given_name, name.patronymic)
                for k in name_tokens(part)]
        score = sum(max((_key_weight(k, n) for n in keys), default=0) for k in q.name_keys)
        return score, name.script == q.script, name.is_primary

    names = list(person.names.all())
    return max(names, key=rank) if names else None


def person_search(
    *, actor: Actor, query: str, limit: int = 20, purpose: str = ""
) -> list[Person]:
    """Find persons the actor may see; best matches first, at most ``limit``."""
    return person_search_page(actor=actor, query=query, page_size=limit,
                              purpose=purpose).persons


AUDIT_PERSON_CAP = 50  # persons an audit filter by name may stand for


def person_ids_matching(*, actor: Actor, text: str) -> list[int]:
    """The persons a line names, for filtering the audit log (the log covers everyone, so
    the registry is searched without the actor's person scope and without a search
    event): an IIN or a document number exactly, a date of birth narrowing, and name
    words matching every word within one edit (no weaker tiers). At most
    ``AUDIT_PERSON_CAP``; an empty list when the line names nobody."""
    actor.require(Capability.VIEW_AUDIT)
    q = search_query_parse(text)
    if q.is_empty:
        return []
    persons = Person.objects.all()
    if q.iin:
        persons = persons.filter(iin=q.iin)
    if q.document:
        persons = persons.filter(
            pk__in=IdentityDocument.objects.filter(number=q.document).values("person_id")
        )
    if q.birth_date:
        persons = persons.filter(birth_date=q.birth_date)
    if q.birth_year:
        persons = persons.filter(
            birth_date__gte=date(q.birth_year, 1, 1), birth_date__lte=date(q.birth_year, 12, 31)
        )
    if not q.name_keys:
        return list(persons.order_by("pk").values_list("pk", flat=True)[:AUDIT_PERSON_CAP])
    tokens, weights = _fuzzy_candidates(q.name_keys)
    near = [{k for k, w in weights[i].items() if w >= NEAR} for i in range(len(tokens))]
    narrowed = bool(q.iin or q.document or q.birth_date or q.birth_year)
    ids = _intersection(near, persons if narrowed else None, AUDIT_PERSON_CAP)
    return _scored(ids, tokens, weights)
