"""Person search: one line typed the way an officer types it — a 12-digit IIN, a document
number, a date of birth (``31.12.1990`` or ``1990-12-31``) or a year, and name words in
any script or spelling ("Жанна", "ZHANNA", "Janna" find the same person).

Names are ranked by :mod:`kosh.identity.name_ranking` (see docs/registry.md); results
are scoped by the access policy and each search is audited."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError

from .iin_lookup import persons_with_ids, persons_with_iin
from .models import KEY_LENGTH, IdentityDocument, Person, PersonName
from .name_ranking import key_weight, matching_ids, name_ranking
from .names import name_tokens, script_of
from .permissions import person_filter
from .selectors import person_scope

IIN_RE = re.compile(r"^\d{12}$")
NEAR_IIN_RE = re.compile(r"^\d{10,11}$|^\d{13,14}$")  # an IIN with a digit missing or extra
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
DATE_LIKE_RE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
RESULT_CAP = 200  # persons ranked at most for one search; more exist beyond it
WEAK_FILL = 20  # persons matching only some name words are added up to this many


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
        persons = persons_with_ids(shown)
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
    ``RESULT_CAP + 1`` (one more tells that more exist). A birth year (or the year of a
    birth date) is looked up in the name indexes themselves; the persons are filtered
    further only for a scoped actor, a full birth date, an IIN or a document."""
    persons = _filtered(actor, q)
    if q.name_keys:
        narrow = bool(q.iin or q.document)
        year = q.birth_date.year if q.birth_date else q.birth_year
        unscoped = not (person_filter(actor) or narrow or q.birth_date)
        return name_ranking(q.name_keys, None if unscoped else persons, RESULT_CAP + 1,
                            year=year, narrow=narrow, fill=WEAK_FILL)
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
        score = sum(max((key_weight(k, n) for n in keys), default=0) for k in q.name_keys)
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
    narrowed = bool(q.iin or q.document or q.birth_date)
    year = q.birth_date.year if q.birth_date else q.birth_year
    return matching_ids(q.name_keys, persons if narrowed else None, year, AUDIT_PERSON_CAP)
