"""What the case pages share: login, the actor, refusals rendered in place, and the
application in words."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kosh.access.policy import AccessDenied, actor_for
from kosh.access.refusals import request_refused
from kosh.errors import DomainError
from kosh.geo.models import Country
from kosh.identity.models import Person
from kosh.instruments.common import country_choices

from ..models import Case, CaseFile, IssuedDocument
from ..registry import Instrument

MISSING = (Case.DoesNotExist, CaseFile.DoesNotExist, IssuedDocument.DoesNotExist,
           Person.DoesNotExist)


def case_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require login, pass the ``Actor``; ``AccessDenied`` → 403, out of scope → 404, both
    audited once the refused work has rolled back."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = actor_for(request.user)
        try:
            return view(request, actor, *args, **kwargs)
        except AccessDenied as err:
            request_refused(request, actor=actor, exc=err)
            return render(request, "403.html", status=403)
        except MISSING as err:
            request_refused(request, actor=actor, exc=err)
            raise Http404 from err

    return wrapper


def form_refused(form: forms.Form, err: DomainError) -> None:
    """Show a service's refusal at the field it names (or above the form)."""
    form.add_error(err.field if err.field in form.fields else None, str(err.message))
    for row in err.rows:
        name = str(row.get("field", "")).split(".")[0]
        if name in form.fields and name != err.field:
            form.add_error(name, str(row.get("message", "")))


def application_rows(spec: Instrument, data: dict[str, Any]) -> list[tuple[str, Any]]:
    """(label, value) pairs of a stored application, labelled as in the form; a country
    by its name (only the countries named are read, not the form's list of them)."""
    fields = spec.form_class().fields
    countries = Country.objects.in_bulk([value for name, value in data.items()
                                         if _lists_countries(fields.get(name)) and value])
    rows: list[tuple[str, Any]] = []
    for name, value in data.items():
        if isinstance(value, dict):
            label = spec.data_labels.get(name, name)
            rows.extend((f"{label} — {key}", item) for key, item in sorted(value.items()))
            continue
        field = fields.get(name)
        label = str(field.label) if field is not None else name
        if _lists_countries(field):
            value = countries[value].name if value in countries else value
        elif isinstance(field, forms.ChoiceField):
            value = dict(field.choices).get(value, value)
        rows.append((label, value))
    return rows


def _lists_countries(field: forms.Field | None) -> bool:
    """Is ``field`` a choice of country (``kosh.instruments.common.country_choices``)?"""
    return getattr(getattr(field, "choices", None), "func", None) is country_choices
