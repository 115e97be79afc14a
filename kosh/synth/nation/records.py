"""Records of the same persons in other sources (migration cards, employers' reports,
akimat registers, clinics), written with the errors real documents carry, plus records
of persons the registry does not know: the input of record linkage. Which record is
which person is kept apart in ``truth/same_person``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from kosh.identity.names import transliterate
from kosh.synth.persons import names_generate, russian_spelling

from . import targets as T
from .output import Context, NationWriter, dictionary
from .people import ORIGIN_NAMES, People

SOURCES = ("migration_card", "employer_report", "akimat_register", "clinic", "school")
ERRORS = ("typo", "swapped", "no_patronymic", "passport_latin", "latin_2021",
          "russian_spelling", "birth_date", "no_iin")
# How likely each error is in a record of each source (*assumption*).
ERROR_P = {
    "migration_card": (0.10, 0.05, 0.6, 0.7, 0.0, 0.0, 0.03, 0.5),
    "employer_report": (0.15, 0.05, 0.2, 0.0, 0.1, 0.3, 0.05, 0.1),
    "akimat_register": (0.08, 0.10, 0.1, 0.0, 0.0, 0.4, 0.04, 0.2),
    "clinic": (0.20, 0.08, 0.3, 0.0, 0.05, 0.3, 0.08, 0.3),
    "school": (0.12, 0.05, 0.1, 0.0, 0.05, 0.2, 0.06, 0.4),
}
UNKNOWN_SHARE = 0.08  # records of persons not in the registry
_CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыэюяәғқңөұүі"
_LATIN = "abcdefghijklmnopqrstuvwxyz"
COLUMNS = ("iin", "birth_date", "sex", "region", "surname", "given_name", "patronymic")


def typo(word: str, rng: np.random.Generator) -> str:
    """One deletion, insertion, substitution or swap of neighbours, in the word's script."""
    if len(word) < 3:
        return word
    alphabet = _CYRILLIC if any("\u0400" <= c <= "\u04ff" for c in word) else _LATIN
    i = int(rng.integers(1, len(word)))
    letter = alphabet[int(rng.integers(0, len(alphabet)))]
    letter = letter.upper() if word.isupper() else letter
    op = int(rng.integers(0, 4))
    if op == 0:
        return word[:i] + word[i + 1:]
    if op == 1:
        return word[:i] + letter + word[i:]
    if op == 2:
        return word[:i] + letter + word[i + 1:]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def _selected(path: Path, rows: np.ndarray) -> pa.Table:
    """The persons at 0-based ``rows`` (sorted), read one row group at a time."""
    f = pq.ParquetFile(path)
    out, start = [], 0
    for g in range(f.num_row_groups):
        size = f.metadata.row_group(g).num_rows
        lo, hi = np.searchsorted(rows, [start, start + size])
        if hi > lo:
            part = f.read_row_group(g, columns=list(COLUMNS))
            out.append(part.take(pa.array(rows[lo:hi] - start)))
        start += size
    table = pa.concat_tables(out)
    return pa.table({c: table.column(c).cast(pa.string()) if c not in ("birth_date",)
                     else table.column(c) for c in COLUMNS})


def _distort(rec: dict, errors: np.ndarray, rng: np.random.Generator) -> dict:
    e = dict(zip(ERRORS, errors, strict=True))
    s, g, p = rec["surname"], rec["given_name"], rec["patronymic"] or ""
    if e["russian_spelling"]:
        s, g, p = russian_spelling(s), russian_spelling(g), russian_spelling(p)
    if e["typo"]:
        if rng.random() < 0.6:
            s = typo(s, rng)
        else:
            g = typo(g, rng)
    if e["swapped"]:
        s, g = g, s
    if e["no_patronymic"]:
        p = ""
    if e["passport_latin"]:
        s, g, p = (transliterate(x, "passport_icao_kz").upper() for x in (s, g, p))
    elif e["latin_2021"]:
        s, g, p = (transliterate(x, "latin_2021") for x in (s, g, p))
    birth = rec["birth_date"]
    if e["birth_date"] and birth is not None:
        birth = birth.replace(day=birth.month, month=birth.day) if birth.day <= 12 and \
            birth.day != birth.month else birth.replace(year=birth.year + 1, day=min(
                birth.day, 28))
    iin = None if e["no_iin"] else rec["iin"]
    return {"surname": s, "given_name": g, "patronymic": p, "birth_date": birth, "iin": iin,
            "sex": rec["sex"], "region": rec["region"]}


