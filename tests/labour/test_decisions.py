"""Trustworthy work-permit decisions: every criterion says how it is known (registry,
declared, ledger, rules); a declaration contradicted by the registry blocks the grant until
an officer's audited resolution; the decision is frozen as a signed PDF (kosh/documents),
verifiable at /verify/ and never re-derived; the ICT share; household permits frozen too."""

import hashlib
from datetime import date

import pytest
import time_machine

from kosh.access.models import AuditEvent
from kosh.documents.models import SubjectDocument
from kosh.documents.selectors import document_verify
from kosh.documents.signing import pdf_signature_check
from kosh.errors import DomainError
from kosh.identity.models import Employer, Employment, Person
from kosh.labour import services
from kosh.labour.evidence import criteria_of
from kosh.labour.models import WorkPermit
from tests.labour.test_permits import AKMOLA, YEAR, officer, request, uzbek_worker
from tests.quotas.conftest import publish

pytestmark = pytest.mark.django_db
NOW = "2026-03-02 09:00:00+05:00"


@pytest.fixture
def employer(actor_of):
    """The demo employer with a declaration that agrees with the registry (20 foreigners
    declared; the registry records fewer employed)."""
    emp = Employer.objects.get(name="Kosh Demo Construction")
    with time_machine.travel("2026-01-10 09:00:00+05:00", tick=False):
        services.staff_declare(actor=actor_of("employer"), employer_id=emp.pk, cat12_total=10,
                               cat12_citizens=4, cat34_total=100, cat34_citizens=96,
                               declared_on=date(2026, 1, 10))
    publish(actor_of("admin"), amount=3, year=YEAR, kind="foreign_labour", region=AKMOLA,
            category="3")
    return emp


def _by_code(criteria):
    return {c.code: c for c in criteria}


@time_machine.travel(NOW, tick=False)
def test_each_criterion_says_how_it_is_known(actor_of, employer, api_as):
    permit = request(actor_of("employer"), employer)
    r = api_as("labour").get(f"/api/labour/permits/{permit.pk}")
    assert r.status_code == 200, r.content
    body = r.json()
    kinds = {c["code"]: c["evidence"] for c in body["criteria"]}
    assert kinds == {"employer_bin": "registry", "worker_identity": "registry",
                     "not_eaeu": "registry", "local_content": "declared", "quota": "ledger",
                     "fee": "rules"}
    local = next(c for c in body["criteria"] if c["code"] == "local_content")
    assert local["met"] and local["facts"]["citizens"] == 96 and local["facts"]["staff"] == 101
    quota = next(c for c in body["criteria"] if c["code"] == "quota")
    assert quota["facts"] == {"year": 2026, "category": "3", "region": AKMOLA,
                              "amount": 3, "remaining": 3} and quota["found"]
    assert body["frozen"] is False and body["unresolved"] == []
    assert AuditEvent.objects.filter(object_type="work_permit", object_id=str(permit.pk),
                                     action="read").count() == 1


