"""IIN/BIN parsing, validation and generation (kosh.identity.identifiers)."""

import csv
import re
import string
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kosh.identity.identifiers import (
    ERROR_MESSAGES,
    WEIGHTS_FIRST,
    BINInfo,
    IdentifierError,
    IINInfo,
    bin_generate,
    bin_is_valid,
    bin_parse,
    check_digit,
    identifier_parse,
    iin_generate,
    iin_generate_many,
    iin_generate_next,
    iin_is_valid,
    iin_parse,
)

VECTORS_CSV = Path(__file__).parent / "data" / "iin_bin_test_vectors.csv"
with VECTORS_CSV.open(encoding="utf-8", newline="") as _f:
    VECTORS = list(csv.DictReader(_f))

dates = st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31))
sexes = st.sampled_from(["M", "F"])
serials = st.integers(min_value=0, max_value=9999)


def _vector_id(row: dict) -> str:
    return f"{row['kind']}-{row['number']}"


def _first_pass_sum(number: str) -> int:
    return sum(int(d) * w for d, w in zip(number[:11], WEIGHTS_FIRST, strict=True)) % 11


def _checksum_ok(number: str) -> bool:
    return check_digit(number[:11]) == int(number[11])


@pytest.mark.parametrize("row", VECTORS, ids=_vector_id)
def test_shared_vector_has_expected_validity(row):
    parse, is_valid = (
        (iin_parse, iin_is_valid) if row["kind"] == "IIN" else (bin_parse, bin_is_valid)
    )
    expected = row["expected_valid"] == "1"
    assert is_valid(row["number"]) is expected
    if expected:
        assert parse(row["number"]).number == row["number"]
    else:
        with pytest.raises(IdentifierError):
            parse(row["number"])


@pytest.mark.parametrize("row", VECTORS, ids=_vector_id)
def test_identifier_parse_agrees_with_shared_vectors(row):
    if row["expected_valid"] == "1":
        info = identifier_parse(row["number"])
        assert isinstance(info, IINInfo if row["kind"] == "IIN" else BINInfo)
    else:
        with pytest.raises(IdentifierError):
            identifier_parse(row["number"])


@pytest.mark.parametrize(
    "row",
    [r for r in VECTORS if r["kind"] == "IIN" and r["note"].startswith("born")],
    ids=_vector_id,
)
def test_valid_vector_decodes_birth_date_and_sex_from_note(row):
    born, sex = re.match(r"born (\S+) sex ([MF])", row["note"]).groups()
    assert iin_parse(row["number"]) == IINInfo(row["number"], date.fromisoformat(born), sex)


def test_second_pass_check_digit_is_used_when_first_pass_gives_ten():
    assert _first_pass_sum("900101300811") == 10
    assert check_digit("90010130081") == 1
    assert iin_parse("900101300811").birth_date == date(1990, 1, 1)


def test_bin_vector_fails_on_its_check_digit():
    with pytest.raises(IdentifierError) as exc:
        bin_parse("940140000386")
    assert (exc.value.code, exc.value.message) == ("checksum", "check digit is 6, expected 5")
    assert bin_parse("940140000385") == BINInfo(
        "940140000385", (1994, 1), "resident_legal_entity", "head_unit"
    )


def test_identifier_parse_routes_bin_shaped_numbers_to_bin_rules():
    assert isinstance(identifier_parse("940140000385"), BINInfo)
    with pytest.raises(IdentifierError) as exc:
        identifier_parse("941340000385")  # month 13: not a plausible YYMM, so the IIN error
    assert exc.value.code == "century_sex"
    with pytest.raises(IdentifierError) as exc:
        identifier_parse("940140000386")  # plausible BIN: the BIN error is reported
    assert (exc.value.code, exc.value.params["expected"]) == ("checksum", 5)


