"""Numbers, money, dates and periods in each language's conventions (kosh/formats)."""

from datetime import date

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from kosh.formats import date_range, money
from kosh.instruments.common import money as rule_money

NBSP = "\xa0"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_money_and_numbers_group_with_a_no_break_space_and_a_decimal_comma(language):
    with translation.override(language):
        assert money(3500) == f"3{NBSP}500,00"
        assert money(286701.58, "USD") == f"286{NBSP}701,58 USD"
        assert rule_money(1234567.5) == f"1{NBSP}234{NBSP}567,50 USD"


def test_english_money_keeps_its_own_conventions():
    with translation.override("en"):
        assert money(3500, "USD") == "3,500.00 USD"


@pytest.mark.parametrize(("language", "phrase"), [
    ("kk", "04.10.2009 бастап 04.10.2010 дейін"),
    ("ru", "с 04.10.2009 по 04.10.2010"),
    ("en", "from 04.10.2009 to 04.10.2010"),
])
def test_a_period_reads_in_the_languages_word_order(language, phrase):
    with translation.override(language):
        assert date_range(date(2009, 10, 4), date(2010, 10, 4)) == phrase


def test_an_open_period_in_kazakh_puts_the_date_before_the_postposition():
    with translation.override("kk"):
        assert date_range(date(2009, 10, 4), None) == "04.10.2009 бастап"
        html = Template("{% load console %}{{ start|period:end }}").render(
            Context({"start": date(2009, 10, 4), "end": date(2010, 10, 4)}))
        assert html == "04.10.2009 бастап 04.10.2010 дейін"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("typed", ["04.10.2010", "4.10.2010", "2010-10-04"])
def test_date_inputs_accept_the_forms_people_type(language, typed):
    with translation.override(language):
        assert forms.DateField(localize=True).clean(typed) == date(2010, 10, 4)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_dates_show_as_dd_mm_yyyy(language):
    with translation.override(language):
        assert Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"d": date(2010, 10, 4)})) == "04.10.2010"
