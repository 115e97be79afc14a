"""Refresh, indicators against targets, the action plan and progress reports, the console
pages and the API (including the open statistics endpoint without a token)."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings

from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied
from kosh.errors import DomainError
from kosh.monitoring import services
from kosh.monitoring.indicators import definitions, judge
from kosh.monitoring.models import IndicatorValue, Measure, MonitoringRun
from kosh.monitoring.plan import measure_state

from .events import AS_OF, write_snapshot

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def snap(tmp_path):
    return write_snapshot(tmp_path / "snap")


@pytest.fixture
def run(snap, actor_of):
    with time_machine.travel(NOW, tick=False):
        return services.monitoring_refresh(actor=actor_of("analyst"), directory=snap,
                                           as_of=AS_OF)


@pytest.fixture
def plan(actor_of):
    services.measures_load(actor=actor_of("labour"))


def test_refresh_stores_aggregates_quality_and_indicator_10(run):
    assert run.quality == {"events": 11, "unknown_district": 1, "future": 1,
                           "region_mismatch": 1, "duplicates": 1, "counted": 8}
    ten = {v.year: v.value for v in IndicatorValue.objects.filter(indicator=10)}
    assert ten == {2023: 25.0, 2024: 100.0}
    assert AuditEvent.objects.filter(object_type="monitoring_run",
                                     object_id=str(run.pk)).exists()


def test_refresh_needs_the_computing_capability(snap, actor_of):
    with pytest.raises(AccessDenied):
        services.monitoring_refresh(actor=actor_of("auditor"), directory=snap, as_of=AS_OF)
    with pytest.raises(DomainError):
        services.monitoring_refresh(actor=actor_of("analyst"), directory=snap / "none",
                                    as_of=AS_OF)
    assert not MonitoringRun.objects.exists()


def test_judgement_on_track_and_at_risk():
    six = definitions()[6]
    assert judge(six, {2023: 10, 2024: 25, 2025: 50}).status == "at_risk"  # 90 < 95
    assert judge(six, {2023: 10, 2024: 40, 2025: 70}).status == "on_track"
    late = judge(six, {2023: 12, 2024: 20})
    assert late.status == "at_risk" and late.target_latest == 25
    assert judge(six, {}).status == "no_data"
    assert definitions()[3].unit == "persons" and definitions()[3].unit_as_written == "мың адам"


def test_external_indicator_is_entered_with_its_source(actor_of):
    labour = actor_of("labour")
    services.indicator_value_enter(actor=labour, indicator=9, year=2024, value=1,
                                   source="MLSP letter 2024-12-20")
    with pytest.raises(DomainError) as err:
        services.indicator_value_enter(actor=labour, indicator=10, year=2024, value=1,
                                       source="x")
    assert err.value.code == "indicator_computed"
    with pytest.raises(DomainError) as err:
        services.indicator_value_enter(actor=labour, indicator=2, year=2024, value=8,
                                       source=" ")
    assert err.value.field == "source"
    with pytest.raises(AccessDenied):
        services.indicator_value_enter(actor=actor_of("analyst"), indicator=2, year=2024,
                                       value=8, source="BNS")
    assert IndicatorValue.objects.get(indicator=9).source == "MLSP letter 2024-12-20"


def test_plan_loads_51_measures_and_reports_need_evidence(plan, actor_of):
    assert Measure.objects.count() == 51
    m = Measure.objects.get(number=3)
    assert (m.deadline_year, m.deadline_quarter, m.responsible_codes) == (2024, 1, ["ІІМ"])
    migration = actor_of("migration")
    with pytest.raises(DomainError) as err:
        services.measure_report_add(actor=migration, number=3, year=2024, quarter=1,
                                    body="СІМ", status="done", percent=100, text="t",
                                    evidence="order 1")
    assert err.value.code == "body_not_responsible"
    with pytest.raises(DomainError) as err:
        services.measure_report_add(actor=migration, number=3, year=2024, quarter=1,
                                    body="ІІМ", status="done", percent=100, text="t",
                                    evidence="")
    assert err.value.code == "evidence_required"
    report = services.measure_report_add(
        actor=migration, number=3, year=2024, quarter=1, body="ІІМ", status="done",
        percent=100, text="Order No. 992 amended", evidence="MIA order No. 120, 2024-03-01")
    state = measure_state(m, [report], dt.date(2026, 11, 30))
    assert state.status == "done"
    assert measure_state(m, [], dt.date(2026, 11, 30)).status == "late"
    assert measure_state(m, [], dt.date(2024, 1, 15)).status == "at_risk"
    assert measure_state(m, [], dt.date(2023, 6, 1)).status == "on_schedule"


def test_dashboard_pages_and_downloads(run, plan, client_as):
    with time_machine.travel(NOW, tick=False):
        c = client_as("analyst")
        page = c.get("/monitoring/")
        assert page.status_code == 200
        body = page.content.decode()
        assert 'data-testid="indicator-table"' in body and 'data-testid="monitoring-map"' in body
        assert c.get("/monitoring/download/net.csv?year=2023").status_code == 200
        assert c.get("/monitoring/download/indicators.xlsx").status_code == 200
        data = c.get("/monitoring/map.json?metric=net&level=region&year=2023").json()
        assert set(data["values"]) == {"110000000", "630000000", "710000000", "750000000"}
        assert not any(v is not None and v != 0 for v in data["values"].values())
        assert c.get("/monitoring/boundaries/regions.geojson").status_code == 200
        flows = c.get("/monitoring/map.json?metric=flows&year=2023").json()
        assert flows["flows"] == []  # every flow of the hand-made set is under 5
        flows = c.get("/monitoring/flows/?level=region&period=year&year=2023",
                      headers={"HX-Request": "true"})
        assert flows.status_code == 200 and b"flows-table" in flows.content
        assert c.get("/monitoring/plan/").status_code == 200
        assert c.get("/monitoring/plan/report.xlsx?year=2024&quarter=1").status_code == 200
        assert client_as("auditor").get("/monitoring/").status_code == 403
        labour = client_as("labour")
        posted = labour.post("/monitoring/plan/1/", {
            "year": 2023, "quarter": 2, "body": "ҒЖБМ", "status": "in_progress",
            "percent": 40, "text": "Programmes drafted", "evidence": "letter 12-3/45"})
        assert posted.status_code == 302
        assert Measure.objects.get(number=1).reports.get().percent == 40
        refused = client_as("analyst").post("/monitoring/plan/1/", {"year": 2023})
        assert refused.status_code == 403


def test_api_and_open_statistics(run, plan, api_as, client):
    with time_machine.travel(NOW, tick=False):
        api = api_as("analyst")
        t = api.get("/api/monitoring/tables/od?year=2023").json()
        assert t["threshold"] == getattr(settings, "KOSH_MONITORING_THRESHOLD", 5)
        shown = [v for row in t["rows"] for v in row[1:] if v is not None]
        assert shown and not any(0 < v < 5 for v in shown)
        open_t = client.get("/api/monitoring/open/tables/net?year=2023")
        assert open_t.status_code == 200
        assert client.get("/api/monitoring/tables/net").status_code == 401
        ind = client.get("/api/monitoring/open/indicators").json()
        assert [i["number"] for i in ind] == list(range(1, 11))
        assert api.get("/api/monitoring/quality").json()["duplicates"] == 1
        assert api.get("/api/monitoring/tables/od?year=2020").status_code == 422
        reports = api_as("migration").post(
            "/api/monitoring/measures/3/reports",
            data={"year": 2024, "quarter": 1, "body": "ІІМ", "status": "in_progress",
                  "percent": 50, "text": "draft order", "evidence": "letter 1"},
            content_type="application/json")
        assert reports.status_code == 200, reports.content
        listed = api.get("/api/monitoring/measures").json()
        assert len(listed) == 51 and listed[0]["status"] == "late"


def test_evidence_file_is_kept_with_its_sha256(plan, client_as):
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    content = b"%PDF-1.4 order No. 120"
    with time_machine.travel(NOW, tick=False):
        c = client_as("migration")
        posted = c.post("/monitoring/plan/3/", {
            "year": 2024, "quarter": 1, "body": "ІІМ", "status": "done", "percent": 100,
            "text": "Order No. 992 amended", "evidence": "MIA order No. 120",
            "evidence_file": SimpleUploadedFile("order.pdf", content)})
        assert posted.status_code == 302
        report = Measure.objects.get(number=3).reports.get()
        assert report.evidence_sha256 == hashlib.sha256(content).hexdigest()
        got = c.get(f"/monitoring/plan/3/evidence/{report.pk}/")
        assert got.status_code == 200 and got.content == content
        page = c.get("/monitoring/plan/3/").content.decode()
        assert report.evidence_sha256 in page and "status--done" in page
