"""``/api/quotas`` and the pages under /quotas/: thin layers over the same services."""

import csv
import io

import pytest
from openpyxl import load_workbook

from kosh.quotas.models import QuotaAccount, QuotaSet
from kosh.quotas.proposals import QuotaLineProposal
from kosh.quotas.services import quota_set_propose

from .conftest import PAVLODAR, YEAR

pytestmark = pytest.mark.django_db

DRAW = {"kind": "kandas", "region": PAVLODAR, "year": YEAR, "holder_ref": "permit-1"}


def test_reserve_issue_release_and_balance_by_api(quota, api_as):
    quota(amount=2)
    api = api_as("migration")
    first = api.post("/api/quotas/draws", DRAW, content_type="application/json",
                     headers={"Idempotency-Key": "k1"})
    assert first.status_code == 200, first.content
    again = api.post("/api/quotas/draws", DRAW, content_type="application/json",
                     headers={"Idempotency-Key": "k1"})
    assert again.json()["id"] == first.json()["id"]
    draw_id = first.json()["id"]
    assert api.post(f"/api/quotas/draws/{draw_id}/issue").json()["status"] == "issued"
    (line,) = api.get(f"/api/quotas/balances?year={YEAR}").json()
    assert (line["amount"], line["issued"], line["remaining"]) == (2, 1, 1)
    released = api.post(f"/api/quotas/draws/{draw_id}/release", {"reason": "cancelled"},
                        content_type="application/json")
    assert released.json()["status"] == "released"
    assert api.get(f"/api/quotas/balances?year={YEAR}").json()[0]["remaining"] == 2


def test_api_refusals_have_the_error_shape(quota, api_as):
    quota(amount=1)
    api = api_as("migration")
    bad = api.post("/api/quotas/draws", DRAW | {"region": "999999999"},
                   content_type="application/json", headers={"Idempotency-Key": "k2"})
    assert bad.status_code == 422 and bad.json()["code"] == "unknown_region"
    no_key = api.post("/api/quotas/draws", DRAW, content_type="application/json")
    assert no_key.status_code == 422
    assert api_as("applicant").get("/api/quotas/balances").status_code == 403
    approve = api.post(f"/api/quotas/sets/{QuotaSet.objects.get(year=YEAR).pk}/approve")
    assert approve.status_code == 403  # a migration officer does not approve quotas


def test_an_official_approves_on_the_page_and_exports(quota, client_as, actor_of):
    draft = quota_set_propose(actor=actor_of("analyst"), year=YEAR, kind="resettlers", lines=[
        QuotaLineProposal(kind="resettlers", category="", region=PAVLODAR, year=YEAR,
                          amount=40, basis="rating")])
    client = client_as("labour")
    page = client.get(f"/quotas/sets/{draft.pk}/")
    assert b'data-testid="quota-approve"' in page.content
    assert client.post(f"/quotas/sets/{draft.pk}/approve/").status_code == 302
    assert QuotaAccount.objects.get(year=YEAR, kind="resettlers").amount == 40
    lines = client.get("/quotas/balances/", {"year": YEAR}, HTTP_ACCEPT_LANGUAGE="en")
    assert b'hx-trigger="every 3s"' in lines.content and b"40" in lines.content
    exported = client.get(f"/quotas/sets/{draft.pk}/export.csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert any(row[:2] == ["", PAVLODAR] or row[1:2] == [PAVLODAR] for row in rows)
    book = load_workbook(io.BytesIO(client.get(f"/quotas/sets/{draft.pk}/export.xlsx").content))
    assert len(book.sheetnames) == 2
    frozen = client.get(f"/quotas/sets/{draft.pk}/published.csv")
    import hashlib
    assert hashlib.sha256(b"".join(frozen.streaming_content if frozen.streaming else
                                   [frozen.content])).hexdigest() == QuotaSet.objects.get(
        pk=draft.pk).sha256


def test_an_approval_below_drawn_is_shown_on_the_page(quota, client_as, actor_of):
    from kosh.access.policy import system_actor
    from kosh.quotas.services import quota_reserve

    quota(amount=3)
    for i in range(2):
        quota_reserve(actor=system_actor(), kind="kandas", category="", region=PAVLODAR,
                      year=YEAR, holder_ref=f"p{i}", idempotency_key=f"page-{i}")
    draft = quota_set_propose(actor=actor_of("labour"), year=YEAR, kind="kandas", lines=[
        QuotaLineProposal(kind="kandas", category="", region=PAVLODAR, year=YEAR, amount=1,
                          basis="cut")])
    answer = client_as("labour").post(f"/quotas/sets/{draft.pk}/approve/")
    assert answer.status_code == 422 and b'data-testid="quota-error"' in answer.content
    assert QuotaSet.objects.get(pk=draft.pk).status == "draft"


def test_the_page_needs_the_capability(client_as):
    assert client_as("auditor").get("/quotas/").status_code == 403
    assert client_as("migration").get("/quotas/").status_code == 200


def test_a_draft_is_adjusted_by_api_and_on_the_page_but_not_once_published(
        api_as, client_as, actor_of):
    draft = quota_set_propose(actor=actor_of("analyst"), year=YEAR, kind="kandas", lines=[
        QuotaLineProposal(kind="kandas", category="", region=PAVLODAR, year=YEAR, amount=10,
                          basis="rating")])
    api = api_as("labour")
    line = api.post(f"/api/quotas/sets/{draft.pk}/lines",
                    {"region": PAVLODAR, "amount": 12, "basis": "adjusted"},
                    content_type="application/json")
    assert line.status_code == 200 and line.json()["amount"] == 12
    client = client_as("labour")
    page = client.post(f"/quotas/sets/{draft.pk}/lines/",
                       {"category": "", "region": PAVLODAR, "amount": "15"})
    assert page.status_code == 302 and draft.lines.get().amount == 15
    refused = client.post(f"/quotas/sets/{draft.pk}/lines/",
                          {"category": "", "region": PAVLODAR, "amount": "-3"})
    assert refused.status_code == 422 and draft.lines.get().amount == 15
    api.post(f"/api/quotas/sets/{draft.pk}/approve")
    late = api.post(f"/api/quotas/sets/{draft.pk}/lines", {"region": PAVLODAR, "amount": 1},
                    content_type="application/json")
    assert late.status_code == 422 and late.json()["code"] == "published"