@time_machine.travel(NOW, tick=False)
def test_grant_is_frozen_signed_verifiable_and_never_rederived(actor_of, employer, api_as):
    permit = request(actor_of("employer"), employer)
    granted = services.work_permit_decide(actor=officer(AKMOLA), permit_id=permit.pk, grant=True)
    doc = SubjectDocument.objects.get(pk=granted.document_id)
    assert doc.kind == "labour_work_permit" and doc.number.startswith("WPK-2026-")
    assert doc.sha256 == hashlib.sha256(bytes(doc.pdf)).hexdigest()
    assert (doc.valid_from, doc.valid_to) == (permit.valid_from, permit.valid_until)
    assert pdf_signature_check(bytes(doc.pdf)).status == "valid"
    worker = uzbek_worker()
    found = document_verify(actor=actor_of("admin"), number=doc.number,
                            birth_date=worker.birth_date)
    assert found.status == "valid" and found.document
    frozen = _by_code(criteria_of(WorkPermit.objects.get(pk=permit.pk), on=date(2026, 3, 2)))
    assert frozen["quota"].facts["draw"] == granted.draw_id
    assert frozen["local_content"].facts["citizens"] == 96
    # the employer declares again; the decision shows what it was decided on
    services.staff_declare(actor=actor_of("employer"), employer_id=employer.pk,
                           cat12_total=10, cat12_citizens=4, cat34_total=500,
                           cat34_citizens=300, declared_on=date(2026, 2, 1))
    body = api_as("employer").get(f"/api/labour/permits/{permit.pk}").json()
    assert body["frozen"] is True and body["document_number"] == doc.number
    assert next(c for c in body["criteria"]
                if c["code"] == "local_content")["facts"]["citizens"] == 96
    pdf = api_as("employer").get(f"/api/labour/permits/{permit.pk}/pdf")
    assert pdf.status_code == 200 and pdf.content == bytes(doc.pdf)
    assert AuditEvent.objects.filter(action="download", object_id=doc.number).count() == 1
    # cancelling revokes the document
    services.work_permit_cancel(actor=officer(AKMOLA), permit_id=permit.pk,
                                reason="the worker left the company")
    assert document_verify(actor=actor_of("admin"), number=doc.number,
                           birth_date=worker.birth_date).status == "revoked"


@time_machine.travel(NOW, tick=False)
def test_refusal_is_frozen_with_its_reason_and_appeal_term(actor_of, employer, client_as):
    permit = request(actor_of("employer"), employer)
    refused = services.work_permit_decide(actor=officer(AKMOLA), permit_id=permit.pk,
                                          grant=False, reason="the vacancy was not advertised")
    doc = refused.document
    assert doc.kind == "labour_work_permit_refusal" and doc.number.startswith("WPR-2026-")
    assert (doc.valid_from, doc.valid_to) == (date(2026, 3, 2), date(2026, 6, 2))
    page = client_as("employer").get(f"/labour/permits/{permit.pk}/")
    assert page.status_code == 200 and doc.number in page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_contradiction_blocks_the_grant_until_resolved_and_audited(actor_of, employer,
                                                                     client_as):
    worker = uzbek_worker()
    permit = services.work_permit_request(
        actor=actor_of("employer"), employer_id=employer.pk, category="3",
        worker_name="Ali Valiev", worker_citizenship="TJK", valid_from=date(2026, 3, 1),
        valid_until=date(2026, 12, 31), idempotency_key="tjk", person_id=worker.pk)
    akmola = officer(AKMOLA)
    with pytest.raises(DomainError) as err:
        services.work_permit_decide(actor=akmola, permit_id=permit.pk, grant=True)
    assert err.value.code == "contradiction_unresolved"
    page = client_as("labour").get(f"/labour/permits/{permit.pk}/").content.decode()
    assert 'data-testid="contradiction-worker_identity"' in page and "TJK" in page
    with pytest.raises(DomainError) as err:
        services.work_permit_resolve(actor=akmola, permit_id=permit.pk,
                                     criterion="worker_identity", explanation="ok")
    assert err.value.code == "explanation_required"
    with pytest.raises(DomainError) as err:
        services.work_permit_resolve(actor=akmola, permit_id=permit.pk, criterion="quota",
                                     explanation="nothing to resolve here")
    assert err.value.code == "no_contradiction"
    services.work_permit_resolve(actor=akmola, permit_id=permit.pk, criterion="worker_identity",
                                 explanation="passport checked: citizen of Uzbekistan")
    event = AuditEvent.objects.get(object_type="permit_resolution")
    assert event.after["registry"] == "UZB" and event.after["declared"] == "TJK"
    granted = services.work_permit_decide(actor=akmola, permit_id=permit.pk, grant=True)
    frozen = _by_code(criteria_of(granted, on=date(2026, 3, 2)))
    assert frozen["worker_identity"].resolution["explanation"].startswith("passport checked")


