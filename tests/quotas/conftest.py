"""Fixtures of the quota tests: a published quota line to draw from; helpers of the
concurrency tests that race for its places (here and in the registers that draw on it)."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from kosh.access.policy import Actor, system_actor
from kosh.quotas.models import QuotaAccount, QuotaDraw, QuotaLine, QuotaSet
from kosh.quotas.proposals import QuotaLineProposal
from kosh.quotas.services import quota_set_approve, quota_set_propose

PAVLODAR = "550000000"
YEAR = 2030


def publish(actor: Actor, *, amount: int, year: int = YEAR, kind: str = "kandas",
            region: str = PAVLODAR, category: str = "") -> QuotaSet:
    """Propose and approve a one-line quota set."""
    draft = quota_set_propose(actor=actor, year=year, kind=kind, lines=[QuotaLineProposal(
        kind=kind, category=category, region=region, year=year, amount=amount,
        basis="test")])
    return quota_set_approve(actor=actor, quota_set_id=draft.pk)


@pytest.fixture
def quota(db) -> Callable[..., QuotaSet]:
    return lambda **kw: publish(system_actor(), **kw)


def committed(work: Callable[[], object]) -> object:
    """Run ``work`` on a connection of its own, so its writes are committed and seen by
    the other threads (outside the test's transaction)."""
    out: list = []

    def run() -> None:
        try:
            out.append(work())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return out[0]


def quota_year_remove(year: int) -> None:
    """Remove the quota sets, accounts and draws of ``year`` a committed test wrote (the
    audit rows stay: append-only)."""
    QuotaDraw.objects.filter(account__year=year).delete()
    QuotaAccount.objects.filter(year=year).delete()
    QuotaLine.objects.filter(quota_set__year=year).delete()
    QuotaSet.objects.filter(year=year).delete()
