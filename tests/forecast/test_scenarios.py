"""Analysts' own scenarios: saved as versions (author, time, audit), run and compared
beside the shipped ones; bad input refused in the user's language with nothing saved."""

import pytest
import time_machine

from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied
from kosh.errors import DomainError
from kosh.forecast.models import ForecastRun, ForecastScenario
from kosh.forecast.scenarios import scenarios
from kosh.forecast.services import forecast_run_create, forecast_scenario_save

pytestmark = pytest.mark.django_db
NOW = "2026-11-30 10:00:00+05:00"
LEVERS = {"internal": 1.1, "immigration": 2.0, "emigration": 0.9, "resettlement": 3.0,
          "kandas": 2.0, "neo_nomad": 1.5}


@pytest.fixture(autouse=True)
def data(nation_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("KOSH_FORECAST_DIR", str(nation_dir))
    monkeypatch.setenv("KOSH_FORECAST_CACHE", str(tmp_path / "cache"))


@time_machine.travel(NOW, tick=False)
def test_saved_versioned_audited_and_run(actor_of):
    actor = actor_of("analyst")
    first = forecast_scenario_save(actor=actor, code="north_push", title="North push",
                                   levers=LEVERS)
    assert first.version == 1 and first.created_by_name == "analyst"
    assert first.levers["fertility"] == 1.0  # not given: the baseline's value
    same = forecast_scenario_save(actor=actor, code="north_push", title="North push",
                                  levers=LEVERS)
    assert same.pk == first.pk  # unchanged: nothing written
    second = forecast_scenario_save(actor=actor, code="north_push", title="North push",
                                    levers={**LEVERS, "resettlement": 4})
    assert second.version == 2
    assert AuditEvent.objects.filter(object_type="forecast_scenario").count() == 2
    chosen = scenarios()["north_push"]
    assert chosen.version == 2 and not chosen.builtin and chosen.author == "analyst"
    run = forecast_run_create(actor=actor, scenario="north_push", base_year=2024, horizon=5,
                              trajectories=20, seed=5)
    assert run.scenario_version == 2 and run.levers["resettlement"] == 4.0
    base = forecast_run_create(actor=actor, scenario="baseline", base_year=2024, horizon=5,
                               trajectories=20, seed=5)
    assert run.summary["national"] != base.summary["national"] if "national" in \
        run.summary else run.summary != base.summary


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"code": "Bad code"}, "code"), ({"code": "baseline"}, "code"),
    ({"title": "  "}, "title"), ({"levers": {"immigration": 9}}, "immigration"),
    ({"levers": {"kandas": -1}}, "kandas"), ({"levers": {"kandas": True}}, "kandas"),
    ({"levers": {"tax": 1}}, "levers")])
def test_bad_input_refused_nothing_saved(actor_of, kwargs, field):
    args = {"code": "mine", "title": "Mine", "levers": {}}
    with pytest.raises(DomainError) as err:
        forecast_scenario_save(actor=actor_of("analyst"), **{**args, **kwargs})
    assert err.value.field == field
    assert not ForecastScenario.objects.exists() and not AuditEvent.objects.filter(
        object_type="forecast_scenario").exists()


def test_readers_may_not_save(actor_of):
    with pytest.raises(AccessDenied):
        forecast_scenario_save(actor=actor_of("migration"), code="mine", title="Mine",
                               levers={})


@time_machine.travel(NOW, tick=False)
def test_console_saves_runs_and_compares(client_as):
    client = client_as("analyst")
    form = {"code": "north_push", "title": "Север", "description": "",
            "fertility": 1, "internal": 1, "emigration": 1, "immigration": 1,
            "resettlement": 3, "kandas": 1, "neo_nomad": 0}
    bad = client.post("/forecast/scenarios/", {**form, "resettlement": 9},
                      headers={"accept-language": "ru"})
    assert bad.status_code == 400 and not ForecastScenario.objects.exists()
    assert 'data-testid="error-resettlement"' in bad.content.decode()
    saved = client.post("/forecast/scenarios/", form)
    assert saved.status_code == 302
    page = client.get(saved["Location"]).content.decode()
    assert "forecast-scenario-saved" in page and "north_push, v1" in page
    for scenario in ("north_push", "baseline"):
        client.post("/forecast/start/", {"scenario": scenario, "base_year": 2024,
                                         "horizon": 5, "trajectories": 20, "seed": 1})
    ids = list(ForecastRun.objects.values_list("pk", flat=True))
    assert len(ids) == 2
    compared = client.get(f"/forecast/compare/?run={ids[0]}&run={ids[1]}")
    assert compared.status_code == 200 and "Север" in compared.content.decode()


@time_machine.travel(NOW, tick=False)
def test_api_saves_and_refuses_in_language(api_as):
    api = api_as("analyst")
    ok = api.post("/api/forecast/scenarios", {"code": "api_one", "title": "One",
                                              "levers": {"kandas": 2.5}},
                  content_type="application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["version"] == 1 and ok.json()["builtin"] is False
    assert "api_one" in {s["code"] for s in api.get("/api/forecast/scenarios").json()}
    bad = api.post("/api/forecast/scenarios", {"code": "api_two", "title": "Two",
                                               "levers": {"kandas": 7}},
                   content_type="application/json", headers={"accept-language": "ru"})
    assert bad.status_code == 422 and bad.json()["field"] == "kandas"
    assert bad.json()["message"] == "Рычаг kandas должен быть числом от 0.0 до 4.0."
    assert not ForecastScenario.objects.filter(code="api_two").exists()
    run = api.post("/api/forecast/runs", {"scenario": "api_one", "base_year": 2024,
                                          "horizon": 5, "trajectories": 20},
                   content_type="application/json")
    assert run.status_code == 200 and run.json()["scenario_version"] == 1
    assert api.post("/api/forecast/scenarios", {"code": "x1x", "title": "T", "levers": {}},
                    content_type="application/json").status_code == 200
    assert api_as("migration").post(
        "/api/forecast/scenarios", {"code": "nope", "title": "T", "levers": {}},
        content_type="application/json").status_code == 403
