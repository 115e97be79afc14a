"""From the nation's Parquet tables to rows of the registry's tables (columns named as in
the database, ids given explicitly): one function per loadable table."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kosh.emigrants.loading import work_rows
from kosh.labour.loading import LABOUR_TABLES, household_rows, work_permit_rows
from kosh.protection.loading import asylum_rows
from kosh.settlement.loading import SETTLEMENT_TABLES, kandas_rows, resettler_rows

from .registry import decoded

REGISTRY_TABLES = [
    "identity_person", "identity_personname", "identity_nameindex", "identity_namekey",
    "identity_namepair",
    "identity_citizenship", "identity_address", "identity_identitydocument",
    "identity_employer", "identity_employment", "identity_personcategory",
    "identity_bordercrossing",
    *SETTLEMENT_TABLES,
    "protection_asylumapplication", "protection_statelessrecord", "emigrants_workabroad",
    *LABOUR_TABLES,
]
DELETE_ORDER = [
    "protection_asylumapplication", "protection_statelessrecord", "emigrants_workabroad",
    "identity_nameindex", "identity_namepair", "identity_personname", "identity_citizenship",
    "identity_address",
    "identity_identitydocument", "identity_employment", "identity_personcategory",
    "identity_bordercrossing", "identity_person", "identity_employer",
    *SETTLEMENT_TABLES,
    *LABOUR_TABLES,
]
TEMPORARY_FROM = np.datetime64("2024-01-01")  # registration day of foreigners (not known)
REFUGEE_CATEGORY = {"refugee": "refugee", "asylum_seeker": "asylum_seeker",
                    "refused": "asylum_seeker", "withdrawn": "asylum_seeker",
                    "stateless": "stateless"}


@dataclass
class LoadContext:
    directory: Path
    selected: np.ndarray  # Parquet ids of the persons loaded, sorted
    offset: int  # database id = Parquet id + offset
    next_ids: dict[str, int]
    districts: dict[str, int]  # KATO → District id
    occupations: set[str]
    now: str
    known_keys: set[str]
    tables: list[str]
    employer_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    employer_first: int = 0  # database id of the first employer loaded

    def ids(self, table: str, n: int) -> np.ndarray:
        first = self.next_ids[table]
        self.next_ids[table] += n
        return np.arange(first, first + n, dtype=np.int64)

    def read(self, name: str, columns: list[str] | None = None,
             person: str = "person_id") -> pa.Table:
        """A table of the nation, only rows of the persons loaded."""
        sliced = bool(person) and self.selected.size < self.persons_total
        needed = columns if columns is None or not sliced else list({*columns, person})
        t = pq.read_table(self.directory / f"{name}.parquet", columns=needed)
        if sliced:
            t = t.filter(pc.is_in(t.column(person), value_set=pa.array(self.selected)))
        return t if columns is None else t.select(columns)

    @cached_property
    def persons_total(self) -> int:
        return pq.ParquetFile(self.directory / "persons.parquet").metadata.num_rows

    def person_ids(self, table: pa.Table, column: str = "person_id") -> np.ndarray:
        return table.column(column).to_numpy() + self.offset

    def district_ids(self, katos: pa.Array) -> pa.Array:
        """District ids for KATO codes (null stays null)."""
        codes = pa.array(list(self.districts), pa.string())
        ids = pa.array(list(self.districts.values()), pa.int64())
        return ids.take(pc.index_in(decoded(pa.table({"k": katos}), "k"), value_set=codes))

    @cached_property
    def moved(self) -> np.ndarray:
        """Day of each person's last registration event (NaT: none), by Parquet id."""
        out = np.full(self.persons_total + 1, np.datetime64("NaT"), dtype="datetime64[D]")
        if "registration_events" in self.tables:
            t = self.read("registration_events", ["person_id", "date"])
            person, day = t.column("person_id").to_numpy(), t.column("date").to_numpy()
            order = np.lexsort((day, person))
            out[person[order]] = day[order]  # the latest written last
        return out


def _text(value: str | pa.Array | pa.ChunkedArray, n: int) -> pa.Array | pa.ChunkedArray:
    """A string column: ``value`` itself, or ``n`` times one string."""
    return pa.array([value] * n, pa.string()) if isinstance(value, str) else value


def _category(ctx: LoadContext, person: np.ndarray, category, start, end,
              note) -> pa.Table:
    n = person.size
    return pa.table({
        "id": ctx.ids("identity_personcategory", n), "person_id": person,
        "category": _text(category, n), "valid_from": start, "valid_to": end,
        "note": _text(note, n),
    })


