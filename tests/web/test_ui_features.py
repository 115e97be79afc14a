"""Issue 13's features: the search page with paging and hints, the sensitive history's
justification, purposes per role, one read event per page view, the auditor's person and
date filters, and CSV/Excel exports with the page's scoping and suppression."""

import csv
import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from kosh.access.models import AuditEvent
from kosh.access.roles import Purpose, purposes_for
from kosh.cases import selectors as case_selectors
from kosh.identity.aggregates import TOTAL, table_suppress

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def _new_events(before: int):
    return AuditEvent.objects.filter(id__gt=before).order_by("id")


def _last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


# --- search page ------------------------------------------------------------------

def test_search_page_shows_the_range_the_total_and_the_matched_spelling(client_as):
    client = client_as("migration")
    client.cookies["django_language"] = "en"
    response = client.get(reverse("person-search"), {"q": "AKHMETOVA ZHANNA"})
    page = response.content.decode()
    found = response.context["found"]
    assert f"1–{found.last} of {found.total}" in page
    assert 'data-testid="matched-spelling"' in page and "AKHMETOVA ZHANNA" in page.upper()


def test_search_page_hints_at_a_short_iin_and_an_unreadable_date(client_as):
    client = client_as("migration")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("person-search"), {"q": "90010130081"}).content.decode()
    assert 'data-testid="search-hint"' in page and "An IIN has 12 digits" in page
    page = client.get(reverse("person-search"), {"q": "31/02/1980"}).content.decode()
    assert 'data-testid="search-hint"' in page and "dd.mm.yyyy" in page


def test_search_export_holds_every_person_found_and_is_one_download(client_as, zhanna):
    client = client_as("akimat")
    before = _last_id()
    rows = _csv(client.get(reverse("person-search"), {"q": "Жанна", "export": "csv"}))
    assert len(rows) > 1
    events = list(_new_events(before))
    assert [(e.action, e.object_type) for e in events] == [("search", "person"),
                                                           ("download", "export")]
    assert events[1].after["rows"] == len(rows) - 1


# --- sensitive history, purposes, saved message, history in words ----------------------

def test_sensitive_prompt_names_the_person(client_as, aziz):
    page = client_as("migration").get(reverse("person-sensitive", args=[aziz.pk])).content
    assert 'data-testid="sensitive-prompt"' in page.decode()
    assert aziz.display_name in page.decode().split('data-testid="sensitive-prompt"')[1]


@pytest.mark.parametrize("justification", ["", "   ", "ok", "case"])
def test_sensitive_history_without_a_justification_is_refused(client_as, aziz,
                                                               justification):
    before = _last_id()
    response = client_as("migration").post(
        reverse("person-sensitive", args=[aziz.pk]),
        {"purpose": "official_inquiry", "justification": justification},
    )
    assert response.status_code in (400, 422)
    assert "justification" in response.context["form"].errors
    assert 'data-testid="crossings"' not in response.content.decode()
    assert not _new_events(before).exists()


def test_sensitive_page_view_is_one_event(client_as, aziz):
    before = _last_id()
    client_as("migration").post(
        reverse("person-sensitive", args=[aziz.pk]),
        {"purpose": "official_inquiry", "justification": "inquiry 17/2025 of the prosecutor"},
    )
    assert [e.action for e in _new_events(before)] == ["read_sensitive"]


def test_purposes_per_role():
    assert purposes_for("applicant") == (Purpose.OWN_RECORD,)
    for role in ("migration_officer", "embassy_officer", "akimat_officer", "admin"):
        assert Purpose.OWN_RECORD not in purposes_for(role)


def test_officers_are_not_offered_their_own_record(client_as, aziz):
    for url in (reverse("person-search"), reverse("person-sensitive", args=[aziz.pk])):
        page = client_as("migration").get(url).content.decode()
        assert 'value="case_processing"' in page and 'value="own_record"' not in page


def test_an_edit_says_saved_and_history_names_the_document(client_as, zhanna):
    client = client_as("migration")
    client.cookies["django_language"] = "en"
    document = zhanna.documents.get()
    response = client.post(
        reverse("document-edit", args=[document.pk]),
        {"number": document.number, "issued_on": document.issued_on.isoformat(),
         "expires_on": "", "issued_by": "MIA", "status": "lost", "purpose": "data_correction"},
        follow=True,
    )
    page = response.content.decode()
    assert 'data-testid="message"' in page and "Saved." in page
    history = page.split('data-testid="section-history"')[1]
    assert document.number in history
    assert f"document: {document.pk}<" not in history


# --- one read event per page view ---------------------------------------------------

def test_card_view_is_one_read_event(client_as, zhanna):
    before = _last_id()
    client_as("migration").get(reverse("person-card", args=[zhanna.pk]))
    assert [(e.action, e.person_id) for e in _new_events(before)] == [("read", zhanna.pk)]


def test_audit_page_view_is_one_read_event(client_as, zhanna):
    before = _last_id()
    client_as("auditor").get(reverse("audit"), {"person": zhanna.iin})
    events = list(_new_events(before))
    assert [(e.action, e.object_type, e.person_id) for e in events] == [
        ("read", "audit_log", zhanna.pk)]


# --- audit filters and export -------------------------------------------------------

@pytest.fixture
def reads(actor_of, zhanna, aziz):
    """Card reads of Zhanna on 2030-02-01 and of Aziz on 2030-02-03."""
    from kosh.identity.selectors import person_get

    with time_machine.travel("2030-02-01 09:00:00+05:00", tick=False):
        person_get(actor=actor_of("migration"), person_id=zhanna.pk, purpose="identity_check")
    with time_machine.travel("2030-02-03 09:00:00+05:00", tick=False):
        person_get(actor=actor_of("migration"), person_id=aziz.pk, purpose="identity_check")


