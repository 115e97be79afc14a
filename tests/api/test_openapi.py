"""The OpenAPI document is valid and complete, and the API answers every generated request
as it documents (schemathesis with all its checks, ``--checks all``, in-process through WSGI
on the test database): no server error, only documented statuses, content types and
bodies, every request the schema forbids refused, every request it allows accepted.

The schema is loaded when the module is imported (``schemathesis.pytest.from_fixture`` does
not work with pytest 9.2, which renamed the node attribute it rewrites); loading it needs
no database."""

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from schemathesis.checks import CHECKS

from kosh.access.models import ApiToken

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    ("get", "/api/persons"), ("post", "/api/persons"), ("post", "/api/persons/import"),
    ("get", "/api/persons/{person_id}"), ("patch", "/api/persons/{person_id}"),
    ("get", "/api/persons/{person_id}/sensitive"), ("post", "/api/persons/{person_id}/names"),
    ("post", "/api/persons/{person_id}/documents"), ("patch", "/api/documents/{document_id}"),
    ("post", "/api/persons/{person_id}/addresses"),
    ("post", "/api/persons/{person_id}/categories"),
    ("get", "/api/identifiers/{number}"), ("get", "/api/reference/regions"),
    ("get", "/api/reference/regions/{kato}/districts"),
    ("get", "/api/reference/districts/{district_id}/settlements"),
    ("get", "/api/reference/countries"), ("get", "/api/audit"),
    ("get", "/api/cases"), ("post", "/api/cases"), ("get", "/api/cases/instruments"),
    ("post", "/api/cases/precheck"), ("post", "/api/whatif"),
    ("get", "/api/whatif/parameters"),
    ("get", "/api/cases/{case_id}"), ("post", "/api/cases/{case_id}/transitions"),
    ("post", "/api/cases/{case_id}/assignment"), ("post", "/api/cases/{case_id}/comments"),
    ("post", "/api/cases/{case_id}/decision"),
    ("post", "/api/cases/{case_id}/document-requests"),
    ("post", "/api/cases/{case_id}/take"), ("post", "/api/cases/{case_id}/confirmations"),
    ("post", "/api/cases/{case_id}/resolutions"),
    ("post", "/api/cases/{case_id}/files"), ("get", "/api/cases/{case_id}/files/{file_id}"),
    ("get", "/api/cases/documents/{number}"), ("get", "/api/cases/documents/{number}/pdf"),
    ("post", "/api/cases/documents/{number}/revocation"),
    ("get", "/api/quotas/balances"), ("get", "/api/quotas/sets"),
    ("get", "/api/quotas/sets/{set_id}"), ("post", "/api/quotas/sets/{set_id}/approve"),
    ("post", "/api/quotas/sets/{set_id}/lines"), ("post", "/api/quotas/sets/from-rating/{run_id}"),
    ("post", "/api/quotas/draws"), ("post", "/api/quotas/draws/{draw_id}/issue"),
    ("post", "/api/quotas/draws/{draw_id}/release"),
    ("get", "/api/forecast/scenarios"), ("get", "/api/forecast/runs"),
    ("post", "/api/forecast/runs"), ("get", "/api/forecast/runs/{run_id}"),
    ("get", "/api/forecast/runs/{run_id}/national"), ("get", "/api/forecast/runs/{run_id}/regions"),
    ("get", "/api/forecast/labour-supply"),
    ("post", "/api/forecast/scenarios"),
    ("post", "/api/settlement/one-window"), ("post", "/api/settlement/resettlers"),
    ("get", "/api/settlement/families"), ("get", "/api/settlement/families/{family_id}"),
    ("post", "/api/settlement/families/{family_id}/arrival"),
    ("post", "/api/settlement/families/{family_id}/support"),
    ("post", "/api/settlement/payments/{payment_id}/paid"),
    ("post", "/api/settlement/families/{family_id}/extension"),
    ("post", "/api/settlement/families/{family_id}/citizenship"),
    ("post", "/api/settlement/families/{family_id}/certificate"),
    ("post", "/api/settlement/families/{family_id}/certificate/return"),
    ("put", "/api/settlement/regions/{kato}/terms"), ("post", "/api/settlement/jobs"),
    ("post", "/api/labour/employers/{employer_id}/staff"),
    ("get", "/api/labour/permits"), ("post", "/api/labour/permits"),
    ("post", "/api/labour/permits/{permit_id}/decision"),
    ("post", "/api/labour/permits/{permit_id}/cancel"),
    ("get", "/api/labour/household-permits"), ("post", "/api/labour/household-permits"),
    ("post", "/api/labour/household-permits/{permit_id}/payments"),
    ("get", "/api/labour/household-coverage"), ("get", "/api/labour/stay/worklist"),
    ("get", "/api/labour/stay/me"),
    ("get", "/api/labour/permits/{permit_id}"),
    ("post", "/api/labour/permits/{permit_id}/resolutions"),
    ("get", "/api/labour/permits/{permit_id}/pdf"),
    ("get", "/api/labour/household-permits/{permit_id}/pdf"),
    ("get", "/api/protection/applications"), ("post", "/api/protection/applications"),
    ("get", "/api/protection/applications/{application_id}"),
    ("post", "/api/protection/applications/{application_id}/interview"),
    ("post", "/api/protection/applications/{application_id}/extension"),
    ("post", "/api/protection/applications/{application_id}/certificate"),
    ("post", "/api/protection/applications/{application_id}/decision"),
    ("get", "/api/protection/counts"), ("get", "/api/protection/stateless"),
    ("post", "/api/protection/stateless"),
    ("post", "/api/protection/stateless/{record_id}/certificate"),
    ("post", "/api/protection/stateless/{record_id}/residence"),
    ("get", "/api/protection/persons/{person_id}/history"),
    ("get", "/api/emigrants/agencies"), ("post", "/api/emigrants/agencies"),
    ("post", "/api/emigrants/agencies/{agency_id}/licence"),
    ("post", "/api/emigrants/agencies/{agency_id}/refusal"),
    ("post", "/api/emigrants/agencies/{agency_id}/revocation"),
    ("post", "/api/emigrants/work"), ("post", "/api/emigrants/work/{work_id}/return"),
    ("get", "/api/emigrants/complaints"), ("post", "/api/emigrants/complaints"),
    ("get", "/api/emigrants/complaints/{complaint_id}"),
    ("post", "/api/emigrants/complaints/{complaint_id}/transitions"),
    ("get", "/api/monitoring/tables/{key}"), ("get", "/api/monitoring/od"),
    ("get", "/api/monitoring/quality"), ("get", "/api/monitoring/indicators"),
    ("post", "/api/monitoring/indicators/{number}/values"),
    ("get", "/api/monitoring/measures"), ("post", "/api/monitoring/measures/{number}/reports"),
    ("get", "/api/monitoring/open/tables/{key}"), ("get", "/api/monitoring/open/indicators"),
    ("get", "/api/linkage/runs"), ("get", "/api/linkage/runs/{run_id}/review"),
    ("get", "/api/linkage/proposals/{proposal_id}"),
    ("post", "/api/linkage/proposals/{proposal_id}/decision"),
    ("post", "/api/linkage/proposals/{proposal_id}/undo"), ("post", "/api/linkage/match"),
    ("post", "/api/linkage/merges"), ("post", "/api/linkage/merges/{merge_id}/split"),
    ("post", "/api/protection/applications/{application_id}/residence"),
    ("post", "/api/protection/applications/{application_id}/ending"),
    ("post", "/api/protection/stateless/{record_id}/ending"),
}


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())
# A request the schema allows may still break a rule of the registry (an IIN that does not
# match the date of birth, a document of another person): such refusals are 422, and
# documented as such, so they count as an acceptable answer to positive data.
schema.config.checks.positive_data_acceptance.expected_statuses = [
    *schema.config.checks.positive_data_acceptance.expected_statuses, "422",
]
ALL_CHECKS = CHECKS.get_all()


