"""A what-if result as a CSV or Excel file, labelled in the active language: the totals,
then every citizenship and every ISCO-08 major group."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .labels import ResultLabelled

Row = list[object]


def _summary(labelled: ResultLabelled) -> list[Row]:
    r = labelled.result
    rows: list[Row] = [[_("Instrument"), labelled.instrument]]
    for change in labelled.changes:
        rows.append([change.label, f"{change.current} → {change.new}"])
        rows.append([_("Applies from"), change.start.isoformat()])
    rows += [
        [_("Applications assessed as of"), r.on.isoformat()],
        [_("Synthetic applicants"), r.population],
        [_("Qualify now"), r.baseline],
        [_("Qualify after the change"), r.reform],
        [_("More"), r.gained],
        [_("Fewer"), r.lost],
        [_("Rule version"), r.rule_version],
    ]
    return rows


def _tables(labelled: ResultLabelled) -> list[tuple[str, str, list[Row]]]:
    """(title, group heading, rows of group, now, after, change) of both breakdowns."""
    def rows(groups: list) -> list[Row]:
        return [[label, g.baseline, g.reform, g.gained] for label, g in groups]

    return [
        (_("By citizenship"), _("Citizenship"), rows(labelled.by_country)),
        (_("By occupation (ISCO-08 major group)"), _("Occupation"),
         rows(labelled.by_occupation)),
    ]


def whatif_csv(labelled: ResultLabelled) -> bytes:
    """One CSV (UTF-8 with a byte-order mark, so Excel reads Cyrillic): the summary rows,
    a blank line, then each breakdown under its heading row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(_summary(labelled))
    for title, heading, rows in _tables(labelled):
        writer.writerow([])
        writer.writerow([title])
        writer.writerow([heading, _("Now"), _("After"), _("Change")])
        writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def whatif_xlsx(labelled: ResultLabelled) -> bytes:
    """An Excel workbook: a summary sheet and one sheet per breakdown."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    for row in _summary(labelled):
        sheet.append(row)
    sheet.column_dimensions["A"].width = 40
    for title, heading, rows in _tables(labelled):
        sheet = book.create_sheet(title[:31])
        sheet.append([heading, _("Now"), _("After"), _("Change")])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 45
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
