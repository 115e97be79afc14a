"""What every console view shares: login, the actor, and turning domain exceptions into
pages (``AccessDenied`` → 403, a record outside the actor's scope → 404, ``DomainError`` →
the message at its form field). Refusals are audited here, after the refused work has
rolled back (``kosh.access.refusals``)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kosh.access.policy import AccessDenied, Actor, Capability, actor_for
from kosh.access.refusals import request_refused
from kosh.errors import DomainError

FORM_INVALID = 400
DOMAIN_REFUSED = 422


def capability_view(
    requirement: Capability | Callable[[Actor], None] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view decorator: require login and ``requirement`` — a capability, or a check that
    raises ``AccessDenied`` — (else 403, audited as a refusal), call ``view(request, actor,
    ...)`` with the request's ``Actor``; a record that is missing or outside the actor's
    scope is 404 (audited when the record exists)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            actor = actor_for(request.user)
            try:
                if isinstance(requirement, Capability):
                    actor.require(requirement)
                elif requirement is not None:
                    requirement(actor)
                return view(request, actor, *args, **kwargs)
            except AccessDenied as exc:
                request_refused(request, actor=actor, exc=exc)
                return render(request, "403.html", status=403)
            except ObjectDoesNotExist as exc:
                request_refused(request, actor=actor, exc=exc)
                raise Http404 from exc

        return wrapper

    return decorate


console_view = capability_view()
"""Require login and pass the ``Actor``; the view checks capabilities itself."""


def form_refused(form: forms.Form, err: DomainError) -> None:
    """Show a service's refusal at the field it names (or above the form)."""
    form.add_error(err.field if err.field in form.fields else None, str(err.message))
