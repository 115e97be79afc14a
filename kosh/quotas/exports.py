"""A published quota set as files: the frozen CSV (codes only, the same in every language,
hashed at approval) and the exports an official downloads, labelled in the active language
(CSV and Excel)."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kosh.geo.models import Region

if TYPE_CHECKING:
    from .models import QuotaSet

Row = list[object]
FROZEN_HEADER = ["year", "kind", "version", "effective_from", "category", "region_kato",
                 "amount", "basis"]


def quota_set_frozen_csv(quota_set: QuotaSet) -> bytes:
    """The set as published: one row per line, codes not labels (UTF-8, CRLF)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FROZEN_HEADER)
    for line in quota_set.lines.order_by("category", "region"):
        writer.writerow([quota_set.year, quota_set.kind, quota_set.version,
                         quota_set.effective_from.isoformat(), line.category, line.region,
                         line.amount, line.basis])
    return out.getvalue().encode("utf-8")


def _region_names() -> dict[str, str]:
    return {r.kato: r.name for r in Region.objects.all()}


def _summary(quota_set: QuotaSet) -> list[Row]:
    return [
        [_("Quota"), str(quota_set.get_kind_display())],
        [_("Year"), quota_set.year],
        [_("Version"), quota_set.version],
        [_("In force from"), quota_set.effective_from.isoformat()],
        [_("Status"), str(quota_set.get_status_display())],
        [_("Approved by"), quota_set.approved_by_name],
        [_("Approved at"), quota_set.approved_at.isoformat() if quota_set.approved_at else ""],
        [_("SHA-256 of the published file"), quota_set.sha256],
        [_("Source"), quota_set.source],
    ]


def _lines(quota_set: QuotaSet) -> tuple[Row, list[Row]]:
    names = _region_names()
    heading: Row = [_("Category"), _("Region (KATO)"), _("Region"), _("Places"), _("Basis")]
    rows: list[Row] = [[line.category, line.region,
                        names.get(line.region, "") if line.region else _("Kazakhstan"),
                        line.amount, line.basis]
                       for line in quota_set.lines.order_by("category", "region")]
    rows.append(["", "", _("Total"), sum(int(r[3]) for r in rows), ""])
    return heading, rows


def quota_set_csv(quota_set: QuotaSet) -> bytes:
    """The set labelled in the active language (UTF-8 with a byte-order mark, for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(_summary(quota_set))
    writer.writerow([])
    heading, rows = _lines(quota_set)
    writer.writerow(heading)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def quota_set_xlsx(quota_set: QuotaSet) -> bytes:
    """An Excel workbook: the summary sheet and the lines."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    for row in _summary(quota_set):
        sheet.append(row)
    sheet.column_dimensions["A"].width = 34
    sheet = book.create_sheet(_("Lines")[:31])
    heading, rows = _lines(quota_set)
    sheet.append(heading)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.column_dimensions["C"].width = 36
    sheet.column_dimensions["E"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
