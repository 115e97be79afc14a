"""Never over-issued: simultaneous reserve-and-issue attempts on PostgreSQL, each on a
connection of its own, against one quota line."""

import threading

import pytest
from django.db import connection

from kosh.access.policy import system_actor
from kosh.errors import DomainError
from kosh.quotas.models import QuotaAccount, QuotaDraw
from kosh.quotas.services import quota_issue, quota_reserve

from .conftest import PAVLODAR, committed, publish, quota_year_remove

YEAR = 2091
ATTEMPTS = 200
AMOUNT = 50
# The test cluster allows 120 connections; the attempts start together and at most this
# many hold a connection at once (the rest wait for one, then race too).
CONNECTIONS = 90

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_200_simultaneous_attempts_on_a_quota_of_50_grant_exactly_50():
    actor = system_actor("api")
    committed(lambda: quota_year_remove(YEAR))
    committed(lambda: publish(actor, amount=AMOUNT, year=YEAR))
    start = threading.Barrier(ATTEMPTS)
    gate = threading.BoundedSemaphore(CONNECTIONS)
    results: list[object] = [None] * ATTEMPTS

    def attempt(i: int) -> None:
        start.wait()
        with gate:
            try:
                draw = quota_reserve(actor=actor, kind="kandas", category="", region=PAVLODAR,
                                     year=YEAR, holder_ref=f"permit-{i}",
                                     idempotency_key=f"race-{YEAR}-{i}")
                results[i] = quota_issue(actor=actor, draw_id=draw.pk).status
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

    def ledger() -> tuple[int, int, int]:
        acc = QuotaAccount.objects.get(year=YEAR, kind="kandas", region=PAVLODAR)
        issued = QuotaDraw.objects.filter(account=acc, status="issued").count()
        return acc.amount, acc.drawn, issued

    try:
        assert results.count("issued") == AMOUNT
        assert results.count("quota_exhausted") == ATTEMPTS - AMOUNT, set(map(str, results))
        assert committed(ledger) == (AMOUNT, AMOUNT, AMOUNT)
    finally:
        committed(lambda: quota_year_remove(YEAR))
