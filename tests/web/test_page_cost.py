"""The person card and the search page cost a bounded number of queries whatever the
person holds, and still audit each read with its purpose; an unbound fixed form is
rendered once per language (issue 21: officers' pages under load)."""

from datetime import date

import pytest
import time_machine
from django import forms
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from kosh.access.models import AuditEvent
from kosh.cases.forms import DecisionForm, DocumentRequestForm, UploadForm
from kosh.geo.models import Country
from kosh.identity.models import IdentityDocument, PersonName
from kosh.web.forms import FixedForm
from kosh.web.templatetags import console

NOW = timezone.make_aware(timezone.datetime(2026, 11, 30, 10, 0))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _card(client, person) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("person-card", args=[person.pk])
                              + "?purpose=identity_check")
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def test_the_card_is_a_bounded_number_of_queries_whatever_the_person_holds(client_as,
                                                                            zhanna):
    client = client_as("migration")
    _page, before = _card(client, zhanna)
    country = Country.objects.get(pk="KAZ")
    for i in range(5):
        IdentityDocument.objects.create(
            person=zhanna, kind=IdentityDocument.Kind.PASSPORT, number=f"N9{i:07d}",
            issuing_country=country, issued_on=date(2020, 1, 1 + i),
            expires_on=date(2030, 1, 1))
        PersonName.objects.create(person=zhanna, surname=f"Akhmetova{i}", given_name="Zhanna",
                                  script=PersonName.Script.LATIN)
    page, after = _card(client, zhanna)
    # one query per list, and the history's documents and countries one query per kind
    # (21 before, and one more per document, name, country or place shown)
    assert after == before <= 17
    numbers = [d.number for d in zhanna.documents.order_by("pk")]
    positions = [page.index(n) for n in numbers]
    assert positions == sorted(positions)  # in the order they were recorded
    assert all(f"Akhmetova{i} Zhanna" in page for i in range(5))
    read = AuditEvent.objects.filter(object_type="person", person_id=zhanna.pk).latest("id")
    assert (read.action, read.purpose) == ("read", "identity_check")


def test_the_search_page_is_a_bounded_number_of_queries_and_audited(client_as, zhanna):
    client = client_as("migration")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("person-search"), {"q": "Ахметова Жанна"})
    assert response.status_code == 200
    assert "Ахметова Жанна Серікқызы" in response.content.decode()
    assert len(queries.captured_queries) <= 10
    search = AuditEvent.objects.filter(action="search").latest("id")
    assert search.after["query"] == "Ахметова Жанна" and zhanna.pk in search.after["results"]


def _grid(form: forms.BaseForm) -> str:
    return Template("{% load console %}{% form_grid form %}").render(Context({"form": form}))


def _uncached(form: forms.BaseForm) -> str:
    return Template('{% include "web/_form_grid.html" %}').render(Context({"form": form}))


@pytest.mark.parametrize("form_class", [UploadForm, DocumentRequestForm, DecisionForm])
def test_an_unbound_fixed_form_is_rendered_once_per_language(db, form_class):
    console._FORM_GRIDS.clear()
    for language in ("ru", "kk", "en"):
        with translation.override(language):
            first = _grid(form_class())
            assert first == _uncached(form_class())
            key = next(k for k in console._FORM_GRIDS
                       if k[0] is form_class and k[-1] == language)
            console._FORM_GRIDS[key] = mark_safe("kept")
            assert _grid(form_class()) == "kept"  # kept, not rendered again
            console._FORM_GRIDS[key] = first
    assert len(console._FORM_GRIDS) == 3
    assert len(set(console._FORM_GRIDS.values())) == 3  # each language its own words


def test_a_bound_form_or_one_with_computed_choices_is_rendered_each_time(db):
    console._FORM_GRIDS.clear()

    class Computed(FixedForm):
        country = forms.ChoiceField(choices=lambda: [("KAZ", "Kazakhstan")])

    bound = DocumentRequestForm({"message": ""})
    assert _grid(bound) == _uncached(bound) and 'class="error"' in _grid(bound)
    assert _grid(DecisionForm(initial={"outcome": "approved"})) == _uncached(
        DecisionForm(initial={"outcome": "approved"}))
    assert _grid(Computed()) == _uncached(Computed())
    assert not console._FORM_GRIDS
