"""What-if: a change counts only from its date, lowering a threshold never loses anyone,
and the breakdowns add up."""

from datetime import date

import pytest

from kosh.rules.decision import RulesUnavailable
from kosh.rules.reforms import ParameterChange
from kosh.whatif.applicants import applicants_generate
from kosh.whatif.engine import whatif_run

PEOPLE = applicants_generate(20_000, seed=11)
LOWER = ParameterChange("neo_nomad.min_monthly_income_usd", 2000, date(2027, 1, 1))


def test_lowering_the_income_threshold_qualifies_more_and_loses_none():
    result = whatif_run(changes=[LOWER], on=date(2027, 1, 1), people=PEOPLE)
    assert result.reform > result.baseline and result.lost == 0
    assert result.gained == result.reform - result.baseline
    assert sum(g.reform for g in result.by_country) == result.reform
    assert sum(g.baseline for g in result.by_occupation) == result.baseline


def test_the_change_does_nothing_before_its_date():
    result = whatif_run(changes=[LOWER], on=date(2026, 12, 31), people=PEOPLE)
    assert result.reform == result.baseline and result.gained == 0


def test_the_population_is_deterministic_for_a_seed():
    again = applicants_generate(20_000, seed=11)
    assert (again.monthly_income == PEOPLE.monthly_income).all()
    assert (again.countries[again.country_index] == PEOPLE.countries[PEOPLE.country_index]).all()


def test_lengthening_the_stay_without_insurance_lets_more_comply():
    change = ParameterChange("repatriation_insurance.stay_days_without_insurance", 180,
                             date(2027, 1, 1))
    result = whatif_run(changes=[change], on=date(2027, 1, 1), people=PEOPLE)
    assert result.gained > 0 and result.lost == 0


def test_a_parameter_outside_the_whatif_list_is_refused():
    with pytest.raises(RulesUnavailable):
        whatif_run(changes=[ParameterChange("neo_nomad.income_months", 100, date(2027, 1, 1))],
                   on=date(2027, 1, 1), people=PEOPLE)
    with pytest.raises(RulesUnavailable):
        whatif_run(changes=[ParameterChange("appeal.complaint_months", 1, date(2027, 1, 1))],
                   on=date(2027, 1, 1), people=PEOPLE)


def test_the_baseline_is_kept_and_the_result_does_not_change():
    first = whatif_run(changes=[LOWER], on=date(2027, 1, 1), people=PEOPLE)
    stages = []
    again = whatif_run(changes=[LOWER], on=date(2027, 1, 1), people=PEOPLE,
                       progress=stages.append)
    assert stages == ["reform"]  # the baseline was kept
    assert (again.baseline, again.reform, again.by_country) == (
        first.baseline, first.reform, first.by_country)


def test_a_yes_no_parameter_takes_only_yes_or_no():
    with pytest.raises(RulesUnavailable):
        whatif_run(changes=[ParameterChange("neo_nomad.local_work_allowed", 1,
                                            date(2027, 1, 1))],
                   on=date(2027, 1, 1), people=PEOPLE)
    result = whatif_run(changes=[ParameterChange("neo_nomad.local_work_allowed", True,
                                                 date(2027, 1, 1))],
                        on=date(2027, 1, 1), people=PEOPLE)
    assert result.lost == 0