@time_machine.travel(NOW, tick=False)
def test_declared_staff_contradicted_by_the_registry(actor_of, employer):
    """Fewer foreigners declared than the registry records employed that day."""
    foreigners = Person.objects.exclude(citizenship_id="KAZ").exclude(citizenship=None)
    Employment.objects.bulk_create([Employment(person=p, employer=employer,
                                               valid_from=date(2025, 1, 1))
                                    for p in foreigners[:30]])
    permit = request(actor_of("employer"), employer)
    local = _by_code(criteria_of(permit, on=date(2026, 3, 2)))["local_content"]
    assert local.contradiction["declared"] == "10"
    assert int(local.contradiction["registry"]) > 10


@time_machine.travel(NOW, tick=False)
def test_a_decision_needs_the_worker_in_the_registry(actor_of, employer):
    permit = request(actor_of("employer"), employer, worker=False)
    with pytest.raises(DomainError) as err:
        services.work_permit_decide(actor=officer(AKMOLA), permit_id=permit.pk, grant=False,
                                    reason="no passport data")
    assert err.value.code == "worker_not_identified"


@time_machine.travel(NOW, tick=False)
def test_ict_share_of_the_kazakh_staff(actor_of):
    emp = Employer.objects.get(name="Kosh Demo Construction")
    # 2 Kazakh citizens declared in all: at most 1 transferee (50 %)
    services.staff_declare(actor=actor_of("employer"), employer_id=emp.pk, cat12_total=30,
                           cat12_citizens=1, cat34_total=20, cat34_citizens=1,
                           declared_on=date(2026, 1, 10))
    first = request(actor_of("employer"), emp, category="ict", key="ict1")
    assert first.fee_mci == 0
    with pytest.raises(DomainError) as err:
        request(actor_of("employer"), emp, category="ict", key="ict2")
    assert err.value.code == "ict_share" and "1" in str(err.value.message)
    granted = services.work_permit_decide(actor=officer(AKMOLA), permit_id=first.pk, grant=True)
    assert granted.draw_id is None  # outside the quota
    assert _by_code(granted.criteria and criteria_of(granted, on=date(2026, 3, 2)))[
        "quota"].facts == {"outside": True}


@time_machine.travel("2026-11-20 10:00:00+05:00", tick=False)
def test_household_permit_is_frozen_at_registration(actor_of, client_as):
    worker = uzbek_worker()
    household = Person.objects.filter(citizenship_id="KAZ", region__isnull=False).first()
    permit = services.household_permit_register(
        actor=actor_of("labour"), worker_id=worker.pk, household_id=household.pk,
        issued_on=date(2026, 12, 1), months=3, job="nanny")
    doc = permit.document
    assert doc.kind == "labour_household_permit" and doc.number.startswith("HWP-2026-")
    assert (doc.valid_from, doc.valid_to) == (date(2026, 12, 1), date(2027, 2, 28))
    assert doc.sha256 == hashlib.sha256(bytes(doc.pdf)).hexdigest()
    r = client_as("labour").get(f"/labour/household/{permit.pk}/permit.pdf")
    assert r.status_code == 200 and r.content == bytes(doc.pdf)
    assert document_verify(actor=actor_of("admin"), number=doc.number,
                           birth_date=worker.birth_date).status == "not_yet_valid"


@time_machine.travel(NOW, tick=False)
def test_the_console_confirms_before_deciding(actor_of, employer, client_as):
    permit = request(actor_of("employer"), employer)
    client = client_as("labour")
    url = f"/labour/permits/{permit.pk}/decision/"
    r = client.post(url, {"grant": "0", "reason": "the vacancy was not advertised"})
    assert r.status_code == 200 and 'data-testid="confirm-decision"' in r.content.decode()
    assert WorkPermit.objects.get(pk=permit.pk).status == "requested"
    r = client.post(url, {"grant": "0", "reason": "the vacancy was not advertised",
                          "confirmed": "yes"})
    assert r.status_code == 302
    refused = WorkPermit.objects.get(pk=permit.pk)
    assert refused.status == "refused" and refused.document.kind == "labour_work_permit_refusal"
