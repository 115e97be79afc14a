"""The economic mobility certificate: half the housing cost, capped (at the cap exactly and
one tenge above), once per family and never again for its members, its quota places back
when it is returned; resettler families drawing on the resettler quota."""

import hashlib
from datetime import date

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from kosh.access.policy import AccessDenied, actor_for
from kosh.documents.signing import pdf_signature_check
from kosh.errors import DomainError
from kosh.geo.models import District
from kosh.quotas.models import QuotaAccount
from kosh.settlement import services
from kosh.settlement.models import Member
from kosh.settlement.rules import family_rules
from kosh.settlement.services import MemberIn

from .conftest import EMPLOYER_BIN, PAVLODAR, TURKISTAN, YEAR, quota_publish

pytestmark = pytest.mark.django_db

CAP_2026 = 1625 * 4325  # 7,028,125 KZT
CAP_2025 = 1160 * 3932


def test_certificate_exactly_at_the_cap_and_one_tenge_above():
    # price × 18 m² × 1 member = housing cost; half of it against the cap
    at_cap = family_rules(on=date(2026, 3, 2), family_size=1,
                          housing_price_m2=2 * CAP_2026 / 18)
    assert at_cap.certificate_kzt == CAP_2026 and at_cap.housing_cost_kzt == 2 * CAP_2026
    above = family_rules(on=date(2026, 3, 2), family_size=1,
                         housing_price_m2=(2 * CAP_2026 + 2) / 18)
    assert above.housing_cost_kzt == 2 * CAP_2026 + 2  # half of it is one tenge above
    assert above.certificate_kzt == CAP_2026 and above.capped
    below = family_rules(on=date(2026, 3, 2), family_size=1,
                         housing_price_m2=(2 * CAP_2026 - 2) / 18)
    assert below.certificate_kzt == CAP_2026 - 1 and not below.capped


def test_the_cap_rises_on_2026_01_01():
    dear = {"family_size": 5, "housing_price_m2": 1_000_000}
    assert family_rules(on=date(2025, 12, 31), **dear).certificate_kzt == CAP_2025
    assert family_rules(on=date(2026, 1, 1), **dear).certificate_kzt == CAP_2026


@settings(max_examples=60, deadline=None)
@given(size=st.integers(1, 12), price=st.integers(0, 2_000_000),
       day=st.dates(date(2023, 1, 1), date(2026, 12, 31)))
def test_certificate_is_half_the_cost_never_above_the_cap(size, price, day):
    r = family_rules(on=day, family_size=size, housing_price_m2=price)
    assert r.housing_cost_kzt == price * 18 * size
    assert r.certificate_kzt == min(r.housing_cost_kzt // 2, r.certificate_cap_kzt)
    assert r.relocation_kzt == 70 * size * r.mci


def resettlers(actor, persons, key="rs1"):
    origin = District.objects.filter(region_id=TURKISTAN).order_by("pk").first()
    return services.resettler_register(
        actor=actor, members=[MemberIn(relation="head" if i == 0 else "child", person_id=p.pk)
                              for i, p in enumerate(persons)],
        origin_district_id=origin.pk, region=PAVLODAR, idempotency_key=key)


@pytest.fixture
def citizens(db):
    from kosh.identity.models import Person
    return list(Person.objects.filter(citizenship_id="KAZ").order_by("pk")[:4])


@pytest.fixture
def staff(employer, user_of):
    user = user_of("employer")
    employer.staff.add(user)
    return actor_for(user)


def left() -> int:
    acc = QuotaAccount.objects.get(year=YEAR, kind="resettlers", region=PAVLODAR)
    return acc.amount - acc.drawn


def test_resettler_certificate_once_and_returned_gives_places_back(
        pavlodar, citizens, housing, staff):
    quota_publish("resettlers", {PAVLODAR: 10})
    fam = resettlers(pavlodar, citizens[:3])
    assert left() == 7
    with pytest.raises(DomainError) as err:
        services.certificate_issue(actor=pavlodar, family_id=fam.pk, district_id=housing.pk)
    assert err.value.code == "job_not_confirmed"
    with pytest.raises(DomainError) as err:
        services.job_confirm(actor=staff, employer_bin="100140011058", person_id=citizens[0].pk)
    assert err.value.code == "invalid_bin"
    services.job_confirm(actor=staff, employer_bin=EMPLOYER_BIN, person_id=citizens[0].pk)
    cert = services.certificate_issue(actor=pavlodar, family_id=fam.pk, district_id=housing.pk)
    assert cert.housing_cost_kzt == 300_000 * 18 * 3
    assert cert.amount_kzt == min(cert.housing_cost_kzt // 2, CAP_2026)
    assert hashlib.sha256(bytes(cert.file.pdf)).hexdigest() == cert.file.sha256
    assert pdf_signature_check(bytes(cert.file.pdf)).status == "valid"
    client = Client()
    client.force_login(pavlodar.user)
    download = client.get(f"/settlement/families/{fam.pk}/certificate.pdf")
    assert download.status_code == 200 and download.content == bytes(cert.file.pdf)
    with pytest.raises(DomainError) as err:
        services.certificate_issue(actor=pavlodar, family_id=fam.pk, district_id=housing.pk)
    assert err.value.code == "certificate_once"
    services.certificate_return(actor=pavlodar, family_id=fam.pk, reason="left the region")
    assert left() == 10
    fam.refresh_from_db()
    assert fam.stage == "departed"


def test_a_member_forming_a_new_family_gets_no_second_certificate(
        pavlodar, citizens, housing, staff):
    quota_publish("resettlers", {PAVLODAR: 10})
    first = resettlers(pavlodar, citizens[:2], key="a")
    services.job_confirm(actor=staff, employer_bin=EMPLOYER_BIN, person_id=citizens[0].pk)
    services.certificate_issue(actor=pavlodar, family_id=first.pk, district_id=housing.pk)
    # the child marries: a new family with someone else
    second = resettlers(pavlodar, [citizens[1], citizens[3]], key="b")
    assert Member.objects.filter(person=citizens[1]).count() == 2
    services.job_confirm(actor=staff, employer_bin=EMPLOYER_BIN, person_id=citizens[3].pk)
    with pytest.raises(DomainError) as err:
        services.certificate_issue(actor=pavlodar, family_id=second.pk, district_id=housing.pk)
    assert err.value.code == "certificate_member"


def test_employer_confirms_only_for_itself(citizens, employer, actor_of, pavlodar):
    quota_publish("resettlers", {PAVLODAR: 10})
    resettlers(pavlodar, citizens[:1])
    with pytest.raises(AccessDenied):
        services.job_confirm(actor=actor_of("employer"), employer_bin=EMPLOYER_BIN,
                             person_id=citizens[0].pk)
