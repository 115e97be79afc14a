"""Ranking persons by how well their names match a search's name words.

The query's words are matched fuzzily against the vocabulary of name keys first
(``NameKey``: small, one query), then persons are looked up by exact keys: by key pairs
(``NamePair``: two words of one written name, in the order written, with the birth year)
for queries of two or more words, by single keys (``NameIndex``, with the birth year) for
the rest — btree probes whose cost does not grow with the registry — and ranked here by
edit distance, name order and name parts (docs/registry.md, "Name search"). On PostgreSQL
every statement is prepared once per connection (:mod:`kosh.identity.prepared`): keys and
years are parameters, so a statement's text depends only on its shape."""

from functools import lru_cache

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from .models import NameIndex, NameKey, NamePair
from .name_index import person_keys_parse
from .names import key_deletes
from .prepared import prepared_fetch

EXACT, NEAR, FAR = 3, 2, 1  # weights of a query key matching a key: same, 1 edit, 2 edits
_WIDE_CAP = 100  # persons taken from a tier matching all query keys but one
_NARROW_CAP = 1000  # persons of a search narrowed by IIN or document ranked at most
_DIGRAPH_LETTERS = "ACEHIOSTU"  # letters of the keys' digraphs (CH SH TS IA IU IE IO)
_INDEX = NameIndex._meta.db_table
_PAIRS = NamePair._meta.db_table
_VOCABULARY = NameKey._meta.db_table
_NO_KEY, _NO_NUMBER = "CAST(NULL AS TEXT)", "CAST(NULL AS INTEGER)"  # typed, for UNION
# tiers of the name search statement, by the number it labels their rows with
_EXACT_TIER, _NEAR_TIER, _FUZZY_TIER, _ANY_TIER, _WIDE_TIER = 0, 3, 4, 5, 10


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
def key_weight(query_key: str, key: str) -> int:
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


def fuzzy_candidates(keys: list[str]) -> tuple[list[str], list[dict[str, int]]]:
    """The query's name keys, with two names run together split apart, and for each the
    vocabulary keys it may stand for with their weights (one query to the vocabulary)."""
    variants = {k: _variants(k) for k in keys}
    halves = {
        k: [(k[:i], k[i:]) for i in range(3, len(k) - 2)] for k in keys if len(k) >= 6
    }
    lookup = set().union(*variants.values(), *(h for pairs in halves.values()
                                               for pair in pairs for h in pair))
    by_variant: dict[str, set[str]] = {}
    member, params = _member('"variant"', lookup)
    for variant, key in prepared_fetch(
            f'SELECT "variant", "key" FROM {_VOCABULARY} WHERE {member}', params):
        by_variant.setdefault(variant, set()).add(key)
    tokens, weights = [], []
    for k in keys:
        found = {c for v in variants[k] for c in by_variant.get(v, ())}
        weighted = {c: w for c in found if (w := key_weight(k, c))}
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


def scored(ids: list[int], tokens: list[str], weights: list[dict[str, int]]) -> list[int]:
    """``ids`` best first (:func:`_scored_by`), their keys read from the index."""
    if not ids:
        return []
    rows: dict[int, list[tuple[str, int]]] = {}
    member, params = _member("person_id", ids)
    for person_id, key, part in prepared_fetch(
            f'SELECT person_id, "key", part FROM {_INDEX} WHERE {member}', params):
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
    """Like :func:`key_weight` for a key that is not among the query key's candidates, but
    two edits count for keys of four letters too (2021 Latin Io for Ё: IOJEV, EJEV)."""
    if abs(len(query_key) - len(key)) > 2:
        return 0
    d = _edit_distance(query_key, key)
    if d == 1 and min(len(query_key), len(key)) >= 3:
        return NEAR
    return FAR if d == 2 and max(len(query_key), len(key)) >= 5 else 0


