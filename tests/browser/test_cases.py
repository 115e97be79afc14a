"""An application from start to end in headless Chromium: the applicant fills in a Neo
Nomad application with a live pre-check and its documents, the embassy officer approves it, the
applicant downloads the visa as PDF."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from kosh.cases.demo import sample_pdf
from kosh.cases.registry import instrument_get
from kosh.instruments.neo_nomad import income_months
from kosh.synth.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser



def sign_in(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(locale="ru-RU", accept_downloads=True).new_page()
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()
    return page


def test_applicant_submits_neo_nomad_officer_approves_applicant_downloads_visa(
    demo_server, browser, tmp_path: Path
):
    today = timezone.localdate()
    entry = today + timedelta(days=20)
    applicant = sign_in(browser, demo_server, "applicant")
    applicant.goto(demo_server + "/cases/apply/")
    applicant.get_by_test_id("instrument-neo_nomad").click()
    expect(applicant.get_by_test_id("form-title")).to_be_visible()

    applicant.select_option("#id_work_arrangement", "freelance_foreign_clients")
    applicant.fill("#id_employer_name", "Freelance: clients in Germany")
    applicant.select_option("#id_employer_country", "DEU")
    # the rules decide nothing without the dates (no default day): they come first
    applicant.fill("#id_intended_entry_date", entry.isoformat())
    applicant.fill("#id_medical_insurance_from", entry.isoformat())
    applicant.fill("#id_medical_insurance_until", (entry + timedelta(days=380)).isoformat())
    months = income_months(today)
    for month in months:
        applicant.fill(f"#id_income_in_{month}", "3200")
    applicant.fill(f"#id_income_in_{months[1]}", "2850")  # below the threshold first
    income = applicant.get_by_test_id("criterion-neo_nomad_income")
    expect(income).to_have_attribute("data-passed", "false")
    expect(income).to_contain_text("2")
    applicant.fill(f"#id_income_in_{months[1]}", "3150")
    applicant.check("#id_criminal_record_clear")
    applicant.check("#id_tax_return_provided")
    applicant.check("#id_has_invitation")
    expect(applicant.get_by_test_id("precheck-verdict")).to_have_class("verdict verdict--met")
    expect(income).to_have_attribute("data-passed", "true")
    for kind in instrument_get("neo_nomad").document_kinds():  # the invitation too
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(sample_pdf(kind))
        applicant.set_input_files(f"#id_file_{kind}", str(path))
    applicant.get_by_test_id("submit-application").click()

    expect(applicant.get_by_test_id("case-status")).to_have_attribute("data-status",
                                                                       "submitted")
    expect(applicant.get_by_test_id("expected-date")).to_be_visible()
    # stored under a generated name: <kind>-<random>.<extension of the type found>
    expect(applicant.get_by_test_id("files")).to_contain_text(
        re.compile(r"passport-[0-9a-f]{16}\.pdf"))
    case_url = applicant.url

    officer = sign_in(browser, demo_server, "embassy")
    officer.goto(demo_server + "/cases/queue/")
    officer.locator(f"[data-testid=queue-link][href='{case_url.removeprefix(demo_server)}']"
                    ).click()
    officer.get_by_test_id("take").click()
    expect(officer.get_by_test_id("case-status")).to_have_attribute("data-status",
                                                                     "under_review")
    expect(officer.get_by_test_id("evaluation-verdict")).to_have_class("verdict verdict--met")
    while (form := officer.locator("form[data-testid^=confirm-form-]").first).count():
        form.locator("button").click()  # each document criterion confirmed on its file
        officer.wait_for_load_state()
    while (form := officer.locator("form[data-testid^=resolve-form-]").first).count():
        form.locator("textarea").fill("Checked: the registry entry is outdated.")
        form.locator("button").click()
        officer.wait_for_load_state()
    officer.check("#id_outcome_0")  # approved
    officer.get_by_test_id("decide").click()
    officer.get_by_test_id("confirm").click()  # the confirmation step
    expect(officer.get_by_test_id("case-status")).to_have_attribute("data-status", "approved")

    applicant.goto(case_url)
    expect(applicant.get_by_test_id("decision")).to_be_visible()
    with applicant.expect_download() as download:
        applicant.get_by_test_id("download-document").click()
    saved = tmp_path / "visa.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename.startswith("B121-")
