"""The kandas status decision of the one window as a signed PDF, one per member
(kosh.documents, outside a case): in the one-window answer (page and API) and on the family
card, downloaded with one ``download`` event, verified at /verify/ (title and masked name:
not a discreet kind), superseded by the extension and revoked by citizenship."""

import io

import pytest
from django.core.cache import cache
from django.test import Client
from pypdf import PdfReader

from kosh.access.models import AuditEvent
from kosh.documents.selectors import document_verify
from kosh.documents.signing import pdf_signature_check
from kosh.settlement import services
from kosh.settlement.documents import decisions_of

from .conftest import PAVLODAR, family, officer, quota_publish
from .test_api_and_pages import api, console

pytestmark = pytest.mark.django_db


def _register(actor, size=2, key="dec-1"):
    return services.one_window_register(actor=actor, members=family(size), ethnic_kazakh=True,
                                        was_kz_citizen=False, idempotency_key=key,
                                        region=PAVLODAR)


def test_one_signed_decision_per_member_in_the_answer(embassy):
    quota_publish("kandas", {PAVLODAR: 10})
    answer = _register(embassy, size=3)
    decisions = answer.decisions
    assert len(decisions) == 3
    status = answer.family.status
    members = {m.person_id for m in answer.family.members.all()}
    assert {d.holder_id for d in decisions} == members
    for d in decisions:
        assert d.number.startswith("KND-2026-") and d.kind == "settlement_kandas_decision"
        assert (d.valid_from, d.valid_to) == (status.granted_on, status.valid_until)
    pdf = bytes(type(decisions[0]).objects.get(pk=decisions[0].pk).pdf)
    assert pdf_signature_check(pdf).status == "valid"
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Решение о статусе кандаса" in text and "Қандас мәртебесі туралы шешім" in text


def test_a_refused_family_gets_no_decision(embassy):
    quota_publish("kandas", {PAVLODAR: 10})
    answer = services.one_window_register(actor=embassy, members=family(2),
                                          ethnic_kazakh=False, was_kz_citizen=False,
                                          idempotency_key="dec-refused", region=PAVLODAR)
    assert answer.decisions == []


def test_page_api_card_download_and_verification(embassy, pavlodar):
    quota_publish("kandas", {PAVLODAR: 10})
    body = {"members": [{"relation": "head", "surname": "Nurlanov", "given_name": "Aibek",
                         "birth_date": "1980-05-01", "sex": "M"}],
            "ethnic_kazakh": True, "region": PAVLODAR}
    got = api(embassy).post("/api/settlement/one-window", body, content_type="application/json",
                            headers={"Idempotency-Key": "dec-api"})
    assert got.status_code == 200, got.content
    (number,) = got.json()["status_decisions"]
    fam = decisions_of(family=services.Family.objects.get(idempotency_key="dec-api"))[0]
    family_id = int(fam.object_id)
    url = f"/settlement/families/{family_id}/decisions/{number}.pdf"
    card = console(pavlodar).get(f"/settlement/families/{family_id}/").content.decode()
    assert url in card
    before = AuditEvent.objects.filter(action="download").count()
    pdf = console(pavlodar).get(url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    event = AuditEvent.objects.filter(action="download").latest("pk")
    assert AuditEvent.objects.filter(action="download").count() == before + 1
    assert (event.object_type, event.object_id, event.person_id) == (
        "settlement_decision", number, fam.holder_id)
    other = officer("settle-embassy-kg", "embassy_officer", mission="KGZ")
    assert console(other).get(url).status_code == 404  # a family out of scope
    cache.clear()
    page = Client().post("/verify/", {"number": number, "birth_date": "01.05.1980"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "N*** A***" in text
    check = document_verify(actor=embassy, number=number,
                            birth_date=fam.holder.birth_date)
    assert check.status == "valid" and check.holder == "N*** A***"


def test_extension_supersedes_and_citizenship_revokes(embassy, pavlodar):
    quota_publish("kandas", {PAVLODAR: 10})
    fam = _register(embassy, size=2).family
    first = decisions_of(family=fam)
    status = services.status_extend(actor=pavlodar, family_id=fam.pk, months=6)
    now = decisions_of(family=fam)
    assert len(now) == 4
    assert all(d.revoked for d in now if d.pk in {f.pk for f in first})
    fresh = [d for d in now if not d.revoked]
    assert len(fresh) == 2 and all(d.valid_to == status.valid_until for d in fresh)
    services.citizenship_record(actor=pavlodar, family_id=fam.pk)
    assert all(d.revoked for d in decisions_of(family=fam))
    assert document_verify(actor=pavlodar, number=fresh[0].number,
                           birth_date=fresh[0].holder.birth_date).status == "revoked"
