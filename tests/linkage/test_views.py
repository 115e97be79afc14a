"""The linkage console and API: a reviewer opens a run's queue, sees a record beside the
registry person with each field's agreement and weight, accepts and undoes; the person
card shows the source records; those without ``link_records`` are refused (audited);
the person-creation form's hint names the likely person."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from kosh.access.models import AuditEvent
from kosh.identity import services as identity
from kosh.linkage.clusters import Thresholds
from kosh.linkage.models import LinkProposal, Status
from kosh.linkage.services import link_run_create

pytestmark = pytest.mark.django_db
ALL_TO_REVIEW = Thresholds(auto_merge_weight=1000, review_weight=0, review_margin=3)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel("2026-06-01 09:00Z", tick=False):
        yield


def test_review_in_the_console(actor_of, client_as, snapshot: Path) -> None:
    run = link_run_create(actor=actor_of("admin"), directory=snapshot, thresholds=ALL_TO_REVIEW)
    client = client_as("admin")
    assert "linkage-runs" in client.get(reverse("linkage:page")).content.decode()
    page = client.get(reverse("linkage:run", args=[run.pk])).content.decode()
    assert "linkage-queue" in page
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "section" not in title
    assert 'data-testid="linkage-review-share"' in page  # the snapshot has its truth
    proposal = LinkProposal.objects.get(run=run, record_id=102)
    shown = client.get(reverse("linkage:proposal", args=[proposal.pk])).content.decode()
    assert "Janna" in shown and "Ахметова" in shown
    assert "день и месяц переставлены" in shown  # Russian: the console's default language
    client.post(reverse("linkage:decide", args=[proposal.pk]), {"decision": "accept"})
    proposal.refresh_from_db()
    assert proposal.status == Status.ACCEPTED
    client.post(reverse("linkage:decide", args=[proposal.pk]), {"decision": "undo"})
    proposal.refresh_from_db()
    assert proposal.status == Status.PROPOSED
    again = client.post(reverse("linkage:decide", args=[proposal.pk]), {"decision": "undo"})
    assert again.status_code == 422


def test_refused_without_link_records(client_as) -> None:
    response = client_as("migration").get(reverse("linkage:page"))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="denied").exists()


def test_api_review_and_match(actor_of, api_as, snapshot: Path) -> None:
    admin = actor_of("admin")
    run = link_run_create(actor=admin, directory=snapshot, thresholds=ALL_TO_REVIEW)
    api = api_as("admin")
    queue = api.get(f"/api/linkage/runs/{run.pk}/review").json()
    assert len(queue) == 6 and {f["name"] for f in queue[0]["fields"]} >= {"surname"}
    first = queue[0]["id"]
    decided = api.post(f"/api/linkage/proposals/{first}/decision",
                       {"accept": False, "note": "no"}, content_type="application/json")
    assert decided.status_code == 200 and decided.json()["status"] == "rejected"
    again = api.post(f"/api/linkage/proposals/{first}/decision", {"accept": True},
                     content_type="application/json")
    assert again.status_code == 422 and again.json()["code"] == "already_decided"
    person = identity.person_create(actor=admin, birth_date=date(1987, 2, 14), sex="M",
                                    surname="Жақсыбеков", given_name="Дәурен")
    found = api.post("/api/linkage/match", {"surname": "ZHAKSYBEKOV", "given_name": "DAUREN",
                                            "birth_date": "1987-02-14"},
                     content_type="application/json").json()
    assert found[0]["person_id"] == person.pk and found[0]["likely"] is True


def test_creation_form_hint_and_card(actor_of, client_as) -> None:
    admin = actor_of("admin")
    person = identity.person_create(actor=admin, birth_date=date(1987, 2, 14), sex="M",
                                    surname="Жақсыбеков", given_name="Дәурен")
    client = client_as("migration")
    form = client.get(reverse("person-create")).content.decode()
    assert 'data-testid="match-hint"' in form
    hint = client.post(reverse("linkage:hint"), {
        "surname": "Jaqsybekov", "given_name": "Dauren", "birth_date": "14.02.1987"})
    assert f'data-testid="match-hint-{person.pk}"' in hint.content.decode()
    card = client_as("admin").get(reverse("person-card", args=[person.pk])).content.decode()
    assert 'data-testid="section-linkage"' in card
