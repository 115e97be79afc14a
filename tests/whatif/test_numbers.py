"""Numbers typed in Kazakh, Russian and English: read exactly, or refused with a message."""

from decimal import Decimal

import pytest
from django.utils import numberformat, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from kosh.whatif.numbers import NumberError, number_parse

LANGUAGES = ("kk", "ru", "en")


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("text", "value"), [
    ("2000", "2000"), ("2 000", "2000"), ("2\u00a0000", "2000"), ("2\u202f000", "2000"),
    ("2000,50", "2000.50"), ("2 000,50", "2000.50"), ("2000.50", "2000.50"),
    ("2\u00a0000\u00a0000", "2000000"), ("2,000,000", "2000000"), ("0,5", "0.5"),
    ("12345,678", "12345.678"), (" 3000 ", "3000"),
])
def test_unambiguous_numbers_read_the_same_in_every_language(text, value, language):
    assert number_parse(text, language=language) == Decimal(value)


def test_a_comma_before_three_digits_groups_in_english_and_is_refused_in_kazakh_and_russian():
    assert number_parse("2,000", language="en") == 2000
    assert number_parse("2.000", language="en") == 2
    for language in ("kk", "ru"):
        for text in ("2,000", "2.000"):
            with pytest.raises(NumberError, match="Ambiguous"):
                number_parse(text, language=language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text", [
    "2,000,5", "abc", "1e400", "inf", "-inf", "nan", "", " ", "2 00", "20 00", "2.000,50",
    "1.000.000", ",5", "5,", "2000,50,1", "١٢٣", "12345678901234567",
])
def test_malformed_numbers_are_refused(text, language):
    with pytest.raises(NumberError):
        number_parse(text, language=language)


def test_negative_numbers_only_where_allowed():
    with pytest.raises(NumberError, match="not negative"):
        number_parse("-5")
    with pytest.raises(NumberError):
        number_parse("\u22125")
    assert number_parse("\u22122 000,5", language="ru", negative=True) == Decimal("-2000.5")


AMOUNTS = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False)
# (decimal mark, thousands separator, decimal places that cannot be mistaken for groups)
CONVENTIONS = {
    "en": [(".", ",", 3), (".", "", 3)],
    "ru": [(",", "\u00a0", 2), (",", " ", 2), (",", "\u202f", 2), (",", "", 2)],
    "kk": [(",", "\u00a0", 2), (",", " ", 2), (",", "\u202f", 2), (",", "", 2)],
}


@settings(max_examples=400)
@given(amount=AMOUNTS, language=st.sampled_from(LANGUAGES), data=st.data())
def test_a_number_written_by_the_languages_convention_reads_back(amount, language, data):
    mark, separator, places = data.draw(st.sampled_from(CONVENTIONS[language]))
    decimals = data.draw(st.integers(min_value=0, max_value=places))
    amount = round(amount, decimals)
    text = numberformat.format(amount, mark, decimal_pos=decimals, grouping=3,
                               thousand_sep=separator, force_grouping=bool(separator),
                               use_l10n=True)
    assert number_parse(text, language=language) == amount
