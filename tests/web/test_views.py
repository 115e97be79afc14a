"""The officer console through the Django test client: who may open which page, form
refusals in the user's language, and the audit trail of reads."""

import pytest
from django.urls import reverse

from kosh.access.models import AuditEvent
from kosh.identity.models import Person

pytestmark = pytest.mark.django_db

ROLES = ("admin", "migration", "labour", "embassy", "akimat", "employer", "applicant",
         "analyst", "auditor")

# page → expected status for each role, in the order of ROLES.
# Zhanna (kandas, Akmola) and Aziz (Uzbek quota worker registered outside Akmola, employed
# by the demo employer, the applicant's own record) are the demo's named persons.
EXPECTED = {
    "search":       (200, 200, 200, 200, 200, 200, 403, 403, 403),
    "zhanna":       (200, 200, 200, 404, 200, 404, 404, 403, 403),
    "aziz":         (200, 200, 200, 200, 404, 200, 200, 403, 403),
    "create":       (200, 200, 200, 200, 403, 403, 403, 403, 403),
    "import":       (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "audit":        (200, 403, 403, 403, 403, 403, 403, 403, 200),
    "stats":        (200, 200, 200, 403, 200, 403, 403, 200, 403),
}  # fmt: skip


@pytest.fixture
def urls(zhanna, aziz) -> dict[str, str]:
    return {
        "search": reverse("person-search") + "?q=Janna",
        "zhanna": reverse("person-card", args=[zhanna.pk]),
        "aziz": reverse("person-card", args=[aziz.pk]),
        "create": reverse("person-create"),
        "import": reverse("person-import"),
        "audit": reverse("audit"),
        "stats": reverse("stats"),
    }


@pytest.mark.parametrize("username", ROLES)
def test_each_role_gets_exactly_its_pages(client_as, urls, username):
    client = client_as(username)
    got = {page: client.get(url).status_code for page, url in urls.items()}
    want = {page: statuses[ROLES.index(username)] for page, statuses in EXPECTED.items()}
    assert got == want


@pytest.mark.parametrize(
    ("username", "start"), [("analyst", "/stats/"), ("auditor", "/audit/")]
)
def test_single_task_roles_start_on_their_page(client_as, username, start):
    response = client_as(username).get("/")
    assert response.status_code == 302
    assert response["Location"] == start


def test_home_links_only_what_the_role_may_use(client_as):
    page = client_as("labour").get("/").content.decode()
    assert 'data-testid="tile-search"' in page
    assert 'data-testid="tile-create"' in page
    assert 'data-testid="tile-import"' not in page
    assert 'data-testid="tile-audit"' not in page


def test_applicant_home_links_to_own_record(client_as, aziz):
    page = client_as("applicant").get("/").content.decode()
    assert f'href="/persons/{aziz.pk}/?purpose=own_record"' in page
    assert 'data-testid="tile-search"' not in page


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("person-search"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_login_page_offers_the_three_languages(client):
    page = client.get("/login/").content.decode()
    for code in ("kk", "ru", "en"):
        assert f'name="language" value="{code}"' in page


def test_denied_page_is_in_the_users_language(client_as, zhanna):
    client = client_as("analyst")
    client.cookies["django_language"] = "kk"
    response = client.get(reverse("person-card", args=[zhanna.pk]))
    assert response.status_code == 403
    assert "Рұқсат жоқ" in response.content.decode()


def test_card_read_is_audited_with_its_purpose(client_as, zhanna):
    response = client_as("migration").get(
        reverse("person-card", args=[zhanna.pk]) + "?purpose=identity_check"
    )
    assert response.status_code == 200
    event = AuditEvent.objects.filter(person_id=zhanna.pk, action=AuditEvent.Action.READ).first()
    assert (event.actor_name, event.purpose, event.channel) == (
        "migration", "identity_check", "console"
    )


def test_card_shows_every_spelling_and_the_history(client_as, zhanna):
    page = client_as("migration").get(reverse("person-card", args=[zhanna.pk])).content.decode()
    assert "AKHMETOVA ZHANNA" in page
    assert 'data-testid="section-history"' in page
    assert 'data-testid="sensitive-button"' in page


def test_card_hides_edit_links_from_roles_that_cannot_edit(client_as, zhanna):
    page = client_as("akimat").get(reverse("person-card", args=[zhanna.pk])).content.decode()
    assert 'data-testid="add-document"' not in page
    assert 'data-testid="sensitive-button"' not in page


def test_unknown_purpose_falls_back_to_case_processing(client_as, zhanna):
    client_as("migration").get(reverse("person-card", args=[zhanna.pk]) + "?purpose=curiosity")
    event = AuditEvent.objects.filter(person_id=zhanna.pk, action=AuditEvent.Action.READ).first()
    assert event.purpose == "case_processing"


def test_search_lists_persons_with_links_carrying_the_purpose(client_as, zhanna):
    response = client_as("migration").get(
        reverse("person-search"), {"q": "Janna 01.01.1990", "purpose": "identity_check"}
    )
    page = response.content.decode()
    assert "Ахметова Жанна Серікқызы" in page
    assert f'href="/persons/{zhanna.pk}/?purpose=identity_check"' in page


def test_htmx_search_returns_only_the_results(client_as):
    response = client_as("migration").get(
        reverse("person-search"), {"q": "Janna"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert 'data-testid="results"' in page
    assert "<html" not in page


def test_search_refusal_is_shown_at_the_search_box(client_as):
    client = client_as("migration")
    client.cookies["django_language"] = "ru"
    response = client.get(reverse("person-search"), {"q": "-"})
    assert response.status_code == 422
    assert "Введите ИИН, имя, номер документа или дату рождения." in response.content.decode()


CREATE = {
    "surname": "Тестова", "given_name": "Айгерим", "birth_date": "1990-01-01", "sex": "F",
    "citizenship": "KAZ", "purpose": "case_processing",
}


def test_create_refusal_is_translated_at_its_field_and_creates_nothing(client_as):
    client = client_as("migration")
    client.cookies["django_language"] = "ru"
    before = Person.objects.count()
    response = client.post(reverse("person-create"), CREATE | {"iin": "900101400014"})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors["iin"] == ["Контрольная цифра — 4; ожидалась 3."]
    assert 'data-testid="error-iin"' in response.content.decode()
    assert Person.objects.count() == before


def test_create_refusal_in_kazakh(client_as):
    client = client_as("migration")
    client.cookies["django_language"] = "kk"
    response = client.post(reverse("person-create"), CREATE | {"birth_date": "2990-01-01"})
    assert response.status_code == 422
    assert response.context["form"].errors["birth_date"] == ["Туған күні болашақта."]


def test_invalid_form_is_refused_before_the_service(client_as):
    response = client_as("migration").post(reverse("person-create"), {"surname": "X"})
    assert response.status_code == 400
    assert "given_name" in response.context["form"].errors


def test_create_goes_to_the_new_card(client_as):
    response = client_as("migration").post(reverse("person-create"), CREATE)
    person = Person.objects.get(display_name="Тестова Айгерим")
    assert response.status_code == 302
    assert response["Location"] == f"/persons/{person.pk}/?purpose=case_processing"


def test_identity_correction_is_audited_as_update(client_as, zhanna):
    response = client_as("migration").post(
        reverse("person-edit", args=[zhanna.pk]),
        {"iin": zhanna.iin, "birth_date": "1990-01-01", "sex": "M", "purpose": "data_correction"},
    )
    assert response.status_code == 422  # the IIN says female
    assert response.context["form"].errors["sex"]
    zhanna.refresh_from_db()
    assert zhanna.sex == "F"


def test_document_correction(client_as, zhanna):
    document = zhanna.documents.get()
    response = client_as("migration").post(
        reverse("document-edit", args=[document.pk]),
        {"number": document.number, "issued_on": document.issued_on.isoformat(),
         "expires_on": "", "issued_by": "MIA", "status": "lost", "purpose": "data_correction"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.issued_by) == ("lost", "MIA")


def test_name_spelling_added(client_as, zhanna):
    response = client_as("migration").post(
        reverse("name-add", args=[zhanna.pk]),
        {"surname": "Akhmetova", "given_name": "Janna", "purpose": "data_correction"},
    )
    assert response.status_code == 302
    assert zhanna.names.filter(given_name="Janna").exists()


def test_category_added(client_as, aziz):
    response = client_as("migration").post(
        reverse("category-add", args=[aziz.pk]),
        {"category": "student", "valid_from": "01.09.2025", "purpose": "case_processing"},
    )
    assert response.status_code == 302
    assert aziz.categories.filter(category="student").exists()


def test_address_lists_follow_the_chosen_parent(client_as):
    client = client_as("migration")
    districts = client.get(reverse("geo-districts"), {"region": "110000000"}).content.decode()
    assert districts.count("<option") > 5
    empty = client.get(reverse("geo-settlements"), {"district": ""}).content.decode()
    assert empty.count("<option") == 1


def test_address_with_district_of_another_region_is_refused(client_as, zhanna):
    from kosh.geo.models import District

    foreign = District.objects.exclude(region_id="110000000").first()
    response = client_as("migration").post(
        reverse("address-add", args=[zhanna.pk]),
        {"kind": "permanent", "country": "KAZ", "region": "110000000",
         "district": foreign.pk, "valid_from": "2026-01-01", "purpose": "data_correction"},
    )
    assert response.status_code == 400
    assert "district" in response.context["form"].errors


def test_address_added_moves_the_region(client_as, zhanna):
    from kosh.geo.models import District

    district = District.objects.filter(region_id="750000000").first()
    response = client_as("migration").post(
        reverse("address-add", args=[zhanna.pk]),
        {"kind": "permanent", "country": "KAZ", "region": "750000000",
         "district": district.pk, "line": "Abai 1", "valid_from": "2026-01-01",
         "purpose": "data_correction"},
    )
    assert response.status_code == 302
    zhanna.refresh_from_db()
    assert zhanna.region_id == "750000000"


def test_other_scope_cannot_edit(client_as, zhanna):
    assert client_as("embassy").get(reverse("person-edit", args=[zhanna.pk])).status_code == 404
    assert client_as("employer").get(reverse("person-edit", args=[zhanna.pk])).status_code == 403
