"""Each instrument end to end without the browser: its form becomes a valid application,
its rules run on it, and each criterion reads as a sentence."""

from datetime import timedelta

import pytest
from django.utils.translation import override

from kosh.cases.evaluation import criteria_explained, evaluation_run
from kosh.cases.registry import INSTRUMENTS, Evidence
from kosh.cases.statuses import DocumentKind
from kosh.errors import DomainError
from kosh.identity.models import Person
from kosh.instruments.models import PilotMode
from kosh.instruments.neo_nomad import income_months

from .conftest import FROZEN_AT

TODAY = FROZEN_AT.date()  # the day every test here runs on (conftest.py)
IN_A_MONTH = (TODAY + timedelta(days=30)).isoformat()
LATER = (TODAY + timedelta(days=450)).isoformat()

# instrument → (citizenship of the applicant, form POST data of an eligible application)
ELIGIBLE = {
    "neo_nomad": ("DEU", {
        "work_arrangement": "own_foreign_company", "employer_name": "Studio Berlin",
        "employer_country": "DEU", "income_currency": "EUR", "intended_entry_date": IN_A_MONTH,
        "medical_insurance_from": IN_A_MONTH, "medical_insurance_until": LATER,
        "criminal_record_clear": "on", "tax_return_provided": "on",
        **{f"income_in_{m}": "4000" for m in income_months(TODAY)},
    }),
    "investor_visa": ("TUR", {
        "investment_amount": "350000", "investment_currency": "USD",
        "investment_date": (TODAY - timedelta(days=90)).isoformat(),
        "recipient_name": "Anatolia Foods KZ", "investment_in_kazakhstan": "on",
    }),
    "demanded_professions": ("IND", {"profession": "medical_physicist",
                                     "diploma_matches_profession": "on"}),
    "teachers_scientists": ("IND", {"academic_role": "researcher",
                                    "host_institution": "Al-Farabi University",
                                    "has_host_institution_offer": "on"}),
    "ethnic_kazakh_skills": ("CHN", {"is_ethnic_kazakh": "on", "skill_field": "science",
                                     "has_skill_evidence": "on"}),
    "ata_zholy": ("MNG", {"is_ethnic_kazakh": "on", "ata_zholy_basis": "business_abroad",
                          "has_business_abroad": "on", "passport_expires_on": LATER}),
    "repatriation_insurance": ("UZB", {
        "travel_direction": "arrival_foreigner", "stay_from": IN_A_MONTH,
        "stay_until": (TODAY + timedelta(days=150)).isoformat(),
        "insurance_policy_number": "P-77", "insurer_name": "Kosh Re",
        "insurance_cover_from": IN_A_MONTH, "insurance_cover_until": LATER,
    }),
}


DATES = {"intended_entry_date": IN_A_MONTH, "medical_insurance_from": IN_A_MONTH,
         "medical_insurance_until": LATER}


def _person(citizenship: str) -> Person:
    return Person(display_name="Test", birth_date="1990-01-01", sex="F",
                  citizenship_id=citizenship)


def test_every_registered_instrument_has_a_case():
    assert set(ELIGIBLE) == set(INSTRUMENTS)


@pytest.mark.parametrize("code", sorted(ELIGIBLE))
def test_form_to_application_to_rules(db, code):
    spec = INSTRUMENTS[code]
    PilotMode.objects.update_or_create(instrument=code, defaults={"enabled": True})
    citizenship, post = ELIGIBLE[code]
    form = spec.form_class(post)
    assert form.is_valid(), form.errors
    data = spec.validate(form.application_data())
    evaluation = evaluation_run(instrument=spec, data=data, person=_person(citizenship),
                                on=TODAY, issue_date=TODAY)
    assert evaluation.eligible, [c for c in evaluation.criteria if not c.passed]
    explained = criteria_explained(spec, evaluation.as_json())
    assert [c.code for c in explained] == [c.variable for c in spec.criteria]
    assert all(c.passed and c.text for c in explained)
    assert spec.valid_from(data=data, issue_date=TODAY) <= TODAY + timedelta(days=31)


# an empty form: the rules name the first input they cannot decide without
NEEDS = {"neo_nomad": "intended_entry_date", "investor_visa": "investment_amount",
         "repatriation_insurance": "stay_from", "ata_zholy": "passport_expires_on"}


