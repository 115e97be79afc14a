"""A submission costs a few statements whatever the number of its documents, and still
writes every row: the case, its evaluation, each file with its history line and audit
event, chained in the order they happened (issue 21: API throughput)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kosh.access.audit import audit_verify
from kosh.access.models import AuditEvent
from kosh.cases.models import Case, CaseEvent
from kosh.cases.services import case_submit
from kosh.cases.statuses import EventKind

from .conftest import docs, documents_json, neo_nomad_data


def test_a_submission_with_seven_documents_writes_each_table_once(actor_of, aziz):
    uploads = docs()
    assert len(uploads) == 7
    with CaptureQueriesContext(connection) as queries:
        case, created = case_submit(actor=actor_of("applicant"), instrument="neo_nomad",
                                    data=neo_nomad_data(), uploads=uploads)
    inserts = [q["sql"].split('"')[1] for q in queries.captured_queries
               if q["sql"].startswith("INSERT")]
    assert created and sorted(inserts) == sorted([
        "cases_case", "cases_ruleevaluation", "cases_casefile", "cases_caseevent",
        "access_auditevent"])
    files = list(case.files.order_by("id"))
    events = list(CaseEvent.objects.filter(case=case).order_by("at", "id"))
    assert [e.kind for e in events] == [EventKind.SUBMITTED] + [EventKind.DOCUMENT] * 7
    assert [e.data["file"] for e in events[1:]] == [f.pk for f in files]
    audits = list(AuditEvent.objects.filter(purpose=f"case_processing: {case.number}")
                  .order_by("id"))
    assert [(a.object_type, a.object_id) for a in audits] == [("case", str(case.pk))] + [
        ("case_document", str(f.pk)) for f in files]
    assert audit_verify(actor=actor_of("auditor")).intact


def test_the_api_answers_a_submission_in_a_bounded_number_of_queries(api_as, aziz):
    client = api_as("migration")
    body = {"application": {"instrument": "neo_nomad", **neo_nomad_data()},
            "person_id": aziz.pk, "documents": documents_json()}
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/cases", body, content_type="application/json",
                               headers={"Idempotency-Key": "cost-1"})
    assert response.status_code == 201
    assert len(response.json()["files"]) == 7
    assert Case.objects.filter(idempotency_key="cost-1").count() == 1
    # 245 before the choice labels were read once per evaluation and the rows written
    # together; ~31 now (token, person, writes, the officer's detail)
    assert len(queries.captured_queries) <= 40