@pytest.mark.parametrize(
    ("call", "number", "code", "message"),
    [
        (iin_parse, "90010131234", "length", "IIN must have 12 digits, got 11"),
        (bin_parse, "9401400003851", "length", "BIN must have 12 digits, got 13"),
        (iin_parse, "9001013123x8", "not_digits",
         "IIN must contain only digits 0-9, got 'x' at position 11"),
        (iin_parse, "900101700012", "century_sex",
         "digit 7 is 7, but must be 1-6 (century and sex)"),
        (iin_parse, "900101000012", "century_sex",
         "digit 7 is 0, but must be 1-6 (century and sex)"),
        (iin_parse, "900230300019", "date", "1990-02-30 is not a valid date of birth"),
        (iin_parse, "550314301238", "checksum", "check digit is 8, expected 7"),
        (iin_parse, "900101300800", "never_issued",
         "prefix 90010130080 has no valid check digit, so this number is never issued"),
        (bin_parse, "940170000385", "bin_type",
         "digit 5 is 7, but must be 4, 5 or 6 (entity type)"),
        (bin_parse, "940145000385", "bin_attribute",
         "digit 6 is 5, but must be 0-3 (entity attribute)"),
        (bin_parse, "941340000385", "bin_month",
         "digits 3-4 are 13, but must be a month 01-12 (registration month)"),
    ],
)  # fmt: skip
def test_each_parse_error_code_has_its_english_message(call, number, code, message):
    with pytest.raises(IdentifierError) as exc:
        call(number)
    assert exc.value.code == code
    assert exc.value.message == message == str(exc.value)
    assert isinstance(exc.value, ValueError)


@pytest.mark.parametrize(
    ("call", "code", "message"),
    [
        (lambda: iin_generate(date(1990, 1, 1), "X", 1), "sex", "sex must be 'M' or 'F', got 'X'"),
        (lambda: iin_generate(date(1990, 1, 1), "M", 10_000), "serial",
         "serial must be 0-9999, got 10000"),
        (lambda: iin_generate(date(1799, 12, 31), "M", 1), "year",
         "year 1799 is outside 1800-2099"),
        (lambda: iin_generate(date(1990, 1, 1), "M", 80), "never_issued",
         "prefix 90010130080 has no valid check digit, so this number is never issued"),
        (lambda: bin_generate(1994, 1, 4, 0, 100_000), "serial",
         "serial must be 0-99999, got 100000"),
        (lambda: bin_generate(1899, 1, 4, 0, 1), "year", "year 1899 is outside 1900-2099"),
        (lambda: check_digit("1234567890"), "length", "prefix must have 11 digits, got 10"),
    ],
)  # fmt: skip
def test_generator_errors_have_codes_and_messages(call, code, message):
    with pytest.raises(IdentifierError) as exc:
        call()
    assert (exc.value.code, exc.value.message) == (code, message)


def test_every_error_code_has_a_template_with_named_placeholders():
    for code, template in ERROR_MESSAGES.items():
        names = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
        assert all(n.isidentifier() for n in names), code
    assert {"length", "not_digits", "century_sex", "date", "checksum", "never_issued",
            "bin_type", "bin_attribute", "bin_month"} <= ERROR_MESSAGES.keys()  # fmt: skip


def test_surrounding_whitespace_is_ignored_but_inner_spaces_are_not():
    assert iin_parse(" 900101312348\n").number == "900101312348"
    with pytest.raises(IdentifierError) as exc:
        iin_parse("900101 312348")
    assert exc.value.code == "not_digits"


def test_non_ascii_digits_are_rejected():
    assert not iin_is_valid("٩٠٠١٠١٣١٢٣٤٨")


def test_iin_generate_next_skips_never_issued_serial():
    assert iin_generate_next(date(1990, 1, 1), "M", 80) == ("900101300811", 81)
    assert iin_generate_next(date(1990, 1, 1), "M", 81) == ("900101300811", 81)


def test_bin_generate_round_trips():
    number = bin_generate(2023, 7, 5, 1, 12345)
    assert number.startswith("2307511234")
    assert bin_parse(number) == BINInfo(number, (2023, 7), "nonresident_legal_entity", "branch")
    assert isinstance(identifier_parse(number), BINInfo)


@given(dates, sexes, serials)
def test_generated_iin_parses_back_to_birth_date_and_sex(birth, sex, serial):
    number, used = iin_generate_next(birth, sex, serial)
    assert used in (serial, (serial + 1) % 10_000)
    assert number[7:11] == f"{used:04d}"
    assert iin_parse(number) == IINInfo(number, birth, sex)
    assert identifier_parse(number) == iin_parse(number)


