"""One decision: the rules of one instrument applied to one applicant on one day.

``rules_evaluate`` returns each criterion (met or not, the values it was computed from and
the parameters it read, both taken from OpenFisca's trace), the outputs (validity,
processing days), the rule version and the whole trace. Words for the criteria are the app
layer's (``kosh.instruments``): this module returns data only."""

import math
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pycountry
from django.utils.translation import gettext_lazy as _
from openfisca_core.errors import ParameterNotFound, SituationParsingError
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from kosh.errors import DomainError
from kosh.formats import short_date

from .rates import RateNotFound
from .system import INSTRUMENT_RULES, rule_version, rules_system
from .variables.common import CountryVariable, InstrumentRules, MoneyVariable

ETERNITY_KEY = "ETERNITY"


class RulesUnavailable(Exception):
    """The rules cannot be applied: unknown instrument, no rules for the day, no rate."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}".rstrip(": "))
        self.code = code
        self.detail = detail


class RulesInputError(DomainError):
    """An input the rules refuse to decide on (not a country code, not a finite
    non-negative amount, a missing date, a stay starting before the assessment day):
    ``field`` names the input. Never replaced by a default."""


def _values(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, dict) else [value]


def _country(name: str, value: Any) -> None:
    if value in ("", None) and name == "citizenship":
        return  # a stateless person
    if not (isinstance(value, str) and len(value) == 3 and value.isalpha()
            and value.isupper() and pycountry.countries.get(alpha_3=value) is not None):
        raise RulesInputError(
            "bad_country", _("%(field)s: %(value)s is not an ISO 3166-1 alpha-3 country code.")
            % {"field": name, "value": repr(value)}, field=name)


def _amount(name: str, value: Any) -> None:
    if value in (None, ""):
        raise RulesInputError("missing_amount", _("%(field)s: an amount is required.")
                              % {"field": name}, field=name)
    try:
        amount = float(value)
    except (TypeError, ValueError):
        amount = math.nan
    if not math.isfinite(amount) or amount < 0:
        raise RulesInputError(
            "bad_amount", _("%(field)s: %(value)s is not a finite amount of zero or more.")
            % {"field": name, "value": value}, field=name)


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def inputs_check(*, system: TaxBenefitSystem, rules: InstrumentRules,
                 inputs: dict[str, Any], on: date) -> None:
    """Refuse (``RulesInputError``) inputs no decision may rest on: a country that is not
    a known ISO 3166-1 alpha-3 code, an amount that is negative, infinite or not a number,
    a date the instrument needs that is missing or not a date, a stay that starts before
    ``on``."""
    for name, value in inputs.items():
        variable = system.variables.get(name)
        for item in _values(value):
            if isinstance(variable, CountryVariable):
                _country(name, item)
            elif isinstance(variable, MoneyVariable):
                _amount(name, item)
    for name in rules.required_dates:
        if _day(inputs.get(name)) is None:
            raise RulesInputError("missing_date", _("%(field)s: a date is required.")
                                  % {"field": name}, field=name)
    for name in rules.future_dates:
        day = _day(inputs.get(name))
        if day is not None and day < on:
            raise RulesInputError(
                "date_in_past", _("%(field)s: %(day)s is before the day of assessment "
                                  "(%(on)s).") % {"field": name, "day": short_date(day),
                                                  "on": short_date(on)}, field=name)


@dataclass
class CriterionResult:
    """One criterion: ``values`` are the variables it was computed from (a mapping period →
    value when read for several periods), ``parameters`` the parameter values it read."""

    code: str
    passed: bool
    values: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass
class Evaluation:
    instrument: str
    assessed_on: date
    in_force: bool
    eligible: bool
    criteria: list[CriterionResult]
    outputs: dict[str, Any]
    rule_version: str
    trace: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        """JSON-ready (the trace is already; it is shared, not copied)."""
        return {
            "instrument": self.instrument, "assessed_on": self.assessed_on.isoformat(),
            "in_force": self.in_force, "eligible": self.eligible,
            "criteria": [asdict(c) for c in self.criteria], "outputs": self.outputs,
            "rule_version": self.rule_version, "trace": self.trace,
        }


def _plain(value: Any) -> Any:
    """A JSON-ready scalar from a traced value (a one-element list for one applicant)."""
    if isinstance(value, list):
        value = value[0] if len(value) == 1 else [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, float):
        return round(value, 4)
    return value


def _split(key: str) -> tuple[str, str]:
    """``"monthly_income_usd<2026-10>"`` → ``("monthly_income_usd", "2026-10")``."""
    name, _, period = key.partition("<")
    return name, period.rstrip(">")


def _criterion(code: str, day: str, trace: dict[str, Any]) -> CriterionResult:
    """The criterion's result with every value and parameter it was computed from,
    directly or through other variables."""
    root = f"{code}<{day}>"
    values: dict[str, dict[str, Any]] = {}
    params: dict[str, Any] = {}
    todo, seen = [root], {root}
    while todo:
        node = trace[todo.pop()]
        params.update({_split(key)[0]: value for key, value in node["parameters"].items()})
        for dependency in node["dependencies"]:
            name, period = _split(dependency)
            values.setdefault(name, {})[period] = trace[dependency]["value"]
            if dependency not in seen:
                seen.add(dependency)
                todo.append(dependency)
    flat = {
        name: (next(iter(by_period.values())) if len(by_period) == 1 else by_period)
        for name, by_period in values.items()
    }
    return CriterionResult(code=code, passed=bool(trace[root]["value"]), values=flat,
                           parameters=params)


def _json_trace(raw: dict[str, Any]) -> dict[str, Any]:
    return {
        key: {
            "value": _plain(node["value"]),
            "dependencies": node["dependencies"],
            "parameters": {k: _plain(v) for k, v in node["parameters"].items()},
        }
        for key, node in raw.items()
    }


def _inputs(inputs: dict[str, Any]) -> dict[str, Any]:
    """Scalars become values for all time; mappings period → value are kept."""
    return {
        name: value if isinstance(value, dict) else {ETERNITY_KEY: value}
        for name, value in inputs.items()
    }


def rules_evaluate(
    *,
    instrument: str,
    inputs: dict[str, Any],
    on: date,
    system: TaxBenefitSystem | None = None,
    version: str | None = None,
) -> Evaluation:
    """Apply ``instrument``'s rules as in force on ``on`` to one applicant described by
    ``inputs`` (variable → value, or → {period: value} for monthly inputs). ``system`` is
    the baseline unless a reform is given, ``version`` its rule version (the baseline's by
    default). Raises ``RulesUnavailable``, or ``RulesInputError`` for an input no decision
    may rest on (see :func:`inputs_check`)."""
    rules = INSTRUMENT_RULES.get(instrument)
    if rules is None:
        raise RulesUnavailable("unknown_instrument", instrument)
    system = system or rules_system()
    inputs_check(system=system, rules=rules, inputs=inputs, on=on)
    day = on.isoformat()
    try:
        simulation = SimulationBuilder().build_from_entities(
            system, {"applicants": {"applicant": _inputs(inputs)}}
        )
        simulation.trace = True
        in_force = bool(simulation.calculate(rules.in_force, day)[0])
        outputs: dict[str, Any] = {}
        if in_force:
            eligible = bool(simulation.calculate(rules.eligible, day)[0])
            for name in rules.criteria:  # computed already unless eligibility short-cut
                simulation.calculate(name, day)
            for name in rules.outputs:
                outputs[name] = _plain(simulation.calculate(name, day).tolist())
        else:
            eligible = False
    except ParameterNotFound as err:
        raise RulesUnavailable("no_rules_for_day", str(err)) from err
    except SituationParsingError as err:
        raise RulesUnavailable("bad_input", str(err)) from err
    except RateNotFound as err:
        raise RulesUnavailable("no_rate", f"{err.currency} {err.day}") from err
    raw = simulation.tracer.get_serialized_flat_trace()
    trace = _json_trace(raw)
    criteria = [_criterion(name, day, trace) for name in rules.criteria] if in_force else []
    return Evaluation(
        instrument=instrument, assessed_on=on, in_force=in_force, eligible=eligible,
        criteria=criteria, outputs=outputs, rule_version=version or rule_version(), trace=trace,
    )
