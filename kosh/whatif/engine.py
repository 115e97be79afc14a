"""What-if of a rule change over a synthetic population of applicants.

:func:`whatif_run` evaluates one instrument for every applicant under the baseline rules
and under a reform (parameters changed from a date), on one assessment day, vectorised:
one OpenFisca simulation of ``n`` applicants per system. It counts who qualifies under
each, and who gains or loses, by citizenship and by occupation (ISCO-08 major group).

What does not depend on the change is computed once per process: the inputs and the
baseline eligibility per (rule version, instrument, day, population), the reform system per
change set."""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from kosh.rules.decision import RulesUnavailable
from kosh.rules.reforms import ParameterChange, reform_build
from kosh.rules.system import INSTRUMENT_RULES, rule_version, rules_system

from .applicants import Applicants
from .hooks import Inputs
from .instruments import WHATIF_INSTRUMENTS, WHATIF_PARAMETERS

BASELINES_KEPT = 8
Progress = Callable[[str], None]


@dataclass(frozen=True)
class GroupCount:
    """Applicants of one group (a citizenship or an ISCO major group) who qualify."""

    key: str
    baseline: int
    reform: int

    @property
    def gained(self) -> int:
        return self.reform - self.baseline


@dataclass(frozen=True)
class WhatIfResult:
    """Totals and breakdowns of one what-if; ``seconds`` is the time the run took."""

    instrument: str
    changes: tuple[ParameterChange, ...]
    on: date
    population: int
    baseline: int
    reform: int
    gained: int
    lost: int
    by_country: list[GroupCount]
    by_occupation: list[GroupCount]
    seconds: float
    rule_version: str


def _eligible(system: TaxBenefitSystem, instrument: str, inputs: Inputs, size: int,
              on: date) -> np.ndarray:
    simulation = SimulationBuilder().build_default_simulation(system, count=size)
    for name, value in inputs.items():
        for key, array in (value.items() if isinstance(value, dict) else [("ETERNITY", value)]):
            simulation.set_input(name, key, array)
    return simulation.calculate(INSTRUMENT_RULES[instrument].eligible, on.isoformat())


_prepared: OrderedDict[tuple, tuple[Inputs, np.ndarray]] = OrderedDict()
_prepared_lock = threading.Lock()


def _baseline(instrument: str, people: Applicants, on: date,
              progress: Progress | None) -> tuple[Inputs, np.ndarray]:
    """The OpenFisca inputs of ``people`` for ``on`` and who qualifies under the rules in
    force, kept per rule version, instrument, day and population."""
    key = (rule_version(), instrument, on, people.key)
    with _prepared_lock:
        if key in _prepared:
            _prepared.move_to_end(key)
            return _prepared[key]
    inputs = WHATIF_INSTRUMENTS[instrument].inputs(people, on)
    if progress:
        progress("baseline")
    eligible = _eligible(rules_system(), instrument, inputs, people.size, on)
    eligible.setflags(write=False)
    with _prepared_lock:
        _prepared[key] = inputs, eligible
        while len(_prepared) > BASELINES_KEPT:
            _prepared.popitem(last=False)
    return inputs, eligible


@lru_cache(maxsize=32)
def _reform(changes: tuple[ParameterChange, ...]) -> TaxBenefitSystem:
    """The reform system of a change set, built once."""
    return reform_build(changes)


def _groups(index: np.ndarray, labels: np.ndarray, base: np.ndarray,
            new: np.ndarray) -> list[GroupCount]:
    before = np.bincount(index, weights=base, minlength=len(labels)).astype(np.int64)
    after = np.bincount(index, weights=new, minlength=len(labels)).astype(np.int64)
    rows = [GroupCount(labels[i].decode(), int(before[i]), int(after[i]))
            for i in range(len(labels))]
    return sorted(rows, key=lambda g: (-abs(g.gained), -g.reform, g.key))


def whatif_instrument(changes: list[ParameterChange]) -> str:
    """The one instrument ``changes`` are about, each change a parameter the what-if offers
    with a value within its bounds; raises ``RulesUnavailable`` otherwise."""
    instruments = {change.instrument for change in changes}
    if len(instruments) != 1 or not instruments <= set(WHATIF_INSTRUMENTS):
        raise RulesUnavailable("no_whatif", ", ".join(sorted(instruments)))
    for change in changes:
        parameter = WHATIF_PARAMETERS.get(change.path)
        if parameter is None:
            raise RulesUnavailable("unknown_parameter", change.path)
        if not parameter.allows(change.value):
            raise RulesUnavailable("bad_value", change.path)
    _reform(tuple(changes))  # the rules' own checks of the values, before any run
    return instruments.pop()


def whatif_run(*, changes: list[ParameterChange], on: date, people: Applicants,
               progress: Progress | None = None) -> WhatIfResult:
    """Baseline vs the reform made of ``changes`` (all of one instrument) for every applicant
    of ``people``, assessed on ``on``. ``progress`` is told each stage as it starts
    (``baseline`` — only when the baseline is not yet kept — and ``reform``)."""
    instrument = whatif_instrument(changes)
    started = time.perf_counter()
    reform = _reform(tuple(changes))
    inputs, base = _baseline(instrument, people, on, progress)
    if progress:
        progress("reform")
    new = _eligible(reform, instrument, inputs, people.size, on)
    return WhatIfResult(
        instrument=instrument, changes=tuple(changes), on=on, population=people.size,
        baseline=int(base.sum()), reform=int(new.sum()),
        gained=int((new & ~base).sum()), lost=int((base & ~new).sum()),
        by_country=_groups(people.country_index, people.countries, base, new),
        by_occupation=_groups(people.occupation_index, people.occupations, base, new),
        seconds=time.perf_counter() - started, rule_version=rule_version(),
    )
