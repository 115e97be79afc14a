"""Reference data, the IIN/BIN check and the audit log through the API."""

import pytest

from kosh.access.models import AuditEvent
from kosh.synth.demo import AKMOLA

pytestmark = pytest.mark.django_db


def test_regions_districts_settlements_and_countries_carry_three_languages(api_as):
    api = api_as("applicant")  # reference data is open to every role
    regions = api.get("/api/reference/regions").json()
    assert len(regions) == 20
    akmola = next(r for r in regions if r["kato"] == AKMOLA)
    assert all(akmola[f"name_{lang}"] for lang in ("kk", "ru", "en"))

    districts = api.get(f"/api/reference/regions/{AKMOLA}/districts").json()
    assert districts and all(d["name_ru"] for d in districts)
    with_settlements = next(
        d for d in districts
        if api.get(f"/api/reference/districts/{d['id']}/settlements").json()
    )
    settlements = api.get(f"/api/reference/districts/{with_settlements['id']}/settlements")
    assert all(s["kato"] and s["name_ru"] for s in settlements.json())

    countries = {c["alpha3"]: c for c in api.get("/api/reference/countries").json()}
    assert countries["UZB"]["name_en"] == "Uzbekistan"
    assert countries["KAZ"]["name_kk"] and countries["KAZ"]["name_ru"]


def test_unknown_region_or_district_is_not_found(api_as):
    api = api_as("analyst")
    assert api.get("/api/reference/regions/999999999/districts").status_code == 404
    assert api.get("/api/reference/districts/999999999/settlements").status_code == 404
    assert api.get("/api/reference/regions/abc/districts").status_code == 422


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("900101300811", {"valid": True, "kind": "iin", "birth_date": "1990-01-01", "sex": "M"}),
        (" 900101300811 ", {"valid": True, "kind": "iin"}),
        ("900101300812", {"valid": False, "code": "checksum"}),
        ("90010130081", {"valid": False, "code": "length"}),
        ("9001013008ab", {"valid": False, "code": "not_digits"}),
    ],
)
def test_identifier_check_says_what_a_number_encodes_or_what_is_wrong(api_as, number, expected):
    response = api_as("auditor").get(f"/api/identifiers/{number}")
    assert response.status_code == 200
    body = response.json()
    assert body.items() >= expected.items()
    if not body["valid"]:
        assert body["message"]


def test_identifier_check_reads_a_bin(api_as):
    from kosh.identity.identifiers import bin_generate

    number = bin_generate(2015, 3, 4, 0, 1)
    body = api_as("employer").get(f"/api/identifiers/{number}").json()
    assert body == {"valid": True, "kind": "bin", "number": number, "registered": "2015-03",
                    "entity_type": "resident_legal_entity", "attribute": "head_unit"}


def test_auditor_pages_through_the_log_and_narrows_it(api_as, zhanna):
    api_as("migration").get(f"/api/persons/{zhanna.pk}", {"purpose": "citizen_request"})
    auditor = api_as("auditor")

    page = auditor.get("/api/audit").json()
    assert page["count"] == AuditEvent.objects.count() - 1  # not this call's own read
    assert AuditEvent.objects.order_by("-id").first().object_type == "audit_log"
    assert len(page["items"]) == min(50, page["count"])
    assert page["pages"] == -(-page["count"] // 50)
    assert auditor.get("/api/audit", {"page": page["pages"] + 1}).json()["items"] == []

    narrowed = auditor.get("/api/audit", {"person_id": zhanna.pk, "username": "migration",
                                          "action": "read"}).json()
    assert narrowed["count"] == 1
    event = narrowed["items"][0]
    assert (event["purpose"], event["channel"], event["role"]) == (
        "citizen_request", "api", "migration_officer"
    )
    assert auditor.get("/api/audit", {"action": "nonsense"}).status_code == 422
