"""Fixtures of the asylum tests: an Afghan arrival registered in the registry, and an
embassy officer of Afghanistan (the country of origin) who must never learn of her
application."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from kosh.access.models import Profile
from kosh.access.policy import actor_for, system_actor
from kosh.access.roles import Role
from kosh.identity.services import person_create


@pytest.fixture
def arrival(db):
    """A person from Afghanistan with a distinctive name (found by search)."""
    return person_create(actor=system_actor(), birth_date=date(1990, 4, 2), sex="F",
                         surname="Zarghuna", given_name="Wahidi", citizenship="AFG")


@pytest.fixture
def embassy_afg(db):
    """The user of an embassy officer whose mission is Afghanistan."""
    user = get_user_model().objects.create(username="embassy_afg")
    Profile.objects.create(user=user, role=Role.EMBASSY_OFFICER, mission_country_id="AFG")
    return user


@pytest.fixture
def asylum_actor(actor_of):
    return actor_of("asylum")


@pytest.fixture
def embassy_afg_actor(embassy_afg):
    return actor_for(embassy_afg)
