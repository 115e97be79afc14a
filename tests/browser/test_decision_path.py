"""The decision path in headless Chromium: the applicant fills in a Neo Nomad application
and attaches every required document (the pre-check names the ones still missing); the
embassy officer takes it into review, confirms each document criterion on its file,
records how any contradiction with the registry was resolved, and approves it through the
confirmation step; the history shows who did what; anyone then verifies the new visa."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from kosh.cases.demo import sample_pdf, sample_png
from kosh.cases.registry import instrument_get
from kosh.instruments.neo_nomad import income_months
from kosh.synth.demo import DEMO_PASSWORD

from .test_verification import AZIZ_BORN, verify

pytestmark = pytest.mark.browser


def sign_in(browser: Browser, base: str, username: str) -> Page:
    context = browser.new_context(locale="en-US")
    # English is chosen (the switcher's cookie), not taken from the browser; not stored on
    # the user, so the other browser tests still meet the user in Russian
    context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page = context.new_page()
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()
    return page


def fill_neo_nomad(page: Page) -> None:
    today = timezone.localdate()
    entry = today + timedelta(days=20)
    page.select_option("#id_work_arrangement", "freelance_foreign_clients")
    page.fill("#id_employer_name", "Freelance: clients in Germany")
    page.select_option("#id_employer_country", "DEU")
    for month in income_months(today):
        page.fill(f"#id_income_in_{month}", "3400")
    page.fill("#id_intended_entry_date", entry.isoformat())
    page.fill("#id_medical_insurance_from", entry.isoformat())
    page.fill("#id_medical_insurance_until", (entry + timedelta(days=380)).isoformat())
    page.check("#id_criminal_record_clear")
    page.check("#id_tax_return_provided")
    page.check("#id_has_invitation")


def attach(page: Page, folder: Path, kinds) -> None:
    for kind in kinds:
        path = folder / (f"{kind}.png" if kind == "passport" else f"{kind}.pdf")
        path.write_bytes(sample_png(kind) if kind == "passport" else sample_pdf(kind))
        page.set_input_files(f"#id_file_{kind}", str(path))


def complete_review(officer: Page) -> int:
    """Confirm every document criterion on its file and resolve every contradiction shown;
    returns how many document criteria were confirmed."""
    confirmed = 0
    while (form := officer.locator("form[data-testid^=confirm-form-]").first).count():
        form.locator("button").click()
        officer.wait_for_load_state()
        confirmed += 1
    while (form := officer.locator("form[data-testid^=resolve-form-]").first).count():
        form.locator("textarea").fill("Checked with the employer: the contract has ended.")
        form.locator("button").click()
        officer.wait_for_load_state()
    return confirmed


def test_applicant_submits_with_documents_officer_confirms_and_approves(
    demo_server, browser, tmp_path: Path
):
    required = instrument_get("neo_nomad").required_documents
    applicant = sign_in(browser, demo_server, "applicant")
    applicant.goto(demo_server + "/cases/apply/neo_nomad/")
    fill_neo_nomad(applicant)
    attach(applicant, tmp_path, required[:1])
    expect(applicant.get_by_test_id("precheck-verdict")).to_have_class("verdict verdict--met")
    expect(applicant.get_by_test_id(f"missing-{required[1]}")).to_be_visible()
    expect(applicant.get_by_test_id("evidence-kind").first).to_be_visible()

    applicant.get_by_test_id("submit-application").click()  # refused: documents missing
    expect(applicant.get_by_test_id(f"error-file_{required[1]}")).to_be_visible()
    fill_neo_nomad(applicant)
    attach(applicant, tmp_path, instrument_get("neo_nomad").document_kinds())  # + invitation
    expect(applicant.get_by_test_id("precheck-documents-complete")).to_be_visible()
    applicant.get_by_test_id("submit-application").click()
    expect(applicant.get_by_test_id("case-status")).to_have_attribute("data-status",
                                                                       "submitted")
    for kind in required:
        expect(applicant.get_by_test_id("files")).to_contain_text(kind)
    case_url = applicant.url

    officer = sign_in(browser, demo_server, "embassy")
    officer.goto(case_url)
    officer.get_by_test_id("take").click()
    expect(officer.get_by_test_id("case-status")).to_have_attribute("data-status",
                                                                     "under_review")
    for row in officer.locator("[data-testid=evidence] > li").all():
        expect(row.get_by_test_id("evidence-kind")).to_be_visible()
    complete_review(officer)
    expect(officer.get_by_test_id("approval-blockers")).to_have_count(0)
    expect(officer.locator("[data-testid^=unconfirmed-]")).to_have_count(0)
    expect(officer.get_by_test_id("trace-parameters")).to_contain_text("Validity of the visa")

    officer.check("#id_outcome_0")  # approved
    officer.get_by_test_id("decide").click()
    dialog = officer.get_by_test_id("confirm-decision")
    expect(dialog).to_be_visible()
    expect(dialog).to_have_attribute("role", "alertdialog")
    officer.get_by_test_id("cancel").click()  # changing one's mind changes nothing
    expect(officer.get_by_test_id("case-status")).to_have_attribute("data-status",
                                                                     "under_review")
    officer.check("#id_outcome_0")
    officer.get_by_test_id("decide").click()
    officer.get_by_test_id("confirm").click()
    expect(officer.get_by_test_id("case-status")).to_have_attribute("data-status", "approved")
    expect(officer.get_by_test_id("decision-trace")).to_be_visible()
    expect(officer.get_by_test_id("history")).to_contain_text("embassy")

    applicant.goto(case_url)
    expect(applicant.get_by_test_id("decision")).to_be_visible()
    download = applicant.get_by_test_id("download-document")
    expect(download).to_be_visible()

    # anyone, not signed in, checks the new visa by its number and the holder's birth date
    number = re.search(r"/documents/([^/]+)\.pdf", download.get_attribute("href")).group(1)
    visitor_context = browser.new_context(locale="en-US")
    visitor_context.add_cookies([{"name": "django_language", "value": "en",
                                  "url": demo_server}])
    visitor = visitor_context.new_page()
    verify(visitor, demo_server, number, AZIZ_BORN)
    expect(visitor.get_by_test_id("verification")).to_have_attribute("data-status",
                                                                      "not_yet_valid")
    expect(visitor.get_by_test_id("verification-signature")).to_have_attribute(
        "data-signature", "valid")
