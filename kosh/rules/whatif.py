"""What-if of a rule change over a synthetic population of applicants.

:func:`whatif_run` evaluates one instrument for every applicant under the baseline rules
and under a reform (parameters changed from a date), on one assessment day, vectorised:
one OpenFisca simulation of ``n`` applicants per system. It counts who qualifies under
each, and who gains or loses, by citizenship and by occupation (ISCO-08 major group)."""

import time
from dataclasses import dataclass
from datetime import date

import numpy as np
from openfisca_core.periods import MONTH, period
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from kosh.synth.applicants import Applicants

from .decision import RulesUnavailable
from .rates import CURRENCY_CODES
from .reforms import ParameterChange, reform_build
from .system import INSTRUMENT_RULES, RULE_VERSION, rules_system

# Parameters the what-if offers (numbers and yes/no values), by instrument.
WHATIF_PARAMETERS: dict[str, tuple[str, ...]] = {
    "neo_nomad": ("neo_nomad.min_monthly_income_usd", "neo_nomad.income_months",
                  "neo_nomad.income_threshold_inclusive", "neo_nomad.local_work_allowed"),
    "investor_visa": ("investor_visa.min_investment_usd",
                      "investor_visa.investment_threshold_inclusive",
                      "investor_visa.investment_max_age_months"),
    "repatriation_insurance": ("repatriation_insurance.stay_days_without_insurance",),
}
# Bounds of the values a what-if may try (others: any number ≥ 0).
WHATIF_BOUNDS: dict[str, tuple[int, int]] = {
    "neo_nomad.income_months": (1, 12),
    "investor_visa.investment_max_age_months": (0, 600),
    "repatriation_insurance.stay_days_without_insurance": (1, 3650),
}


@dataclass(frozen=True)
class GroupCount:
    key: str
    baseline: int
    reform: int

    @property
    def gained(self) -> int:
        return self.reform - self.baseline


@dataclass(frozen=True)
class WhatIfResult:
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


def _codes(values: np.ndarray, vocabulary: tuple[str, ...]) -> np.ndarray:
    """Indices into ``vocabulary`` of byte-string ``values`` (all must be present)."""
    vocab = np.array([v.encode() for v in vocabulary])
    order = np.argsort(vocab)
    return order[np.searchsorted(vocab, values, sorter=order)].astype(np.int16)


def _inputs(instrument: str, people: Applicants, on: date) -> dict[str, object]:
    """OpenFisca inputs of ``instrument`` for every applicant, dates relative to ``on``."""
    day = np.datetime64(on.isoformat(), "D")
    citizenship = people.countries[people.country_index]
    if instrument == "neo_nomad":
        entry = day + people.entry_offset
        insured_from = entry + people.insurance_start_offset
        first = period(f"{on:%Y-%m}")
        months = {
            str(first.offset(-(k + 1), MONTH)): people.monthly_income[k]
            for k in range(people.monthly_income.shape[0])
        }
        return {
            "citizenship": citizenship,
            "monthly_income": months,
            "statement_covers_month": {month: np.ones(people.size, dtype=bool)
                                       for month in months},
            "tax_return_provided": np.ones(people.size, dtype=bool),
            "income_currency": _codes(people.income_currency, CURRENCY_CODES),
            "work_arrangement": _codes(people.work_arrangement, tuple(
                m.name for m in rules_system().variables["work_arrangement"].possible_values)),
            "employer_country": people.employer_country,
            "has_local_employment": people.has_local_employment,
            "intended_entry_date": entry,
            "medical_insurance_from": insured_from,
            "medical_insurance_until": insured_from + people.insurance_days,
            "criminal_record_clear": people.criminal_record_clear,
            "has_invitation": people.has_invitation,
        }
    if instrument == "investor_visa":
        return {
            "citizenship": citizenship,
            "investment_amount": people.investment_usd,
            "investment_currency": np.zeros(people.size, dtype=np.int16),  # USD
            "investment_date": day - people.investment_age_days,
            "investment_in_kazakhstan": people.investment_in_kazakhstan,
            "issue_date": np.full(people.size, day),
        }
    if instrument == "repatriation_insurance":
        start = day + people.stay_offset
        end = start + people.stay_days - 1
        policy = np.where(people.has_policy, b"P", b"")
        return {
            "citizenship": citizenship,
            "travel_direction": np.where(citizenship == b"KAZ", b"departure_citizen",
                                         b"arrival_foreigner"),
            "stay_from": start,
            "stay_until": end,
            "insurance_policy_number": policy,
            "insurer_name": policy,
            "insurance_cover_from": start,
            "insurance_cover_until": end - people.cover_shortfall_days,
        }
    raise RulesUnavailable("no_whatif", instrument)


def _eligible(system: TaxBenefitSystem, instrument: str, inputs: dict[str, object],
              size: int, on: date) -> np.ndarray:
    simulation = SimulationBuilder().build_default_simulation(system, count=size)
    for name, value in inputs.items():
        for key, array in (value.items() if isinstance(value, dict) else [("ETERNITY", value)]):
            simulation.set_input(name, key, array)
    return simulation.calculate(INSTRUMENT_RULES[instrument].eligible, on.isoformat())


def _groups(index: np.ndarray, labels: np.ndarray, base: np.ndarray,
            new: np.ndarray) -> list[GroupCount]:
    before = np.bincount(index, weights=base, minlength=len(labels)).astype(np.int64)
    after = np.bincount(index, weights=new, minlength=len(labels)).astype(np.int64)
    rows = [GroupCount(labels[i].decode(), int(before[i]), int(after[i]))
            for i in range(len(labels))]
    return sorted(rows, key=lambda g: (-abs(g.gained), -g.reform, g.key))


def whatif_run(*, changes: list[ParameterChange], on: date, people: Applicants) -> WhatIfResult:
    """Baseline vs the reform made of ``changes`` (all of one instrument) for every applicant
    of ``people``, assessed on ``on``."""
    instruments = {change.instrument for change in changes}
    if len(instruments) != 1 or not instruments <= set(WHATIF_PARAMETERS):
        raise RulesUnavailable("no_whatif", ", ".join(sorted(instruments)))
    instrument = instruments.pop()
    for change in changes:
        if change.path not in WHATIF_PARAMETERS[instrument]:
            raise RulesUnavailable("unknown_parameter", change.path)
        low, high = WHATIF_BOUNDS.get(change.path, (0, float("inf")))
        if not isinstance(change.value, bool) and not low <= change.value <= high:
            raise RulesUnavailable("bad_value", change.path)
    started = time.perf_counter()
    reform = reform_build(changes)
    inputs = _inputs(instrument, people, on)
    base = _eligible(rules_system(), instrument, inputs, people.size, on)
    new = _eligible(reform, instrument, inputs, people.size, on)
    return WhatIfResult(
        instrument=instrument, changes=tuple(changes), on=on, population=people.size,
        baseline=int(base.sum()), reform=int(new.sum()),
        gained=int((new & ~base).sum()), lost=int((base & ~new).sum()),
        by_country=_groups(people.country_index, people.countries, base, new),
        by_occupation=_groups(people.occupation_index, people.occupations, base, new),
        seconds=time.perf_counter() - started, rule_version=RULE_VERSION,
    )
