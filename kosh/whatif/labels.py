"""The what-if in words of the active language: parameters, values, citizenships and
ISCO-08 major groups, so no code reaches the screen or an export."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import numberformat
from django.utils.translation import get_language
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from kosh.geo.models import Country
from kosh.rules.reforms import ParameterChange
from kosh.rules.system import parameter_value

from .engine import GroupCount, WhatIfResult
from .instruments import WHATIF_INSTRUMENTS, WHATIF_PARAMETERS

# ISCO-08 major groups (ILO titles); the registry's occupations carry English titles only.
ISCO_MAJOR_GROUPS = {
    "0": _("Armed forces occupations"),
    "1": _("Managers"),
    "2": _("Professionals"),
    "3": _("Technicians and associate professionals"),
    "4": _("Clerical support workers"),
    "5": _("Service and sales workers"),
    "6": _("Skilled agricultural, forestry and fishery workers"),
    "7": _("Craft and related trades workers"),
    "8": _("Plant and machine operators and assemblers"),
    "9": _("Elementary occupations"),
}


# (decimal mark, thousands separator) as each language writes numbers; Django ships no
# formats for Kazakh, whose convention is the Russian one.
SEPARATORS = {"en": (".", ","), "ru": (",", "\u00a0"), "kk": (",", "\u00a0")}


def number_label(value: float | Decimal, decimals: int | None = None) -> str:
    """``value`` with its thousands grouped as the active language writes them:
    1,000,000.5 (en), 1 000 000,5 (kk, ru)."""
    mark, group = SEPARATORS.get((get_language() or "en")[:2], SEPARATORS["en"])
    return numberformat.format(value, mark, decimal_pos=decimals, grouping=3,
                               thousand_sep=group, force_grouping=True, use_l10n=True)


def value_label(value: object) -> str:
    """A parameter value as the active language writes it: yes / no, or a number with
    its thousands grouped."""
    if isinstance(value, bool):
        return _g("yes") if value else _g("no")
    if isinstance(value, int | float | Decimal):
        whole = float(value).is_integer()
        return number_label(int(value) if whole else value, None if whole else 2)
    return str(value)


@dataclass(frozen=True)
class ChangeLabelled:
    """One change in words: the parameter, its value in force on the day and the new one."""

    path: str
    label: str
    current: str
    new: str
    start: object


@dataclass(frozen=True)
class ResultLabelled:
    """A result with everything a reader sees put in words."""

    result: WhatIfResult
    instrument: str
    changes: list[ChangeLabelled]
    by_country: list[tuple[str, GroupCount]]
    by_occupation: list[tuple[str, GroupCount]]


def change_labelled(change: ParameterChange, on: object) -> ChangeLabelled:
    """``change`` in words, with the baseline value in force on ``on``."""
    return ChangeLabelled(
        path=change.path, label=str(WHATIF_PARAMETERS[change.path].label),
        current=value_label(parameter_value(change.path, on)),
        new=value_label(change.value), start=change.start,
    )


def result_labelled(result: WhatIfResult, *, top_countries: int | None = None
                    ) -> ResultLabelled:
    """``result`` labelled in the active language; ``top_countries`` keeps the citizenships
    with the largest changes."""
    countries = result.by_country[:top_countries] if top_countries else result.by_country
    names = {c.alpha3: c.name for c in Country.objects.filter(
        alpha3__in=[g.key for g in countries])}
    return ResultLabelled(
        result=result, instrument=str(WHATIF_INSTRUMENTS[result.instrument].label),
        changes=[change_labelled(c, result.on) for c in result.changes],
        by_country=[(names.get(g.key, g.key), g) for g in countries],
        by_occupation=[(str(ISCO_MAJOR_GROUPS.get(g.key, g.key)), g)
                       for g in result.by_occupation],
    )
