"""Fixtures of the case tests: a valid Neo Nomad application for today, the applicant's
own record (Aziz Karimov, citizen of Uzbekistan), his new Neo Nomad application, and the
same under review by the embassy officer (mission in Uzbekistan)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kosh.cases.demo import review_complete, sample_uploads
from kosh.cases.models import Case
from kosh.cases.services import case_submit, case_transition
from kosh.cases.statuses import CaseStatus
from kosh.identity.models import Person
from kosh.instruments.neo_nomad import income_months


def docs(instrument: str = "neo_nomad", skip: tuple[str, ...] = ()) -> tuple:
    """Sample files of every document the instrument requires (but ``skip``)."""
    return sample_uploads(instrument, skip)


def documents_json(instrument: str = "neo_nomad") -> list[dict]:
    """The same, as the API takes them (base64)."""
    import base64

    return [{"kind": u.kind, "name": u.name, "content": base64.b64encode(u.content).decode()}
            for u in docs(instrument)]


def neo_nomad_data(income: float = 3500.0, **changes) -> dict:
    today = timezone.localdate()
    entry = today + timedelta(days=30)
    return {
        "work_arrangement": "freelance_foreign_clients", "employer_name": "Self-employed",
        "employer_country": "DEU", "income_currency": "USD",
        "monthly_income": {m: f"{income:.2f}" for m in income_months(today)},
        "has_local_employment": False, "intended_entry_date": entry.isoformat(),
        "medical_insurance_from": entry.isoformat(),
        "medical_insurance_until": (entry + timedelta(days=400)).isoformat(),
        "criminal_record_clear": True, "tax_return_provided": True, "has_invitation": True,
    } | changes


@pytest.fixture
def aziz(db) -> Person:
    return Person.objects.get(display_name="Каримов Азиз Бахтиёрович")


@pytest.fixture
def submitted(actor_of, aziz) -> Case:
    """Aziz's Neo Nomad application (the demo's visa of his is decided, so none is open)."""
    case, _ = case_submit(actor=actor_of("applicant"), instrument="neo_nomad",
                          data=neo_nomad_data(), uploads=docs())
    return case


@pytest.fixture
def under_review(actor_of, submitted) -> Case:
    return case_transition(case=submitted, to=CaseStatus.UNDER_REVIEW,
                           actor=actor_of("embassy"))


@pytest.fixture
def ready(under_review, user_of) -> Case:
    """The same with its documents confirmed and its contradictions with the registry
    resolved by the embassy officer: ready to be approved."""
    return review_complete(under_review, user_of("embassy"))
