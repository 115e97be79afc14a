"""A search by IIN read in one round trip: the person having the IIN (at most one — the IIN
is unique), their region, citizenship and every written name (and the same for the
persons of a page of name search results, by their ids), built into the same
``Person`` and ``PersonName`` objects the ORM would give (region and citizenship cached as
``select_related`` caches them, the names as ``prefetch_related("names")`` does), so the
result page and the API read them unchanged (issue 21: 2 ms p95 with the audit event).

On PostgreSQL the statement is prepared once per connection (server-side binding, as the
audit append ``kosh_audit_append`` is: :func:`kosh.identity.prepared.prepared_fetch`), so
it is neither parsed nor planned again; it is logged in ``connection.queries`` (and seen
by ``CaptureQueriesContext``) like any ORM query."""

import json
from collections.abc import Callable
from functools import cache
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Field, Model, QuerySet

from kosh.geo.models import Country, Region

from .models import Person, PersonName
from .prepared import prepared_fetch


class _Columns:
    """The columns one model contributes to the statement's rows and how to turn them into
    an instance: the model's concrete fields in order, under a table alias."""

    def __init__(self, model: type[Model], alias: str) -> None:
        self.model = model
        self.fields: list[Field] = list(model._meta.concrete_fields)
        quote = connection.ops.quote_name
        self.sql = ", ".join(f"{alias}.{quote(f.column)}" for f in self.fields)
        self.pk = self.fields.index(model._meta.pk)
        # the converters the ORM's compiler applies to these columns (none on PostgreSQL
        # for these fields; dates and booleans on SQLite)
        self.converters: list[tuple[int, Any, list[Callable]]] = []
        for i, f in enumerate(self.fields):
            col = f.get_col(alias)
            found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if found:
                self.converters.append((i, col, found))

    def build(self, row: tuple, start: int) -> Model | None:
        """The instance whose columns begin at ``start`` of ``row``; None when the LEFT
        JOIN found nothing (its primary key is NULL)."""
        if row[start + self.pk] is None:
            return None
        values = list(row[start : start + len(self.fields)])
        for i, col, functions in self.converters:
            for convert in functions:
                values[i] = convert(values[i], col, connection)
        return self.model.from_db(connection.alias, None, values)


@cache
def _statement(vendor: str, by: str = "iin") -> tuple[str, str, tuple[_Columns, ...]]:
    """The SELECT of the person by IIN (``by="iin"``) or of the persons of a list of ids
    (``by="ids"``), its ORDER BY and the columns of its rows (person, region, citizenship,
    name), once per database vendor."""
    columns = (_Columns(Person, "p"), _Columns(Region, "r"), _Columns(Country, "c"),
               _Columns(PersonName, "n"))
    quote = connection.ops.quote_name
    region, citizenship = Person._meta.get_field("region"), Person._meta.get_field("citizenship")
    names = PersonName._meta.get_field("person")
    sql = (
        f"SELECT {', '.join(c.sql for c in columns)} "
        f"FROM {quote(Person._meta.db_table)} p "
        f"LEFT JOIN {quote(Region._meta.db_table)} r "
        f"ON r.{quote(Region._meta.pk.column)} = p.{quote(region.column)} "
        f"LEFT JOIN {quote(Country._meta.db_table)} c "
        f"ON c.{quote(Country._meta.pk.column)} = p.{quote(citizenship.column)} "
        f"LEFT JOIN {quote(PersonName._meta.db_table)} n "
        f"ON n.{quote(names.column)} = p.{quote(Person._meta.pk.column)} "
    )
    pk = f"p.{quote(Person._meta.pk.column)}"
    if by == "iin":
        sql += f"WHERE p.{quote(Person._meta.get_field('iin').column)} = %s"
    elif vendor == "postgresql":  # one array parameter: one prepared text for any number
        sql += f"WHERE {pk} = ANY(%s)"
    else:  # SQLite: the ids as one JSON array parameter
        sql += f"WHERE {pk} IN (SELECT value FROM json_each(%s))"
    order = (f" ORDER BY p.{quote(Person._meta.pk.column)}, "
             f"n.{quote(PersonName._meta.pk.column)}")
    return sql, order, columns


def persons_with_iin(iin: str, within: QuerySet[Person] | None = None) -> list[Person]:
    """The person having ``iin`` among ``within`` (the actor's scope narrowed by whatever
    else the query says; None: everyone), as a list of at most one, with region,
    citizenship and names read in the same statement. A scope that selects nobody (an
    actor who may see no person) answers an empty list without a query."""
    sql, order, columns = _statement(connection.vendor)
    params: list[Any] = [iin]
    if within is not None:
        try:
            inner, inner_params = within.values("pk").query.sql_with_params()
        except EmptyResultSet:
            return []
        sql += f" AND p.{connection.ops.quote_name(Person._meta.pk.column)} IN ({inner})"
        params += inner_params
    rows = prepared_fetch(sql + order, params)
    return _persons(rows, columns)


def persons_with_ids(ids: list[int]) -> list[Person]:
    """The persons of ``ids`` (a result page), in that order, with region, citizenship
    and names read in one statement, as :func:`persons_with_iin` reads them; ids of no
    person are left out."""
    if not ids:
        return []
    sql, order, columns = _statement(connection.vendor, "ids")
    param = list(ids) if connection.vendor == "postgresql" else json.dumps(list(ids))
    by_id = {p.pk: p for p in _persons(prepared_fetch(sql + order, [param]), columns)}
    return [by_id[i] for i in ids if i in by_id]


def _persons(rows: list[tuple], columns: tuple[_Columns, ...]) -> list[Person]:
    """``Person`` objects from the statement's rows (one row per name, persons in id
    order), each with region, citizenship and names cached as the ORM caches them."""
    person_cols, region_cols, country_cols, name_cols = columns
    starts = [0]
    for c in columns[:-1]:
        starts.append(starts[-1] + len(c.fields))
    region_field = Person._meta.get_field("region")
    citizenship_field = Person._meta.get_field("citizenship")
    name_person_field = PersonName._meta.get_field("person")
    persons: list[Person] = []
    names: dict[int, list[PersonName]] = {}
    for row in rows:
        if not persons or persons[-1].pk != row[person_cols.pk]:
            person = person_cols.build(row, starts[0])
            region_field.set_cached_value(person, region_cols.build(row, starts[1]))
            citizenship_field.set_cached_value(person, country_cols.build(row, starts[2]))
            persons.append(person)
            names[person.pk] = []
        name = name_cols.build(row, starts[3])
        if name is not None:
            name_person_field.set_cached_value(name, persons[-1])
            names[persons[-1].pk].append(name)
    for person in persons:
        prefetched = person.names.get_queryset()  # filtered to the person, not cached yet
        prefetched._result_cache = names[person.pk]
        prefetched._prefetch_done = True
        person._prefetched_objects_cache = {"names": prefetched}
    return persons
