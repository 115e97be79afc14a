"""The YAML cases in ``yaml/``: readable by a lawyer, run against the rules. Each names a
day (``period``), inputs (a value for all time, or ``{month: value}``) and expected
outputs of variables on that day."""

from datetime import date
from pathlib import Path

import numpy as np
import pytest
import yaml
from openfisca_core.simulations import SimulationBuilder

from kosh.rules.system import rules_system

CASES = [
    pytest.param(case, id=f"{path.stem}: {case['name']}")
    for path in sorted((Path(__file__).parent / "yaml").glob("*.yaml"))
    for case in yaml.safe_load(path.read_text())
]


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def _inputs(raw: dict) -> dict:
    return {
        name: ({str(k): _plain(v) for k, v in value.items()} if isinstance(value, dict)
               else {"ETERNITY": _plain(value)})
        for name, value in raw.items()
    }


@pytest.mark.parametrize("case", CASES)
def test_yaml_case(case):
    simulation = SimulationBuilder().build_from_entities(
        rules_system(), {"applicants": {"a": _inputs(case["input"])}}
    )
    day = str(case["period"])
    for name, expected in case["output"].items():
        value = simulation.calculate(name, day)[0]
        if isinstance(value, np.datetime64):
            value = str(value)
        assert _plain(expected) == (value.item() if isinstance(value, np.generic) else value), name
