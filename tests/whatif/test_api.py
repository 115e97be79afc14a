"""The what-if API: parameters on offer, a run labelled in the request's language,
refusals as ``{code, message, field}``, and analysts only."""

import pytest

pytestmark = pytest.mark.django_db

BODY = {"changes": [{"path": "neo_nomad.min_monthly_income_usd", "value": 2000,
                     "start": "2027-01-01"}], "on": "2027-01-01", "population": 10000}


@pytest.mark.parametrize(("username", "status"), [("analyst", 200), ("applicant", 403)])
def test_whatif_is_for_analysts(api_as, username, status):
    response = api_as(username).post("/api/whatif", BODY, content_type="application/json",
                                     HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == status
    if status == 200:
        result = response.json()
        assert result["reform"] - result["baseline"] == result["gained"] - result["lost"] > 0
        assert result["instrument_label"] == "Виза Neo Nomad"
        assert result["changes"][0]["label"] == "Минимальный ежемесячный доход, USD"
        assert {"key": "2", "label": "Специалисты"}.items() <= result["by_occupation"][0].items() \
            or any(g["label"] == "Специалисты" for g in result["by_occupation"])
        assert all(g["label"] != g["key"] for g in result["by_country"])


def test_parameters_are_listed_with_labels_and_bounds(api_as):
    listed = api_as("analyst").get("/api/whatif/parameters", HTTP_ACCEPT_LANGUAGE="en").json()
    months = next(p for p in listed if p["path"] == "neo_nomad.income_months")
    assert months == {"path": "neo_nomad.income_months", "label": "Months of income checked",
                      "instrument": "neo_nomad", "instrument_label": "Neo Nomad Visa",
                      "boolean": False, "whole": True, "low": 1, "high": 12}


@pytest.mark.parametrize("change", [
    {"path": "neo_nomad.income_months", "value": 100},
    {"path": "neo_nomad.local_work_allowed", "value": 3},
    {"path": "neo_nomad.min_monthly_income_usd", "value": 2000.5},
])
def test_a_value_outside_the_bounds_is_refused(api_as, change):
    body = {**BODY, "changes": [{**change, "start": "2027-01-01"}]}
    response = api_as("analyst").post("/api/whatif", body, content_type="application/json",
                                      HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422 and response.json()["field"] == "changes"
    assert "neo_nomad." not in response.json()["message"]


def test_an_unknown_parameter_is_refused_by_the_schema(api_as):
    body = {**BODY, "changes": [{"path": "appeal.complaint_months", "value": 1,
                                 "start": "2027-01-01"}]}
    response = api_as("analyst").post("/api/whatif", body, content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "invalid"