@pytest.fixture
def in_test_transaction(db):
    """Serve the WSGI requests inside the test's transaction: the request signals must not
    close the connection (as Django's own test client arranges), and foreign keys are
    checked at once, so violations that would surface at commit surface here too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(user_of) -> str:
    return ApiToken.issue(user=user_of("admin"), name="schemathesis")[1]


def test_schema_is_valid_openapi_and_lists_every_endpoint():
    schema.validate()
    raw = schema.raw_schema
    assert raw["openapi"].startswith("3.")
    listed = {(method, path) for path, item in raw["paths"].items() for method in item}
    assert listed == ENDPOINTS
    assert raw["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_docs_page_is_served(client):
    assert client.get("/api/docs").status_code == 200


@schema.parametrize()
@hypothesis.settings(
    max_examples=25,  # per operation: the whole run stays under two minutes
    derandomize=True,  # the same requests every run; explore with --hypothesis-seed=N
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_every_request_is_answered_as_documented(case, admin_token, in_test_transaction):
    """All checks (``--checks all``): no server error, every status and body as the schema
    documents it, every request the schema forbids refused, every valid one accepted."""
    savepoint = transaction.savepoint()  # each request starts from the demo data
    try:
        case.call_and_validate(
            headers={"Authorization": f"Bearer {admin_token}"}, checks=ALL_CHECKS
        )
    finally:
        transaction.savepoint_rollback(savepoint)


def test_no_two_schemas_share_a_name():
    """The OpenAPI components are keyed by class name: two request or response schemas of
    the same name would silently overwrite each other in /api/docs and the checks."""
    from ninja import Schema

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names: dict[str, set[str]] = {}
    for cls in subclasses(Schema):
        if cls.__module__.startswith("kosh."):
            names.setdefault(cls.__name__, set()).add(cls.__module__)
    assert {n: m for n, m in names.items() if len(m) > 1} == {}
