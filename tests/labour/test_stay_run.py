"""The nightly stay control lands in the database: the worklist by region (an officer with
a region sees only it), a person's own days left, the pages and the API."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from kosh.access.models import AuditEvent, Profile
from kosh.access.policy import actor_for
from kosh.identity.models import Person
from kosh.labour.models import StayRun, StayStatus
from kosh.labour.selectors import stay_worklist
from kosh.labour.services import stay_control_run

from .conftest import CROSSINGS, ON, PERSONS, WORK_PERMITS, write_snapshot

pytestmark = pytest.mark.django_db
OFF = 10**6  # the hand-written persons' ids, clear of the demo registry's


def shifted(rows):
    return [(r[0] + OFF, *r[1:]) for r in rows]


@pytest.fixture
def loaded(tmp_path: Path, actor_of):
    aziz = Person.objects.get(account__username="applicant")
    persons = [*shifted(PERSONS), (aziz.pk, "UZB", None)]
    crossings = [*shifted(CROSSINGS), (aziz.pk, "2025-06-20", "entry", "Жібек жолы")]
    folder = write_snapshot(tmp_path / "n", persons=persons, crossings=crossings,
                            work_permits=shifted(WORK_PERMITS))
    return stay_control_run(actor=actor_of("admin", "cli"), folder=folder, on=ON), aziz


def test_run_lands_in_the_database_with_its_counts(loaded):
    run, _ = loaded
    assert run.present == 11 and run.overstays == 4
    assert (run.entries_without_exit, run.exits_without_entry) == (1, 1)
    assert StayStatus.objects.filter(run=run).count() == 13
    assert AuditEvent.objects.filter(object_type="stay_run", object_id=str(run.pk)).exists()


def test_worklist_by_region_and_officer_scope(loaded, actor_of):
    rows = {r.person_id - OFF for r in stay_worklist(actor=actor_of("migration"))}
    assert rows >= {1, 2, 3, 4, 7, 10, 11, 13}
    assert 9 not in rows  # a permit holder within their stay
    user = get_user_model().objects.create(username="labour-almaty-city")
    Profile.objects.create(user=user, role="labour_officer", region_id="750000000")
    almaty = {r.person_id - OFF for r in stay_worklist(actor=actor_for(user))}
    assert almaty == {13}  # Almaty airport; person 9 (Almaty) is fine


def test_second_run_replaces_the_rows(loaded, actor_of, tmp_path):
    run, _ = loaded
    folder = write_snapshot(tmp_path / "m", persons=PERSONS[:1], crossings=CROSSINGS[:1])
    again = stay_control_run(actor=actor_of("admin", "cli"), folder=folder, on=ON)
    assert StayStatus.objects.count() == 1 and StayRun.objects.count() >= 2
    assert again.pk != run.pk


@pytest.mark.usefixtures("loaded")
def test_own_days_left_in_api_and_portal(api_as, client_as):
    r = api_as("applicant").get("/api/labour/stay/me")
    assert r.status_code == 200
    stay = r.json()["stay"]
    assert (stay["days_in_stay"], stay["days_left"], stay["allowed_until"]) == (
        11, 19, "2025-07-19")
    page = client_as("applicant").get("/labour/stay/me/")
    assert page.status_code == 200 and b'data-testid="stay-days-left">19<' in page.content
    assert api_as("employer").get("/api/labour/stay/me").status_code == 403


def test_worklist_page_and_api(loaded, client_as, api_as):
    page = client_as("labour").get("/labour/stay/?status=overstay")
    assert page.status_code == 200 and f'data-testid="stay-row-{OFF + 4}"'.encode() in page.content
    r = api_as("labour").get("/api/labour/stay/worklist?status=overstay")
    assert sorted(x["person_id"] - OFF for x in r.json()) == [2, 3, 4, 7]
    assert client_as("employer").get("/labour/stay/").status_code == 403
    assert api_as("employer").get("/api/labour/stay/worklist").status_code == 403
    for url in ("/labour/permits/", "/labour/household/"):
        assert client_as("labour").get(url).status_code == 200
    assert client_as("employer").get("/labour/permits/").status_code == 200


def test_the_nightly_commands(tmp_path):
    from typer.testing import CliRunner

    from kosh.cli import app

    folder = write_snapshot(tmp_path / "c", persons=shifted(PERSONS),
                            crossings=shifted(CROSSINGS))
    result = CliRunner().invoke(app, ["labour", "stay-control", "--dir", str(folder),
                                      "--on", ON.isoformat()])
    assert result.exit_code == 0, result.output
    assert "5 overstays" in result.output and "1 entries without exit" in result.output
    result = CliRunner().invoke(app, ["labour", "household-daily", "--on", "2026-01-15"])
    assert result.exit_code == 0 and "lapsed: 0" in result.output


@pytest.mark.parametrize(("language", "title", "status"), [
    ("kk", "Болу мерзімін бақылау", "мерзімнен асып болу"),
    ("ru", "Контроль сроков пребывания", "превышение срока пребывания"),
    ("en", "Stay control", "overstay")])
@pytest.mark.usefixtures("loaded")
def test_worklist_in_three_languages(user_of, language, title, status):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user_of("labour"))
    page = client.get("/labour/stay/?status=overstay").content.decode()
    assert title in page and status in page
