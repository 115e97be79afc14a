"""Fixtures of the quota tests: a published quota line to draw from."""

from collections.abc import Callable

import pytest

from kosh.access.policy import Actor, system_actor
from kosh.quotas.models import QuotaSet
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
