"""Reading the registry: search, the person card and the sensitive history."""

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError
from kosh.identity.permissions import sensitive_require
from kosh.identity.search import person_search
from kosh.identity.selectors import person_changes, person_get, person_sensitive_history

from ..forms import SearchForm, SensitiveForm, purpose_of
from .base import DOMAIN_REFUSED, FORM_INVALID, console_view, form_refused

CARD_RELATIONS = (
    "names__document",
    "documents__issuing_country",
    "citizenships__country",
    "addresses__region",
    "addresses__district",
    "addresses__settlement",
    "addresses__country",
    "categories",
    "employments__employer",
    "employments__occupation",
)


@console_view
def person_search_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The search page; an HTMX request gets only the results table."""
    actor.require(Capability.SEARCH_PERSONS)
    form = SearchForm(request.GET)
    results, status = None, 200
    if form.is_valid() and form.cleaned_data["q"].strip():
        try:
            results = person_search(
                actor=actor, query=form.cleaned_data["q"], purpose=form.cleaned_data["purpose"]
            )
        except DomainError as err:
            form_refused(form, err)
            status = DOMAIN_REFUSED
    template = "web/persons/_results.html" if request.htmx else "web/persons/search.html"
    return render(request, template, {"form": form, "results": results}, status=status)


@console_view
def person_card(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    purpose = purpose_of(request.GET)
    person = person_get(actor=actor, person_id=person_id, purpose=purpose)
    prefetch_related_objects([person], *CARD_RELATIONS)
    return render(request, "web/persons/card.html", {
        "person": person, "purpose": purpose,
        "changes": person_changes(person=person),
    })


@console_view
def person_sensitive(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    """Addresses over time and border crossings, shown only after a purpose is stated."""
    sensitive_require(actor)
    form = SensitiveForm(request.POST or None, initial={"purpose": purpose_of(request.GET, "")})
    context = {"form": form, "person_id": person_id, "purpose": purpose_of(request.GET)}
    if request.method != "POST":
        return render(request, "web/persons/sensitive.html", context)
    if not form.is_valid():
        return render(request, "web/persons/sensitive.html", context, status=FORM_INVALID)
    person = person_get(actor=actor, person_id=person_id, purpose=form.stated())
    try:
        history = person_sensitive_history(actor=actor, person=person, purpose=form.stated())
    except DomainError as err:
        form_refused(form, err)
        return render(request, "web/persons/sensitive.html", context, status=DOMAIN_REFUSED)
    return render(request, "web/persons/sensitive.html",
                  context | {"person": person, "history": history})
