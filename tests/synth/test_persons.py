"""The synthetic persons generator (kosh.synth.persons): deterministic, valid, realistic."""

import numpy as np
import pyarrow.compute as pc
import pytest

from kosh.identity.identifiers import iin_parse
from kosh.identity.names import name_tokens, transliterate
from kosh.synth.persons import (
    ORIGINS,
    patronymic_kazakh,
    patronymic_russian,
    persons_generate,
    region_shares,
    russian_spelling,
    surname_female,
    surname_from_ancestor,
)

N = 200_000


@pytest.fixture(scope="module")
def persons():
    return persons_generate(N, seed=11)


def _distinct(table, column: str) -> int:
    return len(pc.unique(pc.cast(table.column(column), "string")))


def test_same_seed_gives_the_same_table_and_another_seed_another():
    a, b = persons_generate(5_000, seed=3), persons_generate(5_000, seed=3)
    assert a.equals(b)
    assert not a.equals(persons_generate(5_000, seed=4))
    assert persons_generate(0, seed=3).num_rows == 0


def test_columns(persons):
    assert persons.num_rows == N
    assert persons.column_names == [
        "id", "iin", "birth_date", "sex", "region", "citizenship", "origin",
        "surname", "given_name", "patronymic", "surname_latin", "given_name_latin",
        "surname_key", "given_name_key", "patronymic_key",
    ]
    assert persons.column("id").to_pylist()[:3] == [1, 2, 3]


def test_iins_are_valid_unique_and_encode_birth_date_and_sex(persons):
    iins = persons.column("iin")
    assert len(pc.unique(iins)) == N
    rows = persons.select(["iin", "birth_date", "sex"]).slice(0, 20_000).to_pylist()
    for row in rows:
        info = iin_parse(row["iin"])
        assert (info.birth_date, info.sex) == (row["birth_date"], row["sex"])


def test_birth_dates_form_a_plausible_population(persons):
    years = persons.column("birth_date").to_numpy().astype("datetime64[Y]").astype(int) + 1970
    assert years.min() >= 1923 and years.max() <= 2023
    children = np.mean(years > 2008)  # under 15 on 1 January 2024
    assert 0.2 < children < 0.35
    male = np.mean(pc.cast(persons.column("sex"), "string").to_numpy(zero_copy_only=False) == "M")
    assert abs(male - 0.486) < 0.01


def test_region_shares_follow_the_population_of_2023(persons):
    expected = region_shares()
    assert len(expected) == 20 and abs(sum(expected.values()) - 1) < 1e-9
    regions = pc.value_counts(pc.cast(persons.column("region"), "string")).to_pylist()
    observed = {r["values"]: r["counts"] / N for r in regions}
    assert set(observed) == set(expected)
    for kato, share in expected.items():
        assert abs(observed[kato] - share) < 0.004, kato


def test_origin_shares_follow_the_census(persons):
    counts = pc.value_counts(pc.cast(persons.column("origin"), "string")).to_pylist()
    observed = {r["values"]: r["counts"] / N for r in counts}
    total = sum(share for share, _ in ORIGINS.values())
    for origin, (share, _) in ORIGINS.items():
        assert abs(observed[origin] - share / total) < 0.004, origin


def test_vocabulary_is_large_and_grows_with_the_population(persons):
    small = persons_generate(20_000, seed=11)
    assert _distinct(small, "surname_key") < _distinct(persons, "surname_key")
    assert _distinct(persons, "surname_key") >= 12_000
    assert _distinct(persons, "given_name_key") >= 1_500
    # Zipf-like: the commonest surname key is common, but under 2 %
    top = pc.value_counts(pc.cast(persons.column("surname_key"), "string"))
    assert 0.002 < max(top.field("counts").to_pylist()) / N < 0.02


def test_latin_spellings_and_keys_belong_to_the_written_names(persons):
    sample = persons.slice(0, 3_000).to_pylist()
    for p in sample:
        assert p["surname_latin"] == transliterate(p["surname"], "passport_icao_kz").upper()
        assert p["surname_key"] == " ".join(name_tokens(p["surname"]))
        assert p["patronymic_key"] == " ".join(name_tokens(p["patronymic"]))
        assert name_tokens(p["given_name_latin"]) == name_tokens(p["given_name"])


def test_name_forms():
    assert surname_from_ancestor("Ахмет", "M", "ov") == "Ахметов"
    assert surname_from_ancestor("Жұмабай", "F", "ov") == "Жұмабаева"
    assert surname_from_ancestor("Ғали", "M", "ov") == "Ғалиев"
    assert surname_from_ancestor("Серік", "F", "uly") == "Серікқызы"
    assert surname_female("Островский") == "Островская"
    assert surname_female("Шевченко") == "Шевченко"
    assert surname_female("Толстой") == "Толстая"
    assert patronymic_russian("Сергей", "M") == "Сергеевич"
    assert patronymic_russian("Евгений", "F") == "Евгеньевна"
    assert patronymic_russian("Игорь", "M") == "Игоревич"
    assert patronymic_russian("Илья", "F") == "Ильинична"
    assert patronymic_kazakh("Нұрлан", "M") == "Нұрланұлы"
    assert russian_spelling("Нұрлан Әсел") == "Нурлан Асел"
