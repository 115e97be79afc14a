"""Bulk registration of persons from CSV or Excel: all or nothing, with a row-level report.

Every row goes through the same services as the console (so the same checks, the same
audit), each inside a savepoint so one bad row does not hide the next; if any row fails,
or on a dry run, the whole import is rolled back and nothing is written."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError

from . import services

COLUMNS = (
    "iin", "surname", "given_name", "patronymic", "birth_date", "sex", "citizenship",
    "document_kind", "document_number", "document_issued_on", "document_expires_on",
    "region_kato", "category",
)
REQUIRED = ("surname", "given_name", "birth_date", "sex")
MAX_ROWS = 50_000


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based line of the data in the file, the header being row 1
    field: str
    message: str


@dataclass
class ImportReport:
    created: int = 0  # persons created (on a dry run: that would be created)
    rows: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.rows


class _RollBack(Exception):
    """Raised inside the transaction to undo a failed or dry-run import."""


def _read_table(file: IO[bytes], filename: str) -> list[dict[str, str]]:
    if filename.lower().endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        sheet = load_workbook(file, read_only=True, data_only=True).active
        values = list(sheet.iter_rows(values_only=True))
        if not values:
            return []
        header = [str(h or "").strip() for h in values[0]]
        return [
            {h: _cell(v) for h, v in zip(header, row, strict=False) if h}
            for row in values[1:]
            if any(v not in (None, "") for v in row)
        ]
    text = file.read().decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    return [
        {k.strip(): (v or "").strip() for k, v in row.items() if k}
        for row in csv.DictReader(io.StringIO(text), dialect=dialect)
    ]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: str, name: str, row: int, errors: list[RowError]) -> date | None:
    if not value:
        return None
    for fmt_value in (value, "-".join(reversed(value.split(".")))):
        try:
            return date.fromisoformat(fmt_value)
        except ValueError:
            continue
    errors.append(RowError(row, name, _("“%(value)s” is not a date (use YYYY-MM-DD or DD.MM.YYYY).")
                           % {"value": value}))
    return None


def _import_row(actor: Actor, n: int, row: dict[str, str]) -> list[RowError]:
    errors = [
        RowError(n, col, _("This field is required.")) for col in REQUIRED if not row.get(col)
    ]
    birth = _date(row.get("birth_date", ""), "birth_date", n, errors)
    issued = _date(row.get("document_issued_on", ""), "document_issued_on", n, errors)
    expires = _date(row.get("document_expires_on", ""), "document_expires_on", n, errors)
    sex = row.get("sex", "").upper()[:1]
    sex = {"М": "M", "Ж": "F", "Е": "M", "Ә": "F"}.get(sex, sex)
    if row.get("sex") and sex not in ("M", "F"):
        errors.append(RowError(n, "sex", _("Sex must be M or F.")))
    if errors:
        return errors
    try:
        with transaction.atomic():
            person = services.person_create(
                actor=actor, iin=row.get("iin"), birth_date=birth, sex=sex,
                surname=row["surname"], given_name=row["given_name"],
                patronymic=row.get("patronymic", ""), citizenship=row.get("citizenship") or None,
                purpose="import",
            )
            if row.get("document_number"):
                services.document_add(
                    actor=actor, person=person, kind=row.get("document_kind") or "id_card",
                    number=row["document_number"],
                    issuing_country=row.get("citizenship") or "KAZ",
                    issued_on=issued or birth, expires_on=expires, purpose="import",
                )
            if row.get("region_kato"):
                services.address_add(
                    actor=actor, person=person, kind="permanent",
                    region_id=_region(row["region_kato"]), valid_from=issued or birth,
                    purpose="import",
                )
            if row.get("category"):
                services.category_add(
                    actor=actor, person=person, category=row["category"],
                    valid_from=issued or birth, purpose="import",
                )
    except DatabaseError as err:  # a value the database refuses (too long, out of range)
        return [RowError(n, "", _("The database refused this row: %(error)s")
                         % {"error": str(err).splitlines()[0]})]
    except DomainError as err:
        column = {"number": "document_number", "kind": "document_kind",
                  "issuing_country": "citizenship", "region": "region_kato",
                  "expires_on": "document_expires_on"}.get(err.field, err.field)
        return [RowError(n, column, str(err.message))]
    return []


def _region(kato: str) -> str:
    from kosh.geo.models import Region

    kato = kato.strip()
    if not Region.objects.filter(pk=kato).exists():
        raise DomainError("unknown_region", _("Unknown region KATO code: %(code)s")
                          % {"code": kato}, field="region_kato")
    return kato


def persons_import(
    *, actor: Actor, file: IO[bytes], filename: str, dry_run: bool = False
) -> ImportReport:
    """Import persons from a CSV/XLSX file with the columns of ``COLUMNS``.

    Returns a report; when it lists errors (or on a dry run) nothing was written."""
    actor.require(Capability.IMPORT_PERSONS)
    report = ImportReport(dry_run=dry_run)
    try:
        table = _read_table(file, filename)
    except Exception as err:
        report.rows.append(RowError(0, "", _("The file cannot be read: %(error)s")
                                    % {"error": err}))
        return report
    if not table:
        report.rows.append(RowError(0, "", _("The file has no data rows.")))
        return report
    missing = [c for c in REQUIRED if c not in table[0]]
    unknown = [c for c in table[0] if c not in COLUMNS]
    if missing or unknown:
        report.rows.append(RowError(1, ", ".join(missing + unknown), _(
            "The header must use the template's columns; missing: %(missing)s; unknown: "
            "%(unknown)s") % {"missing": ", ".join(missing) or "—",
                              "unknown": ", ".join(unknown) or "—"}))
        return report
    if len(table) > MAX_ROWS:
        report.rows.append(RowError(0, "", _("At most %(n)s rows per file.") % {"n": MAX_ROWS}))
        return report
    try:
        with transaction.atomic():
            for n, row in enumerate(table, start=2):
                report.rows.extend(_import_row(actor, n, row))
            if report.rows or dry_run:
                raise _RollBack
            audit_record(actor=actor, action=AuditEvent.Action.IMPORT, object_type="person",
                         purpose=f"import of {filename}", after={"created": len(table)})
    except _RollBack:
        pass
    if report.ok:
        report.created = len(table)  # on a dry run: how many would be created
    return report
