"""Fixtures of the issued-document tests: the clock frozen on 1 December 2026, an empty
rate-limit cache, and Aziz Karimov's Neo Nomad visa approved by the embassy officer (with
the verification token of its QR code known to the test)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from cases.conftest import docs, neo_nomad_data
from django.core.cache import cache

from kosh.cases.demo import review_complete
from kosh.cases.issuing import case_decide
from kosh.cases.models import IssuedDocument
from kosh.cases.services import case_submit, case_transition
from kosh.cases.statuses import CaseStatus
from kosh.identity.models import Person

TOKEN = "known-token-of-the-qr-code"
TODAY = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def aziz(db) -> Person:
    return Person.objects.get(display_name="Каримов Азиз Бахтиёрович")


@pytest.fixture
def issued(actor_of, user_of, aziz, monkeypatch) -> IssuedDocument:
    """Aziz's Neo Nomad visa, issued today (valid from his entry date in 30 days)."""
    monkeypatch.setattr("kosh.documents.services.verification_token", lambda: TOKEN)
    case, _ = case_submit(actor=actor_of("applicant"), instrument="neo_nomad",
                          data=neo_nomad_data(), uploads=docs())
    case = case_transition(case=case, to=CaseStatus.UNDER_REVIEW, actor=actor_of("embassy"))
    review_complete(case, user_of("embassy"))
    case_decide(case=case, actor=actor_of("embassy"), outcome="approved")
    return IssuedDocument.objects.select_related("frozen", "case", "holder").get(case=case)
