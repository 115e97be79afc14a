"""The NinjaAPI instance, its error handlers and the routers of each capability.

Every refusal has one shape (``schemas.ErrorOut``): ``{code, message, field, rows}`` with the
message in the request's language (``Accept-Language``)."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from kosh.access.policy import AccessDenied, actor_for
from kosh.access.refusals import request_refused
from kosh.errors import DomainError

from . import audit, identifiers, persons, reference
from .auth import TokenAuth
from .schemas import ErrorDetail, ErrorOut


class UnicodeJSONRenderer(JSONRenderer):
    """JSON with Kazakh and Russian text as written, not as ``\\u`` escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Kosh API",
    version="1",
    description="Registry of persons, reference data and audit of the migration information "
    "system. Authenticate with `Authorization: Bearer <token>` (`kosh token create USERNAME`); "
    "every read of a person states its purpose. Errors are `{code, message, field, rows}` "
    "with the message in the language of `Accept-Language` (kk, ru, en).",
    auth=TokenAuth(),
    renderer=UnicodeJSONRenderer(),
    urls_namespace="api",
)

api.add_router("", persons.router)
api.add_router("/identifiers", identifiers.router)
api.add_router("/reference", reference.router)
api.add_router("/audit", audit.router)
api.add_router("/cases", "kosh.cases.api.router")


def _error(request: HttpRequest, status: int, error: ErrorOut) -> HttpResponse:
    return api.create_response(request, error.model_dump(), status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """A refused request: 409 when the value is already taken, else 422."""
    status = 409 if exc.code.endswith("_taken") else 422
    rows = [ErrorDetail(**row) if isinstance(row, dict) else row for row in exc.rows]
    return _error(request, status, ErrorOut(
        code=exc.code, message=str(exc.message), field=exc.field, rows=rows
    ))


@api.exception_handler(AccessDenied)
def access_denied(request: HttpRequest, exc: AccessDenied) -> HttpResponse:
    """The role may not do this (audited as ``denied``, ``missing_capability``)."""
    request_refused(request, actor=actor_for(request.user, channel="api"), exc=exc)
    return _error(request, 403, ErrorOut(
        code="forbidden", message=_("Your role does not allow this.")
    ))


def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Missing, or outside the actor's scope: the two are not told apart (a record that
    exists is audited as ``denied``, ``out_of_scope``)."""
    request_refused(request, actor=actor_for(request.user, channel="api"), exc=exc)
    return _error(request, 404, ErrorOut(code="not_found", message=_("Not found.")))


api.add_exception_handler(ObjectDoesNotExist, not_found)
api.add_exception_handler(Http404, not_found)


def _field(loc: tuple | list) -> str:
    """``("body", "payload", "iin")`` → ``iin``; ``("query", "purpose")`` → ``purpose``."""
    parts = loc[2:] if loc[0] == "body" else loc[1:]
    return ".".join(str(p) for p in parts)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """The request does not fit the schema; one entry in ``rows`` per fault."""
    rows = [ErrorDetail(field=_field(err["loc"]), message=err["msg"]) for err in exc.errors]
    fields = ", ".join(dict.fromkeys(r.field for r in rows if r.field))
    return _error(request, 422, ErrorOut(
        code="invalid",
        message=_("Check these fields: %(fields)s.") % {"fields": fields} if fields
        else _("The request is invalid."),
        field=rows[0].field if rows else "",
        rows=rows,
    ))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Authentication failures (401), unreadable bodies (400) and the like."""
    if exc.status_code == 401:
        code, message = "unauthorized", _("A valid API token is required.")
    elif exc.status_code == 400:
        code, message = "bad_request", _("The request body could not be read.")
    else:
        code, message = "http_error", str(exc)
    return _error(request, exc.status_code, ErrorOut(code=code, message=message))
