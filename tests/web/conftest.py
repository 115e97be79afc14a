"""The demo's named persons, as the console tests use them."""

from datetime import date

import pytest

from kosh.identity.models import Person


@pytest.fixture
def zhanna(db) -> Person:
    """Ахметова Жанна Серікқызы: kandas, registered in Akmola Region."""
    return Person.objects.get(display_name="Ахметова Жанна Серікқызы", birth_date=date(1990, 1, 1))


@pytest.fixture
def aziz(db) -> Person:
    """Каримов Азиз Бахтиёрович: Uzbek quota worker, the applicant's own record."""
    return Person.objects.get(display_name="Каримов Азиз Бахтиёрович", birth_date=date(1994, 5, 17))
