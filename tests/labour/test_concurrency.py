"""Never over-granted: 200 simultaneous permit requests, each requested and decided on a
connection of its own (PostgreSQL), against a quota line of 50 places."""

import threading
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from kosh.access.policy import actor_for, system_actor
from kosh.documents.models import SubjectDocument
from kosh.errors import DomainError
from kosh.identity.models import Employer, Person
from kosh.labour.models import StaffDeclaration, WorkPermit
from kosh.labour.services import staff_declare, work_permit_decide, work_permit_request
from kosh.quotas.models import QuotaAccount
from tests.quotas.conftest import committed, publish, quota_year_remove

YEAR = 2092
ATTEMPTS = 200
AMOUNT = 50
CONNECTIONS = 90  # the test cluster allows 120 connections (tests/quotas)
AKMOLA = "110000000"

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _clean() -> None:
    permits = WorkPermit.objects.filter(quota_year=YEAR)
    documents = list(permits.exclude(document=None).values_list("document_id", flat=True))
    permits.delete()
    SubjectDocument.objects.filter(pk__in=documents).delete()
    StaffDeclaration.objects.filter(declared_on=date(YEAR, 1, 1)).delete()
    quota_year_remove(YEAR)


def test_200_simultaneous_permit_requests_on_a_quota_of_50_grant_exactly_50():
    users = get_user_model().objects
    employer_actor = actor_for(users.get(username="employer"), channel="api")
    officer = actor_for(users.get(username="labour"), channel="api")
    employer = Employer.objects.get(name="Kosh Demo Construction")
    worker = Person.objects.filter(citizenship_id="UZB").order_by("pk").first()
    committed(_clean)

    def setup() -> None:
        publish(system_actor(), amount=AMOUNT, year=YEAR, kind="foreign_labour",
                region=AKMOLA, category="4")
        staff_declare(actor=employer_actor, employer_id=employer.pk, cat12_total=10,
                      cat12_citizens=10, cat34_total=100_000, cat34_citizens=99_000,
                      declared_on=date(YEAR, 1, 1))

    committed(setup)
    start = threading.Barrier(ATTEMPTS)
    gate = threading.BoundedSemaphore(CONNECTIONS)
    results: list[object] = [None] * ATTEMPTS

    def attempt(i: int) -> None:
        start.wait()
        with gate:
            try:
                permit = work_permit_request(
                    actor=employer_actor, employer_id=employer.pk, category="4",
                    worker_name=f"Worker {i}", worker_citizenship="UZB",
                    valid_from=date(YEAR, 3, 1), valid_until=date(YEAR, 12, 31),
                    idempotency_key=f"race-{YEAR}-{i}", person_id=worker.pk)
                results[i] = work_permit_decide(actor=officer, permit_id=permit.pk,
                                                grant=True).status
            except DomainError as err:
                results[i] = err.code
            except Exception as err:  # asserted below
                results[i] = repr(err)
            finally:
                connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    def ledger() -> tuple[int, int, int, int]:
        acc = QuotaAccount.objects.get(year=YEAR, kind="foreign_labour", region=AKMOLA,
                                       category="4")
        granted = WorkPermit.objects.filter(quota_year=YEAR, status="granted").count()
        requested = WorkPermit.objects.filter(quota_year=YEAR, status="requested").count()
        return acc.drawn, acc.amount, granted, requested

    try:
        assert results.count("granted") == AMOUNT, set(map(str, results))
        assert results.count("quota_exhausted") == ATTEMPTS - AMOUNT
        assert committed(ledger) == (AMOUNT, AMOUNT, AMOUNT, ATTEMPTS - AMOUNT)
    finally:
        committed(_clean)
