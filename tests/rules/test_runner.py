"""The rule runner builds one applicant's simulation and flattens its trace itself (issue
21: a submission's cost); both must be what OpenFisca's own ``SimulationBuilder`` and
serialised flat trace give."""

import pytest
from openfisca_core.simulations import SimulationBuilder

from kosh.rules.decision import (
    ETERNITY_KEY,
    RulesUnavailable,
    _json_trace,
    _plain,
    _simulation,
    rules_evaluate,
)
from kosh.rules.system import INSTRUMENT_RULES, rules_system

from .helpers import DAY, MONTHS, nomad


def _run(simulation) -> None:
    simulation.trace = True
    rules = INSTRUMENT_RULES["neo_nomad"]
    for name in (rules.in_force, rules.eligible, *rules.criteria, *rules.outputs):
        simulation.calculate(name, DAY.isoformat())


@pytest.mark.parametrize("changes", [
    {}, {"monthly_income": dict.fromkeys(MONTHS, 2999.99), "income_currency": "EUR"},
    {"citizenship": "RUS", "has_local_employment": True},
])
def test_the_simulation_and_its_trace_are_openfisca_s_own(changes):
    inputs = nomad(**changes)
    ours = _simulation(rules_system(), inputs)
    theirs = SimulationBuilder().build_from_entities(rules_system(), {"applicants": {
        "applicant": {k: v if isinstance(v, dict) else {ETERNITY_KEY: v}
                      for k, v in inputs.items()}}})
    _run(ours)
    _run(theirs)
    expected = {
        key: {"value": _plain(node["value"]), "dependencies": node["dependencies"],
              "parameters": {k: _plain(v) for k, v in node["parameters"].items()}}
        for key, node in theirs.tracer.get_serialized_flat_trace().items()
    }
    assert _json_trace(ours.tracer) == expected
    assert list(_json_trace(ours.tracer)) == list(expected)  # the same order


@pytest.mark.parametrize("changes", [
    {"no_such_variable": 1},  # not a variable of the rules
    {"monthly_income": {"2026": 3000.0}},  # a year's value of a monthly variable
    {"monthly_income": {"2026-13": 3000.0}},  # not a period
    {"income_currency": "XYZ"},  # not a value of the enumeration
])
def test_an_input_the_rules_cannot_take_is_refused_as_before(changes):
    with pytest.raises(RulesUnavailable) as err:
        rules_evaluate(instrument="neo_nomad", inputs=nomad(**changes), on=DAY)
    assert err.value.code == "bad_input"
