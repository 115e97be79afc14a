"""Investor visa (A6): the USD 300,000 boundary, conversion at the investment day's rate,
and the 36-month rule that applies from 30 September 2025 only."""

from datetime import date

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


def test_the_36_month_rule_applies_only_from_30_september_2025():
    old = investor(investment_date="2021-06-01", issue_date="2025-09-29")
    assert passed(evaluate("investor_visa", old, on=date(2025, 9, 29)), "investor_visa_recent")
    assert not passed(evaluate("investor_visa", old, on=date(2025, 9, 30)),
                      "investor_visa_recent")


def test_investment_exactly_36_months_old_still_counts():
    made_on = investor(investment_date="2023-11-27")
    assert passed(evaluate("investor_visa", made_on), "investor_visa_recent")
    assert not passed(evaluate("investor_visa", investor(investment_date="2023-11-26")),
                      "investor_visa_recent")


def test_investor_visa_valid_ten_years_from_issue():
    result = evaluate("investor_visa", investor())
    assert result.eligible
    assert result.outputs["investor_visa_valid_until"] == "2036-11-26"


def test_investment_outside_kazakhstan_or_by_a_citizen_is_refused():
    assert not evaluate("investor_visa", investor(investment_in_kazakhstan=False)).eligible
    assert not evaluate("investor_visa", investor(citizenship="KAZ")).eligible
