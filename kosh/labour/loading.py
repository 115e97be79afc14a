"""The synthetic nation's work permits, household-worker permits and their monthly tax into
the labour registers (``kosh synth load``, called from ``kosh.synth.nation.mapping``), as
columns for COPY: no row-by-row work, in the load's one transaction.

* ``work_permits`` → ``WorkPermit``: granted on the day issued (the nation records issued
  and extended permits only), the worker by registry person and name, the employer, the
  category (``cat1`` → ``1``), the fee. No quota draw (the ledger of 2019–2025 is not in the
  nation), no frozen document (issued before Kosh), no criteria.
* ``household_permits`` → ``HouseholdPermit`` with the household (a citizen) and the
  worker; the status as of the day of the load: ``expired`` after its last day, ``lapsed``
  when the month covering that day is not prepaid without a gap from the first,
  ``active`` otherwise. Permits whose household is not among the persons loaded (a
  ``--limit`` slice) are left out.
* ``household_payments`` → ``HouseholdPayment``: the calendar month paid becomes the month
  of the permit (1 = the month the permit starts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kosh.synth.nation.registry import decoded

if TYPE_CHECKING:
    from kosh.synth.nation.mapping import LoadContext

LABOUR_TABLES = ["labour_workpermit", "labour_householdpermit", "labour_householdpayment"]
CATEGORIES = {"cat1": "1", "cat2": "2", "cat3": "3", "cat4": "4", "seasonal": "seasonal",
              "ict": "ict"}
LOADED_BY = "kosh synth load"


def _days(values: pa.Array) -> np.ndarray:
    return pc.cast(values, pa.date32()).to_numpy(zero_copy_only=False).astype("datetime64[D]")


def add_months(day: np.ndarray, months: np.ndarray) -> np.ndarray:
    """The same day ``months`` later, the month's last day when it has fewer days
    (``services.add_months`` on arrays)."""
    month = day.astype("datetime64[M]")
    target = month + months.astype("timedelta64[M]")
    last = ((target + np.timedelta64(1, "M")).astype("datetime64[D]")
            - target.astype("datetime64[D]")).astype(np.int64)
    dom = (day - month.astype("datetime64[D]")).astype(np.int64)
    return target.astype("datetime64[D]") + np.minimum(dom, last - 1)


def _names(ctx: LoadContext, person: np.ndarray) -> pa.Array:
    """The display names of Parquet persons ``person`` (as ``person_tables`` writes them)."""
    wanted = np.unique(person)
    t = ctx.read("persons", ["id", "surname", "given_name", "patronymic"], person="id")
    t = t.filter(pc.is_in(t.column("id"), value_set=pa.array(wanted)))
    name = pc.utf8_trim_whitespace(pc.binary_join_element_wise(
        *(decoded(t, c) for c in ("surname", "given_name", "patronymic")), " "))
    ids = t.column("id").to_numpy()
    order = np.argsort(ids)
    return name.take(pa.array(order[np.searchsorted(ids[order], person)]))


def work_permit_rows(ctx: LoadContext, t: pa.Table, person: np.ndarray,
                     employer: np.ndarray) -> dict[str, pa.Table]:
    """``WorkPermit`` rows of the nation's permits (``person``, ``employer``: their
    database ids)."""
    n = t.num_rows
    issued = decoded(t, "issued_on")
    at = pc.strftime(pc.cast(issued, pa.timestamp("s")), format="%Y-%m-%d %H:%M:%S")
    category = pa.array([CATEGORIES[c] for c in decoded(t, "category").to_pylist()], pa.string())
    key = pc.binary_join_element_wise(
        f"synth:{ctx.offset}:", pc.cast(t.column("permit_id"), pa.string()), "")
    blank = pa.array([""] * n, pa.string())
    return {"labour_workpermit": pa.table({
        "id": ctx.ids("labour_workpermit", n), "employer_id": employer,
        "region_id": decoded(t, "region"), "category": category,
        "worker_name": _names(ctx, t.column("person_id").to_numpy()),
        "worker_citizenship_id": decoded(t, "citizenship"), "person_id": person,
        "sector": decoded(t, "sector"), "valid_from": issued,
        "valid_until": decoded(t, "valid_until"),
        "quota_year": pc.cast(t.column("quota_year"), pa.int32()),
        "fee_mci": pc.cast(t.column("fee_mci"), pa.int64()), "fee_kzt": t.column("fee_kzt"),
        "status": pa.array(["granted"] * n, pa.string()), "draw_id": pa.nulls(n, pa.int64()),
        "idempotency_key": key, "requested_by": pa.array([LOADED_BY] * n, pa.string()),
        "requested_at": at, "decided_by": pa.array([LOADED_BY] * n, pa.string()),
        "decided_at": at, "reason": blank, "criteria": pa.array(["[]"] * n, pa.string()),
        "document_id": pa.nulls(n, pa.int64()),
    })}


def household_rows(ctx: LoadContext) -> dict[str, pa.Table]:
    """``HouseholdPermit`` rows and, from ``household_payments``, their ``HouseholdPayment``
    rows, with each permit's status as of the day of the load."""
    t = ctx.read("household_permits", ["permit_id", "person_id", "employer_person_id",
                                       "region", "job", "issued_on", "valid_until", "months",
                                       "monitored"])
    if ctx.selected.size < ctx.persons_total:  # the household must be loaded too
        t = t.filter(pc.is_in(t.column("employer_person_id"),
                              value_set=pa.array(ctx.selected)))
    t = t.sort_by("permit_id")
    n = t.num_rows
    permit_ids = t.column("permit_id").to_numpy()
    ids = ctx.ids("labour_householdpermit", n)
    issued, until = _days(decoded(t, "issued_on")), _days(decoded(t, "valid_until"))
    months = t.column("months").to_numpy().astype(np.int64)

    p = ctx.read("household_payments", ["permit_id", "month", "paid_on", "amount_kzt"],
                 person="")
    p = p.filter(pc.is_in(p.column("permit_id"), value_set=pa.array(permit_ids)))
    row = np.searchsorted(permit_ids, p.column("permit_id").to_numpy())
    start = issued.astype("datetime64[M]").astype(np.int64)
    month = (_days(decoded(p, "month")).astype("datetime64[M]").astype(np.int64)
             - start[row] + 1)
    keep = (month >= 1) & (month <= months[row])
    order = np.lexsort((month, row))
    order = order[keep[order]]
    row, month = row[order], month[order]
    unique = np.r_[True, (row[1:] != row[:-1]) | (month[1:] != month[:-1])]
    order, row, month = order[unique], row[unique], month[unique]
    # months prepaid without a gap from the first, per permit
    first = np.r_[True, row[1:] != row[:-1]]
    rank = np.arange(row.size) - np.maximum.accumulate(np.where(first, np.arange(row.size), 0))
    gap = month != rank + 1
    covered = np.zeros(n, np.int64)
    if row.size:
        starts = np.flatnonzero(first)
        run = np.minimum.reduceat(np.where(gap, rank, np.iinfo(np.int64).max), starts)
        count = np.diff(np.r_[starts, row.size])
        covered[row[starts]] = np.minimum(run, count)
    today = np.datetime64(ctx.now[:10])
    covered_until = add_months(issued, covered) - np.timedelta64(1, "D")
    status = np.where(until < today, "expired",
                      np.where((issued <= today) & (covered_until < today), "lapsed", "active"))
    return {
        "labour_householdpermit": pa.table({
            "id": ids, "worker_id": t.column("person_id").to_numpy() + ctx.offset,
            "household_id": t.column("employer_person_id").to_numpy() + ctx.offset,
            "region_id": decoded(t, "region"), "job": decoded(t, "job"),
            "issued_on": decoded(t, "issued_on"),
            "months": pa.array(months, pa.int64()), "valid_until": decoded(t, "valid_until"),
            "monitored": t.column("monitored"), "status": pa.array(status, pa.string()),
            "created_by": pa.array([LOADED_BY] * n, pa.string()),
            "created_at": pa.array([ctx.now] * n, pa.string()),
            "document_id": pa.nulls(n, pa.int64()),
        }),
        "labour_householdpayment": pa.table({
            "id": ctx.ids("labour_householdpayment", row.size), "permit_id": ids[row],
            "month": pa.array(month, pa.int64()),
            "paid_on": decoded(p, "paid_on").take(pa.array(order)),
            "amount_kzt": pc.cast(p.column("amount_kzt"), pa.int64()).take(pa.array(order)),
        }),
    }
