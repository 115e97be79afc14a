"""One decision: the rules of one instrument applied to one applicant on one day.

``rules_evaluate`` returns each criterion (met or not, the values it was computed from and
the parameters it read, both taken from OpenFisca's trace), the outputs (validity,
processing days), the rule version and the whole trace. Words for the criteria are the app
layer's (``kosh.instruments``): this module returns data only."""

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
import pycountry
from django.utils.translation import gettext_lazy as _
from openfisca_core import periods
from openfisca_core.errors import ParameterNotFound, SituationParsingError, VariableNotFoundError
from openfisca_core.simulations import Simulation, SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.tracers import FlatTrace, FullTracer

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
        """JSON-ready (the trace and each criterion's values are already; they are
        shared, not copied)."""
        return {
            "instrument": self.instrument, "assessed_on": self.assessed_on.isoformat(),
            "in_force": self.in_force, "eligible": self.eligible,
            "criteria": [{"code": c.code, "passed": c.passed, "values": c.values,
                          "parameters": c.parameters} for c in self.criteria],
            "outputs": self.outputs,
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


def _key(node: Any) -> str:
    """A trace node's key, ``"name<period>"`` (as OpenFisca's flat trace names it)."""
    return f"{node.name}<{node.period}>"


def _json_trace(tracer: FullTracer) -> dict[str, Any]:
    """The whole trace, flat and JSON-ready: every variable computed (``name<period>``)
    with its value, the variables it read and the parameters it read with their values.
    The same as OpenFisca's ``get_serialized_flat_trace`` with values made plain (and
    without its timings): a node computed again keeps its first reading."""
    trace: dict[str, Any] = {}
    for node in tracer.browse_trace():
        key = _key(node)
        if key in trace:
            continue
        trace[key] = {
            "value": _plain(FlatTrace.serialize(node.value)),
            "dependencies": [_key(child) for child in node.children],
            "parameters": {_key(p): _plain(FlatTrace.serialize(p.value))
                           for p in node.parameters},
        }
    return trace


@lru_cache(maxsize=4096)
def _period(key: str) -> periods.Period:
    """An input's period (``"2026-10"``, ``"ETERNITY"``…), parsed once per process
    (periods are immutable)."""
    return periods.period(key)


def _simulation(system: TaxBenefitSystem, inputs: dict[str, Any]) -> Simulation:
    """A simulation of one applicant with ``inputs`` set — scalars for all time, mappings
    period → value per period — as ``SimulationBuilder.build_from_entities`` builds it
    (each value checked by its variable, the shorter periods of a variable set first),
    without parsing every period from text twice. ``SituationParsingError`` for an input
    the rules cannot take."""
    simulation = SimulationBuilder.build_default_simulation(system, count=1)
    for name, value in inputs.items():
        try:
            variable = system.get_variable(name, check_existence=True)
            by_period = value if isinstance(value, dict) else {ETERNITY_KEY: value}
            given = sorted(((_period(str(k)), v) for k, v in by_period.items()
                            if v is not None), key=lambda pair: periods.key_period_size(pair[0]))
            for period, item in given:
                array = variable.default_array(1)
                array[0] = variable.check_set_value(item)
                simulation.set_input(name, period, array)
        except (VariableNotFoundError, ValueError) as err:  # incl. PeriodMismatchError
            raise SituationParsingError(["applicants", "applicant", name], str(err)) from err
    return simulation


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
    period = _period(day)
    try:
        simulation = _simulation(system, inputs)
        simulation.trace = True
        in_force = bool(simulation.calculate(rules.in_force, period)[0])
        outputs: dict[str, Any] = {}
        if in_force:
            eligible = bool(simulation.calculate(rules.eligible, period)[0])
            for name in rules.criteria:  # computed already unless eligibility short-cut
                simulation.calculate(name, period)
            for name in rules.outputs:
                outputs[name] = _plain(simulation.calculate(name, period).tolist())
        else:
            eligible = False
    except ParameterNotFound as err:
        raise RulesUnavailable("no_rules_for_day", str(err)) from err
    except SituationParsingError as err:
        raise RulesUnavailable("bad_input", str(err)) from err
    except RateNotFound as err:
        raise RulesUnavailable("no_rate", f"{err.currency} {err.day}") from err
    trace = _json_trace(simulation.tracer)
    criteria = [_criterion(name, day, trace) for name in rules.criteria] if in_force else []
    return Evaluation(
        instrument=instrument, assessed_on=on, in_force=in_force, eligible=eligible,
        criteria=criteria, outputs=outputs, rule_version=version or rule_version(), trace=trace,
    )
