"""The case engine's door to the rules: evaluate an application, and put the result in
words for the person reading it."""

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kosh.errors import DomainError
from kosh.formats import short_date
from kosh.geo.models import Country
from kosh.identity.models import Person
from kosh.rules.decision import Evaluation, RulesUnavailable, rules_evaluate
from kosh.rules.system import rules_system

from .registry import Evidence, Instrument

PROCESSING_SUFFIX = "_processing_working_days"
VALID_UNTIL_SUFFIX = "_valid_until"


def evaluation_run(
    *, instrument: Instrument, data: dict[str, Any], person: Person, on: date, issue_date: date
) -> Evaluation:
    """The instrument's rules as in force on ``on`` for this application; a document issued
    on ``issue_date``. ``DomainError`` when the rules cannot be applied."""
    inputs = instrument.rule_inputs(data=data, person=person)
    inputs["issue_date"] = issue_date.isoformat()
    try:
        return rules_evaluate(instrument=instrument.code, inputs=inputs, on=on)
    except RulesUnavailable as err:
        if err.code == "no_rate":
            message = _("No exchange rate is known for %(what)s.") % {"what": err.detail}
        else:
            message = _("The rules cannot be applied on %(day)s.") % {"day": short_date(on)}
        raise DomainError(f"rules_{err.code}", message) from err


def processing_days(instrument: Instrument, result: dict[str, Any]) -> int | None:
    return result["outputs"].get(instrument.code + PROCESSING_SUFFIX)


def valid_until(instrument: Instrument, result: dict[str, Any]) -> date | None:
    value = result["outputs"].get(instrument.code + VALID_UNTIL_SUFFIX)
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class ExplainedCriterion:
    code: str
    label: str
    passed: bool
    text: str
    evidence: str = ""  # how it is known (registry, document, declared), in words


def criteria_explained(instrument: Instrument, result: dict[str, Any]) -> list[
        ExplainedCriterion]:
    """Each criterion of a stored evaluation (``Evaluation.as_json()``) in words, in the
    active language; one line saying the instrument did not exist when it did not."""
    if not result["in_force"]:
        return [ExplainedCriterion(
            "in_force", str(_("The instrument exists")), False,
            str(_("%(name)s could not be granted on %(day)s: the rules did not provide it yet.")
                % {"name": instrument.label, "day": result["assessed_on"]}),
        )]
    by_code = {c["code"]: c for c in result["criteria"]}
    return [
        ExplainedCriterion(c.variable, str(c.label), by_code[c.variable]["passed"],
                           str(c.explain(by_code[c.variable])), str(Evidence(c.evidence).label))
        for c in instrument.criteria if c.variable in by_code
    ]


ALPHA3 = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class ParameterUsed:
    """A parameter an evaluation read: its path, its description and the value applied."""

    path: str
    label: str
    value: str


def _describe(path: str) -> str:
    node = rules_system().parameters
    for part in path.split("."):
        node = getattr(node, "children", {}).get(part)
        if node is None:
            return path
    description = str(getattr(node, "description", "") or "")
    # the description as a message of the catalogues (kosh/rules/descriptions.py)
    return gettext(description) if description else path


def _shown(value: Any, labels: dict[str, Any], countries: dict[str, Country]) -> str:
    """A parameter's value in words: coded values by their ``labels``, countries (alpha-3
    codes found in ``countries``) by their name."""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v, labels, countries) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v, labels, countries)}"
                         for k, v in sorted(value.items()))
    if isinstance(value, str) and value in labels:
        return str(labels[value])  # a coded value of an application field
    if isinstance(value, str) and ALPHA3.fullmatch(value):
        country = countries.get(value)  # a country by its name
        return country.name if country is not None else value
    return str(value)


def _strings(value: Any) -> set[str]:
    """Every string inside a parameter's value."""
    if isinstance(value, list | tuple):
        return set().union(*(_strings(v) for v in value))
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values()))
    return {value} if isinstance(value, str) else set()


def _coded(code: Any) -> bool:
    return isinstance(code, str) and bool(code) and "_" in code


@cache
def _fixed_choice_labels() -> dict[str, Any]:
    """The labels of the coded values the instruments' forms offer in fixed lists (a way
    of working, an academic role…), which parameters list by their code. Read once per
    process: the lists are code; the labels stay lazy, translated when shown."""
    from .registry import INSTRUMENTS

    labels: dict[str, Any] = {}
    for spec in INSTRUMENTS.values():
        for field in spec.form_class.base_fields.values():
            choices = getattr(field, "choices", ())
            if getattr(choices, "func", None) is None:
                labels |= {code: label for code, label in choices if _coded(code)}
    return labels


def _choice_labels(codes: set[str]) -> dict[str, Any]:
    """The labels of the coded values among ``codes``: from the fixed lists, and only when
    one is not there, also from the lists read from the database today (the demanded
    professions…)."""
    from kosh.instruments.common import country_choices

    from .registry import INSTRUMENTS

    labels = _fixed_choice_labels()
    if all(code in labels for code in codes if _coded(code)):
        return labels
    labels = dict(labels)
    for spec in INSTRUMENTS.values():
        for field in spec.form_class.base_fields.values():
            func = getattr(getattr(field, "choices", None), "func", None)
            if func is None or func is country_choices:
                continue  # fixed (above), or alpha-3 codes (never coded values)
            labels |= {code: label for code, label in func() if _coded(code)}
    return labels


def parameters_used(result: dict[str, Any]) -> list[ParameterUsed]:
    """The parameters a stored evaluation's criteria read, described and with their values:
    the rule trace in words, next to the criteria's explanations."""
    seen: dict[str, Any] = {}
    for criterion in result.get("criteria", []):
        for path, value in criterion.get("parameters", {}).items():
            seen.setdefault(path, value)
    if not seen:
        return []
    strings = set().union(*(_strings(v) for v in seen.values()))
    labels = _choice_labels(strings)
    countries = Country.objects.in_bulk([v for v in strings if ALPHA3.fullmatch(v)])
    return [ParameterUsed(path, _describe(path), _shown(value, labels, countries))
            for path, value in seen.items()]
