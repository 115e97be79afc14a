"""The references: ``POST /bench/api/rows`` (bare django-ninja: token, one INSERT, one
audit event, one transaction), ``POST /bench/api/floor`` (the same after the work a case
submission cannot skip: its body validated, its documents parsed, its rules applied) and
``GET /bench/page`` (bare Django: the session's user, a trivial template)."""

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.utils import timezone
from ninja import NinjaAPI, Schema, Status

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import Actor, actor_for
from kosh.api.auth import TokenAuth
from kosh.cases.evaluation import evaluation_run
from kosh.cases.permissions import applicant_for
from kosh.cases.registry import instrument_get
from kosh.cases.schemas import CaseSubmit
from kosh.cases.uploads import upload_check

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


def _row_store(actor: Actor, text: str) -> int:
    """One row and one audit event for it, in one transaction; the row's id."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE} (text) VALUES (%s) RETURNING id", [text])
            row_id = cursor.fetchone()[0]
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, object_type="bench_row",
                     object_id=row_id, purpose="benchmark reference")
    return row_id


@api.post("/rows", response={201: RowOut})
def row_create(request: HttpRequest, payload: RowIn) -> Status[RowOut]:
    """Insert one row and append one audit event for it, in one transaction."""
    return Status(201, RowOut(id=_row_store(actor_for(request.user, channel="api"),
                                            payload.text)))


@api.post("/floor", response={201: RowOut})
def floor(request: HttpRequest, payload: CaseSubmit) -> Status[RowOut]:
    """What a submission cannot skip, and nothing more: the body of ``POST /api/cases``
    validated, each document checked by parsing it, the instrument's rules applied with
    their trace to the person; then, as ``/rows``, one row and one audit event. The case
    engine does this and also stores the case, its evaluation, files, history lines and
    their audit events, and answers with them."""
    actor = actor_for(request.user, channel="api")
    for i, d in enumerate(payload.documents):
        upload_check(kind=d.kind, name=d.name, content=d.content, field=f"documents.{i}")
    spec = instrument_get(payload.application.instrument)
    person = applicant_for(actor, payload.person_id)
    data = spec.validate(payload.application.model_dump(mode="json"))
    today = timezone.localdate()
    evaluation = evaluation_run(instrument=spec, data=data, person=person, on=today,
                                issue_date=today)
    return Status(201, RowOut(id=_row_store(actor, f"{spec.code} {evaluation.eligible}")))


# A trivial template, compiled once (as Django's cached loader keeps Kosh's pages).
PAGE = engines["django"].from_string(
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reference</title>"
    "</head><body><p>Signed in as {{ name }}.</p></body></html>")


@login_required
def page(request: HttpRequest) -> HttpResponse:
    """A trivial template for the signed-in user (the session and user lookups Kosh's
    pages make too, nothing else)."""
    return HttpResponse(PAGE.render({"name": request.user.get_username()}, request))
