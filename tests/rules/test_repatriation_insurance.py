"""Repatriation insurance check: stays of 90 days need none, 91 days need a policy that
covers every day."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from .helpers import evaluate, passed

START = date(2027, 1, 1)


def trip(days: int, **changes) -> dict:
    end = START + timedelta(days=days - 1)
    return {"citizenship": "KAZ", "travel_direction": "departure_citizen",
            "stay_from": START.isoformat(), "stay_until": end.isoformat()} | changes


def test_a_stay_of_90_days_needs_no_insurance():
    result = evaluate("repatriation_insurance", trip(90))
    assert result.eligible and not result.outputs["repatriation_insurance_required"]


def test_a_stay_of_91_days_needs_a_policy():
    result = evaluate("repatriation_insurance", trip(91))
    assert result.outputs["repatriation_insurance_required"]
    assert not passed(result, "repatriation_insurance_policy") and not result.eligible


def test_a_policy_covering_every_day_of_a_91_day_stay_complies():
    covered = trip(91, insurance_policy_number="P-1", insurer_name="Kosh Re",
                   insurance_cover_from="2027-01-01", insurance_cover_until="2027-04-01")
    assert evaluate("repatriation_insurance", covered).eligible
    one_day_short = covered | {"insurance_cover_until": "2027-03-31"}
    assert not passed(evaluate("repatriation_insurance", one_day_short),
                      "repatriation_insurance_coverage")


def test_direction_must_match_citizenship():
    assert not evaluate("repatriation_insurance", trip(30, citizenship="UZB")).eligible
    arriving = trip(30, citizenship="UZB", travel_direction="arrival_foreigner")
    assert evaluate("repatriation_insurance", arriving).eligible


@settings(max_examples=50, deadline=None)
@given(days=st.integers(min_value=1, max_value=800))
def test_insurance_required_exactly_for_stays_over_90_days(days):
    result = evaluate("repatriation_insurance", trip(days))
    assert result.outputs["repatriation_insurance_required"] == (days > 90)
    assert result.eligible == (days <= 90)
