"""The audit log and a person's change history name fields and values in the reader's
language: choices by their labels, booleans as yes/no, lists item by item, a document by
its kind and number, never a code."""

import re
from datetime import date

import pytest
from cases.conftest import aziz, docs, neo_nomad_data, submitted  # noqa: F401
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kosh.access.models import AuditEvent
from kosh.access.roles import Purpose
from kosh.identity.services import document_add, name_add
from kosh.web.templatetags.console import audit_changes

pytestmark = pytest.mark.django_db


def client_in(language: str, user) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def test_a_submission_is_recorded_in_words(submitted):  # noqa: F811
    event = AuditEvent.objects.filter(object_type="case", action="create").latest("id")
    with translation.override("ru"):
        rows = {label: after for label, _before, after in audit_changes(event)}
    assert rows["инструмент"] != "neo_nomad"
    assert rows["статус"] == "подано"
    assert rows["критерии выполнены при подаче"] in ("да", "нет")
    assert "documents_to_follow" not in str(rows) and "True" not in str(rows)


def test_a_document_upload_names_its_kind(submitted):  # noqa: F811
    event = AuditEvent.objects.filter(object_type="case_document").latest("id")
    with translation.override("kk"):
        rows = {label: after for label, _before, after in audit_changes(event)}
    assert "_" not in rows["түрі"]


def test_the_person_history_names_the_document_by_kind_and_number(actor_of, aziz, user_of):  # noqa: F811
    admin = actor_of("admin")
    doc = document_add(actor=admin, person=aziz, kind="foreign_passport", number="FA7654321",
                       issuing_country="UZB", issued_on=date(2020, 1, 1),
                       expires_on=date(2030, 1, 1), purpose=Purpose.DATA_CORRECTION)
    name_add(actor=admin, person=aziz, surname="KARIMOV", given_name="AZIZ",
             patronymic="", document=doc, purpose=Purpose.DATA_CORRECTION)
    url = reverse("person-card", args=[aziz.pk]) + f"?purpose={Purpose.CASE_PROCESSING}"
    page = client_in("ru", user_of("admin")).get(url).content.decode()
    assert "иностранный паспорт FA7654321" in page
    assert f"Document {doc.pk}" not in page
    # a code as a word of its own (a random CSRF token may hold the letters "UZB")
    assert not re.search(r"(?<![A-Za-z0-9_])(foreign_passport|UZB)(?![A-Za-z0-9_])", page)


def test_the_audit_log_shows_the_channel_and_values_in_kazakh(submitted, user_of):  # noqa: F811
    page = client_in("kk", user_of("auditor")).get(reverse("audit")).content.decode()
    assert "консоль" in page
    for code in ("under_review", "bank_statement", "eligible_at_submission", "True",
                 "neo_nomad", "console"):
        assert f">{code}<" not in page


@pytest.mark.parametrize(("note", "language", "words"), [
    ("work permit 12345", "ru", "разрешение на работу 12345"),
    ("kandas, 2019-2025", "kk", "қандас, 2019-2025 жылдары келген"),
    ("Справка акимата № 5", "kk", "Справка акимата № 5"),  # an officer's own note
])
def test_category_notes_the_registry_writes_are_in_words(note, language, words):
    from kosh.web.templatetags.console import category_note

    with translation.override(language):
        assert category_note(note) == words
