"""Helpers of the rule tests: a complete Neo Nomad applicant to vary one input at a time."""

from datetime import date

from kosh.rules.decision import Evaluation, rules_evaluate

DAY = date(2026, 11, 27)  # income months: 2026-05 … 2026-10
MONTHS = ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]


def nomad(**changes) -> dict:
    """A Neo Nomad applicant who meets every criterion on DAY; ``changes`` override (the
    statements cover the months of a changed income unless said otherwise)."""
    inputs = {
        "citizenship": "UZB", "work_arrangement": "foreign_employer", "employer_country": "DEU",
        "income_currency": "USD", "monthly_income": dict.fromkeys(MONTHS, 3500.0),
        "statement_covers_month": dict.fromkeys(MONTHS, True), "tax_return_provided": True,
        "has_local_employment": False, "intended_entry_date": "2027-01-10",
        "medical_insurance_from": "2027-01-01", "medical_insurance_until": "2028-01-31",
        "criminal_record_clear": True, "has_invitation": True, "issue_date": DAY.isoformat(),
    }
    if "monthly_income" in changes:
        inputs["statement_covers_month"] = dict.fromkeys(changes["monthly_income"], True)
    return inputs | changes


def passed(evaluation: Evaluation, code: str) -> bool:
    return next(c.passed for c in evaluation.criteria if c.code == code)


def evaluate(instrument: str, inputs: dict, on: date = DAY, **kwargs) -> Evaluation:
    return rules_evaluate(instrument=instrument, inputs=inputs, on=on, **kwargs)
