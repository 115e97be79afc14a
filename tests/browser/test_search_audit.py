"""An officer pages through a common name's results and opens one card; the auditor
filters the log by that person (by name and date of birth, as an auditor knows them) and
downloads the filtered log as CSV."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from .test_console import ZHANNA, open_zhanna, sign_in

pytestmark = pytest.mark.browser


def test_officer_pages_search_then_auditor_filters_by_person_and_downloads_csv(
        demo_server, browser: Browser):
    officer = browser.new_context(locale="ru-RU").new_page()
    sign_in(officer, demo_server, "migration")
    officer.goto(demo_server + "/persons/?q=Janna&purpose=identity_check")
    total = officer.get_by_test_id("search-total")
    expect(total).to_contain_text("1–20")
    found = int(re.search(r"(\d+)\D*$", total.inner_text().split("·")[0]).group(1))
    assert found > 20
    expect(officer.get_by_test_id("matched-spelling").first).to_be_visible()
    officer.get_by_test_id("search-next").click()
    expect(officer.get_by_test_id("search-total")).to_contain_text("21–")
    expect(officer.get_by_test_id("search-prev")).to_be_visible()

    officer.goto(demo_server + "/persons/?q=90010130081")  # an IIN a digit short
    expect(officer.get_by_test_id("search-hint")).to_contain_text("12")

    open_zhanna(officer, demo_server, purpose="identity_check")
    iin = officer.get_by_test_id("iin").inner_text()
    officer.context.close()

    auditor = browser.new_context(locale="ru-RU", accept_downloads=True).new_page()
    sign_in(auditor, demo_server, "auditor")
    auditor.fill("#id_person", "Ахметова Жанна 01.01.1990")
    auditor.select_option("#id_action", "read")
    auditor.get_by_role("button", name="Отфильтровать").click()
    rows = auditor.get_by_test_id("audit-row")
    expect(rows.first).to_contain_text("migration")
    expect(rows.first.get_by_test_id("audit-person")).to_contain_text(ZHANNA)
    expect(auditor.get_by_test_id("audit-person-matches")).to_be_visible()

    with auditor.expect_download() as download:
        auditor.get_by_test_id("audit-export-csv").click()
    assert download.value.suggested_filename.startswith("audit-log-")
    assert download.value.suggested_filename.endswith(".csv")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert len(table) >= 2
    assert all(iin in row for row in table[1:])
    assert any("migration" in row for row in table[1:])
    auditor.context.close()
