"""The service, console pages and API of the forecasts (aggregates only)."""

import pytest
import time_machine

from kosh.access.models import AuditEvent
from kosh.errors import DomainError
from kosh.forecast.models import ForecastRun
from kosh.forecast.services import forecast_run_create

pytestmark = pytest.mark.django_db
NOW = "2026-11-30 10:00:00+05:00"


@pytest.fixture(autouse=True)
def data(nation_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("KOSH_FORECAST_DIR", str(nation_dir))
    monkeypatch.setenv("KOSH_FORECAST_CACHE", str(tmp_path / "cache"))


@time_machine.travel(NOW, tick=False)
def test_run_stored_once_with_audit(actor_of):
    actor = actor_of("analyst")
    run = forecast_run_create(actor=actor, scenario="kandas_plus50", base_year=2024,
                              horizon=5, trajectories=20, seed=5)
    again = forecast_run_create(actor=actor, scenario="kandas_plus50", base_year=2024,
                                horizon=5, trajectories=20, seed=5)
    assert again.pk == run.pk
    assert run.summary["years"] == list(range(2024, 2030))
    assert run.levers["kandas"] == 1.5 and run.scenario_version == 1
    assert AuditEvent.objects.filter(object_type="forecast_run", object_id=str(run.pk)).count() == 1


@pytest.mark.parametrize(("field", "kwargs"), [
    ("scenario", {"scenario": "nope"}), ("base_year", {"base_year": 2010}),
    ("horizon", {"horizon": 0}), ("trajectories", {"trajectories": 5000})])
def test_bad_input_refused_and_nothing_written(actor_of, field, kwargs):
    args = {"scenario": "baseline", "base_year": 2024, "horizon": 5, "trajectories": 20}
    with pytest.raises(DomainError) as err:
        forecast_run_create(actor=actor_of("analyst"), **{**args, **kwargs})
    assert err.value.field == field
    assert not ForecastRun.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_console_page_run_and_exports(client_as):
    client = client_as("analyst")
    assert client.get("/forecast/").status_code == 200
    response = client.post("/forecast/start/", {
        "scenario": "baseline", "base_year": 2024, "horizon": 5, "trajectories": 20,
        "seed": 1})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"forecast-regions" in page.content
    part = client.get(response["Location"] + "?year=2026&region=750000000",
                      headers={"HX-Request": "true"})
    assert b"forecast-ages" in part.content and b"<html" not in part.content
    csv = client.get(response["Location"] + "?export=csv&table=regions")
    assert csv["Content-Type"].startswith("text/csv") and "710000000" in csv.content.decode()
    xlsx = client.get(response["Location"] + "?export=xlsx&table=ages")
    assert xlsx.status_code == 200
    run_id = ForecastRun.objects.get().pk
    geo = client.get(f"/forecast/{run_id}/map/?year=2029").json()
    props = {f["properties"]["kato"]: f["properties"] for f in geo["features"]}
    assert len(props) == 20 and all(0 <= p["band"] <= 4 for p in props.values())
    compare = client.get(f"/forecast/compare/?run={run_id}&run={run_id}")
    assert b"forecast-compare-table" in compare.content
    for language, heading in (("kk", "Болжам"), ("ru", "Прогноз"), ("en", "Forecast")):
        client.cookies["django_language"] = language
        page = client.get(f"/forecast/{run_id}/")
        assert page.status_code == 200 and heading in page.content.decode()


def test_bad_form_shown_at_field(client_as):
    response = client_as("analyst").post("/forecast/start/", {
        "scenario": "baseline", "base_year": 2024, "horizon": 5, "trajectories": 5,
        "seed": 1})
    assert response.status_code == 400 and not ForecastRun.objects.exists()


def test_persons_roles_without_aggregates_refused(client_as):
    assert client_as("applicant").get("/forecast/").status_code == 403
    assert AuditEvent.objects.filter(action="denied").exists()


@time_machine.travel(NOW, tick=False)
def test_api_runs_and_labour_supply(api_as):
    api = api_as("analyst")
    assert {s["code"] for s in api.get("/api/forecast/scenarios").json()} >= {
        "baseline", "resettlement_doubled", "kandas_plus50", "neo_nomad"}
    created = api.post("/api/forecast/runs", {"scenario": "neo_nomad", "base_year": 2024,
                                              "horizon": 5, "trajectories": 20},
                       content_type="application/json")
    assert created.status_code == 200, created.content
    run_id = created.json()["id"]
    assert api.get(f"/api/forecast/runs/{run_id}").json()["scenario"] == "neo_nomad"
    assert len(api.get(f"/api/forecast/runs/{run_id}/national").json()) == 6
    assert len(api.get(f"/api/forecast/runs/{run_id}/regions?year=2026").json()) == 20
    assert api.get(f"/api/forecast/runs/{run_id}/regions?year=2040").status_code == 404
    bad = api.post("/api/forecast/runs", {"scenario": "baseline", "base_year": 2024,
                                          "horizon": 5, "extra": 1},
                   content_type="application/json")
    assert bad.status_code == 422
    supply = api.get("/api/forecast/labour-supply?year=2027").json()
    assert len(supply) == 20
    assert api_as("applicant").get("/api/forecast/runs").status_code == 403