def name_ranking(
    keys: list[str], persons: QuerySet | None, limit: int, *, year: int | None = None,
    narrow: bool = False, fill: int | None = None,
) -> list[int]:
    """Person ids ranked by how well their name keys match the query keys, among
    ``persons`` (None: everyone) and born in ``year`` when given — one query to the
    vocabulary, then one statement (:func:`_tiers_fetch`) for the persons and their keys,
    ranked here.

    With ``narrow`` (the query gives an IIN or a document, so ``persons`` are a handful)
    every key of those persons is read and scored (:func:`_narrowed_ranking`). Otherwise
    tiers, each read only while the tiers before found fewer than ``limit`` persons (at
    most ``limit`` each): persons with every query key exactly; with every query key or
    one a single edit away; or two edits away — for two words or more, lookups of key
    pairs. Then, only while fewer than ``fill`` (default ``limit``) are found, the weak
    tiers: with all query keys but one (three words or more; the odd one compared by edit
    distance); lastly with any of them, by single keys, ordered by the weight of the
    matching key. The others are ranked by :func:`_scored_by`."""
    tokens, weights = fuzzy_candidates(keys)
    # one word: the last tier is the only one, and it matches every word
    fill = limit if len(tokens) == 1 else min(limit, fill or limit)
    try:
        scope = _scope_sql(persons)
    except EmptyResultSet:  # the actor sees nobody
        return []
    if narrow and persons is not None:
        return _narrowed_ranking(tokens, weights, persons, limit)
    n = len(tokens)
    exact = [{t} for t in tokens]
    near = [{k for k, w in weights[i].items() if w >= NEAR} for i in range(n)]
    fuzzy = [set(w) for w in weights]
    tiers, any_rows, key_rows = _tiers_fetch(
        tokens, [exact, near, fuzzy], weights, year, scope, limit, fill)
    ranked: list[int] = []
    seen: set[int] = set()

    def add(ids: list[int]) -> None:
        new = [i for i in ids if i not in seen]
        seen.update(new)
        ranked.extend(_scored_by(new, key_rows, tokens, weights) if new else ())

    if n > 1:
        for tier in (_EXACT_TIER, _NEAR_TIER, _FUZZY_TIER):
            if len(ranked) < limit:
                add(tiers.get(tier, []))
        if len(ranked) < fill and n > 2:  # the odd key is ranked by edit distance
            for i in range(n):
                add(tiers[_WIDE_TIER + i])
                if len(ranked) >= fill:
                    break
    if len(ranked) < fill:
        for person_id in any_rows:
            if person_id not in seen and len(ranked) < fill:
                seen.add(person_id)
                ranked.append(person_id)
    return ranked[:limit]


def matching_ids(keys: list[str], persons: QuerySet | None, year: int | None,
                 cap: int) -> list[int]:
    """Persons whose name matches every query key within one edit, best first, at most
    ``cap`` (among ``persons``, born in ``year`` when given): the strong tiers only."""
    tokens, weights = fuzzy_candidates(keys)
    near = [{k for k, w in weights[i].items() if w >= NEAR} for i in range(len(tokens))]
    try:
        scope = _scope_sql(persons)
    except EmptyResultSet:
        return []
    if len(tokens) > 1:
        sql, params = _pairs_sql(near, year, scope, cap)
    else:
        member, params = _member('"key"', near[0])
        dated = " AND birth_year = %s" if year is not None else ""
        params += [year] if year is not None else []
        sql = (f"SELECT DISTINCT person_id FROM {_INDEX} WHERE {member}{dated}"
               f"{scope[0]} ORDER BY person_id LIMIT {int(cap)}")
        params += scope[1]
    ids = [row[0] for row in prepared_fetch(sql, params)]
    return scored(ids, tokens, weights)


def _scope_sql(persons: QuerySet | None) -> tuple[str, list]:
    """A condition on ``person_id`` keeping the persons of ``persons`` ("" for everyone),
    with its parameters; raises EmptyResultSet when ``persons`` is empty by definition."""
    if persons is None:
        return "", []
    sql, params = persons.values("pk").query.get_compiler(using=persons.db).as_sql()
    return f" AND person_id IN ({sql})", list(params)


def _member(column: str, values) -> tuple[str, list]:
    """A condition: ``column`` is one of ``values``, with its parameters. On PostgreSQL one
    array parameter (a query text of hundreds of placeholders costs more to bind on the
    client than to run), on SQLite an ``IN`` list."""
    values = sorted(values)
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


