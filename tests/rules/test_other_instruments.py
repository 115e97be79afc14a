"""Ata Zholy card, demanded-professions visa, teachers and scientists, ethnic Kazakhs with
valuable skills: criteria, dates from which they exist, validity."""

from datetime import date

from .helpers import evaluate, passed


def ata_zholy(**changes) -> dict:
    return {"citizenship": "MNG", "is_ethnic_kazakh": True,
            "ata_zholy_basis": "profession_demanded_list", "profession": "oncologist",
            "passport_expires_on": "2035-05-01", "issue_date": "2026-11-27"} | changes


def test_ata_zholy_card_lasts_ten_years_but_not_beyond_the_passport():
    assert evaluate("ata_zholy", ata_zholy()).outputs["ata_zholy_valid_until"] == "2035-05-01"
    long_passport = ata_zholy(passport_expires_on="2040-01-01")
    assert evaluate("ata_zholy", long_passport).outputs["ata_zholy_valid_until"] == "2036-11-26"


def test_ata_zholy_exists_from_july_2023():
    assert not evaluate("ata_zholy", ata_zholy(), on=date(2023, 6, 30)).in_force
    assert evaluate("ata_zholy", ata_zholy(), on=date(2023, 7, 1)).eligible


def test_ata_zholy_grounds():
    assert not passed(evaluate("ata_zholy", ata_zholy(profession="other")), "ata_zholy_ground")
    business = ata_zholy(ata_zholy_basis="business_abroad", has_business_abroad=True)
    assert evaluate("ata_zholy", business).eligible
    decree = ata_zholy(ata_zholy_basis="profession_decree_2005", profession="other")
    assert not evaluate("ata_zholy", decree).eligible
    assert evaluate("ata_zholy", decree | {"profession_in_decree_2005": True}).eligible


def test_ata_zholy_refused_to_non_kazakhs_citizens_and_expired_passports():
    assert not evaluate("ata_zholy", ata_zholy(is_ethnic_kazakh=False)).eligible
    assert not evaluate("ata_zholy", ata_zholy(citizenship="KAZ")).eligible
    assert not evaluate("ata_zholy", ata_zholy(passport_expires_on="2026-11-26")).eligible


def test_demanded_professions_visa_from_17_november_2024_with_the_2023_list():
    applicant = {"citizenship": "IND", "profession": "software_architect",
                 "diploma_matches_profession": True, "issue_date": "2026-11-27"}
    result = evaluate("demanded_professions", applicant)
    assert result.eligible
    assert result.outputs["demanded_professions_valid_until"] == "2027-02-24"  # 90 days
    assert not evaluate("demanded_professions", applicant, on=date(2024, 11, 16)).in_force
    other = applicant | {"profession": "other"}
    assert not passed(evaluate("demanded_professions", other), "demanded_professions_listed")


def test_teachers_and_scientists():
    teacher = {"citizenship": "IND", "academic_role": "teacher",
               "has_host_institution_offer": True, "issue_date": "2026-11-27"}
    assert evaluate("teachers_scientists", teacher).eligible
    student = teacher | {"academic_role": "student_deficit_speciality"}
    assert not evaluate("teachers_scientists", student).eligible
    assert evaluate("teachers_scientists", student | {"speciality_in_deficit": True}).eligible
    assert not evaluate("teachers_scientists", teacher | {
        "has_host_institution_offer": False}).eligible


def test_ethnic_kazakh_skills_visa_for_ten_years():
    applicant = {"citizenship": "CHN", "is_ethnic_kazakh": True, "skill_field": "it",
                 "has_skill_evidence": True, "issue_date": "2026-11-27"}
    result = evaluate("ethnic_kazakh_skills", applicant)
    assert result.eligible
    assert result.outputs["ethnic_kazakh_skills_valid_until"] == "2036-11-26"
    assert not evaluate("ethnic_kazakh_skills", applicant | {"skill_field": "other"}).eligible
