"""Every monitoring table as the page shows it and as a download (CSV with a byte-order
mark for Excel, and an Excel workbook), labelled in the active language. Hidden numbers
are written ``x`` with a note saying why."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .geography import geography
from .indicators import HORIZON
from .published import Table, threshold

HIDDEN = "x"


def _lang() -> str:
    return (get_language() or "ru")[:2]


def area_label(code: str) -> str:
    """A region's or district's name in the active language (codes of rows such as
    ``total`` translated)."""
    geo, lang = geography(), _lang()
    if code in geo.regions:
        return geo.region_name(code, lang)
    if code in geo.districts:
        return geo.district_name(code, lang)
    words = {"total": _("Total"), "other": _("Other regions"),
             "urban → urban": _("urban → urban"), "urban → rural": _("urban → rural"),
             "rural → urban": _("rural → urban"), "rural → rural": _("rural → rural")}
    if code.endswith("_share"):
        return _("%(city)s, share %%") % {"city": area_label(code[:-6])}
    return str(words.get(code, code))


def _column_label(key: str) -> str:
    labels = {"origin": _("Origin \\ destination"), "area": _("Area"),
              "arrivals": _("Arrivals"), "departures": _("Departures"),
              "net": _("Balance"), "total": _("Total"), "flow": _("Flow")}
    return str(labels.get(key) or area_label(key))


def labelled(table: Table) -> tuple[list[str], list[list[Any]]]:
    """The table's heading and rows with areas named and hidden numbers as ``x``."""
    heading = [_column_label(c) for c in table.columns]
    rows = [[area_label(str(r[0])), *[HIDDEN if v is None else v for v in r[1:]]]
            for r in table.rows]
    return heading, rows


def note() -> str:
    """What an ``x`` means."""
    return _("x: hidden — under %(n)s, or a number that would let one work such a "
             "count out from the totals.") % {"n": threshold()}


def table_csv(title: str, table: Table) -> bytes:
    """The table as CSV (UTF-8 with BOM, CRLF)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title])
    heading, rows = labelled(table)
    writer.writerow(heading)
    writer.writerows(rows)
    writer.writerow([])
    writer.writerow([note()])
    return out.getvalue().encode("utf-8-sig")


def _xlsx(title: str, heading: Sequence[Any], rows: Sequence[Sequence[Any]],
          footer: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31].replace("/", "-")
    sheet.append(list(heading))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    if footer:
        sheet.append([])
        sheet.append([footer])
    sheet.column_dimensions["A"].width = 36
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_xlsx(title: str, table: Table) -> bytes:
    """The table as an Excel workbook of one sheet."""
    heading, rows = labelled(table)
    return _xlsx(title, heading, rows, note())


def indicators_rows(rows: Sequence[Any]) -> tuple[list[str], list[list[Any]]]:
    """The indicator table: number, name, unit, baseline, then per year target and value,
    projection to 2027 and status."""
    years = list(range(2021, HORIZON + 1))
    heading = [_("No."), _("Indicator"), _("Unit"), _("Baseline 2021")]
    for y in years[1:]:
        heading += [_("Target %(y)s") % {"y": y}, _("Value %(y)s") % {"y": y}]
    heading += [_("Projection %(y)s") % {"y": HORIZON}, _("Status"), _("Source")]
    out = []
    lang = _lang()
    for r in rows:
        ind = r.indicator
        line: list[Any] = [ind.number, ind.name(lang), ind.unit_name(lang), ind.baseline]
        for y in years[1:]:
            v = r.values.get(y)
            line += [ind.targets.get(y), round(v.value, 2) if v else None]
        j = r.judgement
        line += [round(j.projection, 2) if j.projection is not None else None,
                 status_label(j.status), ind.source(lang)]
        out.append(line)
    return heading, out


def status_label(status: str) -> str:
    """An indicator status in words."""
    return str({"on_track": _("on track"), "at_risk": _("at risk"),
                "no_data": _("no data")}.get(status, status))


def indicators_csv(rows: Sequence[Any]) -> bytes:
    """The indicator table as CSV."""
    heading, body = indicators_rows(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(heading)
    writer.writerows(body)
    return out.getvalue().encode("utf-8-sig")


def indicators_xlsx(rows: Sequence[Any]) -> bytes:
    """The indicator table as Excel."""
    heading, body = indicators_rows(rows)
    return _xlsx(_("Indicators"), heading, body)


def quarterly_rows(rows: Sequence[dict[str, Any]], year: int, quarter: int
                   ) -> tuple[list[str], list[list[Any]]]:
    """The quarterly report on the action plan: one line per measure."""
    lang = _lang()
    heading = [_("No."), _("Measure"), _("Completion form"), _("Deadline"),
               _("Responsible bodies"), _("Status at the quarter's end"), _("Per cent done"),
               _("Reported this quarter"), _("Evidence")]
    out = []
    for r in rows:
        m, s = r["measure"], r["state"]
        title, form = m.text("title", lang), m.text("completion_form", lang)
        deadline = m.text("deadline", lang)
        reports = "; ".join(f"{x.body}: {x.text}" for x in r["reports"])
        evidence = "; ".join(x.evidence + (f" (SHA-256 {x.evidence_sha256})"
                                           if x.evidence_sha256 else "")
                             for x in r["reports"])
        out.append([m.number, title, form, deadline, ", ".join(m.responsible_codes),
                    s.label, s.percent, reports, evidence])
    return heading, out


def quarterly_xlsx(rows: Sequence[dict[str, Any]], year: int, quarter: int) -> bytes:
    """The quarterly report as Excel."""
    heading, body = quarterly_rows(rows, year, quarter)
    return _xlsx(f"{year} Q{quarter}", heading, body)


def quarterly_csv(rows: Sequence[dict[str, Any]], year: int, quarter: int) -> bytes:
    """The quarterly report as CSV."""
    heading, body = quarterly_rows(rows, year, quarter)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Action plan, %(year)s Q%(q)s") % {"year": year, "q": quarter}])
    writer.writerow(heading)
    writer.writerows(body)
    return out.getvalue().encode("utf-8-sig")
