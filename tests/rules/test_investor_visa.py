"""Investor visa (A6): the USD 300,000 boundary, conversion at the investment day's rate,
and the 36-month investment age of the A5 petition rules, which no source ties to A6."""

from datetime import date

from kosh.rules.reforms import ParameterChange, reform_build

from .helpers import evaluate, passed


def investor(**changes) -> dict:
    return {"citizenship": "TUR", "investment_amount": 400000.0,
            "investment_currency": "USD", "investment_date": "2025-06-01",
            "investment_in_kazakhstan": True, "issue_date": "2026-11-27"} | changes


def test_investor_visa_needs_more_than_300000_usd():
    assert not passed(evaluate("investor_visa", investor(investment_amount=300000.0)),
                      "investor_visa_amount")
    assert passed(evaluate("investor_visa", investor(investment_amount=300000.01)),
                  "investor_visa_amount")


def test_investor_visa_converts_tenge_at_the_rate_of_the_investment_day():
    result = evaluate("investor_visa", investor(investment_amount=160_000_000.0,
                                                investment_currency="KZT"))
    amount = next(c for c in result.criteria if c.code == "investor_visa_amount")
    assert 290_000 < amount.values["investment_usd"] < 340_000
    assert amount.values["investment_date"] == "2025-06-01"


def test_the_36_month_rule_of_the_a5_petition_is_not_applied_to_a6():
    """The MFA order of 30.09.2025 amends the A5 petition rules; nothing ties it to A6."""
    old = investor(investment_date="2021-06-01", issue_date="2025-09-30")
    for day in (date(2025, 9, 29), date(2025, 9, 30), date(2026, 11, 27)):
        assert passed(evaluate("investor_visa", old, on=day), "investor_visa_recent")
    assert passed(evaluate("investor_visa", investor(investment_date="2023-11-26")),
                  "investor_visa_recent")


def test_an_investment_in_the_future_does_not_count():
    assert not passed(evaluate("investor_visa", investor(investment_date="2026-11-28")),
                      "investor_visa_recent")


def test_an_investment_age_limit_would_apply_from_its_own_date():
    """Room for a source that ties the limit to A6: a dated value applies from its day."""
    reform = reform_build([ParameterChange("investor_visa.investment_max_age_months", 36,
                                           date(2026, 1, 1))])
    old = investor(investment_date="2021-06-01")
    assert passed(evaluate("investor_visa", old, on=date(2025, 12, 31), system=reform),
                  "investor_visa_recent")
    assert not passed(evaluate("investor_visa", old, system=reform), "investor_visa_recent")


def test_investor_visa_valid_ten_years_from_issue():
    result = evaluate("investor_visa", investor())
    assert result.eligible
    assert result.outputs["investor_visa_valid_until"] == "2036-11-26"


def test_investment_outside_kazakhstan_or_by_a_citizen_is_refused():
    assert not evaluate("investor_visa", investor(investment_in_kazakhstan=False)).eligible
    assert not evaluate("investor_visa", investor(citizenship="KAZ")).eligible
