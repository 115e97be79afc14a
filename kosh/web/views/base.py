"""What every console view shares: login, the actor, and turning domain exceptions into
pages (``AccessDenied`` → 403, a record outside the actor's scope → 404, ``DomainError`` →
the message at its form field). Refusals are audited here, after the refused work has
rolled back (``kosh.access.refusals``)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kosh.access.policy import AccessDenied, Capability, actor_for
from kosh.access.refusals import request_refused
from kosh.errors import DomainError
from kosh.identity.models import IdentityDocument, Person

FORM_INVALID = 400
DOMAIN_REFUSED = 422


def console_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require login, call ``view(request, actor, ...)`` with the request's ``Actor`` and
    render refusals."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = actor_for(request.user)
        try:
            return view(request, actor, *args, **kwargs)
        except AccessDenied as err:
            request_refused(request, actor=actor, exc=err)
            return render(request, "403.html", status=403)
        except (Person.DoesNotExist, IdentityDocument.DoesNotExist) as err:
            request_refused(request, actor=actor, exc=err)
            raise Http404 from err

    return wrapper


def capability_view(
    capability: Capability,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view decorator: require login and ``capability`` (else 403, audited as a refusal)
    and call ``view(request, actor, ...)`` with the request's ``Actor``."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            actor = actor_for(request.user)
            try:
                actor.require(capability)
                return view(request, actor, *args, **kwargs)
            except AccessDenied as exc:
                request_refused(request, actor=actor, exc=exc)
                return render(request, "403.html", status=403)

        return wrapper

    return decorate


def form_refused(form: forms.Form, err: DomainError) -> None:
    """Show a service's refusal at the field it names (or above the form)."""
    form.add_error(err.field if err.field in form.fields else None, str(err.message))
