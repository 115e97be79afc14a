"""How each criterion is known: required documents enforced at submission, registry
contradictions and unconfirmed documents block approval until an officer acts (audited,
in the history), four-eyes on paper applications, and one set of actions for the console
and the API."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from kosh.access.models import AuditEvent, Profile
from kosh.access.roles import Role
from kosh.cases import selectors
from kosh.cases.evidence import REGISTRY_CHECKS, case_evidence
from kosh.cases.issuing import case_decide
from kosh.cases.models import (
    Case,
    ContradictionResolution,
    DocumentConfirmation,
    IssuedDocument,
)
from kosh.cases.registry import Evidence, instrument_get
from kosh.cases.services import (
    case_documents_request,
    case_submit,
    case_take,
    case_transition,
    contradiction_resolve,
    criterion_confirm,
)
from kosh.cases.statuses import Action, CaseStatus
from kosh.errors import DomainError
from kosh.identity.models import Employment, IdentityDocument

from .conftest import docs, documents_json, neo_nomad_data

NOW = timezone.make_aware(timezone.datetime(2026, 11, 30, 10, 0))

# How the Neo Nomad criteria are known in these tests (the rules set them for real).
KINDS = {
    "neo_nomad_citizenship": {"evidence": Evidence.REGISTRY, "registry_check": "citizenship"},
    "neo_nomad_no_local_work": {"evidence": Evidence.REGISTRY,
                                "registry_check": "no_local_employment"},
    "neo_nomad_medical_insurance": {"evidence": Evidence.DOCUMENT,
                                    "document": "medical_insurance"},
    "neo_nomad_criminal_record": {"evidence": Evidence.DOCUMENT, "document": "criminal_record"},
}


def _criteria(kinds: dict) -> tuple:
    spec = instrument_get("neo_nomad")
    declared = {"evidence": Evidence.DECLARED, "document": "", "registry_check": "",
                "needs_document": None}
    return tuple(replace(c, **(declared | kinds.get(c.variable, {}))) for c in spec.criteria)


@pytest.fixture(autouse=True)
def frozen():
    """The clock stopped; messages in English."""
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture
def evidence_kinds(monkeypatch):
    """Neo Nomad with registry and document criteria (as the rules will declare them)."""
    monkeypatch.setattr(type(instrument_get("neo_nomad")), "criteria", _criteria(KINDS))


@pytest.fixture
def declared_only(monkeypatch):
    """Neo Nomad with every criterion declared: nothing to confirm or resolve."""
    monkeypatch.setattr(type(instrument_get("neo_nomad")), "criteria", _criteria({}))


@pytest.fixture
def employed_aziz(aziz):
    """Aziz, as the registry has him: employed by a Kazakh company since 2025."""
    assert Employment.objects.filter(person=aziz, valid_to__isnull=True).exists()
    return aziz


@pytest.fixture
def case(actor_of, employed_aziz) -> Case:
    made, _ = case_submit(actor=actor_of("applicant"), instrument="neo_nomad",
                          data=neo_nomad_data(), uploads=docs())
    return case_transition(case=made, to=CaseStatus.UNDER_REVIEW, actor=actor_of("embassy"))


def _confirm_documents(case: Case, actor) -> None:
    for row in case_evidence(case):
        if row.unconfirmed:
            criterion_confirm(case=case, actor=actor, criterion=row.code,
                              file_id=row.files[0].pk)


def test_every_registry_check_is_named():
    assert set(REGISTRY_CHECKS) == {"citizenship", "passport_valid", "no_local_employment",
                                    "no_valid_document"}


def test_declared_no_local_work_contradicted_by_the_registry_blocks_approval(
        evidence_kinds, actor_of, case):
    officer = actor_of("embassy")
    detail = selectors.case_detail(actor=officer, case=case)
    work = next(r for r in detail.evidence if r.code == "neo_nomad_no_local_work")
    assert work.fact.contradicts and work.unresolved
    assert "Kosh Demo Construction" in work.fact.registry
    assert "no work" in work.fact.declared.lower()
    _confirm_documents(case, officer)
    with pytest.raises(DomainError) as err:
        case_decide(case=case, actor=officer, outcome="approved")
    assert err.value.code == "evidence_incomplete" and "No local employment" in str(
        err.value.message)
    assert not IssuedDocument.objects.filter(case=case).exists()

    with pytest.raises(DomainError) as err:
        contradiction_resolve(case=case, actor=officer, criterion="neo_nomad_no_local_work",
                              explanation="  ")
    assert err.value.field == "explanation"
    contradiction_resolve(case=case, actor=officer, criterion="neo_nomad_no_local_work",
                          explanation="Contract ended 31.10.2026; employer's letter seen.")
    resolution = ContradictionResolution.objects.get(case=case)
    assert "Kosh Demo Construction" in resolution.registry
    audit = AuditEvent.objects.get(object_type="contradiction_resolution",
                                   object_id=str(resolution.pk))
    assert audit.actor_name == "embassy" and audit.after["explanation"].startswith("Contract")
    assert case.events.filter(kind="resolved", actor_name="embassy").exists()

    decision = case_decide(case=case, actor=officer, outcome="approved")
    assert decision.outcome == "approved"


def test_an_expired_passport_in_the_registry_is_a_contradiction(monkeypatch, actor_of, case):
    monkeypatch.setattr(type(instrument_get("neo_nomad")), "criteria", _criteria({
        "neo_nomad_citizenship": {"evidence": Evidence.REGISTRY,
                                  "registry_check": "passport_valid"}}))
    passport = case.applicant.documents.order_by("-issued_on").first()
    IdentityDocument.objects.filter(pk=passport.pk).update(
        issued_on=date(2015, 1, 10), expires_on=date(2025, 1, 9))
    officer = actor_of("embassy")
    row = next(r for r in selectors.case_detail(actor=officer, case=case).evidence
               if r.code == "neo_nomad_citizenship")
    assert row.fact.contradicts and "expired on 09.01.2025" in row.fact.registry
    assert passport.number in row.fact.registry
    with pytest.raises(DomainError) as err:
        case_decide(case=case, actor=officer, outcome="approved")
    assert err.value.code == "evidence_incomplete"
    contradiction_resolve(case=case, actor=officer, criterion="neo_nomad_citizenship",
                          explanation="A new passport was shown; registry update requested.")
    assert case_decide(case=case, actor=officer, outcome="approved").outcome == "approved"


def test_a_registry_without_contradiction_needs_no_resolution(monkeypatch, actor_of, case):
    monkeypatch.setattr(type(instrument_get("neo_nomad")), "criteria", _criteria({
        "neo_nomad_citizenship": {"evidence": Evidence.REGISTRY,
                                  "registry_check": "citizenship"}}))
    officer = actor_of("embassy")
    with pytest.raises(DomainError) as err:
        contradiction_resolve(case=case, actor=officer, criterion="neo_nomad_citizenship",
                              explanation="nothing to resolve")
    assert err.value.code == "no_contradiction"
    assert case_decide(case=case, actor=officer, outcome="approved").outcome == "approved"


def test_an_unconfirmed_document_criterion_blocks_approval(monkeypatch, actor_of, case):
    monkeypatch.setattr(type(instrument_get("neo_nomad")), "criteria", _criteria({
        k: v for k, v in KINDS.items() if v["evidence"] == Evidence.DOCUMENT}))
    officer = actor_of("embassy")
    insurance = case.files.get(kind="medical_insurance")
    criterion_confirm(case=case, actor=officer, criterion="neo_nomad_medical_insurance",
                      file_id=insurance.pk, note="Policy checked with the insurer.")
    with pytest.raises(DomainError) as err:
        case_decide(case=case, actor=officer, outcome="approved")
    assert "No criminal record" in str(err.value.message)
    assert "Medical insurance" not in str(err.value.message)
    with pytest.raises(DomainError) as err:  # only a file of the criterion's own kind
        criterion_confirm(case=case, actor=officer, criterion="neo_nomad_criminal_record",
                          file_id=insurance.pk)
    assert err.value.code == "document_not_attached"
    record = case.files.get(kind="criminal_record")
    confirmation = criterion_confirm(case=case, actor=officer,
                                     criterion="neo_nomad_criminal_record", file_id=record.pk)
    assert AuditEvent.objects.filter(object_type="document_confirmation",
                                     object_id=str(confirmation.pk)).count() == 1
    assert case.events.filter(kind="confirmed").count() == 2
    assert DocumentConfirmation.objects.filter(case=case).count() == 2
    assert case_decide(case=case, actor=officer, outcome="approved").outcome == "approved"


def test_a_refusal_needs_no_confirmation(evidence_kinds, actor_of, case):
    decision = case_decide(case=case, actor=actor_of("embassy"), outcome="refused",
                           reason_code="false_information", reason="Works locally.")
    assert decision.outcome == "refused"


def test_submission_without_a_required_document_is_refused_naming_it(actor_of, aziz):
    before = Case.objects.count()
    with pytest.raises(DomainError) as err:
        case_submit(actor=actor_of("applicant"), instrument="neo_nomad",
                    data=neo_nomad_data(), uploads=docs(skip=("bank_statement",)))
    assert err.value.code == "documents_missing" and err.value.field == "file_bank_statement"
    assert "bank statement" in str(err.value.message)
    assert Case.objects.count() == before


def test_documents_may_follow_where_the_instrument_allows(monkeypatch, actor_of, aziz):
    spec = instrument_get("neo_nomad")
    monkeypatch.setattr(type(spec), "documents_may_follow", ("criminal_record",))
    with pytest.raises(DomainError) as err:
        case_submit(actor=actor_of("applicant"), instrument="neo_nomad",
                    data=neo_nomad_data(), uploads=docs(skip=("passport",)),
                    documents_follow=("passport",))
    assert err.value.code == "document_cannot_follow"
    case, _ = case_submit(actor=actor_of("applicant"), instrument="neo_nomad",
                          data=neo_nomad_data(), uploads=docs(skip=("criminal_record",)),
                          documents_follow=("criminal_record",))
    assert case.documents_to_follow == ["criminal_record"]
    officer = actor_of("embassy")
    case_take(case=case, actor=officer)
    with pytest.raises(DomainError) as err:  # it has not come yet
        case_decide(case=case, actor=officer, outcome="approved")
    assert "certificate of no criminal record" in str(err.value.message)


def test_api_submission_and_precheck_name_missing_documents(api_as, aziz):
    client = api_as("applicant")
    body = {"application": {"instrument": "neo_nomad", **neo_nomad_data()}}
    refused = client.post("/api/cases", body, content_type="application/json",
                          headers={"Accept-Language": "en"})
    assert refused.status_code == 422 and refused.json()["code"] == "documents_missing"
    assert refused.json()["field"] == "file_passport"
    check = client.post("/api/cases/precheck", {**body, "attached": ["passport"]},
                        content_type="application/json")
    required = instrument_get("neo_nomad").required_documents
    assert [d["kind"] for d in check.json()["missing_documents"]] == [
        k for k in required if k != "passport"]
    made = client.post("/api/cases", {**body, "documents": documents_json()},
                       content_type="application/json")
    assert made.status_code == 201 and len(made.json()["files"]) == len(documents_json())


@pytest.fixture
def second_embassy_officer(db):
    user = get_user_model().objects.create_user("embassy2", password="x")
    Profile.objects.create(user=user, role=Role.EMBASSY_OFFICER, mission_country_id="UZB")
    return user


@pytest.fixture
def paper_case(actor_of, aziz, declared_only) -> Case:
    case, _ = case_submit(actor=actor_of("embassy"), instrument="neo_nomad",
                          data=neo_nomad_data(), person_id=aziz.pk, uploads=docs(),
                          received_on=timezone.localdate() - timedelta(days=2))
    return case_take(case=case, actor=actor_of("embassy"))


def test_four_eyes_a_paper_application_is_decided_by_a_second_officer(
        actor_of, paper_case, second_embassy_officer):
    registering = actor_of("embassy")
    assert Action.APPROVE not in selectors.case_actions(actor=registering, case=paper_case)
    with pytest.raises(DomainError) as err:
        case_decide(case=paper_case, actor=registering, outcome="approved")
    assert err.value.code == "four_eyes"
    with pytest.raises(DomainError):
        case_decide(case=paper_case, actor=registering, outcome="refused",
                    reason_code="criteria_not_met")
    second = actor_of("embassy2")
    assert Action.APPROVE in selectors.case_actions(actor=second, case=paper_case)
    case_decide(case=paper_case, actor=second, outcome="approved")
    submitted = paper_case.events.get(kind="submitted")
    decided = paper_case.events.get(to_status="approved")
    assert submitted.actor_name == "embassy" and submitted.data["registered_by_officer"]
    assert decided.actor_name == "embassy2" and decided.data["registered_by"] == "embassy"
    assert decided.data["four_eyes"] is True


def test_four_eyes_is_a_dated_parameter_per_instrument(monkeypatch, actor_of, paper_case):
    from kosh.cases import permissions

    assert permissions.four_eyes_required(paper_case, timezone.localdate())
    monkeypatch.setattr(permissions, "parameter_value", lambda path, on: False)
    assert case_decide(case=paper_case, actor=actor_of("embassy"),
                       outcome="approved").outcome == "approved"


def test_four_eyes_does_not_apply_to_the_applicants_own_submission(actor_of, under_review):
    assert not selectors.case_detail(actor=actor_of("embassy"), case=under_review).four_eyes


def test_the_console_shows_both_officers_and_refuses_the_same_one(
        client_as, paper_case, second_embassy_officer):
    page = client_as("embassy").get(f"/cases/{paper_case.pk}/")
    html = page.content.decode()
    assert 'data-testid="four-eyes-blocked"' in html and 'data-testid="decision-form"' not in html
    refused = client_as("embassy").post(f"/cases/{paper_case.pk}/decide/",
                                        {"outcome": "approved", "confirmed": "yes"})
    assert refused.status_code == 422
    client = client_as("embassy2")
    ask = client.post(f"/cases/{paper_case.pk}/decide/", {"outcome": "approved"})
    assert ask.status_code == 200 and b'data-testid="confirm-decision"' in ask.content
    assert Case.objects.get(pk=paper_case.pk).status == "under_review"
    done = client.post(f"/cases/{paper_case.pk}/decide/",
                       {"outcome": "approved", "confirmed": "yes"})
    assert done.status_code == 302
    html = client.get(f"/cases/{paper_case.pk}/").content.decode()
    assert 'data-testid="decision-officers"' in html and "embassy2" in html


def test_withdrawing_asks_for_confirmation(client_as, submitted):
    client = client_as("applicant")
    ask = client.post(f"/cases/{submitted.pk}/withdraw/", {})
    assert b'data-testid="confirm-withdraw"' in ask.content
    assert Case.objects.get(pk=submitted.pk).status == "submitted"
    client.post(f"/cases/{submitted.pk}/withdraw/", {"confirmed": "yes"})
    assert Case.objects.get(pk=submitted.pk).status == "withdrawn"


def test_the_console_confirms_and_resolves(evidence_kinds, client_as, case):
    client = client_as("embassy")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="contradiction-neo_nomad_no_local_work"' in page
    assert 'data-testid="approval-blockers"' in page and 'data-evidence="document"' in page
    record = case.files.get(kind="criminal_record")
    client.post(f"/cases/{case.pk}/confirm/", {"criterion": "neo_nomad_criminal_record",
                                               "file": record.pk})
    missing = client.post(f"/cases/{case.pk}/resolve/",
                          {"criterion": "neo_nomad_no_local_work", "explanation": ""})
    assert missing.status_code == 422
    client.post(f"/cases/{case.pk}/resolve/", {"criterion": "neo_nomad_no_local_work",
                                               "explanation": "Employment ended."})
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="confirmed-neo_nomad_criminal_record"' in page
    assert 'data-testid="resolved-neo_nomad_no_local_work"' in page


# action → what the console shows for it
CONSOLE_MARKS = {
    Action.TAKE: 'data-testid="take"', Action.ASSIGN: 'data-testid="assign"',
    Action.APPROVE: 'data-testid="decision-form"', Action.REFUSE: 'data-testid="decision-form"',
    Action.REQUEST_DOCUMENTS: 'data-testid="request-form"',
    Action.WITHDRAW: 'data-testid="withdraw"', Action.RESUME: 'action="/cases/{pk}/answer/"',
}


@pytest.mark.parametrize("username", ["applicant", "embassy"])
@pytest.mark.parametrize("status", ["submitted", "under_review", "documents_requested"])
def test_the_api_and_the_console_offer_the_same_actions(actor_of, api_as, client_as,
                                                        submitted, username, status):
    officer = actor_of("embassy")
    if status != "submitted":
        case_take(case=submitted, actor=officer)
    if status == "documents_requested":
        case_documents_request(case=submitted, actor=officer, kinds=["bank_statement"],
                               message="Bank letter.")
    api = set(api_as(username).get(f"/api/cases/{submitted.pk}").json()["actions"])
    html = client_as(username).get(f"/cases/{submitted.pk}/").content.decode()
    shown = {a for a, mark in CONSOLE_MARKS.items() if mark.format(pk=submitted.pk) in html}
    assert api, "every state offers someone something"
    assert {a for a in shown if a not in (Action.APPROVE, Action.REFUSE)} == {
        a for a in api if a not in (Action.APPROVE, Action.REFUSE)}
    assert (Action.APPROVE in api) == (Action.APPROVE in shown)


def test_take_through_the_api_assigns_the_officer(api_as, submitted):
    taken = api_as("embassy").post(f"/api/cases/{submitted.pk}/take")
    assert taken.status_code == 200
    body = taken.json()
    assert body["status"] == "under_review" and body["assigned_to"] == "embassy"
    assert "approve" in body["actions"] and "take" not in body["actions"]


def test_an_officer_registers_a_paper_application_in_the_console(client_as, aziz):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = neo_nomad_data()
    form = {k: v for k, v in data.items() if not isinstance(v, dict | bool)}
    form |= {f"income_in_{m}": v for m, v in data["monthly_income"].items()}
    form |= {"criminal_record_clear": "on", "has_invitation": "on"}
    client = client_as("embassy")
    assert b'data-testid="register-start"' in client.get("/cases/register/").content
    start = {"instrument": "neo_nomad", "person": str(aziz.pk),
             "received_on": (timezone.localdate() - timedelta(days=3)).isoformat()}
    unknown = client.get("/cases/register/", start | {"person": "999999999"})
    assert unknown.status_code == 400 and b'data-testid="error-person"' in unknown.content
    step = client.get("/cases/register/", start)
    assert b'data-testid="register-form"' in step.content and aziz.display_name in (
        step.content.decode())
    files = {f"file_{u.kind}": SimpleUploadedFile(u.name, u.content) for u in docs()}
    done = client.post("/cases/register/", start | form | files
                       | {"idempotency_key": "paper-1"})
    assert done.status_code == 302
    case = Case.objects.get(idempotency_key="paper-1")
    assert case.submitted_by.username == "embassy" and case.applicant == aziz
    assert case.assessed_on == timezone.localdate() - timedelta(days=3)
    assert case.files.count() == len(docs())  # every document offered, invitation too


def test_the_demo_review_confirms_and_resolves_before_approval(evidence_kinds, actor_of,
                                                              user_of, case):
    from kosh.cases.demo import review_complete

    review_complete(case, user_of("embassy"))
    assert case.confirmations.count() == 2 and case.resolutions.count() == 1
    assert case_decide(case=case, actor=actor_of("embassy"), outcome="approved").outcome == (
        "approved")
