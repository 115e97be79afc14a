"""The key competences rating's supply side: a run on a synthetic nation compares each
region's priority vacancies with the working-age population the forecast projects for
the rating's year and records the forecast in its inputs; without a projection it says
so and compares nothing."""

import subprocess
import sys
from pathlib import Path

import pytest
import time_machine

from kosh.access.models import AuditEvent
from kosh.forecast.labour import labour_supply_by_region
from kosh.ratings.services import rating_run_create

from .test_ratings import _snapshot


@pytest.fixture(scope="module")
def nation_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("supply-nation") / "synth"
    kosh = str(Path(sys.executable).with_name("kosh"))
    subprocess.run([kosh, "synth", "--scale", "0.001", "--seed", "7", "--out", str(out),
                    "--quiet"], check=True, capture_output=True)
    return out


def test_run_uses_projected_supply_and_records_forecast(nation_dir, actor_of, client_as):
    with time_machine.travel("2026-11-30 10:00Z", tick=False):
        run = rating_run_create(actor=actor_of("analyst"), year=2027, directory=nation_dir)
    supply = run.result["supply"]
    assert supply["available"] and supply["year"] == 2027
    assert supply["scenario"] == "baseline" and supply["scenario_version"] == 1
    projected = labour_supply_by_region(year=2027, directory=nation_dir)
    assert len(supply["rows"]) == 20
    for row in supply["rows"]:
        assert row["working_age"] == pytest.approx(projected[row["region"]], abs=0.1)
        assert row["vacancies"] == pytest.approx(
            run.result["regional_vacancies"].get(row["region"], 0.0))
        assert row["per_1000"] == pytest.approx(
            row["vacancies"] / row["working_age"] * 1000, rel=1e-3)
    assert sum(r["vacancies"] for r in supply["rows"]) > 0
    assert run.inputs["forecast_scenario"] == "baseline@1"
    assert len(run.inputs["forecast_registry"]) == 64
    event = AuditEvent.objects.get(object_type="rating_run", object_id=str(run.pk))
    assert event.after["inputs"]["forecast_scenario"] == "baseline@1"
    page = client_as("analyst").get(f"/ratings/{run.pk}/").content.decode()
    assert 'data-testid="ratings-supply"' in page and "ratings-supply-missing" not in page
    assert 'data-testid="ratings-supply-750000000"' in page


def test_without_forecast_the_run_says_so(tmp_path, actor_of, client_as):
    directory = _snapshot(tmp_path)  # labour market only: no registry to project
    with time_machine.travel("2026-11-30 10:00Z", tick=False):
        run = rating_run_create(actor=actor_of("analyst"), year=2025, directory=directory)
    supply = run.result["supply"]
    assert supply["available"] is False and "No population forecast" in supply["message"]
    assert "forecast_scenario" not in run.inputs
    page = client_as("analyst").get(f"/ratings/{run.pk}/").content.decode()
    assert 'data-testid="ratings-supply-missing"' in page
