"""The analysts' what-if page: a change typed as people write numbers, its progress, then
labelled results and their exports; other roles are refused."""

import csv
import io
import re
import threading
import time
from urllib.parse import urlencode

import pytest
import time_machine
from languages.clients import in_language
from openpyxl import load_workbook

from kosh.whatif import runs
from kosh.whatif.engine import whatif_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel("2026-11-30 10:00 +0000", tick=True):
        yield

QUERY = {"parameter": "neo_nomad.min_monthly_income_usd", "value": "2 000",
         "start": "2027-01-01", "on": "", "population": "10000"}


def _text(html: str) -> str:
    """What a reader sees: the markup without tags and attributes."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _finished(client, query: dict, language: str = "en") -> str:
    """Poll the status endpoint as the page does until the result is shown."""
    url = "/whatif/status/?" + urlencode(query)
    for _ in range(200):
        html = in_language(client, language).get(url).content.decode()
        if 'data-testid="whatif-progress"' not in html:
            return html
        assert 'hx-get="/whatif/status/?' in html and "<progress" in html
        time.sleep(0.05)
    raise AssertionError("the what-if did not finish")


def test_the_analyst_sees_progress_then_labelled_results(client_as, monkeypatch):
    analyst = client_as("analyst")
    go = threading.Event()

    def held(**kwargs):  # the run waits until the test has seen its progress
        kwargs["progress"]("baseline")
        go.wait(10)
        return whatif_run(**kwargs)

    monkeypatch.setattr(runs, "whatif_run", held)
    query = {**QUERY, "start": "2027-02-01"}  # a run no other test started
    page = in_language(analyst, "en").get("/whatif/?" + urlencode(query))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="whatif-progress"' in html and "<progress" in html
    for _ in range(200):  # the population first (if not yet made), then the baseline
        status = in_language(analyst, "en").get(
            "/whatif/status/?" + urlencode(query)).content.decode()
        assert 'data-testid="whatif-progress"' in status
        if "Applying the rules in force" in status:
            break
        time.sleep(0.05)
    assert 'value="50"' in status
    go.set()
    result = _finished(analyst, query)
    text = _text(result)
    assert "Minimum monthly income, USD" in text and "3,000 → 2,000" in text
    assert "Professionals" in text and "Uzbekistan" in text
    assert "neo_nomad." not in text
    assert 'data-testid="whatif-export-xlsx"' in result


def test_results_are_in_the_readers_language(client_as):
    analyst = client_as("analyst")
    text = _text(_finished(analyst, QUERY, language="ru"))
    assert "Минимальный ежемесячный доход, USD" in text and "Специалисты" in text
    assert "3 000 → 2 000" in text.replace("\xa0", " ")
    kk = _text(_finished(analyst, QUERY, language="kk"))
    assert "Мамандар" in kk and "neo_nomad." not in kk


@pytest.mark.parametrize(("language", "value", "error"), [
    ("en", "2,000,5", "Group digits by three"),
    ("en", "abc", "Enter a number"),
    ("en", "-100", "not negative"),
    ("ru", "2,000", "Неоднозначно"),
    ("en", "1e400", "Enter a number"),
    ("ru", "2000,50", "Введите целое число"),  # read as 2000.5; the rules hold whole dollars
])
def test_a_malformed_value_is_refused_at_the_field(client_as, language, value, error):
    page = in_language(client_as("analyst"), language).get(
        "/whatif/?" + urlencode({**QUERY, "value": value}))
    html = page.content.decode()
    assert 'data-testid="error-value"' in html and error in html
    assert 'data-testid="whatif-progress"' not in html


def test_bounds_and_yes_no_values_are_checked_at_the_field(client_as):
    analyst = client_as("analyst")
    months = analyst.get("/whatif/?" + urlencode(
        {**QUERY, "parameter": "neo_nomad.income_months", "value": "13"}))
    assert 'data-testid="error-value"' in months.content.decode()
    yes = in_language(analyst, "ru").get("/whatif/?" + urlencode(
        {**QUERY, "parameter": "neo_nomad.local_work_allowed", "value": "да"}))
    assert 'data-testid="error-value"' not in yes.content.decode()


def test_the_results_export_as_csv_and_excel_in_the_active_language(client_as):
    analyst = client_as("analyst")
    query = urlencode(QUERY)
    response = in_language(analyst, "ru").get(f"/whatif/export.csv?{query}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    summary = {row[0]: row[1] for row in rows if len(row) == 2}
    assert int(summary["Подходят после изменения"]) > int(summary["Подходят сейчас"])
    assert ["По гражданству"] in rows and any(row[:1] == ["Специалисты"] for row in rows)

    response = in_language(analyst, "en").get(f"/whatif/export.xlsx?{query}")
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "By citizenship",
                               "By occupation (ISCO-08 major gr"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Minimum monthly income, USD"] == "3,000 → 2,000"
    countries = list(book["By citizenship"].iter_rows(values_only=True))
    assert countries[0] == ("Citizenship", "Now", "After", "Change")
    assert sum(row[2] for row in countries[1:]) == summary["Qualify after the change"]
    assert analyst.get(f"/whatif/export.pdf?{query}").status_code == 404


@pytest.mark.parametrize("username", ["applicant", "migration", "auditor"])
def test_other_roles_are_refused(client_as, username):
    client = client_as(username)
    assert client.get("/whatif/").status_code == 403
    assert client.get("/whatif/status/?" + urlencode(QUERY)).status_code == 403
    assert client.get("/whatif/export.csv?" + urlencode(QUERY)).status_code == 403


def test_the_old_address_redirects(client_as):
    response = client_as("analyst").get("/cases/whatif/?" + urlencode(QUERY))
    assert response.status_code == 302 and response["Location"].startswith("/whatif/?")
