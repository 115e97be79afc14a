"""Every refusal is one ``denied`` event with its reason, on the console and the API; a
refused sensitive read is never recorded as a read."""

import pytest
from django.conf import settings
from django.urls import reverse

from kosh.access.models import AuditEvent
from kosh.cases.models import Case, CaseFile
from kosh.identity.models import Person
from kosh.synth.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a test file\n"


@pytest.fixture
def zhanna(db) -> Person:
    """Kandas registered in Akmola Region: outside the embassy officer's scope."""
    return Person.objects.get(display_name="Ахметова Жанна Серікқызы", birth_date="1990-01-01")


@pytest.fixture
def aziz(db) -> Person:
    """The applicant's own record (Uzbek labour migrant)."""
    return Person.objects.get(display_name="Каримов Азиз Бахтиёрович")


@pytest.fixture
def own_case(user_of) -> Case:
    return Case.objects.filter(applicant__account=user_of("applicant")).first()


@pytest.fixture
def other_case(user_of) -> Case:
    """A demo case of someone else: outside the applicant's scope."""
    return Case.objects.exclude(applicant__account=user_of("applicant")).first()


def _file(case: Case) -> CaseFile:
    return CaseFile.objects.create(case=case, kind="passport", name="passport.pdf",
                                   content_type="application/pdf", size=len(PDF),
                                   sha256="0" * 64, content=PDF)


def _new_events(since: int):
    return AuditEvent.objects.filter(id__gt=since).order_by("id")


def _last() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _denied(since: int):
    return list(_new_events(since).filter(action=AuditEvent.Action.DENIED))


# ----- out of scope (404) ---------------------------------------------------------------


def test_console_card_out_of_scope_is_one_denied_event(client_as, zhanna):
    since = _last()
    response = client_as("embassy").get(
        reverse("person-card", args=[zhanna.pk]) + "?purpose=identity_check")
    assert response.status_code == 404
    [event] = _denied(since)
    assert (event.reason, event.object_type, event.object_id, event.person_id) == (
        "out_of_scope", "person", str(zhanna.pk), zhanna.pk)
    assert (event.actor_name, event.role, event.channel, event.purpose) == (
        "embassy", "embassy_officer", "console", "identity_check")
    assert not _new_events(since).exclude(pk=event.pk).exists()


def test_api_card_out_of_scope_is_one_denied_event(api_as, zhanna):
    client = api_as("embassy")
    since = _last()
    response = client.get(f"/api/persons/{zhanna.pk}", {"purpose": "identity_check"})
    assert response.status_code == 404
    [event] = _denied(since)
    assert (event.reason, event.object_type, event.person_id, event.channel) == (
        "out_of_scope", "person", zhanna.pk, "api")
    assert _new_events(since).count() == 1


def test_a_record_that_does_not_exist_is_no_access_and_not_logged(client_as, api_as):
    client = api_as("embassy")
    since = _last()
    assert client_as("embassy").get(reverse("person-card", args=[10**12])).status_code == 404
    assert client.get(f"/api/persons/{10**12}", {"purpose": "identity_check"}).status_code == 404
    assert not _new_events(since).exists()


def test_case_out_of_scope_console_and_api(client_as, api_as, other_case):
    client = api_as("applicant")
    since = _last()
    assert client_as("applicant").get(reverse("cases:case", args=[other_case.pk])).status_code \
        == 404
    assert client.get(f"/api/cases/{other_case.pk}").status_code == 404
    events = _denied(since)
    assert [(e.channel, e.reason, e.object_type, e.object_id, e.person_id) for e in events] == [
        (channel, "out_of_scope", "case", str(other_case.pk), other_case.applicant_id)
        for channel in ("console", "api")
    ]
    assert _new_events(since).count() == 2


def test_case_file_out_of_scope_console_and_api(client_as, api_as, own_case, other_case):
    foreign = _file(other_case)
    client = api_as("applicant")
    since = _last()
    url = reverse("cases:file", args=[own_case.pk, foreign.pk])
    assert client_as("applicant").get(url).status_code == 404
    assert client.get(f"/api/cases/{own_case.pk}/files/{foreign.pk}").status_code == 404
    events = _denied(since)
    assert [(e.channel, e.reason, e.object_type, e.object_id, e.person_id) for e in events] == [
        (channel, "out_of_scope", "case_file", str(foreign.pk), other_case.applicant_id)
        for channel in ("console", "api")
    ]
    assert not _new_events(since).filter(action=AuditEvent.Action.DOWNLOAD).exists()


