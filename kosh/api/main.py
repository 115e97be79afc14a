"""The NinjaAPI instance, its error handlers and the routers of each capability.

Every refusal has one shape (``schemas.ErrorOut``): ``{code, message, field, rows}`` with the
message in the request's language (``Accept-Language``). That holds for every answer under
``/api/`` that is not a success: an unknown path (404), a method the path does not serve
(405, with ``Allow``), a body that is not JSON or does not fit the schema (422), a missing
or revoked token (401), a role that may not (403), a record missing or outside the actor's
scope (404), a value already taken (409) and any other refused rule (422)."""

import functools
import logging
from collections.abc import Callable

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.operation import PathView
from ninja.params.models import QueryModel
from ninja.parser import Parser
from ninja.utils import normalize_path, replace_path_param_notation

from kosh.access.policy import AccessDenied, actor_for
from kosh.access.refusals import request_refused
from kosh.errors import DomainError

from . import audit, identifiers, persons, reference
from .auth import TokenAuth
from .responses import RENDERER
from .schemas import ErrorDetail, ErrorOut

logger = logging.getLogger(__name__)


class KoshAPI(NinjaAPI):
    """The NinjaAPI whose URL list also answers, in the error shape, a path no operation
    serves (404) and a method the path does not serve (405), and which knows the query
    parameters each operation declares (``DeclaredQueryParser``)."""

    def _get_urls(self) -> list[URLPattern | URLResolver]:
        urls = super()._get_urls()
        views: dict[str, PathView] = {}
        for bound in self._get_bound_routers():
            prefix = replace_path_param_notation(bound.prefix)
            for path, path_view in bound.path_operations.items():
                route = "/".join(p for p in (prefix, replace_path_param_notation(path)) if p)
                views[normalize_path(route).lstrip("/")] = path_view
        for url in urls:
            if isinstance(url, URLPattern):
                url.callback = _method_not_allowed_as_json(url.callback)
                PATH_VIEWS[url.callback] = views.get(str(url.pattern))
        urls.append(re_path(r"^[\s\S]*$", unknown_path))  # a path may hold a newline
        return urls


# The operations of each view function, to find what a request may send in its query.
PATH_VIEWS: dict[Callable, PathView | None] = {}


class DeclaredQueryParser(Parser):
    """Reads the query string; a parameter the operation does not declare is a request the
    schema forbids (422, one row per parameter), as an unknown field of a body is."""

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict:
        if data is request.GET:
            declared = _declared_query(request)
            unknown = [key for key in data if declared is not None and key not in declared]
            if unknown:
                raise ValidationError([
                    {"loc": ("query", key), "msg": "Unknown query parameter",
                     "type": "extra_forbidden"}
                    for key in unknown
                ])
        return super().parse_querydict(data, list_fields, request)


def _declared_query(request: HttpRequest) -> set[str] | None:
    match = request.resolver_match
    path_view = PATH_VIEWS.get(match.func) if match is not None else None
    if path_view is None:
        return None
    names: set[str] = set()
    for operation in path_view.operations:
        if request.method not in operation.methods:
            continue
        for model in operation.models:
            if issubclass(model, QueryModel):
                flat = getattr(model, "__ninja_flatten_map__", None)
                names |= set(flat) if flat else {
                    field.alias or name for name, field in model.model_fields.items()
                }
    return names


def _method_not_allowed_as_json(view: Callable) -> Callable:
    """Ninja answers a method the path does not serve with a bare 405; give it the error
    shape, keeping the ``Allow`` header."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405:
            return response
        answer = _error(request, 405, ErrorOut(
            code="method_not_allowed", message=_("This method is not allowed here."),
        ))
        answer["Allow"] = response["Allow"]
        return answer

    return wrapper


@csrf_exempt  # as every API view: a token, not a session, authenticates
def unknown_path(request: HttpRequest) -> HttpResponse:
    """Any path under ``/api/`` that no operation serves, whatever the method."""
    return not_found(request, Http404(request.path))


api = KoshAPI(
    title="Kosh API",
    version="1",
    description="Registry of persons, reference data and audit of the migration information "
    "system. Authenticate with `Authorization: Bearer <token>` (`kosh token create USERNAME`); "
    "every read of a person states its purpose. Every error is JSON "
    "`{code, message, field, rows}` with the message in the language of `Accept-Language` "
    "(kk, ru, en): 401 without a valid token, 403 when the role does not allow the "
    "operation, 404 for an unknown path or a record missing or outside the caller's scope, "
    "405 for a method the path does not serve, 409 when a value is already taken, 422 for "
    "a body that is not JSON, any request the schema forbids (wrong type, a date that is "
    "not an ISO `YYYY-MM-DD` string or out of its range, an unknown field) and any other "
    "refused rule; `field` names the field at fault and `rows` lists each fault.",
    auth=TokenAuth(),
    renderer=RENDERER,
    parser=DeclaredQueryParser(),
    urls_namespace="api",
)

api.add_router("", persons.router)
api.add_router("/identifiers", identifiers.router)
api.add_router("/reference", reference.router)
api.add_router("/audit", audit.router)
api.add_router("/cases", "kosh.cases.api.router")
api.add_router("/whatif", "kosh.whatif.api.router")
api.add_router("/quotas", "kosh.quotas.api.router")
api.add_router("/forecast", "kosh.forecast.api.router")
api.add_router("/settlement", "kosh.settlement.api.router")
api.add_router("/labour", "kosh.labour.api.router")
api.add_router("/protection", "kosh.protection.api.router")
api.add_router("/emigrants", "kosh.emigrants.api.router")
api.add_router("/monitoring", "kosh.monitoring.api.router")
api.add_router("/linkage", "kosh.linkage.api.router")


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


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A fault of ours (a bug): logged with its traceback, answered 500 in the same shape,
    with nothing of the fault in the answer."""
    logger.exception("API request failed: %s %s", request.method, request.path, exc_info=exc)
    return _error(request, 500, ErrorOut(
        code="server_error", message=_("Something went wrong on our side; try again later."),
    ))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Authentication failures (401) and unreadable bodies: a body that is not JSON is a
    request the schema forbids, so 422 like any other (Ninja would say 400)."""
    status = exc.status_code
    if status == 401:
        code, message = "unauthorized", _("A valid API token is required.")
    elif status == 400:
        status, code, message = 422, "malformed_body", _("The request body could not be read.")
    else:
        code, message = "http_error", str(exc)
    return _error(request, status, ErrorOut(code=code, message=message))
