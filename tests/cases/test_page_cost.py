"""The officers' case pages cost a bounded number of queries, whatever a case carries or a
queue page lists, and show the same as before (issue 21: officers' pages under load): the
case page with its files, evidence, assignees and audited read; the queue's lines in words."""

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from kosh.access.models import AuditEvent
from kosh.access.policy import actor_for
from kosh.cases import selectors
from kosh.cases.evaluation import _choice_labels, _fixed_choice_labels, parameters_used
from kosh.cases.models import Case
from kosh.cases.permissions import case_filter
from kosh.cases.registry import instrument_get
from kosh.cases.services import case_submit
from kosh.cases.views.base import application_rows
from kosh.cases.views.console import queue_rows
from kosh.identity.models import Person

from .conftest import docs, neo_nomad_data

NOW = timezone.make_aware(timezone.datetime(2026, 11, 30, 10, 0))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _page_queries(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def test_the_officers_case_page_is_a_bounded_number_of_queries(client_as, submitted):
    client = client_as("migration")
    page, count = _page_queries(client, f"/cases/{submitted.pk}/")
    # 28 before the files were read once, the case with its officers and document, the
    # assignees' scopes in one query and only the countries named; 18 now (the session,
    # the user and the officer's profile included)
    assert count <= 20
    for f in submitted.files.all():
        assert page.count(f'href="/cases/{submitted.pk}/files/{f.pk}/"') >= 1
        assert f.name in page
    assert 'data-testid="evidence"' in page and 'data-testid="history"' in page
    read = AuditEvent.objects.filter(object_type="case", object_id=str(submitted.pk)).latest("id")
    assert (read.action, read.purpose) == ("read", f"case_processing: {submitted.number}")


def test_the_assignees_are_the_officers_in_whose_scope_the_case_is(submitted, aziz):
    other = Person.objects.exclude(citizenship_id=aziz.citizenship_id).exclude(
        citizenship__isnull=True).exclude(citizenship_id="KAZ").first()
    case, _ = case_submit(actor=actor_for(get_user_model().objects.get(username="migration")),
                          instrument="neo_nomad", data=neo_nomad_data(), uploads=docs(),
                          person_id=other.pk)
    for c in (submitted, case):
        roles = sorted(instrument_get(c.instrument).deciding_roles)
        expected = [u for u in get_user_model().objects.filter(
            profile__role__in=roles, is_active=True).order_by("username")
            if Case.objects.filter(case_filter(actor_for(u)), pk=c.pk).exists()]
        with CaptureQueriesContext(connection) as queries:
            assert selectors.case_assignees(c) == expected
        assert len(queries.captured_queries) == 2
    # the embassy (mission in Uzbekistan) may be given Aziz's case, not the other one
    assert "embassy" in [u.username for u in selectors.case_assignees(submitted)]
    assert "embassy" not in [u.username for u in selectors.case_assignees(case)]


def test_the_application_names_a_country_without_reading_the_list(submitted):
    spec = instrument_get("neo_nomad")
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        rows = dict(application_rows(spec, submitted.data))
    assert rows["Country where it is registered"] == "Germany"
    assert len([q for q in queries.captured_queries if "geo_country" in q["sql"]]) == 1


def test_coded_parameter_values_are_labelled_without_reading_the_database(db):
    fixed = _fixed_choice_labels()
    code = next(iter(fixed))
    with CaptureQueriesContext(connection) as queries:
        assert _choice_labels({code, "not a code"}) is fixed
    assert not queries.captured_queries
    # a code of a list read from the database (this year's demanded professions) is
    # still labelled: those lists are read when a value is not among the fixed ones
    labels = _choice_labels({"software_architect"})
    with translation.override("en"):
        assert str(labels["software_architect"]) == "software architect"


def test_the_rule_trace_in_words_is_unchanged(submitted):
    result = submitted.evaluations.get().result
    with translation.override("en"):
        used = parameters_used(result)
    assert used and all(p.label and p.value for p in used)


def test_a_queue_page_is_a_bounded_number_of_queries_and_its_lines_in_words(
        client_as, actor_of, aziz):
    officer = get_user_model().objects.get(username="migration")
    persons = Person.objects.exclude(citizenship_id="KAZ").exclude(
        citizenship__isnull=True).exclude(cases__isnull=False).order_by("pk")[:3]
    for person in persons:
        case_submit(actor=actor_for(officer), instrument="neo_nomad", data=neo_nomad_data(),
                    uploads=docs(), person_id=person.pk)
    client = client_as("migration")
    page, count = _page_queries(client, "/cases/queue/")
    assert count <= 8  # the session, user, profile, the count and one page of cases
    cases = list(selectors.case_list(actor=actor_of("migration")))
    assert len(cases) >= 3
    for c in cases:
        assert f'data-case="{c.pk}"' in page and c.number in page
    with translation.override("en"):
        rows = queue_rows(cases, timezone.localdate())
        labels = {c.pk: str(instrument_get(c.instrument).label) for c in cases}
    for row, c in zip(rows, cases, strict=True):
        assert (row.pk, row.number, row.applicant, row.status) == (
            c.pk, c.number, c.applicant.display_name, c.status)
        assert row.instrument == labels[c.pk]
        assert row.citizenship == (c.applicant.citizenship.name_en
                                   if c.applicant.citizenship else "")
        assert row.expected == c.expected_decision_on.strftime("%d.%m.%Y")
        assert row.sla == selectors.case_sla(c, timezone.localdate())
        assert row.officer == (c.assigned_to.username if c.assigned_to else "")
