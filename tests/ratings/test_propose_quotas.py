"""A stored rating run's rating-driven proposal becomes a draft foreign-labour quota set of
the next year, once per run, from the run's page and the API."""

import pytest
import time_machine

from kosh.access.models import AuditEvent
from kosh.quotas.models import QuotaSet
from kosh.ratings.labels import RATING_LABELS
from kosh.ratings.models import RatingRun
from kosh.ratings.services import rating_run_propose_quotas

pytestmark = pytest.mark.django_db

PAVLODAR = "550000000"


def _run() -> RatingRun:
    lines = [{"kind": "foreign_labour", "category": "3", "region": PAVLODAR, "year": 2025,
              "amount": 120, "basis": "rating: 60% of the priority occupations"},
             {"kind": "foreign_labour", "category": "seasonal", "region": "", "year": 2025,
              "amount": 80, "basis": "rating: 40% of the priority occupations"}]
    return RatingRun.objects.create(
        year=2025, snapshot="test", inputs={}, weights_version="2026-01", seconds=0.1,
        result={"proposal": lines, "baseline": [], "rows": [], "years": [2023, 2024, 2025],
                "weights": {code: {} for code in RATING_LABELS}})


def test_service_proposes_once(actor_of):
    run = _run()
    with time_machine.travel("2026-11-30 10:00Z", tick=False):
        first = rating_run_propose_quotas(actor=actor_of("analyst"), run_id=run.pk)
        again = rating_run_propose_quotas(actor=actor_of("labour"), run_id=run.pk)
    assert again.pk == first.pk and QuotaSet.objects.count() == 1
    assert (first.year, first.kind, first.status) == (2026, "foreign_labour", "draft")
    assert f"rating run #{run.pk}" in first.source
    lines = {(ln.category, ln.region): ln for ln in first.lines.all()}
    assert lines["3", PAVLODAR].amount == 120 and lines["seasonal", ""].amount == 80
    assert lines["3", PAVLODAR].basis.startswith("rating: 60% of the priority occupations")
    assert AuditEvent.objects.filter(object_type="quota_set", object_id=str(first.pk)).count() == 1


def test_page_button_and_redirect(client_as):
    run = _run()
    analyst = client_as("analyst")
    assert "ratings-propose" in analyst.get(f"/ratings/{run.pk}/").content.decode()
    assert "ratings-propose" not in client_as("akimat").get(f"/ratings/{run.pk}/").content.decode()
    response = analyst.post(f"/ratings/{run.pk}/propose/")
    draft = QuotaSet.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/quotas/sets/{draft.pk}/"
    assert analyst.post(f"/ratings/{run.pk}/propose/")["Location"] == response["Location"]
    assert QuotaSet.objects.count() == 1
    assert analyst.get(response["Location"]).status_code == 200
    assert client_as("akimat").post(f"/ratings/{run.pk}/propose/").status_code == 403
    assert analyst.post("/ratings/999999/propose/").status_code == 404
    assert QuotaSet.objects.count() == 1


def test_api_proposes_once(api_as):
    run = _run()
    api = api_as("labour")
    first = api.post(f"/api/quotas/sets/from-rating/{run.pk}")
    assert first.status_code == 200, first.content
    assert first.json()["year"] == 2026 and len(first.json()["lines"]) == 2
    assert api.post(f"/api/quotas/sets/from-rating/{run.pk}").json()["id"] == first.json()["id"]
    assert api_as("akimat").post(f"/api/quotas/sets/from-rating/{run.pk}").status_code == 403
    assert api.post("/api/quotas/sets/from-rating/999999").status_code == 404


def test_settlement_quotas_follow_regional_demand(client_as, api_as, actor_of):
    from kosh.geo.models import Region
    from kosh.quotas.proposals import QuotaLineProposal
    from kosh.quotas.services import quota_set_approve, quota_set_propose

    other = Region.objects.exclude(pk=PAVLODAR).order_by("pk").first().pk
    labour = actor_of("labour")
    official = quota_set_propose(actor=labour, year=2026, kind="kandas", lines=[
        QuotaLineProposal(kind="kandas", category="", region=region, year=2026,
                          amount=amount, basis="order")
        for region, amount in ((PAVLODAR, 100), (other, 50))])
    quota_set_approve(actor=labour, quota_set_id=official.pk)
    run = _run()
    page = client_as("analyst").get(f"/ratings/{run.pk}/").content.decode()
    assert "ratings-settlement-kandas" in page and "ratings-settlement-resettlers" not in page
    response = client_as("analyst").post(f"/ratings/{run.pk}/propose/", {"kind": "kandas"})
    draft = QuotaSet.objects.get(kind="kandas", status="draft")
    assert response["Location"] == f"/quotas/sets/{draft.pk}/"
    lines = {ln.region: ln.amount for ln in draft.lines.all()}
    assert lines == {PAVLODAR: 150, other: 0}  # all the regional demand is in Pavlodar
    api = api_as("labour")
    again = api.post(f"/api/quotas/sets/from-rating/{run.pk}?kind=kandas")
    assert again.json()["id"] == draft.pk
    refused = api.post(f"/api/quotas/sets/from-rating/{run.pk}?kind=resettlers")
    assert refused.status_code == 422 and refused.json()["code"] == "no_official_quota"