@given(dates, sexes, serials, st.integers(1, 9))
def test_changing_the_check_digit_always_invalidates(birth, sex, serial, delta):
    number, _ = iin_generate_next(birth, sex, serial)
    altered = number[:11] + str((int(number[11]) + delta) % 10)
    assert not iin_is_valid(altered)


@given(dates, sexes, serials, st.integers(1, 9))
def test_changing_digit_11_is_undetected_iff_first_weight_pass_was_used(birth, sex, serial, delta):
    # Weight 11 is 0 mod 11 in the first pass: a known blind spot of the IIN checksum.
    number, _ = iin_generate_next(birth, sex, serial)
    altered = number[:10] + str((int(number[10]) + delta) % 10) + number[11]
    assert _checksum_ok(altered) is (_first_pass_sum(number) != 10)


@given(dates, sexes, serials, st.integers(0, 9), st.integers(1, 9))
def test_single_digit_change_in_positions_1_to_10_passes_only_by_switching_weight_pass(
    birth, sex, serial, position, delta
):
    # Positions 1-10 have weights invertible mod 11 in both passes, so a changed digit
    # changes the sum of the pass in use; the checksum can still pass (about 1 change in
    # 121) only when the altered number takes its check digit from the other pass.
    number, _ = iin_generate_next(birth, sex, serial)
    altered = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    if _checksum_ok(altered):
        assert (_first_pass_sum(altered) == 10) != (_first_pass_sum(number) == 10)


def test_single_digit_change_can_yield_a_valid_iin_so_that_property_is_not_asserted():
    number = iin_generate(date(1990, 1, 1), "M", 1234)
    altered = number[:10] + str((int(number[10]) + 1) % 10) + number[11]
    assert iin_is_valid(number) and iin_is_valid(altered)
    assert iin_parse(altered).birth_date == iin_parse(number).birth_date


@given(st.lists(st.tuples(dates, st.booleans(), serials), min_size=1, max_size=50))
def test_vectorised_generator_agrees_with_scalar(rows):
    birth, female, serial = zip(*rows, strict=True)
    numbers = iin_generate_many(
        np.array(birth, dtype="datetime64[D]"), np.array(female), np.array(serial)
    )
    assert numbers.dtype == np.dtype("U12")
    expected = [iin_generate_next(b, "F" if f else "M", s)[0] for b, f, s in rows]
    assert numbers.tolist() == expected


def test_vectorised_generator_bumps_never_issued_serials_like_the_scalar_one():
    never = [
        (b, s)
        for b in (date(1990, 1, 1), date(1955, 3, 14), date(2004, 2, 29))
        for s in range(10_000)
        if check_digit(f"{b:%y%m%d}{3 if b.year < 2000 else 5}{s:04d}") is None
    ]
    never.append((date(1990, 3, 22), 9999))  # wraps round to serial 0000
    birth = np.array([b for b, _ in never], dtype="datetime64[D]")
    numbers = iin_generate_many(birth, np.zeros(len(never), dtype=bool), [s for _, s in never])
    for (b, s), number in zip(never, numbers, strict=True):
        assert number == iin_generate_next(b, "M", s)[0]
        assert number[7:11] == f"{(s + 1) % 10_000:04d}"
        assert iin_parse(number).birth_date == b
    assert len(never) > 100
    assert iin_generate_many(np.datetime64("1990-01-01"), False, 80) == "900101300811"


def test_vectorised_generator_rejects_out_of_range_input():
    with pytest.raises(IdentifierError) as exc:
        iin_generate_many(np.array(["1700-01-01"], dtype="datetime64[D]"), [False], [1])
    assert exc.value.code == "year"
    with pytest.raises(IdentifierError) as exc:
        iin_generate_many(np.array(["NaT"], dtype="datetime64[D]"), [False], [1])
    assert exc.value.code == "year"
    with pytest.raises(IdentifierError) as exc:
        iin_generate_many(np.array(["1990-01-01"], dtype="datetime64[D]"), [False], [-1])
    assert exc.value.code == "serial"
