"""Employer work permits: the BIN and the employer's own scope, the local-content share at
its boundary, the fee, the labour officer's decision drawing on the quota ledger (exhausted
at its boundary), cancellation returning the place; household-worker permits with the
monthly tax and the lapse of a month not prepaid; the Ind 6 coverage."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth import get_user_model

from kosh.access.models import Profile
from kosh.access.policy import actor_for
from kosh.errors import DomainError
from kosh.identity.models import Employer, Person
from kosh.labour import services
from kosh.labour.models import HouseholdCoverage, HouseholdPermit, WorkPermit
from kosh.labour.selectors import work_permit_list
from kosh.quotas.models import QuotaAccount
from tests.quotas.conftest import publish

AKMOLA = "110000000"
YEAR = 2026
pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(actor_of):
    emp = Employer.objects.get(name="Kosh Demo Construction")
    services.staff_declare(actor=actor_of("employer"), employer_id=emp.pk, cat12_total=10,
                           cat12_citizens=10, cat34_total=90, cat34_citizens=82,
                           declared_on=date(2026, 1, 10))
    return emp


def uzbek_worker() -> Person:
    """A foreign worker in the registry (the decision is issued to them)."""
    return Person.objects.filter(citizenship_id="UZB", account__isnull=True).order_by("pk").first()


def request(actor, employer, *, category="3", key="k1", citizenship="UZB", start=None,
            worker=True):
    start = start or date(2026, 3, 1)
    return services.work_permit_request(
        actor=actor, employer_id=employer.pk, category=category, worker_name="Ali Valiev",
        worker_citizenship=citizenship, valid_from=start, valid_until=date(2026, 12, 31),
        idempotency_key=key, person_id=uzbek_worker().pk if worker else None)


def officer(region: str | None, name: str = "labour-akmola"):
    user, _ = get_user_model().objects.get_or_create(username=name)
    Profile.objects.update_or_create(user=user, defaults={"role": "labour_officer",
                                                          "region_id": region})
    return actor_for(user)


def test_local_content_one_person_short_is_refused(actor_of, employer):
    # 82 citizens of 90 + 1 requested = 91 staff: 90 % needs 82 (81.9) → allowed
    permit = request(actor_of("employer"), employer)
    assert permit.status == "requested" and permit.fee_mci == 179  # construction, category 3
    assert permit.fee_kzt == 179 * 4325
    # a second foreigner: 92 staff, 90 % needs 83 (82.8) → one citizen short
    with pytest.raises(DomainError) as err:
        request(actor_of("employer"), employer, key="k2")
    assert err.value.code == "local_content" and "83" in str(err.value.message)


def test_eaeu_citizens_need_no_permit_and_retries_are_idempotent(actor_of, employer):
    with pytest.raises(DomainError) as err:
        request(actor_of("employer"), employer, citizenship="KGZ")
    assert err.value.code == "eaeu_no_permit"
    first = request(actor_of("employer"), employer, category="ict")
    assert request(actor_of("employer"), employer, category="ict").pk == first.pk
    assert first.fee_mci == 0


def test_employers_see_only_their_own_permits(actor_of, employer):
    request(actor_of("employer"), employer)
    other = Employer.objects.create(bin="150340000019", name="Other", region_id=AKMOLA)
    with pytest.raises(Employer.DoesNotExist):
        request(actor_of("employer"), other, key="x")
    assert work_permit_list(actor=actor_of("employer")).count() == 1
    assert work_permit_list(actor=officer("750000000", "labour-almaty")).count() == 0
    assert work_permit_list(actor=officer(AKMOLA)).count() == 1


def test_grant_draws_the_quota_and_cancel_returns_it_until_exhausted(actor_of, employer):
    publish(actor_of("admin"), amount=1, year=YEAR, kind="foreign_labour", region=AKMOLA,
            category="3")
    services.staff_declare(actor=actor_of("employer"), employer_id=employer.pk, cat12_total=10,
                           cat12_citizens=10, cat34_total=1000, cat34_citizens=980,
                           declared_on=date(2026, 1, 11))  # 20 foreigners: the registry has fewer
    akmola = officer(AKMOLA)
    first, second = (request(actor_of("employer"), employer, key=k) for k in ("a", "b"))
    with pytest.raises(WorkPermit.DoesNotExist):  # another region's officer
        services.work_permit_decide(actor=officer("750000000", "labour-almaty"),
                                    permit_id=first.pk, grant=True)
    granted = services.work_permit_decide(actor=akmola, permit_id=first.pk, grant=True)
    assert granted.status == "granted" and granted.draw_id
    account = QuotaAccount.objects.get(year=YEAR, kind="foreign_labour", category="3",
                                       region=AKMOLA)
    assert (account.amount, account.drawn) == (1, 1)
    with pytest.raises(DomainError) as err:
        services.work_permit_decide(actor=akmola, permit_id=second.pk, grant=True)
    assert err.value.code == "quota_exhausted"
    assert WorkPermit.objects.get(pk=second.pk).status == "requested"
    services.work_permit_cancel(actor=akmola, permit_id=first.pk, reason="left the company")
    account.refresh_from_db()
    assert account.drawn == 0
    assert services.work_permit_decide(actor=akmola, permit_id=second.pk,
                                       grant=True).status == "granted"


def test_seasonal_fee_by_length_and_region_factor():
    assert services.work_permit_fee(category="seasonal", sector="agriculture",
                                    region=AKMOLA, on=date(2026, 4, 1), days=90) == (12, 51900)
    assert services.work_permit_fee(category="seasonal", sector="agriculture",
                                    region=AKMOLA, on=date(2026, 4, 1), days=200)[0] == 36
    assert services.work_permit_fee(category="1", sector="mining", region=AKMOLA,
                                    on=date(2025, 4, 1), days=365) == (154, 154 * 3932)


@pytest.fixture
def household_pair():
    worker = Person.objects.filter(citizenship_id="UZB", account__isnull=True).first()
    household = Person.objects.filter(citizenship_id="KAZ", region__isnull=False).first()
    return worker, household


def test_household_permit_tax_switch_and_missed_month_lapses(actor_of, household_pair):
    worker, household = household_pair
    labour = actor_of("labour")
    permit = services.household_permit_register(
        actor=labour, worker_id=worker.pk, household_id=household.pk,
        issued_on=date(2025, 11, 15), months=3, job="nanny")
    assert permit.valid_until == date(2026, 2, 14)
    first = services.household_payment_record(actor=labour, permit_id=permit.pk, month=1,
                                              paid_on=date(2025, 11, 10))
    second = services.household_payment_record(actor=labour, permit_id=permit.pk, month=2,
                                               paid_on=date(2025, 12, 1))
    assert first.amount_kzt == 2 * 3932  # 2 MCI in 2025
    assert second.amount_kzt == 2 * 3932  # month 2 starts 2025-12-15
    with pytest.raises(DomainError) as err:  # month 3 starts 2026-01-15: prepaid before
        services.household_payment_record(actor=labour, permit_id=permit.pk, month=3,
                                          paid_on=date(2026, 1, 16))
    assert err.value.code == "paid_late"
    system = actor_of("admin")
    assert services.household_permits_update(actor=system, on=date(2026, 1, 14))["lapsed"] == 0
    counts = services.household_permits_update(actor=system, on=date(2026, 1, 15))
    assert counts["lapsed"] == 1
    assert HouseholdPermit.objects.get(pk=permit.pk).status == "lapsed"
    national = HouseholdCoverage.objects.get(day=date(2026, 1, 15), region="")
    assert (national.permits, national.paid) == (1, 0)
    assert services.household_tax_kzt(date(2026, 1, 15)) == 4 * 4325


def test_household_permit_refusals(actor_of, household_pair):
    worker, household = household_pair
    kgz = Person.objects.filter(citizenship_id="KGZ").first()
    labour = actor_of("labour")
    with pytest.raises(DomainError) as err:
        services.household_permit_register(actor=labour, worker_id=kgz.pk,
                                           household_id=household.pk,
                                           issued_on=date(2026, 1, 1), months=2, job="cook")
    assert err.value.code == "eaeu_no_permit"
    with pytest.raises(DomainError) as err:
        services.household_permit_register(actor=labour, worker_id=worker.pk,
                                           household_id=household.pk,
                                           issued_on=date(2026, 1, 1), months=13, job="cook")
    assert err.value.code == "invalid_months"


@time_machine.travel("2026-03-02 09:00:00+05:00", tick=False)
def test_api_request_and_decision(api_as, employer):
    publish_admin = get_user_model().objects.get(username="admin")
    publish(actor_for(publish_admin), amount=5, year=YEAR, kind="foreign_labour",
            region=AKMOLA, category="3")
    body = {"employer_id": employer.pk, "category": "3", "worker_name": "Ali Valiev",
            "worker_citizenship": "UZB", "valid_from": "2026-03-01",
            "valid_until": "2026-12-31", "worker_id": uzbek_worker().pk}
    r = api_as("employer").post("/api/labour/permits", body, content_type="application/json",
                                headers={"Idempotency-Key": "api-1"})
    assert r.status_code == 200, r.content
    pid = r.json()["id"]
    # 8 foreigners declared, the registry records more employed: resolve before granting
    r = api_as("labour").post(f"/api/labour/permits/{pid}/decision", {"grant": True},
                              content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "contradiction_unresolved"
    r = api_as("labour").post(f"/api/labour/permits/{pid}/resolutions", {
        "criterion": "local_content", "explanation": "five contracts ended in January"},
        content_type="application/json")
    assert r.status_code == 200 and int(r.json()["registry_value"]) > 8
    assert r.json()["declared_value"] == "8"
    r = api_as("labour").post(f"/api/labour/permits/{pid}/decision", {"grant": True},
                              content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "granted"
    assert r.json()["document_number"].startswith("WPK-2026-")
    assert api_as("employer").post(f"/api/labour/permits/{pid}/decision", {"grant": True},
                                   content_type="application/json").status_code == 403
    assert len(api_as("employer").get("/api/labour/permits").json()) == 1


@time_machine.travel("2026-11-20 10:00:00+05:00", tick=False)
def test_the_worker_registers_and_prepays_in_the_portal(client_as):
    aziz = Person.objects.get(account__username="applicant")
    household = Person.objects.filter(citizenship_id="KAZ", region__isnull=False).first()
    client = client_as("applicant")
    r = client.post("/labour/household/register/", {
        "worker_id": aziz.pk, "household_id": household.pk, "issued_on": "2026-12-01",
        "months": "2", "job": "cook"})
    assert r.status_code == 302, r.content.decode()[:500]
    permit = HouseholdPermit.objects.get(worker=aziz)
    assert client.post(f"/labour/household/{permit.pk}/pay/").status_code == 302
    assert list(permit.payments.values_list("month", flat=True)) == [1]
    page = client.get("/labour/household/").content.decode()
    assert f'data-testid="household-{permit.pk}"' in page
    r = client.post("/labour/household/register/", {
        "worker_id": aziz.pk, "household_id": household.pk, "issued_on": "2026-12-01",
        "months": "13", "job": "cook"})
    assert r.status_code == 422 and 'data-testid="household-error"' in r.content.decode()
    other = Person.objects.filter(citizenship_id="UZB").exclude(pk=aziz.pk).first()
    r = client.post("/labour/household/register/", {
        "worker_id": other.pk, "household_id": household.pk, "issued_on": "2026-12-01",
        "months": "2", "job": "cook"})
    assert r.status_code == 404  # someone else's worker
