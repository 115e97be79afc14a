"""100 simultaneous one-window registrations against a regional quota of 30 places grant
exactly 30 (PostgreSQL, each on a connection of its own)."""

import threading

import pytest
from django.db import connection

from kosh.access.policy import system_actor
from kosh.documents.models import SubjectDocument
from kosh.errors import DomainError
from kosh.identity.models import Person
from kosh.quotas.models import QuotaAccount, QuotaDraw
from kosh.settlement.models import Family, KandasStatus, Member
from kosh.settlement.services import one_window_register
from tests.quotas.conftest import committed, quota_year_remove

from .conftest import PAVLODAR, family, quota_publish

YEAR = 2026
ATTEMPTS = 100
AMOUNT = 30
CONNECTIONS = 90

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _clean() -> None:
    families = Family.objects.filter(idempotency_key__startswith="race-")
    persons = list(Member.objects.filter(family__in=families).values_list("person_id",
                                                                         flat=True))
    SubjectDocument.objects.filter(object_type="settlement_family", object_id__in=[
        str(pk) for pk in families.values_list("pk", flat=True)]).delete()
    KandasStatus.objects.filter(family__in=families).delete()
    Member.objects.filter(family__in=families).delete()
    families.delete()
    Person.objects.filter(pk__in=persons).delete()  # the audit rows stay: append-only
    quota_year_remove(YEAR)


def test_100_simultaneous_grants_on_a_regional_quota_of_30_grant_exactly_30():
    actor = system_actor("api")
    committed(_clean)
    committed(lambda: quota_publish("kandas", {PAVLODAR: AMOUNT}, year=YEAR))
    start = threading.Barrier(ATTEMPTS)
    gate = threading.BoundedSemaphore(CONNECTIONS)
    results: list[object] = [None] * ATTEMPTS

    def attempt(i: int) -> None:
        start.wait()
        with gate:
            try:
                answer = one_window_register(
                    actor=actor, members=family(1, surname=f"Racer{i}"), ethnic_kazakh=True,
                    was_kz_citizen=False, idempotency_key=f"race-{i}", region=PAVLODAR,
                    mission_country="UZB")
                results[i] = answer.family.stage
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
        acc = QuotaAccount.objects.get(year=YEAR, kind="kandas", region=PAVLODAR)
        issued = QuotaDraw.objects.filter(account=acc, status="issued").count()
        granted = Family.objects.filter(idempotency_key__startswith="race-",
                                        stage="status").count()
        return acc.amount, acc.drawn, issued, granted

    try:
        assert results.count("status") == AMOUNT, set(map(str, results))
        assert results.count("quota_exhausted") == ATTEMPTS - AMOUNT
        assert committed(ledger) == (AMOUNT, AMOUNT, AMOUNT, AMOUNT)
    finally:
        committed(_clean)
