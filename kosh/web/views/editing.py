"""Writing to the registry: each page parses a form and calls one service of
``kosh.identity.services``; a refusal is shown at its field and nothing is changed."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kosh.access.policy import Actor
from kosh.access.roles import Purpose
from kosh.errors import DomainError
from kosh.identity import services
from kosh.identity.models import Person
from kosh.identity.permissions import person_edit_require
from kosh.identity.selectors import document_get, person_get

from .. import forms as console_forms
from .base import DOMAIN_REFUSED, FORM_INVALID, console_view, form_refused


def card_url(person_id: int, purpose: str = Purpose.DATA_CORRECTION) -> str:
    return f"{reverse('person-card', args=[person_id])}?purpose={purpose}"


def form_page(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    back: str,
    person: Person | None = None,
    success: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save`` (one service) and redirect to
    ``success(result)``, or back to ``back``, with a "saved" message."""
    status = 200
    if request.method == "POST":
        status = FORM_INVALID
        if form.is_valid():
            try:
                result = save(form.cleaned_data)
            except DomainError as err:
                form_refused(form, err)
                status = DOMAIN_REFUSED
            else:
                messages.success(request, _("Saved."))
                return redirect(success(result) if success else back)
    context = {"form": form, "title": title, "back": back, "person": person}
    return render(request, "web/persons/form.html", context, status=status)


def _person_for_edit(actor: Actor, person_id: int) -> Person:
    person_edit_require(actor)
    return person_get(actor=actor, person_id=person_id, purpose=Purpose.DATA_CORRECTION)


@console_view
def person_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    person_edit_require(actor)
    form = console_forms.PersonCreateForm(request.POST or None)
    return form_page(
        request, form, lambda data: services.person_create(actor=actor, **data),
        title=_("New person"), back=reverse("home"),
        success=lambda person: card_url(person.pk, form.cleaned_data["purpose"]),
    )


@console_view
def person_update(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    person = _person_for_edit(actor, person_id)
    form = console_forms.PersonUpdateForm.for_person(person, request.POST or None)
    return form_page(
        request, form, lambda data: services.person_update(actor=actor, person=person, **data),
        title=_("Correct identity"), back=card_url(person.pk), person=person,
    )


@console_view
def document_add(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    person = _person_for_edit(actor, person_id)
    form = console_forms.DocumentAddForm(request.POST or None)
    return form_page(
        request, form, lambda data: services.document_add(actor=actor, person=person, **data),
        title=_("Add document"), back=card_url(person.pk), person=person,
    )


@console_view
def document_update(request: HttpRequest, actor: Actor, document_id: int) -> HttpResponse:
    person_edit_require(actor)
    document = document_get(actor=actor, document_id=document_id, purpose=Purpose.DATA_CORRECTION)
    person = document.person
    form = console_forms.DocumentUpdateForm.for_document(document, request.POST or None)
    return form_page(
        request, form,
        lambda data: services.document_update(actor=actor, document=document, **data),
        title=_("Correct document"), back=card_url(person.pk), person=person,
    )


@console_view
def name_add(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    person = _person_for_edit(actor, person_id)
    form = console_forms.NameAddForm(request.POST or None, person=person)
    return form_page(
        request, form, lambda data: services.name_add(actor=actor, person=person, **data),
        title=_("Add name spelling"), back=card_url(person.pk), person=person,
    )


@console_view
def address_add(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    person = _person_for_edit(actor, person_id)
    form = console_forms.AddressAddForm(request.POST or None)
    return form_page(
        request, form,
        lambda data: services.address_add(
            actor=actor, person=person, **console_forms.address_arguments(data)
        ),
        title=_("Add address"), back=card_url(person.pk), person=person,
    )


@console_view
def category_add(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    person = _person_for_edit(actor, person_id)
    form = console_forms.CategoryAddForm(request.POST or None)
    return form_page(
        request, form, lambda data: services.category_add(actor=actor, person=person, **data),
        title=_("Add category"), back=card_url(person.pk), person=person,
    )


@console_view
def district_options(request: HttpRequest, actor: Actor) -> HttpResponse:
    """``<option>``s of the districts of ``?region=`` (for the address form)."""
    choices = console_forms.district_choices(request.GET.get("region", ""))
    return render(request, "web/persons/_options.html", {"choices": choices})


@console_view
def settlement_options(request: HttpRequest, actor: Actor) -> HttpResponse:
    """``<option>``s of the settlements of ``?district=``."""
    choices = console_forms.settlement_choices(request.GET.get("district", ""))
    return render(request, "web/persons/_options.html", {"choices": choices})
