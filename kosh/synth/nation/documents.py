"""Identity documents of every person: ID cards (and some passports) of citizens, birth
certificates of children, residence permits and passports of foreigners, kandas,
refugee and stateless certificates. Numbers are unique per kind and issuing country and
never collide with the demo's (ID cards from 040000000, passports N…, foreign P…)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .output import Context, NationWriter, dictionary
from .people import SEGMENTS, People

KINDS = ("id_card", "passport", "foreign_passport", "residence_permit", "stateless_cert",
         "refugee_cert", "kandas_cert", "birth_cert")
NUMBERING = {  # kind → (prefix, digits, first number)
    "id_card": ("0", 8, 40_000_000), "passport": ("N", 8, 10_000_000),
    "foreign_passport": ("P", 8, 10_000_000), "residence_permit": ("R", 8, 10_000_000),
    "stateless_cert": ("L", 7, 2_000_000), "refugee_cert": ("B", 7, 2_000_000),
    "kandas_cert": ("K", 8, 10_000_000), "birth_cert": ("", 10, 1_000_000_000),
}
TODAY = np.datetime64("2025-12-31")
YEAR = np.timedelta64(365, "D")


def documents_write(ctx: Context, writer: NationWriter, people: People) -> None:
    """Documents of all persons, in chunks; numbers count up per kind across chunks."""
    next_number = {k: v[2] for k, v in NUMBERING.items()}
    kaz = people.country("KAZ")
    countries = np.array(people.countries)
    for c, lo in enumerate(range(0, people.size, ctx.chunk)):
        rng = ctx.rng("documents", c)
        hi = min(people.size, lo + ctx.chunk)
        birth = people.birth[lo:hi].astype("datetime64[D]")
        age = ((TODAY - birth).astype(int) / 365.2425).astype(int)
        seg = people.segment[lo:hi]
        cit = people.citizenship[lo:hi]
        citizen = cit == kaz
        resident = np.isin(seg, [SEGMENTS.index(s) for s in
                                 ("resident", "kandas", "resettler", "stateless")])
        person = np.arange(lo + 1, hi + 1)
        wanted = [
            ("id_card", citizen & (age >= 16)),
            ("passport", citizen & (age >= 16) & (rng.random(hi - lo) < 0.25)),
            ("birth_cert", citizen & (age < 16)),
            ("foreign_passport", ~citizen & (cit >= 0)),
            ("residence_permit", resident & ~citizen & (cit >= 0)),
            ("kandas_cert", (seg == SEGMENTS.index("kandas")) & ~citizen),
            ("stateless_cert", cit < 0),
            ("refugee_cert", seg == SEGMENTS.index("refugee")),
        ]
        parts = []
        for kind, mask in wanted:
            rows = np.flatnonzero(mask)
            k = rows.size
            first = next_number[kind]
            numbers = first + np.cumsum(rng.integers(1, 4, k))
            next_number[kind] = int(numbers[-1]) if k else first
            valid_years = 10 if kind in ("id_card", "passport", "foreign_passport") else 1
            earliest = birth[rows] + (16 * YEAR if kind in ("id_card", "passport") else 0)
            if kind == "birth_cert":
                issued = birth[rows] + rng.integers(1, 30, k).astype("timedelta64[D]")
                expires = np.full(k, np.datetime64("NaT"), dtype="datetime64[D]")
            else:
                back = (rng.random(k) * valid_years * 365 * 1.1).astype("timedelta64[D]")
                issued = np.maximum(TODAY - back, earliest)
                expires = issued + valid_years * YEAR
            issuing = np.where(kind == "foreign_passport", cit[rows], kaz)
            parts.append((person[rows], np.full(k, KINDS.index(kind)), numbers, kind,
                          issuing, issued, expires))
        writer.write("person_documents", _table(parts, countries))
        ctx.advance("person_documents", hi - lo)


def _table(parts: list, countries: np.ndarray) -> pa.Table:
    numbers = []
    for _, _, num, kind, *_ in parts:
        prefix, width, _ = NUMBERING[kind]
        text = pc.utf8_lpad(pc.cast(pa.array(num, type=pa.int64()), pa.string()), width, "0")
        numbers.append(pc.binary_join_element_wise(prefix, text, "") if prefix else text)
    person = np.concatenate([p[0] for p in parts])
    order = np.argsort(person, kind="stable")
    expires = np.concatenate([p[6] for p in parts])[order]
    issuing = np.concatenate([p[4] for p in parts])[order]
    return pa.table({
        "person_id": pa.array(person[order].astype(np.int64)),
        "kind": dictionary(np.concatenate([p[1] for p in parts])[order], KINDS),
        "number": pa.concat_arrays([n.cast(pa.string()) for n in numbers]).take(
            pa.array(order)),
        "issuing_country": dictionary(issuing, countries),
        "issued_on": pa.array(np.concatenate([p[5] for p in parts])[order], type=pa.date32()),
        "expires_on": pa.array(expires, type=pa.date32()),
        "status": dictionary((~np.isnat(expires) & (expires < TODAY)).astype(np.int32),
                             ["valid", "expired"]),
    })
