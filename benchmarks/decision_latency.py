"""Single decision with trace: p50/p95 of one Neo Nomad decision (input checks, OpenFisca
simulation, full trace, per-criterion results, JSON-ready) over varied applicants, beside a
plain reference measured in the same run on the same applicants: the bare OpenFisca
simulation of eligibility without trace. Target p95 ≤ 20 ms.

    .venv/bin/python benchmarks/decision_latency.py [--decisions 1000]"""

import argparse
import os
import time
from datetime import date

import django
import numpy as np
from common import machine_nproc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kosh.settings.demo")
django.setup()  # the instruments register their rules when the apps load

from openfisca_core.simulation_builder import SimulationBuilder  # noqa: E402

from kosh.rules.decision import ETERNITY_KEY, rules_evaluate  # noqa: E402
from kosh.rules.system import INSTRUMENT_RULES, rules_system  # noqa: E402

DAY = date(2026, 11, 27)
MONTHS = [f"2026-{m:02d}" for m in range(5, 11)]


def applicant(rng: np.random.Generator) -> dict:
    return {
        "citizenship": rng.choice(["UZB", "DEU", "RUS", "IND", "USA"]),
        "work_arrangement": "foreign_employer", "employer_country": "DEU",
        "income_currency": rng.choice(["USD", "EUR", "GBP"]),
        "monthly_income": {m: float(rng.normal(3300, 500)) for m in MONTHS},
        "has_local_employment": False, "intended_entry_date": "2027-01-10",
        "medical_insurance_from": "2027-01-01", "medical_insurance_until": "2028-01-31",
        "statement_covers_month": dict.fromkeys(MONTHS, True), "tax_return_provided": True,
        "criminal_record_clear": True, "has_invitation": bool(rng.random() < 0.5),
        "issue_date": DAY.isoformat(),
    }


def bare(inputs: dict) -> bool:
    """The reference: eligibility from one OpenFisca simulation, no checks, no trace (the
    situation as OpenFisca's builder takes it: scalars for all time)."""
    situation = {name: value if isinstance(value, dict) else {ETERNITY_KEY: value}
                 for name, value in inputs.items()}
    simulation = SimulationBuilder().build_from_entities(
        rules_system(), {"applicants": {"applicant": situation}})
    return bool(simulation.calculate(INSTRUMENT_RULES["neo_nomad"].eligible, DAY.isoformat())[0])


def main(n: int = 1000) -> None:
    rng = np.random.default_rng(1)
    rules_evaluate(instrument="neo_nomad", inputs=applicant(rng), on=DAY)  # load the rules
    times, reference = [], []
    for _ in range(n):  # alternate, so a drift in the machine's speed hits both alike
        inputs = applicant(rng)
        start = time.perf_counter()
        result = rules_evaluate(instrument="neo_nomad", inputs=inputs, on=DAY).as_json()
        times.append(time.perf_counter() - start)
        assert result["trace"]
        start = time.perf_counter()
        assert bare(inputs) == result["eligible"]
        reference.append(time.perf_counter() - start)
    p50, p95 = np.percentile(times, [50, 95]) * 1000
    r50, r95 = np.percentile(reference, [50, 95]) * 1000
    print(f"decision with trace (Neo Nomad, {n} decisions): p50 {p50:.1f} ms, "
          f"p95 {p95:.1f} ms (target p95 ≤ 20 ms); bare simulation without trace p50 "
          f"{r50:.1f} ms, p95 {r95:.1f} ms; ratio p95 {p95 / r95:.2f}× — {machine_nproc()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=1000)
    args, _unknown = parser.parse_known_args()  # make bench passes every script the same
    main(args.decisions)
