"""The two references: ``POST /bench/api/rows`` (bare django-ninja: token, one INSERT, one
audit event, one transaction) and ``GET /bench/page`` (bare Django: the session's user, a
trivial template)."""

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.template import engines
from ninja import NinjaAPI, Schema, Status

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import actor_for
from kosh.api.auth import TokenAuth

# The table the bare endpoint inserts into; ``reference_table_create`` makes it (the
# benchmark calls it once, so no migration carries a table production never has).
TABLE = "bench_reference_row"

api = NinjaAPI(title="Benchmark references", version="bench", auth=TokenAuth(),
               urls_namespace="bench-api", docs_url=None, openapi_url=None)


class RowIn(Schema):
    """What the bare endpoint stores: one short text."""

    text: str


class RowOut(Schema):
    id: int


def reference_table_create() -> None:
    """Create the reference table (idempotent)."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigserial PRIMARY KEY, "
                       "created_at timestamptz NOT NULL DEFAULT now(), text text NOT NULL)")


@api.post("/rows", response={201: RowOut})
def row_create(request: HttpRequest, payload: RowIn) -> Status[RowOut]:
    """Insert one row and append one audit event for it, in one transaction."""
    actor = actor_for(request.user, channel="api")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE} (text) VALUES (%s) RETURNING id",
                           [payload.text])
            row_id = cursor.fetchone()[0]
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, object_type="bench_row",
                     object_id=row_id, purpose="benchmark reference")
    return Status(201, RowOut(id=row_id))


# A trivial template, compiled once (as Django's cached loader keeps Kosh's pages).
PAGE = engines["django"].from_string(
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reference</title>"
    "</head><body><p>Signed in as {{ name }}.</p></body></html>")


@login_required
def page(request: HttpRequest) -> HttpResponse:
    """A trivial template for the signed-in user (the session and user lookups Kosh's
    pages make too, nothing else)."""
    return HttpResponse(PAGE.render({"name": request.user.get_username()}, request))
