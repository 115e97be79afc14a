"""Every dynamic answer carries the Content-Security-Policy and ``Cache-Control: no-store``;
static files keep their caching; the API documentation is served from this origin and, in
production, only to signed-in staff."""

import re

import pytest
from django.test import Client, override_settings

from kosh.cases.models import IssuedDocument

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'",
    "img-src": "'self' data:", "font-src": "'self'", "connect-src": "'self'",
    "object-src": "'none'", "base-uri": "'self'", "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def assert_hardened(response) -> None:
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives == POLICY
    assert response["Cache-Control"] == "no-store"
    assert response["Pragma"] == "no-cache"


def test_login_page(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert_hardened(response)


def test_console_page_and_htmx_answer(client_as):
    client = client_as("migration")
    assert_hardened(client.get("/persons/"))
    assert_hardened(client.get("/persons/", {"q": "Ахметова", "purpose": "registry_check"},
                               headers={"HX-Request": "true"}))


def test_api_answer(api_as):
    response = api_as("migration").get("/api/reference/countries")
    assert response.status_code == 200
    assert_hardened(response)


def test_downloads(client_as):
    csv = client_as("migration").get("/persons/import/template.csv")
    assert csv.status_code == 200
    assert_hardened(csv)


def test_issued_pdf(client_as):
    issued = IssuedDocument.objects.first()
    assert issued is not None, "the demo data issue a document"
    response = client_as("admin").get(f"/cases/documents/{issued.number}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert_hardened(response)


def test_no_inline_script_or_style_in_pages(client_as):
    page = client_as("migration").get("/persons/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert not re.search(r"\son[a-z]+=|\sstyle=|<style", page)


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_keep_their_caching():
    response = Client().get("/static/web/kosh.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response


def test_api_docs_come_from_this_origin(client):
    response = client.get("/api/docs")
    page = response.content.decode()
    assert response.status_code == 200
    assert_hardened(response)
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", page)
    assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/json\"))[^>]*>", page)


@override_settings(KOSH_API_DOCS_PUBLIC=False)
def test_api_docs_are_for_signed_in_staff_in_production(client, client_as):
    for url in ("/api/docs", "/api/openapi.json"):
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
        assert client_as("migration").get(url).status_code == 403
        assert client_as("admin").get(url).status_code == 200
