"""The ratings console through the Django test client: who may open it, a bad year
refused at the field with nothing stored, a run computed (the background thread run in
place) and its pages."""

import pytest
import time_machine

from kosh.ratings import runs
from kosh.ratings.models import RatingRun

from .test_ratings import _snapshot


class _InPlace:
    """Stands in for ``threading.Thread``: runs the target when started."""

    def __init__(self, target, args, **_kwargs):
        self.target, self.args = target, args

    def start(self):
        self.target(*self.args)


class _Connection:
    def close(self):
        """The test's connection stays open."""


@pytest.fixture
def console(tmp_path, monkeypatch, client_as):
    monkeypatch.setenv("KOSH_RATINGS_DIR", str(_snapshot(tmp_path)))
    monkeypatch.setattr(runs.threading, "Thread", _InPlace)
    monkeypatch.setattr(runs, "connection", _Connection())
    return client_as("analyst")


def test_who_reads_and_who_computes(client_as):
    officer = client_as("migration")  # aggregates: may read the ratings, not compute
    assert "ratings-form" not in officer.get("/ratings/").content.decode()
    assert officer.post("/ratings/start/", {"year": 2025}).status_code == 403
    assert client_as("employer").get("/ratings/").status_code == 403


def test_bad_year_refused_at_the_field(console):
    response = console.post("/ratings/start/", {"year": 2040, "region": ""})
    assert response.status_code == 400
    assert "2037" in response.content.decode()
    assert not RatingRun.objects.exists()


def test_run_computed_and_explained(console):
    with time_machine.travel("2026-11-30 10:00Z", tick=False):
        response = console.post("/ratings/start/", {"year": 2025, "region": ""})
    assert response.status_code == 302
    key = response["Location"].rsplit("=", 1)[1]
    polled = console.get(f"/ratings/job/{key}/")
    run = RatingRun.objects.get()
    assert polled["HX-Redirect"] == f"/ratings/{run.pk}/"
    page = console.get(f"/ratings/{run.pk}/").content.decode()
    assert "Software developers" in page and "Specialist medical practitioners" in page
    assert "ratings-quota" in page and "demanded-neurosurgeon" in page
    shown = console.get(f"/ratings/{run.pk}/7212/?rating=valuable_skills").content.decode()
    assert "Рост заработной платы за год" in shown and "0,575" in shown  # default ru
    assert console.get(f"/ratings/{run.pk}/9999/").status_code == 404
