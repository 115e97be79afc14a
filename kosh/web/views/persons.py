"""Reading the registry: search, the person card and the sensitive history."""

from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kosh.access.policy import Actor, Capability
from kosh.emigrants.selectors import work_of
from kosh.errors import DomainError
from kosh.identity import search
from kosh.identity.models import Address, Citizenship, Employment, IdentityDocument, PersonName
from kosh.identity.permissions import sensitive_require
from kosh.identity.selectors import (
    person_changes,
    person_get,
    person_in_scope,
    person_sensitive_history,
)
from kosh.protection.selectors import protection_history

from ..exports import export_format, export_response
from ..forms import SearchForm, SensitiveForm, purpose_of
from ..templatetags.console import record_names_read
from .base import DOMAIN_REFUSED, FORM_INVALID, console_view, form_refused

CARD_RELATIONS = (
    # one query per list the card shows, each with the records its lines name; in the
    # order they were recorded (the models have no order of their own)
    Prefetch("names", queryset=PersonName.objects.select_related("document").order_by("pk")),
    Prefetch("documents", queryset=IdentityDocument.objects.select_related(
        "issuing_country").order_by("pk")),
    Prefetch("citizenships", queryset=Citizenship.objects.select_related(
        "country").order_by("pk")),
    Prefetch("addresses", queryset=Address.objects.select_related(
        "region", "district", "settlement", "country")),
    Prefetch("employments", queryset=Employment.objects.select_related(
        "employer", "occupation").order_by("pk")),
)


SEARCH_PAGE_SIZE = 20


@console_view
def person_search_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The search page, a page of results at a time with the total; an HTMX request gets
    only the results; ``?export=csv|xlsx`` downloads every person found."""
    actor.require(Capability.SEARCH_PERSONS)
    form = SearchForm(request.GET, role=actor.role)
    found, status = None, 200
    fmt = export_format(request)
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        try:
            found = search.person_search_page(
                actor=actor, query=data["q"], purpose=data["purpose"],
                offset=0 if fmt else data["offset"] or 0,
                page_size=search.RESULT_CAP if fmt else SEARCH_PAGE_SIZE,
            )
        except DomainError as err:
            form_refused(form, err)
            status = DOMAIN_REFUSED
        if found is not None and fmt:
            return _search_export(actor, fmt, found, data["purpose"])
    template = "web/persons/_results.html" if request.htmx else "web/persons/search.html"
    query = request.GET.copy()
    query.pop("offset", None)
    return render(request, template, {
        "form": form, "found": found, "results": result_rows(found) if found else None,
        "query": query.urlencode(),
    }, status=status)


@dataclass(frozen=True)
class ResultRow:
    """One person found, in words (the lookups done once per page, not per line by the
    template); ``matched``: the spelling of the name that matched the query, if any."""

    pk: int
    name: str
    matched: str
    matched_script: str
    iin: str
    birth_date: str
    citizenship: str
    region: str


def result_rows(found: search.SearchPage) -> list[ResultRow]:
    """The lines of a page of search results, in the active language."""
    scripts = {code: str(label) for code, label in PersonName.Script.choices}
    rows = []
    for p in found.persons:
        name = found.matched.get(p.pk)
        rows.append(ResultRow(
            pk=p.pk, name=p.display_name, matched=name.full if name else "",
            matched_script=scripts.get(name.script, name.script) if name else "",
            iin=p.iin or "", birth_date=f"{p.birth_date:%d.%m.%Y}" if p.birth_date else "",
            citizenship=p.citizenship.name if p.citizenship else "",
            region=p.region.name if p.region else ""))
    return rows


def _search_export(actor: Actor, fmt: str, found: search.SearchPage, purpose: str) -> HttpResponse:
    columns = [_("name"), _("matched spelling"), _("IIN"), _("date of birth"),
               _("citizenship"), _("region")]
    rows = []
    for p in found.persons:
        matched = found.matched.get(p.pk)
        rows.append([p.display_name, matched.full if matched else "", p.iin or "",
                     p.birth_date, p.citizenship.name if p.citizenship else _("stateless"),
                     p.region.name if p.region else ""])
    return export_response(actor=actor, fmt=fmt, name="persons", title=_("Search results"),
                           columns=columns, rows=rows, person_ids=[p.pk for p in found.persons],
                           purpose=purpose)


@console_view
def person_card(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    purpose = purpose_of(request.GET)
    person = person_get(actor=actor, person_id=person_id, purpose=purpose)
    prefetch_related_objects([person], *CARD_RELATIONS)
    changes = person_changes(person=person)
    record_names_read(changes)
    return render(request, "web/persons/card.html", {
        "person": person, "purpose": purpose,
        "changes": changes,
        # one history: asylum seeker → refugee → residence permit (asylum unit only),
        # emigrant → returnee
        "protection": protection_history(actor=actor, person=person),
        "work_abroad": work_of(actor=actor, person=person),
    })


@console_view
def person_sensitive(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    """Addresses over time and border crossings, shown only after a purpose and its
    justification are stated; the prompt names the person. The page writes one event:
    the ``read_sensitive`` with the stated purpose."""
    sensitive_require(actor)
    person = person_in_scope(actor=actor, person_id=person_id)
    form = SensitiveForm(request.POST or None, role=actor.role,
                         initial={"purpose": purpose_of(request.GET, "")})
    context = {"form": form, "person": person, "person_id": person_id,
               "purpose": purpose_of(request.GET)}
    if request.method != "POST":
        return render(request, "web/persons/sensitive.html", context)
    if not form.is_valid():
        return render(request, "web/persons/sensitive.html", context, status=FORM_INVALID)
    try:
        history = person_sensitive_history(
            actor=actor, person=person, purpose=form.cleaned_data["purpose"],
            justification=form.cleaned_data["justification"],
        )
    except DomainError as err:
        form_refused(form, err)
        return render(request, "web/persons/sensitive.html", context, status=DOMAIN_REFUSED)
    justification = " ".join(form.cleaned_data["justification"].split())
    stated = f"{form.cleaned_data['purpose']}: {justification}"
    return render(request, "web/persons/sensitive.html",
                  context | {"history": history, "stated": stated})
