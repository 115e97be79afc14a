"""Fixtures of the settlement tests: a regional officer, the year's kandas and resettler
quotas of a few settlement regions, a family of members as written abroad, and the clock
frozen on a working day of 2026."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model

from kosh.access.models import Profile
from kosh.access.policy import Actor, actor_for, system_actor
from kosh.access.roles import Role
from kosh.geo.models import District
from kosh.identity.models import Employer
from kosh.quotas.proposals import QuotaLineProposal
from kosh.quotas.services import quota_set_approve, quota_set_propose
from kosh.settlement.models import HousingPrice, Member
from kosh.settlement.services import MemberIn

PAVLODAR = "550000000"
ABAI = "100000000"
NKO = "590000000"
TURKISTAN = "610000000"
YEAR = 2026
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
EMPLOYER_BIN = "100140011059"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def quota_publish(kind: str, places: dict[str, int], year: int = YEAR) -> None:
    """Propose and approve the year's quota of ``kind`` with one line per region."""
    actor = system_actor()
    draft = quota_set_propose(actor=actor, year=year, kind=kind, lines=[
        QuotaLineProposal(kind=kind, category="", region=region, year=year, amount=amount,
                          basis="test") for region, amount in places.items()])
    quota_set_approve(actor=actor, quota_set_id=draft.pk)


def officer(username: str, role: str, *, region: str | None = None,
            mission: str | None = None) -> Actor:
    user, _ = get_user_model().objects.get_or_create(username=username)
    Profile.objects.update_or_create(user=user, defaults={
        "role": role, "region_id": region, "mission_country_id": mission})
    return actor_for(get_user_model().objects.get(pk=user.pk))


@pytest.fixture
def embassy(db) -> Actor:
    return officer("settle-embassy", Role.EMBASSY_OFFICER, mission="UZB")


@pytest.fixture
def pavlodar(db) -> Actor:
    return officer("settle-pavlodar", Role.MIGRATION_OFFICER, region=PAVLODAR)


@pytest.fixture
def ministry(db) -> Actor:
    return officer("settle-ministry", Role.LABOUR_OFFICER)


def family(size: int = 5, surname: str = "Nurlanov") -> list[MemberIn]:
    """A family as written in foreign (Uzbek Latin) documents: the head first."""
    relations = [Member.Relation.HEAD, Member.Relation.SPOUSE] + [Member.Relation.CHILD] * 8
    return [MemberIn(relation=relations[i], surname=surname, given_name=f"Aibek{'a' * i}",
                     birth_date=date(1980 + 3 * i, 5, 1), sex="M" if i % 2 == 0 else "F")
            for i in range(size)]


@pytest.fixture
def housing(db) -> District:
    """A district of Pavlodar Region with a price per m²."""
    district = District.objects.filter(region_id=PAVLODAR).order_by("pk").first()
    HousingPrice.objects.create(district=district, year=2025, quarter=4, price_m2_kzt=300_000)
    return district


@pytest.fixture
def employer(db) -> Employer:
    """An employer in Pavlodar Region whose staff user confirms jobs."""
    emp, _ = Employer.objects.get_or_create(bin=EMPLOYER_BIN, defaults={
        "name": "Pavlodar Steel", "region_id": PAVLODAR})
    return emp
