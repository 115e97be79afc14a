"""A small registry and source records written as other doors write them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

PERSONS = [
    # id, iin, birth_date, sex, surname, given_name, patronymic, region
    (1, "900307400123", "1990-03-07", "F", "Ахметова", "Жанна", "Нурлановна", "750000000"),
    (2, "850612300456", "1985-06-12", "M", "Қасымов", "Нұрлан", "Болатұлы", "710000000"),
    (3, "880115300789", "1988-01-15", "M", "Омаров", "Ерлан", "Серикович", "750000000"),
    (4, "880822301234", "1988-08-22", "M", "Омаров", "Ерлан", "Маратович", "750000000"),
    (5, "920419400567", "1992-04-19", "F", "Сәрсенова", "Әйгерім", "Дәулетқызы", "790000000"),
    (6, "750101300111", "1975-01-01", "M", "Иванов", "Сергей", "Петрович", "550000000"),
    (7, "010923500222", "2001-09-23", "M", "Жұмабаев", "Айдос", "Ерланұлы", "630000000"),
    (8, "990505400333", "1999-05-05", "F", "Ким", "Наталья", "Викторовна", "750000000"),
]
RECORDS = [
    # record_id, person (truth), source, surname, given, patronymic, birth_date, sex, iin
    (101, 1, "migration_card", "AKHMETOVA", "ZHANNA", "", "1990-03-07", "F", None),
    (102, 1, "school", "Akhmetova", "Janna", "Nurlanovna", "1990-07-03", "F", None),
    (103, 2, "clinic", "Касымов", "Нурлан", "Болатулы", "1985-06-12", "M", None),
    (104, 3, "employer_report", "Омаров", "Ерлан", "Серикович", "1988-01-15", "M", None),
    (105, 5, "akimat_register", "Әйгерім", "Сәрсенова", "", "1992-04-19", "F", "920419400567"),
    (106, 6, "clinic", "Иванов", "Сергей", "Петрович", "1975-01-01", "M", "750101300111"),
    (107, None, "migration_card", "Петров", "Олег", "", "1979-11-30", "M", None),
]


def persons_frame() -> pd.DataFrame:
    """The registry as the synthetic nation's ``persons`` table has it."""
    return pd.DataFrame(PERSONS, columns=["id", "iin", "birth_date", "sex", "surname",
                                          "given_name", "patronymic", "region"])


def records_frame() -> pd.DataFrame:
    """Source records as ``person_records`` has them (region unknown)."""
    rows = [(r, s, su, g, p, b, x, i, None) for r, _, s, su, g, p, b, x, i in RECORDS]
    return pd.DataFrame(rows, columns=["record_id", "source", "surname", "given_name",
                                       "patronymic", "birth_date", "sex", "iin", "region"])


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    """A Parquet snapshot of the small registry and records, with its truth."""
    persons_frame().to_parquet(tmp_path / "persons.parquet")
    records_frame().to_parquet(tmp_path / "person_records.parquet")
    (tmp_path / "truth").mkdir()
    pd.DataFrame([(r, p) for r, p, *_ in RECORDS], columns=["record_id", "person_id"]).astype(
        {"person_id": "float64"}).to_parquet(tmp_path / "truth" / "same_person.parquet")
    return tmp_path
