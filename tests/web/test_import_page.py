"""Uploading persons from a file: the row-level report, the dry run and the template."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kosh.identity.models import Person

pytestmark = pytest.mark.django_db

HEADER = ("iin,surname,given_name,patronymic,birth_date,sex,citizenship,document_kind,"
          "document_number,document_issued_on,document_expires_on,region_kato,category")
GOOD = ",Imported,Person,,1991-02-03,M,UZB,foreign_passport,UZ7654321,2020-01-01,,110000000,"
BAD = ",Broken,Row,,not-a-date,M,UZB,,,,,,"


def _upload(client, *rows: str, dry_run: bool = False):
    body = "\n".join([HEADER, *rows]).encode()
    data = {"file": SimpleUploadedFile("persons.csv", body, content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("person-import"), data)


def test_template_has_the_import_header(client_as):
    response = client_as("migration").get(reverse("person-import-template"))
    assert response["Content-Type"] == "text/csv"
    assert response.content.decode().strip() == HEADER


def test_rows_with_errors_are_listed_and_nothing_is_written(client_as):
    before = Person.objects.count()
    response = _upload(client_as("migration"), GOOD, BAD)
    page = response.content.decode()
    assert response.status_code == 422
    assert 'data-testid="import-errors"' in page
    assert "birth_date" in page
    assert Person.objects.count() == before


def test_dry_run_writes_nothing(client_as):
    before = Person.objects.count()
    response = _upload(client_as("migration"), GOOD, dry_run=True)
    assert response.status_code == 200
    assert 'data-testid="import-ok"' in response.content.decode()
    assert Person.objects.count() == before


def test_import_creates_the_persons(client_as):
    client = client_as("migration")
    client.cookies["django_language"] = "en"
    response = _upload(client, GOOD)
    assert response.status_code == 200
    assert "1 person imported." in response.content.decode()
    assert Person.objects.filter(display_name="Imported Person").exists()


def test_import_needs_the_capability(client_as):
    assert _upload(client_as("labour"), GOOD).status_code == 403
