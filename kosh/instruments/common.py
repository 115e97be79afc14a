"""What the instrument modules share: schema types, form fields, and the words used to
explain criteria (money, months, days and countries in the active language)."""

import re
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, get_args

import pycountry
from django import forms
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from kosh.formats import short_date
from kosh.geo.models import Country
from kosh.identity.models import Person
from kosh.rules.rates import CURRENCY_CODES


def _country_code(value: str) -> str:
    if pycountry.countries.get(alpha_3=value) is None:
        raise ValueError("not an ISO 3166-1 alpha-3 country code")
    return value


CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$"),
                        AfterValidator(_country_code)]
NOT_A_VALUE = object()
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"  # one line, no NUL (PostgreSQL JSON cannot hold it)
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200,
                                        pattern=PRINTABLE)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200,
                                                pattern=PRINTABLE)]
Money = Annotated[Decimal, Field(ge=0, le=Decimal("1e12"), decimal_places=2)]
# dates an application may carry: within this many years of today (a passport or a card
# runs 10 years, an investment or a diploma may be decades old; 9999-12-31 is a typo)
PAST_YEARS, FUTURE_YEARS = 100, 20


def date_window(today: date) -> tuple[date, date]:
    """The first and last day an application's date may be, seen from ``today``."""
    return (today.replace(year=today.year - PAST_YEARS, day=min(today.day, 28)),
            today.replace(year=today.year + FUTURE_YEARS, day=min(today.day, 28)))


def _sane_date(value: date) -> date:
    first, last = date_window(timezone.localdate())
    if not first <= value <= last:
        raise ValueError(f"a date between {first.isoformat()} and {last.isoformat()}")
    return value


def _sane_month(value: str) -> str:
    _sane_date(date.fromisoformat(f"{value}-01"))
    return value


SaneDate = Annotated[date, AfterValidator(_sane_date)]
YearMonth = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$"),
                      AfterValidator(_sane_month)]
CURRENCY_CHOICES = [(c, c) for c in CURRENCY_CODES]


class ApplicationSchema(BaseModel):
    """Base of the instruments' schemas: no unknown fields, and no value read as another
    type: a date is ``YYYY-MM-DD`` text (not ``0``), a yes/no is ``true`` or ``false`` (not
    ``0`` or ``"yes"``); the forms give exactly that (``form_data``)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _as_written(cls, data: Any) -> Any:
        """A value that pydantic would coerce is swapped for one it refuses, so the refusal
        is reported at the field, in pydantic's words."""
        if not isinstance(data, dict):
            return data
        checked = dict(data)
        for name, value in data.items():
            field = cls.model_fields.get(name)
            if field is None or value is None:
                continue
            types = {field.annotation, *get_args(field.annotation)}
            bad_date = date in types and not (
                isinstance(value, str) and ISO_DATE.fullmatch(value)
            )
            if bad_date or (bool in types and not isinstance(value, bool)):
                checked[name] = NOT_A_VALUE
        return checked
        for name, value in data.items():
            field = cls.model_fields.get(name)
            if field is None or value is None:
                continue
            types = {field.annotation, *get_args(field.annotation)}
            if date in types and not (isinstance(value, str) and ISO_DATE.fullmatch(value)):
                raise ValueError(f"{name}: a date is written as an ISO string, YYYY-MM-DD")
            if bool in types and not isinstance(value, bool):
                raise ValueError(f"{name}: a yes/no value is true or false")
        return data
        if date in types and not (isinstance(value, str) and ISO_DATE.fullmatch(value)):
            raise ValueError("a date is written as an ISO string, YYYY-MM-DD")
        if bool in types and not isinstance(value, bool):
            raise ValueError("a yes/no value is true or false")
        return value


def country_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(c.alpha3, c.name) for c in Country.objects.all()]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _sane_form_date(value: date) -> None:
    try:
        _sane_date(value)
    except ValueError as err:
        first, last = date_window(timezone.localdate())
        raise forms.ValidationError(
            gettext("Enter a date between %(first)s and %(last)s.")
            % {"first": short_date(first), "last": short_date(last)}) from err


def date_field(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), validators=[_sane_form_date])


def yes(label: str, help_text: str = "") -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, help_text=help_text)


def form_data(form: forms.Form) -> dict[str, Any]:
    """The valid part of a bound form as schema input (dates and decimals as JSON)."""
    data = getattr(form, "cleaned_data", {}) or {}
    out: dict[str, Any] = {}
    for name, value in data.items():
        if isinstance(value, date):
            out[name] = value.isoformat()
        elif isinstance(value, Decimal):
            out[name] = str(value)
        else:
            out[name] = value
    return out


def citizenship_of(person: Person) -> str:
    return person.citizenship_id or ""


def amount(value: Any) -> Any:
    """An amount for the rules: the float of ``value``, or ``value`` itself when it is no
    number, so that the rules refuse it (never read as zero)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def number(value: Any) -> float:
    """A value shown in words (a stored result): its float, 0 when it has none."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


# --- words --------------------------------------------------------------------------------


def money(amount: float, currency: str = "USD") -> str:
    return f"{number_format(amount, 2, force_grouping=True)} {currency}"


def month_name(period: str) -> str:
    """``2026-03`` → ``March 2026`` in the active language."""
    year, month = period.split("-")[:2]
    return date_format(date(int(year), int(month), 1), "F Y")


UNSET_DAY = "1970-01-01"  # OpenFisca's default for a date nobody entered


def day(value: str | None) -> str:
    if not value or value == UNSET_DAY:
        return "—"
    return date_format(date.fromisoformat(value), "d.m.Y")


@cache
def _countries() -> dict[str, Country]:
    return Country.objects.in_bulk()


def country(code: str | None) -> str:
    if not code:
        return gettext("no citizenship")
    found = _countries().get(code)
    return found.name if found else code


def verdict(result: dict[str, Any], ok: str, failed: str) -> str:
    return ok if result["passed"] else failed


def criminal_record_words(result: dict[str, Any]) -> str:
    return verdict(result, gettext("A certificate of no criminal record is provided."),
                   gettext("A certificate of no criminal record is required."))


def foreigner_words(result: dict[str, Any]) -> str:
    code = result["values"].get("citizenship", "")
    if result["passed"]:
        return gettext("Not a citizen of Kazakhstan (%(country)s).") % {"country": country(code)}
    return gettext("Citizens of Kazakhstan cannot apply for this.")


# Kazakh nationality is shared by the Ata Zholy card and the 10-year visa
NATIONALITY_LABEL = _("Kazakh nationality")


def nationality_words(result: dict[str, Any]) -> str:
    return verdict(result, gettext("Kazakh nationality is declared and to be proven."),
                   gettext("This is for ethnic Kazakhs; Kazakh nationality was not declared."))