def _audit_rows(client, **params) -> list[AuditEvent]:
    response = client.get(reverse("audit"), params)
    assert response.status_code == 200
    return list(response.context["page"])


def test_audit_filters_by_iin_and_by_name(client_as, zhanna, reads):
    client = client_as("auditor")
    by_iin = _audit_rows(client, person=zhanna.iin, date_from="2030-02-01")
    assert [e.person_id for e in by_iin] == [zhanna.pk]
    by_name = _audit_rows(client, person="Akhmetova Zhanna", date_from="2030-02-01")
    assert zhanna.pk in {e.person_id for e in by_name}
    assert _audit_rows(client, person="Nobodyovich Nobody", date_from="2030-02-01") == []


def test_audit_filters_by_date_range(client_as, zhanna, aziz, reads):
    client = client_as("auditor")
    rows = _audit_rows(client, date_from="2030-02-02", date_to="2030-02-03")
    assert [e.person_id for e in rows] == [aziz.pk]
    rows = _audit_rows(client, date_from="2030-02-01", date_to="2030-02-01", action="read")
    assert [e.person_id for e in rows] == [zhanna.pk]


def test_audit_export_csv_and_xlsx_hold_the_filtered_log(client_as, zhanna, reads):
    client = client_as("auditor")
    client.cookies["django_language"] = "en"
    params = {"person": zhanna.iin, "date_from": "2030-02-01"}
    before = _last_id()
    rows = _csv(client.get(reverse("audit"), params | {"export": "csv"}))
    assert rows[0][:3] == ["time", "user", "role"]
    assert len(rows) == 2 and zhanna.iin in rows[1] and rows[1][1] == "migration"
    assert rows[1][0] == "01.02.2030 09:00:00"
    sheet = _xlsx(client.get(reverse("audit"), params | {"export": "xlsx"}))
    assert len(sheet) == 2 and sheet[1][1] == "migration"
    events = list(_new_events(before))
    assert [(e.action, e.object_type) for e in events] == [("download", "export")] * 2
    assert events[0].person_id == zhanna.pk


def test_api_audit_filters_by_person(api_as, zhanna, reads):
    body = api_as("auditor").get("/api/audit", {"person": zhanna.iin,
                                                "date_from": "2030-02-01"}).json()
    assert [i["person_id"] for i in body["items"]] == [zhanna.pk]


# --- statistics: suppression, also against subtraction, and scoped exports ---------------

def test_a_single_small_cell_in_a_row_gets_a_complementary_one():
    hidden = table_suppress([[3, 10, 20], [8, 9, 30]], 5)
    assert (0, 0) in hidden  # primary
    assert (0, 1) in hidden  # the row total would give 3 back: the smallest other cell
    assert (1, 0) in hidden  # the column total would give 3 back
    for line in ([(0, c) for c in (0, 1, 2, TOTAL)], [(1, c) for c in (0, 1, 2, TOTAL)],
                 [(r, 0) for r in (0, 1, TOTAL)], [(r, 1) for r in (0, 1, TOTAL)]):
        assert sum(k in hidden for k in line) != 1


def test_a_small_cell_alone_with_zeros_hides_the_total():
    hidden = table_suppress([[3, 0], [20, 30]], 5)
    assert {(0, 0), (0, TOTAL)} <= hidden


def test_stats_export_has_the_page_cells(client_as):
    client = client_as("analyst")
    page = client.get(reverse("stats"))
    counts = page.context["counts"]
    rows = _csv(client.get(reverse("stats"), {"export": "csv"}))
    assert len(rows) == 1 + len(counts.rows) + 1
    shown = [row[1:] for row in rows[1:-1]]
    expected = [["×" if c.suppressed else str(c.count) for c in (*r.cells, r.total)]
                for r in counts.rows]
    assert shown == expected
    values = [v for row in rows[1:] for v in row[1:]]
    assert all(v == "×" or int(v) == 0 or int(v) >= 5 for v in values)


def test_akimat_stats_export_has_only_its_region(client_as):
    client = client_as("akimat")
    client.cookies["django_language"] = "ru"
    sheet = _xlsx(client.get(reverse("stats"), {"export": "xlsx"}))
    assert len(sheet) == 3  # heading, the region, the totals
    assert "Акмолинская" in sheet[1][0]


# --- the officer's queue and the applicant's applications -----------------------------

def test_queue_export_has_the_officers_cases_only(client_as, actor_of):
    expected = {c.number for c in case_selectors.case_list(actor=actor_of("embassy"))}
    rows = _csv(client_as("embassy").get(reverse("cases:queue"), {"export": "csv"}))
    assert {r[0] for r in rows[1:]} == expected


def test_my_applications_export(client_as, actor_of):
    expected = {c.number for c in case_selectors.case_list(actor=actor_of("applicant"))}
    before = _last_id()
    sheet = _xlsx(client_as("applicant").get(reverse("cases:mine"), {"export": "xlsx"}))
    assert {r[0] for r in sheet[1:]} == expected and expected
    event = _new_events(before).get()
    assert (event.action, event.purpose) == ("download", "own_record")


def test_date_cells_are_dates_in_excel(client_as):
    sheet = _xlsx(client_as("embassy").get(reverse("cases:queue"), {"export": "xlsx"}))
    assert any(isinstance(v, date) for row in sheet[1:] for v in row)