def _pair_keys(first: set[str], second: set[str]) -> set[str]:
    """The ``NamePair`` keys a person matching a key of ``first`` and a key of ``second``
    has: written in either order."""
    return ({f"{a} {b}" for a in first for b in second if a != b}
            | {f"{b} {a}" for a in first for b in second if a != b})


def _pairs_sql(key_sets: list[set[str]], year: int | None, scope: tuple[str, list],
               cap: int, skip: set[str] | frozenset = frozenset()) -> tuple[str, list]:
    """The first ``cap`` persons (lowest ids), with their keys (``person_keys``), having a
    key of every set (born in ``year``), within the scope: for two sets one lookup of
    their pair keys (less those of ``skip``, already read by a tier before); for more, the
    pairs of the first set with each other set, joined on the person."""
    tables, conditions, params = [], [], []
    for j, other in enumerate(key_sets[1:]):
        keys = _pair_keys(key_sets[0], other) - (skip if j == 0 else set())
        if not keys:
            return f"SELECT person_id, person_keys FROM {_PAIRS} WHERE 1 = 0", []
        condition, values = _member(f'q{j}."key"', keys)
        if year is not None:
            condition += f" AND q{j}.birth_year = %s"
            values.append(year)
        if j:
            condition += f" AND q{j}.person_id = q0.person_id"
        tables.append(f"{_PAIRS} q{j}")
        conditions.append(condition)
        params += values
    return (
        f"SELECT person_id, person_keys FROM (SELECT DISTINCT q0.person_id, q0.person_keys "
        f"FROM {', '.join(tables)} "
        f"WHERE {' AND '.join(conditions)}) x WHERE 1 = 1{scope[0]} "
        f"ORDER BY person_id LIMIT {int(cap)}",
        params + scope[1],
    )


def _fewer_than(tiers: list[int], fill: int) -> str:
    """A condition: the tiers found fewer than ``fill`` distinct persons in all."""
    found = " UNION ".join(f"SELECT person_id FROM t{t}" for t in tiers)
    return f"(SELECT count(*) FROM ({found}) s) < {int(fill)}"


def _tiers_fetch(
    tokens: list[str], strong: list[list[set[str]]], weights: list[dict[str, int]],
    year: int | None, scope: tuple[str, list], limit: int, fill: int,
) -> tuple[dict[int, list[int]], list[int], dict[int, list[tuple[str, int]]]]:
    """Every tier of the name search in one statement: per tier its persons with their
    (key, part) pairs, for ranking (read from the pair index with the pair), and the
    persons matching any candidate key, best weight first (only when the other tiers find
    fewer than ``fill``; the first ``5 * fill`` per key). ``strong`` holds the exact, near and fuzzy
    candidate sets per query key. A tier is read only when the tiers before it found too
    few (a condition PostgreSQL evaluates once, before reading any posting)."""
    n = len(tokens)
    ctes: list[tuple[str, str, list]] = []  # (name, sql, params)
    found: list[int] = []
    if n > 1:
        previous: list[set[str]] | None = None
        for tier, sets in zip((_EXACT_TIER, _NEAR_TIER, _FUZZY_TIER), strong, strict=True):
            if sets == previous:  # no candidate beyond the tier before
                continue
            skip = _pair_keys(*previous) if previous and n == 2 else frozenset()
            sql, params = _pairs_sql(sets, year, scope, limit, skip)
            if found:
                sql = f"SELECT * FROM ({sql}) g WHERE {_fewer_than(found, limit)}"
            ctes.append((f"t{tier}", sql, params))
            found.append(tier)
            previous = sets
        near = strong[1]
        if n > 2:  # each only while the tiers before found fewer than ``fill``
            for i in range(n):
                sql, params = _pairs_sql(near[:i] + near[i + 1 :], year, scope, _WIDE_CAP)
                ctes.append((f"t{_WIDE_TIER + i}",
                             f"SELECT * FROM ({sql}) w WHERE {_fewer_than(found, fill)}",
                             params))
                found.append(_WIDE_TIER + i)
        gate = _fewer_than(found, fill)  # any word: only when all tiers found fewer
    else:
        gate = "1 = 1"
    # persons with any candidate key, best key weight first: the first rows of each key's
    # postings (the btree gives them by birth year and person) are enough
    key_weight: dict[str, int] = {}
    for w in weights:
        for k, v in w.items():
            key_weight[k] = max(v, key_weight.get(k, 0))
    ctes.append((f"t{_ANY_TIER}", *_firsts_sql(key_weight, year, scope, 5 * fill, gate)))
    selects = [f"SELECT {tier}, person_id, person_keys, {_NO_NUMBER} FROM t{tier}"
               for tier in found]
    selects.append(f"SELECT {_ANY_TIER}, person_id, {_NO_KEY}, weight FROM t{_ANY_TIER}")
    sql = ("WITH " + ", ".join(f"{name} AS ({body})" for name, body, _p in ctes) + " "
           + " UNION ALL ".join(selects))
    params = [p for _n, _b, ps in ctes for p in ps]
    tiers: dict[int, list[int]] = {tier: [] for tier in found}
    any_rows: list[tuple[int, int]] = []
    key_rows: dict[int, list[tuple[str, int]]] = {}
    for tier, person_id, keys, value in prepared_fetch(sql, params):
        if tier == _ANY_TIER:
            any_rows.append((-value, person_id))
        else:
            tiers[tier].append(person_id)
            key_rows[person_id] = person_keys_parse(keys)
    return tiers, [person_id for _w, person_id in sorted(any_rows)], key_rows


