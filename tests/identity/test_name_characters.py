"""A person's name holds no invisible or bidi control characters and has at least one
letter, however it is written: service, console form, API, import. A date of birth is of
someone living."""

from datetime import date

import pytest
from django.urls import reverse

from kosh.errors import DomainError
from kosh.identity import services
from kosh.identity.models import Person, PersonName

pytestmark = pytest.mark.django_db

RLO = "Жанна\u202eанв"  # right-to-left override: shows as another name
ONLY_ZWSP = "\u200b"
BAD = [
    (RLO, "name_invisible_character"),
    (ONLY_ZWSP, "name_invisible_character"),
    ("Ан\u200dна", "name_invisible_character"),  # zero-width joiner
    ("\ufeffАнна", "name_invisible_character"),  # byte-order mark
    ("- . -", "name_without_letter"),
    ("123", "name_without_letter"),
]


@pytest.fixture
def zhanna(db) -> Person:
    return Person.objects.get(display_name="Ахметова Жанна Серікқызы")


@pytest.mark.parametrize(("name", "code"), BAD)
def test_the_service_refuses_the_name_at_its_field(actor_of, name, code):
    before = Person.objects.count()
    with pytest.raises(DomainError) as err:
        services.person_create(actor=actor_of("migration"), birth_date=date(1990, 1, 1), sex="F",
                               surname="Ахметова", given_name=name)
    assert (err.value.code, err.value.field) == (code, "given_name")
    assert Person.objects.count() == before


def test_the_service_refuses_a_spelling_with_a_bidi_override(actor_of, zhanna):
    with pytest.raises(DomainError) as err:
        services.name_add(actor=actor_of("migration"), person=zhanna, surname=RLO,
                          given_name="Zhanna")
    assert err.value.field == "surname"
    with pytest.raises(DomainError) as err:
        services.name_add(actor=actor_of("migration"), person=zhanna, surname="Akhmetova",
                          given_name="Zhanna", patronymic=ONLY_ZWSP)
    assert err.value.field == "patronymic"


def test_names_with_marks_apostrophes_and_hyphens_are_kept(actor_of, zhanna):
    name = services.name_add(actor=actor_of("migration"), person=zhanna,
                             surname="O\u2019Neil-Smith", given_name="José")
    assert (name.surname, name.given_name) == ("O\u2019Neil-Smith", "José")


@pytest.mark.parametrize("name", [RLO, ONLY_ZWSP])
def test_the_console_form_shows_the_refusal_in_russian(client_as, zhanna, name):
    client = client_as("migration")
    client.cookies["django_language"] = "ru"
    before = PersonName.objects.count()
    response = client.post(reverse("name-add", args=[zhanna.pk]),
                           {"surname": name, "given_name": "Жанна",
                            "purpose": "data_correction"})
    assert response.status_code == 422
    message = response.context["form"].errors["surname"][0]
    assert "невидим" in message
    assert PersonName.objects.count() == before


@pytest.mark.parametrize("name", [RLO, ONLY_ZWSP])
def test_the_api_refuses_the_name_with_422_at_its_field(api_as, name):
    before = Person.objects.count()
    response = api_as("migration").post(
        "/api/persons",
        {"birth_date": "1990-01-01", "sex": "F", "surname": name, "given_name": "Жанна"},
        content_type="application/json", headers={"Accept-Language": "kk"},
    )
    assert response.status_code == 422, response.content
    body = response.json()
    assert (body["code"], body["field"]) == ("name_invisible_character", "surname"), body
    assert Person.objects.count() == before


def test_an_import_row_with_a_bidi_override_is_reported_and_nothing_imported(actor_of):
    import io

    from kosh.identity.importing import persons_import

    rows = ("surname,given_name,birth_date,sex\n"
            "Сейітова,Әсел,1991-03-14,F\n"
            f"{RLO},Дана,1992-04-15,F\n")
    before = Person.objects.count()
    report = persons_import(actor=actor_of("migration"), file=io.BytesIO(rows.encode()),
                            filename="p.csv")
    assert not report.ok
    assert [(r.row, r.field) for r in report.rows] == [(3, "surname")]
    assert Person.objects.count() == before


@pytest.mark.parametrize(("born", "code"), [
    (date(2999, 1, 1), "birth_date_future"), (date(1899, 12, 31), "birth_date_too_early"),
])
def test_a_date_of_birth_is_of_someone_living_on_create_and_correction(
    actor_of, zhanna, born, code
):
    with pytest.raises(DomainError) as err:
        services.person_create(actor=actor_of("migration"), birth_date=born, sex="F",
                               surname="Ахметова", given_name="Дана")
    assert (err.value.code, err.value.field) == (code, "birth_date")
    with pytest.raises(DomainError) as err:
        services.person_update(actor=actor_of("migration"), person=zhanna, iin=None,
                               birth_date=born)
    assert (err.value.code, err.value.field) == (code, "birth_date")
