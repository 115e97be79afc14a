"""Kazakhstan IIN (individuals) and BIN (legal entities): parsing, validation, generation.

Both are 12 ASCII digits; surrounding whitespace is ignored, nothing else is.

* IIN: ``YYMMDD`` date of birth, digit 7 = century and sex (1/2 = 1800s M/F, 3/4 = 1900s,
  5/6 = 2000s; 0 and 7-9 are rejected), digits 8-11 = serial, digit 12 = check digit.
* BIN: ``YYMM`` registration, digit 5 = entity type (4/5/6), digit 6 = attribute (0-3),
  digits 7-11 = serial, digit 12 = check digit.
* Check digit: ``sum(d_i * w_i) mod 11`` with weights 1..11; if that is 10, weights
  3..11,1,2; if that is 10 too, the 11-digit prefix is never issued.

Errors are :class:`IdentifierError` with a stable ``code`` and ``params``; ``message`` is
English, rendered from :data:`ERROR_MESSAGES` (the UI translates by ``code``). No Django here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np

WEIGHTS_FIRST = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_ASCII_DIGITS = frozenset("0123456789")

ERROR_MESSAGES: dict[str, str] = {
    "length": "{kind} must have {expected} digits, got {length}",
    "not_digits": "{kind} must contain only digits 0-9, got '{char}' at position {position}",
    "century_sex": "digit 7 is {digit}, but must be 1-6 (century and sex)",
    "date": "{value} is not a valid date of birth",
    "checksum": "check digit is {actual}, expected {expected}",
    "never_issued": "prefix {prefix} has no valid check digit, so this number is never issued",
    "bin_type": "digit 5 is {digit}, but must be 4, 5 or 6 (entity type)",
    "bin_attribute": "digit 6 is {digit}, but must be 0-3 (entity attribute)",
    "bin_month": "digits 3-4 are {month}, but must be a month 01-12 (registration month)",
    "serial": "serial must be {minimum}-{maximum}, got {serial}",
    "sex": "sex must be 'M' or 'F', got '{sex}'",
    "year": "year {year} is outside {minimum}-{maximum}",
}

ENTITY_TYPES = {
    "4": "resident_legal_entity",
    "5": "nonresident_legal_entity",
    "6": "individual_entrepreneur_joint",
}
ATTRIBUTES = {"0": "head_unit", "1": "branch", "2": "representative_office", "3": "peasant_farm"}


class IdentifierError(ValueError):
    """A malformed IIN/BIN (or bad generator input): ``code`` is a key of
    :data:`ERROR_MESSAGES`, ``params`` fills its placeholders."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The English message, e.g. ``check digit is 8, expected 7``."""
        return ERROR_MESSAGES[self.code].format(**self.params)


@dataclass(frozen=True)
class IINInfo:
    """A valid IIN and what it encodes."""

    number: str
    birth_date: date
    sex: Literal["M", "F"]


@dataclass(frozen=True)
class BINInfo:
    """A valid BIN and what it encodes; ``registered`` is (year, month)."""

    number: str
    registered: tuple[int, int]
    entity_type: str
    attribute: str


def check_digit(prefix11: str) -> int | None:
    """The check digit of an 11-digit prefix, or None if the prefix is never issued.

    Raises IdentifierError ("not_digits"/"length") if ``prefix11`` is not 11 ASCII digits.
    """
    _digits(prefix11, "prefix", length=11)
    values = [ord(c) - 48 for c in prefix11]
    for weights in (WEIGHTS_FIRST, WEIGHTS_SECOND):
        r = sum(d * w for d, w in zip(values, weights, strict=True)) % 11
        if r != 10:
            return r
    return None


def _digits(number: str, kind: str, length: int = 12) -> str:
    """``number`` stripped of surrounding whitespace; it must then be ``length`` ASCII digits."""
    s = number.strip()
    for i, c in enumerate(s):
        if c not in _ASCII_DIGITS:
            raise IdentifierError("not_digits", kind=kind, char=c, position=i + 1)
    if len(s) != length:
        raise IdentifierError("length", kind=kind, length=len(s), expected=length)
    return s


def _verify_check_digit(digits: str) -> None:
    expected = check_digit(digits[:11])
    if expected is None:
        raise IdentifierError("never_issued", prefix=digits[:11])
    if int(digits[11]) != expected:
        raise IdentifierError("checksum", actual=int(digits[11]), expected=expected)