# ----- missing capability (403) ---------------------------------------------------------


def test_console_missing_capability_is_one_denied_event(client_as):
    since = _last()
    assert client_as("migration").get(reverse("audit")).status_code == 403
    [event] = _new_events(since)
    assert (event.action, event.reason, event.object_type, event.after) == (
        "denied", "missing_capability", "page", {"capability": "view_audit"})


def test_api_missing_capability_is_one_denied_event(api_as):
    client = api_as("migration")
    since = _last()
    assert client.get("/api/audit").status_code == 403
    [event] = _new_events(since)
    assert (event.action, event.reason, event.channel, event.after) == (
        "denied", "missing_capability", "api", {"capability": "view_audit"})


def test_refused_sensitive_read_on_the_console_is_denied_not_read(client_as, aziz):
    since = _last()
    response = client_as("labour").post(reverse("person-sensitive", args=[aziz.pk]),
                                        {"purpose": "official_inquiry", "justification": "x"})
    assert response.status_code == 403
    [event] = _new_events(since)
    assert (event.action, event.reason, event.object_type, event.person_id, event.after) == (
        "denied", "missing_capability", "person", aziz.pk, {"capability": "view_sensitive"})
    assert event.purpose == "official_inquiry"


def test_refused_sensitive_read_through_the_api_is_denied_not_read(api_as, aziz):
    client = api_as("labour")
    since = _last()
    response = client.get(f"/api/persons/{aziz.pk}/sensitive",
                          {"purpose": "official_inquiry", "justification": "request 1"})
    assert response.status_code == 403
    [event] = _new_events(since)
    assert (event.action, event.reason, event.person_id, event.channel) == (
        "denied", "missing_capability", aziz.pk, "api")


# ----- locked sign-in -------------------------------------------------------------------


def test_locking_sign_in_is_one_denied_event_per_refused_attempt(client, user_of):
    since = _last()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/login/", {"username": "labour", "password": "wrong"})
    assert not _new_events(since).exists()
    client.post("/login/", {"username": "labour", "password": "wrong"})  # this one locks
    [event] = _new_events(since)
    assert (event.action, event.reason, event.object_type, event.object_id) == (
        "denied", "locked", "account", "labour")
    assert (event.actor_id, event.role) == (user_of("labour").pk, "labour_officer")
    response = client.post("/login/", {"username": "labour", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert [e.reason for e in _new_events(since)] == ["locked", "locked"]


def test_locked_sign_in_under_an_unknown_name_names_the_attempt(client):
    since = _last()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "nobody-here", "password": "wrong"})
    [event] = _new_events(since)
    assert (event.actor_id, event.actor_name, event.reason) == (None, "nobody-here", "locked")


# ----- downloads ------------------------------------------------------------------------


def test_case_file_download_is_one_download_event_console_and_api(client_as, api_as, own_case):
    stored = _file(own_case)
    client = api_as("applicant")
    since = _last()
    response = client_as("applicant").get(reverse("cases:file", args=[own_case.pk, stored.pk]))
    assert response.status_code == 200 and response.content == PDF
    response = client.get(f"/api/cases/{own_case.pk}/files/{stored.pk}")
    assert response.status_code == 200 and response.content == PDF
    downloads = list(_new_events(since).filter(action=AuditEvent.Action.DOWNLOAD))
    assert [(e.channel, e.object_type, e.object_id, e.person_id) for e in downloads] == [
        (channel, "case_file", str(stored.pk), own_case.applicant_id)
        for channel in ("console", "api")
    ]
    assert not _new_events(since).filter(action=AuditEvent.Action.DENIED).exists()


def test_issued_document_out_of_scope_console_and_api(client_as, api_as, user_of):
    from kosh.cases.models import IssuedDocument

    issued = IssuedDocument.objects.exclude(holder__account=user_of("applicant")).first()
    client = api_as("applicant")
    since = _last()
    assert client_as("applicant").get(
        reverse("cases:issued-pdf", args=[issued.number])).status_code == 404
    assert client.get(f"/api/cases/documents/{issued.number}/pdf").status_code == 404
    events = _denied(since)
    assert [(e.channel, e.reason, e.object_type, e.object_id, e.person_id) for e in events] == [
        (channel, "out_of_scope", "issued_document", issued.number, issued.holder_id)
        for channel in ("console", "api")
    ]
