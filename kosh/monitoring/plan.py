"""The action plan as data and its judgement: the 51 measures read from
``data/action_plan.csv`` (transcribed from the decree, each row naming its source lines),
the responsible bodies of ``data/bodies.csv``, each measure's deadline in the current
cycle and whether it is done, on schedule, at risk or late."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import Measure, MeasureReport

DATA = Path(__file__).resolve().parent / "data"
#: The concept's last year: recurring measures run until then.
LAST_YEAR = 2027
#: A measure not done is at risk in the last days before its deadline with less than
#: half of it reported done.
AT_RISK_DAYS = 90
AT_RISK_PERCENT = 50

STATUS_LABELS = {
    "done": _("done"), "on_schedule": _("on schedule"), "at_risk": _("at risk"),
    "late": _("late"),
}


def plan_rows() -> list[dict[str, str]]:
    """The 51 rows of ``action_plan.csv`` as written, each with its Russian text from
    ``action_plan_ru.csv`` (the project's translation: the decree's source is Kazakh)."""
    with (DATA / "action_plan_ru.csv").open(encoding="utf-8") as f:
        russian = {r["number"]: r for r in csv.DictReader(f)}
    with (DATA / "action_plan.csv").open(encoding="utf-8") as f:
        return [{**r, **russian[r["number"]]} for r in csv.DictReader(f)]


def measure_defaults(r: dict[str, str]) -> dict[str, object]:
    """The ``Measure`` fields of one ``action_plan.csv`` row (first deadline year and
    quarter; a recurring measure without a year starts in 2023, as the transcription
    notes)."""
    return {
        "direction_code": r["direction_code"], "direction_kk": r["direction_kk"],
        "direction_en": r["direction_en"], "title_kk": r["title_kk"], "title_en": r["title_en"],
        "completion_form_kk": r["completion_form_kk"],
        "completion_form_en": r["completion_form_en"], "deadline_kk": r["deadline_kk"],
        "deadline_en": r["deadline_en"], "direction_ru": r["direction_ru"],
        "title_ru": r["title_ru"], "completion_form_ru": r["completion_form_ru"],
        "deadline_ru": r["deadline_ru"], "deadline_year": int(r["deadline_year_first"]),
        "deadline_quarter": int(r["deadline_quarter"]) if r["deadline_quarter"] else None,
        "recurring": r["recurring"] == "1",
        "responsible_codes": [c for c in r["responsible_codes"].split(";") if c],
        "lead_code": r["lead_code"], "source_lines": r["source_lines"][:40]}


@cache
def bodies() -> dict[str, dict[str, str]]:
    """Responsible bodies by code (aliases resolved to the code they stand for), with the
    Russian abbreviation of ``bodies_ru.csv`` (the project's; none for unresolved codes)."""
    with (DATA / "bodies_ru.csv").open(encoding="utf-8") as f:
        russian = {r["code"]: r["abbr_ru"] for r in csv.DictReader(f)}
    with (DATA / "bodies.csv").open(encoding="utf-8") as f:
        return {r["code"]: {**r, "abbr_ru": russian.get(r["code"], "")}
                for r in csv.DictReader(f)}


def body_name(code: str, lang: str = "en") -> str:
    """A body's name in Kazakh, its Russian or English abbreviation (its code
    otherwise)."""
    row = bodies().get(code)
    if not row:
        return code
    if lang == "kk":
        return row["name_kk"] or code
    if lang == "ru":
        return row["abbr_ru"] or code
    return row.get("abbr_en") or row["name_en"] or code


def quarter_end(year: int, quarter: int | None) -> dt.date:
    """The last day of ``quarter`` of ``year`` (the year's end when no quarter is set)."""
    q = quarter or 4
    month = q * 3
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


@dataclass(frozen=True)
class MeasureState:
    """A measure in the cycle ``year`` (its deadline year, or this year for a recurring
    one): the deadline, the latest report of the cycle and the status."""

    year: int
    deadline: dt.date
    status: str
    percent: int
    latest: MeasureReport | None

    @property
    def label(self) -> str:
        """The status in words."""
        return str(STATUS_LABELS[self.status])


def measure_state(measure: Measure, reports: list[MeasureReport], today: dt.date
                  ) -> MeasureState:
    """Judge ``measure`` on ``today`` from its ``reports`` (newest first): done when the
    cycle's latest report says so; late when its deadline has passed; at risk within
    ``AT_RISK_DAYS`` of it with less than ``AT_RISK_PERCENT`` % reported; otherwise on
    schedule."""
    if measure.recurring:
        year = min(max(today.year, measure.deadline_year), LAST_YEAR)
        cycle = [r for r in reports if r.year == year]
    else:
        year = measure.deadline_year
        cycle = reports
    deadline = quarter_end(year, measure.deadline_quarter)
    latest = cycle[0] if cycle else None
    percent = latest.percent if latest else 0
    if latest and latest.status == "done":
        status = "done"
    elif today > deadline:
        status = "late"
    elif (deadline - today).days <= AT_RISK_DAYS and percent < AT_RISK_PERCENT:
        status = "at_risk"
    else:
        status = "on_schedule"
    return MeasureState(year=year, deadline=deadline, status=status, percent=percent,
                        latest=latest)