BLOCK = 250_000  # records distorted and written at a time


def records_write(ctx: Context, writer: NationWriter, people: People,
                  persons_path: Path) -> None:
    """About 6 % of persons get a record (some two) and 8 % of the records are of nobody
    in the registry; rows are shuffled within blocks and numbered by a random order."""
    rng = ctx.rng("records")
    n = round(T.LINKAGE_RECORD_SHARE * people.size)
    chosen = np.sort(rng.choice(people.size, size=min(n, people.size), replace=False))
    rows = np.sort(np.r_[chosen, chosen[rng.random(chosen.size) < 0.15]])
    k_unknown = round(UNKNOWN_SHARE * rows.size / (1 - UNKNOWN_SHARE))
    total = rows.size + k_unknown
    record_id = rng.permutation(total) + 1
    done = 0
    for lo in range(0, rows.size, BLOCK):
        block = rows[lo: lo + BLOCK]
        distinct = np.unique(block)
        base = _selected(persons_path, distinct).to_pylist()
        position = np.searchsorted(distinct, block)
        done += _write(writer, rng, [base[i] for i in position], block + 1,
                       record_id[done: done + block.size])
    origin = rng.choice(len(ORIGIN_NAMES), size=k_unknown, p=(
        0.70, 0.15, 0.03, 0.02, 0.015, 0.01, 0.01, 0.006, 0.059))
    female = rng.random(k_unknown) < 0.5
    names = pa.table(names_generate(rng, origin, female, ORIGIN_NAMES)).select(
        ["surname", "given_name", "patronymic"]).cast(pa.schema(
            [(c, pa.string()) for c in ("surname", "given_name", "patronymic")])).to_pylist()
    births = people.birth[rng.choice(people.size, size=k_unknown)].astype("datetime64[D]")
    unknown = [{**nm, "birth_date": b.item(), "iin": None, "sex": "F" if f else "M",
                "region": None} for nm, b, f in zip(names, births, female, strict=True)]
    _write(writer, rng, unknown, np.zeros(k_unknown, dtype=np.int64), record_id[done:])
    ctx.advance("person_records", total)


def _write(writer: NationWriter, rng: np.random.Generator, base: list[dict],
           person: np.ndarray, record_id: np.ndarray) -> int:
    m = len(base)
    source = rng.choice(len(SOURCES), size=m)
    errors = rng.random((m, len(ERRORS))) < np.array([ERROR_P[SOURCES[s]] for s in source]
                                                     ).reshape(m, len(ERRORS))
    order = rng.permutation(m)
    records = pa.Table.from_pylist([_distort(base[i], errors[i], rng) for i in order])
    writer.write("person_records", pa.table({
        "record_id": pa.array(record_id.astype(np.int64)),
        "source": dictionary(source[order], SOURCES),
        **{c: records.column(c).cast(pa.date32() if c == "birth_date" else pa.string())
           for c in ("surname", "given_name", "patronymic", "birth_date", "sex", "iin",
                     "region")},
    }))
    writer.write("truth/same_person", pa.table({
        "record_id": pa.array(record_id.astype(np.int64)),
        "person_id": pa.array(person[order], mask=person[order] == 0),
        "errors": pa.array([",".join(e for e, on in zip(ERRORS, errors[i], strict=True) if on)
                            for i in order], type=pa.string()),
    }))
    return m
