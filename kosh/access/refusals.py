"""Recording refusals in the audit log: one ``denied`` event per refused request, with
its reason.

Services and selectors refuse by raising (``AccessDenied``, or ``DoesNotExist`` for a
record outside the actor's scope), often inside ``transaction.atomic``, so an event
written there would be rolled back with the refused work. The console's view wrappers
and the API's exception handlers therefore call ``refusal_record`` after the exception
has left the transaction. What was refused comes from the exception (``AccessDenied``
may carry it) or from the URL's parameters (``person_id``, ``case_id`` …)."""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.http import HttpRequest

from .audit import audit_record
from .models import AuditEvent
from .policy import AccessDenied, Actor, actor_for

PAGE = "page"  # the object of a refusal that names no record: the page or endpoint


@dataclass(frozen=True)
class Scoped:
    """A kind of record a URL may name: its model, the URL parameter carrying its key,
    the field that key is, and the path to the person it concerns."""

    object_type: str
    model: str
    param: str
    key: str
    person: str


SCOPED = (  # the most specific first: a case file's URL names its case too
    Scoped("case_file", "cases.CaseFile", "file_id", "pk", "case__applicant_id"),
    Scoped("issued_document", "cases.IssuedDocument", "number", "number", "holder_id"),
    Scoped("case", "cases.Case", "case_id", "pk", "applicant_id"),
    Scoped("identity_document", "identity.IdentityDocument", "document_id", "pk", "person_id"),
    Scoped("complaint", "emigrants.Complaint", "complaint_id", "pk", "person_id"),
    Scoped("person", "identity.Person", "person_id", "pk", "pk"),
)


@cache
def _model(label: str) -> type[Model]:
    return apps.get_model(label)


def _found(scoped: Scoped, value: Any) -> tuple[bool, int | None]:
    """Whether the named record exists (outside any scope), and its person."""
    try:
        row = (_model(scoped.model).objects.filter(**{scoped.key: value})
               .values_list(scoped.person, flat=True)[:1])
        found = list(row)
    except (ValueError, TypeError):
        return False, None
    return (True, found[0]) if found else (False, None)


def refusal_record(*, actor: Actor, exc: Exception, params: Mapping[str, Any],
                   page: str = "", purpose: str = "") -> AuditEvent | None:
    """Record a refused request as one ``denied`` event, or nothing when the refusal is
    no access at all (a record that does not exist, an anonymous caller).

    ``exc`` is the ``AccessDenied`` (reason ``missing_capability``) or the
    ``ObjectDoesNotExist`` of a record outside the actor's scope (``out_of_scope``);
    ``params`` are the URL's parameters, ``page`` the view's name and ``purpose`` the
    purpose the request stated, if any."""
    if actor.user is None:
        return None
    if isinstance(exc, AccessDenied):
        obj_type, obj_id, person_id = exc.object_type, exc.object_id, exc.person_id
        if not obj_type:
            obj_type, obj_id, person_id = _named(params, page)
        return audit_record(actor=actor, action=AuditEvent.Action.DENIED,
                            object_type=obj_type, object_id=obj_id, person_id=person_id,
                            purpose=purpose, after={"capability": str(exc.capability)},
                            reason=AuditEvent.Reason.MISSING_CAPABILITY)
    for scoped in SCOPED:
        if isinstance(exc, _model(scoped.model).DoesNotExist) and scoped.param in params:
            found, person_id = _found(scoped, params[scoped.param])
            if not found:
                return None
            return audit_record(actor=actor, action=AuditEvent.Action.DENIED,
                                object_type=scoped.object_type,
                                object_id=params[scoped.param], person_id=person_id,
                                purpose=purpose, reason=AuditEvent.Reason.OUT_OF_SCOPE)
    return None


def _named(params: Mapping[str, Any], page: str) -> tuple[str, Any, int | None]:
    """The record the URL names (the most specific one), or the page itself."""
    for scoped in SCOPED:
        if scoped.param in params:
            found, person_id = _found(scoped, params[scoped.param])
            return scoped.object_type, params[scoped.param], person_id if found else None
    return PAGE, page, None


def request_refused(request: HttpRequest, *, actor: Actor, exc: Exception) -> None:
    """``refusal_record`` for a refused console or API request."""
    match = request.resolver_match
    purpose = request.GET.get("purpose") or (
        request.POST.get("purpose", "") if request.method == "POST" else "")
    refusal_record(actor=actor, exc=exc, params=match.kwargs if match else {},
                   page=(match.view_name if match else request.path)[:40],
                   purpose=str(purpose)[:300])


def sign_in_locked(sender: Any, request: HttpRequest | None = None, username: str = "",
                   ip_address: str = "", **kwargs: Any) -> None:
    """django-axes' ``user_locked_out``: a sign-in refused because of repeated failures
    (the attempt that locks the account and each attempt while it is locked)."""
    user = get_user_model().objects.filter(username=username).first() if username else None
    actor = actor_for(user)
    audit_record(actor=actor, action=AuditEvent.Action.DENIED, object_type="account",
                 object_id=username or "", after={"ip_address": ip_address},
                 reason=AuditEvent.Reason.LOCKED,
                 actor_name="" if user else (username or "anonymous")[:150])