def iin_parse(number: str) -> IINInfo:
    """Parse an IIN. Checks, in order: digits, length, digit 7, date, check digit.

    Raises IdentifierError with code not_digits, length, century_sex, date, never_issued or
    checksum. A birth date in the future is not rejected here.
    """
    digits = _digits(number, "IIN")
    code = int(digits[6])
    if not 1 <= code <= 6:
        raise IdentifierError("century_sex", digit=code)
    year = 1800 + 100 * ((code - 1) // 2) + int(digits[0:2])
    try:
        birth = date(year, int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        raise IdentifierError("date", value=f"{year}-{digits[2:4]}-{digits[4:6]}") from None
    _verify_check_digit(digits)
    return IINInfo(number=digits, birth_date=birth, sex="M" if code % 2 else "F")


def iin_is_valid(number: str) -> bool:
    """True if :func:`iin_parse` accepts ``number``."""
    try:
        iin_parse(number)
    except IdentifierError:
        return False
    return True


def _bin_year(yy: int) -> int:
    """Registration year of a 2-digit ``yy``: this century unless that is in the future."""
    year = 2000 + yy
    return year if year <= date.today().year else year - 100  # noqa: DTZ011 - calendar year


def bin_parse(number: str) -> BINInfo:
    """Parse a BIN. Checks, in order: digits, length, month, type, attribute, check digit.

    Raises IdentifierError with code not_digits, length, bin_month, bin_type, bin_attribute,
    never_issued or checksum. The year is 20YY unless that lies in the future (then 19YY).
    """
    digits = _digits(number, "BIN")
    if not 1 <= int(digits[2:4]) <= 12:
        raise IdentifierError("bin_month", month=digits[2:4])
    if digits[4] not in ENTITY_TYPES:
        raise IdentifierError("bin_type", digit=int(digits[4]))
    if digits[5] not in ATTRIBUTES:
        raise IdentifierError("bin_attribute", digit=int(digits[5]))
    _verify_check_digit(digits)
    return BINInfo(
        number=digits,
        registered=(_bin_year(int(digits[0:2])), int(digits[2:4])),
        entity_type=ENTITY_TYPES[digits[4]],
        attribute=ATTRIBUTES[digits[5]],
    )


def bin_is_valid(number: str) -> bool:
    """True if :func:`bin_parse` accepts ``number``."""
    try:
        bin_parse(number)
    except IdentifierError:
        return False
    return True


def identifier_parse(number: str) -> IINInfo | BINInfo:
    """Parse a number that may be an IIN or a BIN.

    A valid IIN wins. Otherwise, if digit 5 is 4, 5 or 6 and digits 3-4 are a month 01-12
    (a plausible BIN ``YYMM``), the number is parsed as a BIN and BIN errors are raised;
    else the IIN error is raised. (Digit 5 of an IIN is the tens digit of the day, 0-3, so
    a number with 4-6 there can never be a valid IIN: the heuristic never hides an IIN.)
    """
    digits = _digits(number, "IIN/BIN")
    try:
        return iin_parse(digits)
    except IdentifierError:
        if digits[4] in ENTITY_TYPES and 1 <= int(digits[2:4]) <= 12:
            return bin_parse(digits)
        raise


def _check_range(code: str, name: str, value: int, minimum: int, maximum: int) -> None:
    if not minimum <= value <= maximum:
        raise IdentifierError(code, **{name: value}, minimum=minimum, maximum=maximum)


def iin_generate(birth_date: date, sex: str, serial: int) -> str:
    """The IIN for ``birth_date`` (years 1800-2099), ``sex`` "M"/"F" and ``serial`` 0-9999.

    Raises IdentifierError: "year", "sex", "serial", or "never_issued" when this prefix has
    no check digit (about 1 prefix in 121; :func:`iin_generate_next` skips those).
    """
    _check_range("year", "year", birth_date.year, 1800, 2099)
    if sex not in ("M", "F"):
        raise IdentifierError("sex", sex=sex)
    _check_range("serial", "serial", serial, 0, 9999)
    code = 2 * ((birth_date.year - 1800) // 100) + (1 if sex == "M" else 2)
    b = birth_date
    prefix = f"{b.year % 100:02d}{b.month:02d}{b.day:02d}{code}{serial:04d}"
    cd = check_digit(prefix)
    if cd is None:
        raise IdentifierError("never_issued", prefix=prefix)
    return f"{prefix}{cd}"


def iin_generate_next(birth_date: date, sex: str, serial: int) -> tuple[str, int]:
    """Like :func:`iin_generate`, but a never-issued serial advances to ``(serial + 1) % 10000``.

    Returns (iin, serial used). One step always suffices: when both passes give 10, the
    +1 changes the second-pass sum by 2, 5, 6, 5 or 4 (mod 11) depending on carries.
    """
    for _ in range(10_000):
        try:
            return iin_generate(birth_date, sex, serial), serial
        except IdentifierError as err:
            if err.code != "never_issued":
                raise
            serial = (serial + 1) % 10_000
    raise AssertionError("unreachable: some serial always has a check digit")


def iin_generate_many(
    birth_dates: np.ndarray, sexes: np.ndarray, serials: np.ndarray
) -> np.ndarray:
    """Vectorised :func:`iin_generate_next`: an array of 12-character IIN strings (dtype U12).

    ``birth_dates`` datetime64[D] (1800-2099), ``sexes`` bool (True = female), ``serials``
    ints 0-9999; broadcast together. Never-issued prefixes get serial ``(s + 1) % 10000``
    exactly as in the scalar function, so the result can collide with the IIN of serial s+1
    of the same date and sex; callers needing uniqueness must check (the used serial is
    characters 8-11 of the result). Memory is ~60 bytes per number: chunk very large runs.
    Raises IdentifierError "year" (also for NaT) or "serial".
    """
    import numpy as np

    d, female, s = np.broadcast_arrays(
        np.asarray(birth_dates, dtype="datetime64[D]"),
        np.asarray(sexes, dtype=bool),
        np.asarray(serials, dtype=np.int64),
    )
    shape = d.shape
    d, female, s = d.ravel(), female.ravel(), s.ravel().copy()
    years = d.astype("datetime64[Y]").astype(np.int64) + 1970
    bad = np.isnat(d) | (years < 1800) | (years > 2099)
    if bad.any():
        year = "NaT" if np.isnat(d[bad][0]) else int(years[bad][0])
        raise IdentifierError("year", year=year, minimum=1800, maximum=2099)
    bad = (s < 0) | (s > 9999)
    if bad.any():
        raise IdentifierError("serial", serial=int(s[bad][0]), minimum=0, maximum=9999)

    months = d.astype("datetime64[M]")
    mm = (months.astype(np.int64) % 12 + 1).astype(np.int32)
    dd = (d - months).astype(np.int32) + 1
    yy = (years % 100).astype(np.int32)
    code = (2 * ((years - 1800) // 100) + 1 + female).astype(np.int32)
    fixed = [yy // 10, yy % 10, mm // 10, mm % 10, dd // 10, dd % 10, code]
    fixed1 = sum(w * c for w, c in zip(WEIGHTS_FIRST, fixed, strict=False))
    fixed2 = sum(w * c for w, c in zip(WEIGHTS_SECOND, fixed, strict=False))

    def serial_digits(v: np.ndarray) -> list[np.ndarray]:
        v = v.astype(np.int32)
        return [v // 1000, v // 100 % 10, v // 10 % 10, v % 10]

    def check(idx: np.ndarray | slice) -> tuple[np.ndarray, np.ndarray]:
        sd = serial_digits(s[idx])
        r1 = (fixed1[idx] + sum(w * c for w, c in zip(WEIGHTS_FIRST[7:], sd, strict=True))) % 11
        r2 = (fixed2[idx] + sum(w * c for w, c in zip(WEIGHTS_SECOND[7:], sd, strict=True))) % 11
        return np.where(r1 == 10, r2, r1), (r1 == 10) & (r2 == 10)

    cd, never = check(slice(None))
    todo = np.flatnonzero(never)
    while todo.size:
        s[todo] = (s[todo] + 1) % 10_000
        cd_todo, never_todo = check(todo)
        cd[todo] = cd_todo
        todo = todo[never_todo]

    out = np.empty((d.size, 12), dtype=np.uint8)
    for i, column in enumerate([*fixed, *serial_digits(s), cd]):
        out[:, i] = column + 48
    return out.view("S12").reshape(shape).astype("U12")


def bin_generate(
    year: int, month: int, entity_type_digit: int, attribute_digit: int, serial: int
) -> str:
    """The BIN for registration ``year`` (1900-2099) and ``month``, entity type 4/5/6,
    attribute 0-3 and ``serial`` 0-99999.

    Raises IdentifierError: "year", "bin_month", "bin_type", "bin_attribute", "serial", or
    "never_issued" when the prefix has no check digit (try the next serial).
    """
    _check_range("year", "year", year, 1900, 2099)
    if not 1 <= month <= 12:
        raise IdentifierError("bin_month", month=f"{month:02d}")
    if str(entity_type_digit) not in ENTITY_TYPES:
        raise IdentifierError("bin_type", digit=entity_type_digit)
    if str(attribute_digit) not in ATTRIBUTES:
        raise IdentifierError("bin_attribute", digit=attribute_digit)
    _check_range("serial", "serial", serial, 0, 99_999)
    prefix = f"{year % 100:02d}{month:02d}{entity_type_digit}{attribute_digit}{serial:05d}"
    cd = check_digit(prefix)
    if cd is None:
        raise IdentifierError("never_issued", prefix=prefix)
    return f"{prefix}{cd}"