def person_extras(ctx: LoadContext, persons: pa.Table) -> dict[str, pa.Table]:
    """Citizenship and the current registration address of a batch of persons."""
    ids = ctx.person_ids(persons, "id")
    cit = decoded(persons, "citizenship")
    has = pc.is_valid(cit).to_numpy(zero_copy_only=False)
    segment = decoded(persons, "segment").to_numpy(zero_copy_only=False)
    resident = persons.column("resident").to_numpy()
    registered = (segment != "visitor") & pc.is_valid(decoded(persons, "region")).to_numpy(
        zero_copy_only=False)
    birth = persons.column("birth_date").to_numpy()
    since = ctx.moved[persons.column("id").to_numpy()]
    since = np.where(np.isnat(since), np.where(resident, birth, TEMPORARY_FROM), since)
    rows = np.flatnonzero(registered)
    n = rows.size
    return {
        "identity_citizenship": pa.table({
            "id": ctx.ids("identity_citizenship", int(has.sum())), "person_id": ids[has],
            "country_id": cit.filter(pa.array(has)),
            "valid_from": pa.nulls(int(has.sum()), pa.date32()),
            "valid_to": pa.nulls(int(has.sum()), pa.date32()),
        }),
        "identity_address": pa.table({
            "id": ctx.ids("identity_address", n), "person_id": ids[rows],
            "kind": pa.array(np.where(resident[rows], "permanent", "temporary")),
            "country_id": pa.array(["KAZ"] * n, pa.string()),
            "region_id": decoded(persons, "region").take(pa.array(rows)),
            "district_id": ctx.district_ids(decoded(persons, "district").take(pa.array(rows))),
            "line": pa.array([""] * n, pa.string()),
            "valid_from": pa.array(since[rows], type=pa.date32()),
            "valid_to": pa.nulls(n, pa.date32()),
        }),
    }


def documents(ctx: LoadContext) -> dict[str, pa.Table]:
    t = ctx.read("person_documents")
    n = t.num_rows
    return {"identity_identitydocument": pa.table({
        "id": ctx.ids("identity_identitydocument", n), "person_id": ctx.person_ids(t),
        "kind": decoded(t, "kind"), "number": decoded(t, "number"),
        "issuing_country_id": decoded(t, "issuing_country"),
        "issued_on": decoded(t, "issued_on"), "expires_on": decoded(t, "expires_on"),
        "issued_by": pa.array([""] * n, pa.string()), "status": decoded(t, "status"),
    })}


def events(ctx: LoadContext) -> dict[str, pa.Table]:
    """Earlier addresses: where each registration event moved the person from."""
    t = ctx.read("registration_events", ["person_id", "date", "from_region", "from_district"])
    person, day = t.column("person_id").to_numpy(), t.column("date").to_numpy()
    order = np.lexsort((day, person))
    t = t.take(pa.array(order))
    person, day = person[order], day[order]
    births = ctx.read("persons", ["id", "birth_date"], person="id")
    birth = np.full(ctx.persons_total + 1, np.datetime64("NaT"), dtype="datetime64[D]")
    birth[births.column("id").to_numpy()] = births.column("birth_date").to_numpy()
    first = np.r_[True, person[1:] != person[:-1]]
    start = np.where(first, birth[person], np.r_[day[:1], day[:-1]])
    end = day - np.timedelta64(1, "D")
    n = t.num_rows
    return {"identity_address": pa.table({
        "id": ctx.ids("identity_address", n), "person_id": person + ctx.offset,
        "kind": pa.array(["permanent"] * n, pa.string()),
        "country_id": pa.array(["KAZ"] * n, pa.string()),
        "region_id": decoded(t, "from_region"),
        "district_id": ctx.district_ids(decoded(t, "from_district")),
        "line": pa.array([""] * n, pa.string()),
        "valid_from": pa.array(np.minimum(start, end), type=pa.date32()),
        "valid_to": pa.array(end, type=pa.date32()),
    })}


def employer_source(ctx: LoadContext) -> pa.Table:
    """The employers loaded: all, or with a slice those of its work permits."""
    t = ctx.read("employers", person="")
    if ctx.selected.size < ctx.persons_total and "work_permits" in ctx.tables:
        used = ctx.read("work_permits", ["employer_id"]).column("employer_id")
        t = t.filter(pc.is_in(t.column("employer_id"), value_set=pc.unique(used)))
    return t


def employers(ctx: LoadContext) -> dict[str, pa.Table]:
    t = employer_source(ctx)
    ctx.employer_ids = t.column("employer_id").to_numpy()
    ctx.employer_first = ctx.next_ids["identity_employer"]
    n = t.num_rows
    return {"identity_employer": pa.table({
        "id": ctx.ids("identity_employer", n), "bin": decoded(t, "bin"),
        "name": decoded(t, "name"), "region_id": decoded(t, "region"),
        "sector": decoded(t, "sector"),
    })}


