"""Every date field of every instrument's application refuses a date far in the past or
the future at that field (9999-12-31 as an entry date would commit a case that then breaks
every page showing it): a property over all registered manifests."""

import typing
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from kosh.cases.registry import Instrument
from kosh.errors import DomainError
from kosh.instruments.common import date_window
from kosh.instruments.manifest import MANIFESTS

from .test_instruments import ELIGIBLE

TODAY = date(2026, 11, 27)
FIRST, LAST = date_window(TODAY)


def _has_date(annotation: object) -> bool:
    if annotation is date:
        return True
    return any(_has_date(arg) for arg in typing.get_args(annotation))


def date_fields(code: str) -> list[str]:
    schema = MANIFESTS[code].instrument.schema
    return [name for name, field in schema.model_fields.items() if _has_date(field.annotation)]


FIELDS = [(code, name) for code in sorted(MANIFESTS) for name in date_fields(code)]
OUTSIDE = st.one_of(st.dates(max_value=FIRST - timedelta(days=1)),
                    st.dates(min_value=LAST + timedelta(days=1)))


def test_the_instruments_have_date_fields_to_check():
    assert {code for code, _ in FIELDS} >= {"neo_nomad", "investor_visa", "ata_zholy",
                                            "repatriation_insurance"}
    assert ("neo_nomad", "intended_entry_date") in FIELDS


def _application(code: str) -> dict:
    form = MANIFESTS[code].instrument.form_class(ELIGIBLE[code][1])
    assert form.is_valid(), form.errors
    return form.application_data()


@pytest.mark.parametrize(("code", "name"), FIELDS)
def test_a_date_outside_the_sane_window_is_refused_at_its_field(db, code, name):
    spec = MANIFESTS[code].instrument
    with time_machine.travel(datetime(2026, 11, 27, 9, 0, tzinfo=UTC), tick=False):
        base = _application(code)

        @settings(max_examples=30, deadline=None)
        @given(day=OUTSIDE)
        def refused(day: date) -> None:
            with pytest.raises(DomainError) as error:
                Instrument.validate(spec, base | {name: day.isoformat()})
            assert error.value.field == name
            assert name in {row["field"] for row in error.value.rows}

        refused()
        for day in (FIRST, LAST, TODAY):  # the window's own days are not refused there
            try:
                Instrument.validate(spec, base | {name: day.isoformat()})
            except DomainError as error:
                assert name not in {row["field"] for row in error.rows}


def test_the_form_field_refuses_9999_12_31(db):
    with time_machine.travel(datetime(2026, 11, 27, 9, 0, tzinfo=UTC), tick=False):
        post = ELIGIBLE["neo_nomad"][1] | {"intended_entry_date": "9999-12-31"}
        form = MANIFESTS["neo_nomad"].instrument.form_class(post)
        assert not form.is_valid() and "intended_entry_date" in form.errors
