"""The corrected rules at their boundaries: the Neo Nomad tax return and statement period,
country codes, amounts and dates the rules refuse, and the dated lists that say how much
of the official list they hold."""

from datetime import date

import pytest
from openfisca_core.errors import ParameterNotFound

from kosh.rules.decision import RulesInputError
from kosh.rules.system import parameter_metadata, parameter_value

from .helpers import DAY, MONTHS, evaluate, nomad, passed


def test_a_nomad_without_the_tax_return_is_refused_for_it():
    result = evaluate("neo_nomad", nomad(tax_return_provided=False))
    assert not result.eligible
    assert [c.code for c in result.criteria if not c.passed] == ["neo_nomad_tax_return"]
    assert evaluate("neo_nomad", nomad()).eligible


def test_five_months_of_statements_is_the_statement_period_not_the_income():
    five = dict.fromkeys(MONTHS[1:], 3500.0)
    result = evaluate("neo_nomad", nomad(monthly_income=five))
    assert [c.code for c in result.criteria if not c.passed] == ["neo_nomad_statement_period"]


@pytest.mark.parametrize("code", ["RU", "rus", "XXX", "Rus", "RUSS", "123"])
def test_a_citizenship_that_is_no_iso_alpha3_code_is_refused(code):
    with pytest.raises(RulesInputError) as refused:
        evaluate("neo_nomad", nomad(citizenship=code))
    assert refused.value.field == "citizenship"


def test_the_eaeu_exclusion_holds_for_the_real_codes():
    for code in ("RUS", "KGZ", "BLR", "ARM"):
        assert not passed(evaluate("neo_nomad", nomad(citizenship=code)),
                          "neo_nomad_citizenship")


def test_an_employer_country_that_is_no_code_is_refused():
    with pytest.raises(RulesInputError) as refused:
        evaluate("neo_nomad", nomad(employer_country="de"))
    assert refused.value.field == "employer_country"


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), -1.0, "lots", None])
def test_an_income_that_is_no_finite_amount_is_refused(value):
    incomes = dict.fromkeys(MONTHS, 3500.0) | {MONTHS[0]: value}
    with pytest.raises(RulesInputError) as refused:
        evaluate("neo_nomad", nomad(monthly_income=incomes))
    assert refused.value.field == "monthly_income"


def test_an_infinite_investment_is_refused():
    inputs = {"citizenship": "TUR", "investment_amount": float("inf"),
              "investment_date": "2025-06-01", "investment_in_kazakhstan": True}
    with pytest.raises(RulesInputError) as refused:
        evaluate("investor_visa", inputs)
    assert refused.value.field == "investment_amount"


def test_a_missing_entry_date_is_refused_not_read_as_1970():
    inputs = nomad()
    del inputs["intended_entry_date"]
    with pytest.raises(RulesInputError) as refused:
        evaluate("neo_nomad", inputs)
    assert refused.value.field == "intended_entry_date"


def test_an_entry_date_before_the_day_of_assessment_is_refused():
    with pytest.raises(RulesInputError) as refused:
        evaluate("neo_nomad", nomad(intended_entry_date="2000-01-01"))
    assert refused.value.field == "intended_entry_date"
    yesterday = date.fromordinal(DAY.toordinal() - 1).isoformat()
    with pytest.raises(RulesInputError):
        evaluate("neo_nomad", nomad(intended_entry_date=yesterday,
                                    medical_insurance_from=yesterday))
    assert evaluate("neo_nomad", nomad(intended_entry_date=DAY.isoformat(),
                                       medical_insurance_from=DAY.isoformat())).eligible


def test_the_invitation_exemption_list_says_it_holds_34_of_48():
    meta = parameter_metadata("neo_nomad.invitation_exempt_citizenships")
    assert (meta["listed"], meta["of"], meta["verified"]) == (34, 48, False)
    listed = parameter_value("neo_nomad.invitation_exempt_citizenships", DAY)
    assert len(listed) == 34
    assert parameter_value("neo_nomad.invitation_exempt_citizenships", date(2024, 11, 17))


def test_the_demanded_professions_are_one_dated_version_from_28_february_2023():
    assert parameter_value("demanded_professions.professions", date(2023, 2, 28))
    with pytest.raises(ParameterNotFound):
        parameter_value("demanded_professions.professions", date(2023, 2, 27))
    meta = parameter_metadata("demanded_professions.professions")
    assert (meta["listed"], meta["of"]) == (len(parameter_value(
        "demanded_professions.professions", DAY)), 21)