def _firsts_sql(key_weight: dict[str, int], year: int | None, scope: tuple[str, list],
                per_key: int, gate: str) -> tuple[str, list]:
    """The first ``per_key`` persons (by birth year and id: the btree's order) of each key
    of ``key_weight`` (born in ``year``), with the key's weight, when ``gate`` holds. On
    PostgreSQL one lateral probe per element of an array parameter (one small plan
    whatever the number of keys); on SQLite a ``UNION ALL`` of one probe per key."""
    dated = " AND birth_year = %s" if year is not None else ""
    dated_params = [year] if year is not None else []
    keys = sorted(key_weight)
    if connection.vendor == "postgresql":
        return (f"SELECT f.person_id, k.weight FROM unnest(%s::text[], %s::int[]) "
                f"AS k(key, weight) CROSS JOIN LATERAL (SELECT person_id FROM {_INDEX} "
                f'WHERE "key" = k.key{dated}{scope[0]} ORDER BY birth_year, person_id '
                f"LIMIT {int(per_key)}) f WHERE {gate}",
                [keys, [key_weight[k] for k in keys], *dated_params, *scope[1]])
    firsts, params = [], []
    for j, k in enumerate(keys):
        firsts.append(f"SELECT * FROM (SELECT person_id, {int(key_weight[k])} AS weight "
                      f'FROM {_INDEX} WHERE "key" = %s{dated}{scope[0]} '
                      f"ORDER BY birth_year, person_id LIMIT {int(per_key)}) a{j}")
        params += [k, *dated_params, *scope[1]]
    return f"SELECT person_id, weight FROM ({' UNION ALL '.join(firsts)}) u WHERE {gate}", params


def _narrowed_ranking(tokens: list[str], weights: list[dict[str, int]], persons: QuerySet,
                      limit: int) -> list[int]:
    """Rank the few persons of a search narrowed by IIN or document (at most
    ``_NARROW_CAP``) that have any candidate key: every key of theirs in one statement
    (the (person, key) index), scored by :func:`_scored_by`."""
    ids = persons.values("pk").order_by("pk")[:_NARROW_CAP]
    ids_sql, ids_params = ids.query.get_compiler(using=persons.db).as_sql()
    key_rows: dict[int, list[tuple[str, int]]] = {}
    for person_id, key, part in prepared_fetch(
            f'SELECT person_id, "key", part FROM {_INDEX} WHERE person_id IN ({ids_sql})',
            list(ids_params)):
        key_rows.setdefault(person_id, []).append((key, part))
    candidates = set().union(*weights)
    found = sorted(p for p, rows in key_rows.items() if any(k in candidates for k, _ in rows))
    return _scored_by(found, key_rows, tokens, weights)[:limit]
