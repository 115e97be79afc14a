"""Any table a user sees on a page, as a CSV or Excel file with the page's column labels
in the active language: the caller passes the same rows the page shows (same scoping,
same suppression), so an export never holds more than the screen.

A file with personal data in its rows is one ``download`` audit event."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import Actor

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_format(request: HttpRequest) -> str | None:
    """The file format a page was asked for (``?export=csv`` or ``xlsx``), else None."""
    value = request.GET.get("export", "")
    return value if value in FORMATS else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def table_csv(columns: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads Cyrillic), dates as dd.mm.yyyy."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(c) for c in columns])
    writer.writerows([_text(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, int | float | date) or value is None:
        return value
    return str(value)


def table_xlsx(columns: Sequence[Any], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    """One sheet: a bold heading row, then the rows (numbers and dates as such)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31] or "export"
    sheet.append([str(c) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for column in sheet.iter_cols(min_row=1, max_row=sheet.max_row):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd.mm.yyyy hh:mm:ss"
            elif isinstance(cell.value, date):
                cell.number_format = "dd.mm.yyyy"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_response(
    *,
    actor: Actor,
    fmt: str,
    name: str,
    title: str,
    columns: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    person_ids: Sequence[int] | None = None,
    purpose: str = "",
) -> HttpResponse:
    """The rows as ``<name>-<date>.csv|xlsx`` for download. ``person_ids`` (the persons
    whose data the rows hold, None for rows without personal data) makes the download one
    ``download`` audit event naming the export, the row count and those persons."""
    body = table_csv(columns, rows) if fmt == "csv" else table_xlsx(columns, rows, str(title))
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if person_ids is not None:
        distinct = sorted(set(person_ids))
        audit_record(
            actor=actor, action=AuditEvent.Action.DOWNLOAD, object_type="export",
            object_id=filename, person_id=distinct[0] if len(distinct) == 1 else None,
            purpose=purpose, after={"rows": len(rows), "persons": distinct},
        )
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
