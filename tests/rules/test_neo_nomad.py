"""Neo Nomad Visa rules: boundaries, dating, currency conversion, explanations' data."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from kosh.rules.reforms import ParameterChange, reform_build

from .helpers import DAY, MONTHS, evaluate, nomad, passed


def test_neo_nomad_granted_when_every_criterion_is_met():
    result = evaluate("neo_nomad", nomad())
    assert result.eligible and result.in_force
    assert result.outputs["neo_nomad_valid_until"] == "2028-01-09"
    assert result.outputs["neo_nomad_extensions"] == 1


def test_neo_nomad_refused_when_one_month_is_2999_99():
    incomes = dict.fromkeys(MONTHS, 3500.0) | {"2026-08": 2999.99}
    result = evaluate("neo_nomad", nomad(monthly_income=incomes))
    assert not passed(result, "neo_nomad_income") and not result.eligible


def test_neo_nomad_income_of_exactly_3000_does_not_exceed_the_threshold():
    """The rule text says "exceeding" USD 3,000 (the comparison is a dated parameter)."""
    incomes = dict.fromkeys(MONTHS, 3000.0)
    assert not passed(evaluate("neo_nomad", nomad(monthly_income=incomes)), "neo_nomad_income")
    incomes = dict.fromkeys(MONTHS, 3000.01)
    assert passed(evaluate("neo_nomad", nomad(monthly_income=incomes)), "neo_nomad_income")


def test_neo_nomad_income_of_3000_meets_the_threshold_when_read_as_at_least():
    reform = reform_build([ParameterChange("neo_nomad.income_threshold_inclusive", True,
                                           date(2026, 1, 1))])
    incomes = dict.fromkeys(MONTHS, 3000.0)
    result = evaluate("neo_nomad", nomad(monthly_income=incomes), system=reform)
    assert passed(result, "neo_nomad_income")
    incomes["2026-05"] = 2999.99
    result = evaluate("neo_nomad", nomad(monthly_income=incomes), system=reform)
    assert not passed(result, "neo_nomad_income")


def test_five_months_of_statements_fail_the_statement_period_not_the_income():
    """Statements for 5 of the 6 months: the refusal names the statement period; the
    income of the months covered still meets the threshold."""
    five = {m: 4000.0 for m in MONTHS[1:]}
    result = evaluate("neo_nomad", nomad(monthly_income=five,
                                         statement_covers_month=dict.fromkeys(MONTHS[1:], True)))
    assert not result.eligible
    assert not passed(result, "neo_nomad_statement_period")
    assert passed(result, "neo_nomad_income")
    six = {m: 4000.0 for m in MONTHS}
    assert passed(evaluate("neo_nomad", nomad(monthly_income=six)), "neo_nomad_statement_period")


def test_neo_nomad_checks_the_six_complete_months_before_the_application():
    """Applying on 1 December moves the window: November counts, May no longer does."""
    incomes = dict.fromkeys(MONTHS, 3500.0) | {"2026-05": 100.0, "2026-11": 3500.0}
    applicant = nomad(monthly_income=incomes)
    assert not evaluate("neo_nomad", applicant).eligible
    assert evaluate("neo_nomad", applicant, on=date(2026, 12, 1)).eligible


def test_neo_nomad_income_in_euro_is_converted_at_each_month_end_rate():
    incomes = dict.fromkeys(MONTHS, 2900.0)  # EUR: above 3,000 USD at the sample rates
    result = evaluate("neo_nomad", nomad(monthly_income=incomes, income_currency="EUR"))
    criterion = next(c for c in result.criteria if c.code == "neo_nomad_income")
    usd = criterion.values["monthly_income_usd"]
    assert all(v > 3000 for v in usd.values()) and len(set(usd.values())) > 1
    assert criterion.passed


def test_neo_nomad_refused_to_eaeu_citizens_from_17_november_2024():
    russian = nomad(citizenship="RUS")
    assert not passed(evaluate("neo_nomad", russian), "neo_nomad_citizenship")
    assert not passed(evaluate("neo_nomad", nomad(citizenship="KAZ")), "neo_nomad_citizenship")
    assert not passed(evaluate("neo_nomad", nomad(citizenship="")), "neo_nomad_citizenship")


def test_neo_nomad_does_not_exist_before_17_november_2024():
    early = nomad(monthly_income={f"2024-{m:02d}": 5000.0 for m in range(5, 11)})
    before = evaluate("neo_nomad", early, on=date(2024, 11, 16))
    assert not before.in_force and not before.eligible and before.criteria == []
    assert evaluate("neo_nomad", early, on=date(2024, 11, 17)).in_force


def test_neo_nomad_refused_with_local_employment_or_local_employer():
    assert not evaluate("neo_nomad", nomad(has_local_employment=True)).eligible
    assert not evaluate("neo_nomad", nomad(employer_country="KAZ")).eligible
    assert not evaluate("neo_nomad", nomad(work_arrangement="local_employer")).eligible


def test_neo_nomad_insurance_must_cover_the_whole_year():
    short = nomad(medical_insurance_until="2028-01-08")  # visa runs to 2028-01-09
    assert not passed(evaluate("neo_nomad", short), "neo_nomad_medical_insurance")
    late = nomad(medical_insurance_from="2027-01-11")
    assert not passed(evaluate("neo_nomad", late), "neo_nomad_medical_insurance")
    exact = nomad(medical_insurance_from="2027-01-10", medical_insurance_until="2028-01-09")
    assert passed(evaluate("neo_nomad", exact), "neo_nomad_medical_insurance")


def test_neo_nomad_invitation_needed_unless_the_country_is_exempt():
    uzbek = nomad(has_invitation=False)
    assert not passed(evaluate("neo_nomad", uzbek), "neo_nomad_invitation")
    german = nomad(citizenship="DEU", has_invitation=False)
    result = evaluate("neo_nomad", german)
    assert passed(result, "neo_nomad_invitation")
    assert result.outputs["neo_nomad_processing_working_days"] == 5


def test_a_threshold_change_applies_only_from_its_date():
    reform = reform_build([ParameterChange("neo_nomad.min_monthly_income_usd", 2000,
                                           date(2027, 1, 1))])
    incomes = {f"2026-{m:02d}": 2500.0 for m in range(1, 13)}
    applicant = nomad(monthly_income=incomes)
    day_before = evaluate("neo_nomad", applicant, on=date(2026, 12, 31), system=reform)
    from_date = evaluate("neo_nomad", applicant, on=date(2027, 1, 1), system=reform)
    assert not passed(day_before, "neo_nomad_income")
    assert passed(from_date, "neo_nomad_income")
    assert not passed(evaluate("neo_nomad", applicant, on=date(2027, 1, 1)), "neo_nomad_income")


def test_the_decision_records_rule_version_parameters_and_trace():
    result = evaluate("neo_nomad", nomad())
    assert result.rule_version.startswith("kosh-rules-")
    income = next(c for c in result.criteria if c.code == "neo_nomad_income")
    assert income.parameters == {"neo_nomad.income_months": 6,
                                 "neo_nomad.income_threshold_inclusive": False,
                                 "neo_nomad.min_monthly_income_usd": 3000}
    assert f"neo_nomad_eligible<{DAY}>" in result.trace
    assert "monthly_income_usd<2026-10>" in result.trace


@settings(max_examples=60, deadline=None)
@given(incomes=st.lists(st.decimals(min_value=0, max_value=20000, places=2), min_size=6,
                        max_size=6))
def test_neo_nomad_income_met_exactly_when_every_month_exceeds_3000(incomes):
    months = {m: float(v) for m, v in zip(MONTHS, incomes, strict=True)}
    result = evaluate("neo_nomad", nomad(monthly_income=months))
    assert passed(result, "neo_nomad_income") == all(v > 3000 for v in months.values())


@settings(max_examples=40, deadline=None)
@given(base=st.floats(min_value=0, max_value=10000), raise_by=st.floats(min_value=0,
                                                                          max_value=5000))
def test_more_income_never_turns_a_grant_into_a_refusal(base, raise_by):
    low = evaluate("neo_nomad", nomad(monthly_income=dict.fromkeys(MONTHS, round(base, 2))))
    high = evaluate("neo_nomad", nomad(monthly_income=dict.fromkeys(
        MONTHS, round(base + raise_by, 2))))
    assert not low.eligible or high.eligible
