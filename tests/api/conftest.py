"""Fixtures of the API tests: the two demo persons the guides use."""

import pytest

from kosh.identity.models import Person


@pytest.fixture
def zhanna(db) -> Person:
    """Ахметова Жанна, born 1990-01-01, kandas, registered in Akmola Region."""
    return Person.objects.get(display_name="Ахметова Жанна Серікқызы", birth_date="1990-01-01")


@pytest.fixture
def aziz(db) -> Person:
    """Каримов Азиз, citizen of Uzbekistan, labour migrant (quota), employed by the demo
    employer, the record of the ``applicant`` login."""
    return Person.objects.get(display_name="Каримов Азиз Бахтиёрович")