@pytest.mark.parametrize("code", sorted(ELIGIBLE))
def test_an_empty_form_gives_field_messages_and_a_failing_precheck(db, code):
    spec = INSTRUMENTS[code]
    form = spec.form_class({})
    assert not form.is_valid() and form.errors
    if code in NEEDS:
        with pytest.raises(DomainError) as refused:
            evaluation_run(instrument=spec, data=form.application_data(),
                           person=_person("KAZ"), on=TODAY, issue_date=TODAY)
        assert refused.value.field == NEEDS[code]
        return
    evaluation = evaluation_run(instrument=spec, data=form.application_data(),
                                person=_person("KAZ"), on=TODAY, issue_date=TODAY)
    assert not evaluation.eligible
    assert all(c.text for c in criteria_explained(spec, evaluation.as_json()))


def test_income_below_the_threshold_is_explained_month_by_month(db):
    spec = INSTRUMENTS["neo_nomad"]
    months = income_months(TODAY)
    data = {"monthly_income": dict.fromkeys(months, "3500") | {months[2]: "2850"},
            "income_currency": "USD", **DATES}
    evaluation = evaluation_run(instrument=spec, data=data, person=_person("UZB"), on=TODAY,
                                issue_date=TODAY)
    with override("en"):
        income = next(c for c in criteria_explained(spec, evaluation.as_json())
                      if c.code == "neo_nomad_income")
    assert not income.passed
    assert income.text.startswith("Monthly income over the last 6 months: 2,850.00 USD in ")
    assert income.text.endswith("is below 3,000.00 USD.")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_explanations_are_translated(db, language):
    spec = INSTRUMENTS["neo_nomad"]
    evaluation = evaluation_run(instrument=spec, data=dict(DATES), person=_person("RUS"),
                                on=TODAY, issue_date=TODAY)
    with override("en"):
        english = [c.text for c in criteria_explained(spec, evaluation.as_json())]
    with override(language):
        translated = [c.text for c in criteria_explained(spec, evaluation.as_json())]
    assert all(a != b for a, b in zip(english, translated, strict=True))


REGISTRY_CHECKS = {"citizenship", "passport_valid", "no_local_employment", "no_valid_document"}


@pytest.mark.parametrize("code", sorted(ELIGIBLE))
def test_every_criterion_says_how_it_is_known(code):
    """A document criterion names a document kind the instrument requires (or the
    invitation, needed by some only); a registry criterion names a known registry check."""
    spec = INSTRUMENTS[code]
    for criterion in spec.criteria:
        if criterion.evidence == Evidence.DOCUMENT:
            assert criterion.document in DocumentKind.values, criterion.variable
            assert not criterion.registry_check
        else:
            assert criterion.evidence == Evidence.REGISTRY, criterion.variable
            assert criterion.registry_check in REGISTRY_CHECKS, criterion.variable
            assert not criterion.document
    assert set(spec.documents_may_follow) <= set(spec.required_documents)


def test_neo_nomad_criteria_are_known_as_the_issue_says():
    known = {c.variable: (c.evidence, c.document or c.registry_check)
             for c in INSTRUMENTS["neo_nomad"].criteria}
    assert known["neo_nomad_citizenship"] == (Evidence.REGISTRY, "citizenship")
    assert known["neo_nomad_no_local_work"] == (Evidence.REGISTRY, "no_local_employment")
    assert known["neo_nomad_income"] == (Evidence.DOCUMENT, "bank_statement")
    assert known["neo_nomad_statement_period"] == (Evidence.DOCUMENT, "bank_statement")
    assert known["neo_nomad_medical_insurance"] == (Evidence.DOCUMENT, "medical_insurance")
    assert known["neo_nomad_criminal_record"] == (Evidence.DOCUMENT, "criminal_record")
    assert known["neo_nomad_tax_return"] == (Evidence.DOCUMENT, "tax_return")
    assert known["neo_nomad_foreign_work"] == (Evidence.DOCUMENT, "employment_contract")
    assert known["neo_nomad_no_valid_visa"] == (Evidence.REGISTRY, "no_valid_document")
    assert "tax_return" in INSTRUMENTS["neo_nomad"].required_documents
