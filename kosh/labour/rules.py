"""The dated parameters of foreign labour and stay control (``parameters/``, OpenFisca YAML
with references), read at a date, and the plain values the stay-control pipeline needs.

Every figure the labour capability uses comes from here: the MCI, the stay limits by
citizenship, the overstay scale, the notification and registration terms, the local-content
shares, the permit fees and the household workers' monthly tax."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path

from openfisca_core.errors import ParameterNotFoundError
from openfisca_core.parameters import ParameterNode

from kosh.rules.system import parameter_value

PARAMETERS_DIR = Path(__file__).resolve().parent / "parameters"
#: The earliest date the parameters are read at when a regime's start is searched.
EPOCH = date(2012, 1, 21)


@cache
def labour_parameters() -> ParameterNode:
    """The capability's parameter tree (read once per process)."""
    return ParameterNode("labour", directory_path=str(PARAMETERS_DIR))


@cache
def params_on(on: date):  # -> ParameterNodeAtInstant
    """The parameters in force on ``on``."""
    return labour_parameters()(on.isoformat())


def mci(on: date) -> int:
    """The monthly calculation index in KZT on ``on`` (the rules' shared ``mci``)."""
    return int(parameter_value("mci", on))


def _since(on: date, test) -> date:
    """The first day of the unbroken run of days up to ``on`` on which ``test(params)``
    holds, found among the dates the parameters change (the value dates of the node)."""
    node = labour_parameters()
    dates = sorted({date.fromisoformat(v.instant_str) for p in node.get_descendants()
                    if hasattr(p, "values_list") for v in p.values_list} | {EPOCH})
    start = on
    for day in reversed([d for d in dates if d <= on]):
        try:
            holds = test(params_on(day))
        except ParameterNotFoundError:  # not yet defined on that day
            holds = False
        if holds:
            start = day
        else:
            break
    return start


@dataclass(frozen=True)
class StayRules:
    """The stay rules in force on a day, as plain values for the pipeline.

    ``counted_from`` maps a citizenship to the first day its present 180-day regime
    counts (days before are not counted: the 90-in-180 limit starts on 27.01.2023, and for
    China on 10.11.2023 when its citizens became visa-free). ``utc_offsets`` is the dated
    offset of Kazakh legal time, whose calendar day a crossing counts on: pairs of (the
    UTC instant from which it applies, hours from UTC), oldest first; the first applies
    to every earlier instant too."""

    on: date
    eaeu: tuple[str, ...]
    visa_free: tuple[str, ...]
    visa_free_per_entry: int
    visa_free_per_180: int
    eaeu_per_entry: int
    eaeu_per_180: int
    counted_from: dict[str, date]
    warning_days: int
    warning_max_days: int
    fine_max_days: int
    fine_mci: int
    notification_working_days: int
    registration_deadline_days: int
    utc_offsets: tuple[tuple[datetime, int], ...]


def _utc_offsets() -> tuple[tuple[datetime, int], ...]:
    """Every value of ``stay/legal_day_utc_offset_hours`` with the UTC instant it applies
    from: 00:00 local time on its date, in the offset before it (the whole history, not the
    value on one day: a run's 180-day window spans a switch)."""
    values = sorted((date.fromisoformat(v.instant_str), int(v.value))
                    for v in labour_parameters().stay.legal_day_utc_offset_hours.values_list)
    offsets: list[tuple[datetime, int]] = []
    previous = values[0][1]
    for day, hours in values:
        start = datetime.combine(day, time(), tzinfo=UTC) - timedelta(hours=previous)
        offsets.append((start, hours))
        previous = hours
    return tuple(offsets)


def stay_rules(on: date) -> StayRules:
    """The stay rules in force on ``on``."""
    p = params_on(on).stay
    eaeu, visa_free = tuple(p.eaeu_citizenships), tuple(p.visa_free_citizenships)
    rule_180 = _since(on, lambda q: q.stay.visa_free_per_180_days == p.visa_free_per_180_days
                      and q.stay.eaeu_per_180_days == p.eaeu_per_180_days)
    counted: dict[str, date] = {}
    for country in visa_free:
        since = _since(on, lambda q, c=country: c in tuple(q.stay.visa_free_citizenships))
        counted[country] = max(rule_180, since)
    for country in eaeu:
        counted[country] = max(rule_180, _since(
            on, lambda q, c=country: c in tuple(q.stay.eaeu_citizenships)))
    return StayRules(
        on=on, eaeu=eaeu, visa_free=visa_free,
        visa_free_per_entry=int(p.visa_free_per_entry_days),
        visa_free_per_180=int(p.visa_free_per_180_days),
        eaeu_per_entry=int(p.eaeu_per_entry_days), eaeu_per_180=int(p.eaeu_per_180_days),
        counted_from=counted, warning_days=int(p.warning_days),
        warning_max_days=int(p.overstay_warning_max_days),
        fine_max_days=int(p.overstay_fine_max_days), fine_mci=int(p.overstay_fine_mci),
        notification_working_days=int(p.host_notification_working_days),
        registration_deadline_days=int(p.registration_deadline_days),
        utc_offsets=_utc_offsets(),
    )