def work_permits(ctx: LoadContext) -> dict[str, pa.Table]:
    t = ctx.read("work_permits")
    n = t.num_rows
    employer = ctx.employer_first + np.searchsorted(ctx.employer_ids,
                                                    t.column("employer_id").to_numpy())
    isco = decoded(t, "isco08").to_pylist()
    person = ctx.person_ids(t)
    start, end = decoded(t, "issued_on"), decoded(t, "valid_until")
    category = pc.if_else(t.column("in_quota"), "labour_quota", "labour_outside")
    note = pc.binary_join_element_wise("work permit ", pc.cast(t.column("permit_id"),
                                                               pa.string()), "")
    return {
        "identity_employment": pa.table({
            "id": ctx.ids("identity_employment", n), "person_id": person,
            "employer_id": employer,
            "occupation_id": pa.array([c if c in ctx.occupations else None for c in isco],
                                      pa.string()),
            "valid_from": start, "valid_to": end,
        }),
        "identity_personcategory": _category(ctx, person, category, start, end, note),
    } | work_permit_rows(ctx, t, person, employer)


def household_permits(ctx: LoadContext) -> dict[str, pa.Table]:
    t = ctx.read("household_permits", ["person_id", "permit_id", "issued_on", "valid_until"])
    note = pc.binary_join_element_wise("household permit ",
                                       pc.cast(t.column("permit_id"), pa.string()), "")
    return {"identity_personcategory": _category(
        ctx, ctx.person_ids(t), "household_worker", decoded(t, "issued_on"),
        decoded(t, "valid_until"), note)} | household_rows(ctx)


def kandas(ctx: LoadContext) -> dict[str, pa.Table]:
    t = ctx.read("kandas", ["person_id", "status_granted_on", "citizenship_on", "cohort"])
    granted = t.column("status_granted_on").to_numpy()
    citizen = t.column("citizenship_on").to_numpy()
    end = granted + np.timedelta64(365, "D")
    end = np.where(~np.isnat(citizen) & (citizen < end), citizen, end)
    note = pc.binary_join_element_wise("kandas, ", decoded(t, "cohort"), "")
    return {"identity_personcategory": _category(
        ctx, ctx.person_ids(t), "kandas", decoded(t, "status_granted_on"),
        pa.array(np.maximum(end, granted), type=pa.date32()), note)} | kandas_rows(ctx)


def resettlers(ctx: LoadContext) -> dict[str, pa.Table]:
    t = ctx.read("resettlers", ["person_id", "moved_on", "returned_on"])
    return {"identity_personcategory": _category(
        ctx, ctx.person_ids(t), "resettler", decoded(t, "moved_on"),
        decoded(t, "returned_on"), "economic mobility (resettlement)")} | resettler_rows(ctx)


def refugees(ctx: LoadContext) -> dict[str, pa.Table]:
    t = ctx.read("refugees")
    status = decoded(t, "status").to_pylist()
    category = pa.array([REFUGEE_CATEGORY[s] for s in status], pa.string())
    ended = pc.if_else(pc.is_in(decoded(t, "status"), value_set=pa.array(
        ["refused", "withdrawn"])), decoded(t, "decided_on"), pa.scalar(None, pa.date32()))
    person = ctx.person_ids(t)
    return {"identity_personcategory": _category(
        ctx, person, category, decoded(t, "applied_on"), ended,
        decoded(t, "status"))} | asylum_rows(ctx, t, person)


def emigrant_workers(ctx: LoadContext) -> dict[str, pa.Table]:
    t = ctx.read("emigrant_workers")
    n = t.num_rows
    person = ctx.person_ids(t)
    start, end = decoded(t, "started_on"), decoded(t, "ended_on")
    return {
        "identity_personcategory": _category(ctx, person, "emigrant_worker", start, end,
                                             decoded(t, "status")),
        "identity_address": pa.table({
            "id": ctx.ids("identity_address", n), "person_id": person,
            "kind": pa.array(["abroad"] * n, pa.string()), "country_id": decoded(t, "country"),
            "region_id": pa.nulls(n, pa.string()), "district_id": pa.nulls(n, pa.int64()),
            "line": pa.array([""] * n, pa.string()), "valid_from": start, "valid_to": end,
        }),
    } | work_rows(ctx, t, person, np.datetime64(ctx.now[:10]))


def crossings(ctx: LoadContext) -> dict[str, pa.Table]:
    t = ctx.read("border_crossings")
    n = t.num_rows
    return {"identity_bordercrossing": pa.table({
        "id": ctx.ids("identity_bordercrossing", n), "person_id": ctx.person_ids(t),
        "at": decoded(t, "at"), "direction": decoded(t, "direction"),
        "checkpoint": decoded(t, "checkpoint"), "country_id": decoded(t, "country"),
    })}


TABLE_ROWS = {
    "person_documents": documents, "registration_events": events, "employers": employers,
    "work_permits": work_permits, "household_permits": household_permits, "kandas": kandas,
    "resettlers": resettlers, "refugees": refugees, "emigrant_workers": emigrant_workers,
    "border_crossings": crossings,
}
