"""Public verification in headless Chromium: anyone (no login) checks the demo's Neo Nomad
visa of Aziz Karimov by its number and his date of birth; the embassy officer revokes it
(reason, then confirmation) and the same check shows it revoked at once."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from kosh.synth.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

AZIZ_BORN = "1994-05-17"  # the demo applicant (kosh.synth.demo)


def sign_in(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(locale="ru-RU").new_page()
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()
    return page


def verify(page: Page, base: str, number: str, born: str) -> None:
    page.goto(base + "/verify/")
    page.fill("#id_number", number)
    page.fill("#id_birth_date", born)
    page.get_by_test_id("verify-submit").click()
    page.wait_for_load_state()


def test_verify_by_number_and_birth_date_then_revoke(demo_server, browser):
    applicant = sign_in(browser, demo_server, "applicant")
    applicant.goto(demo_server + "/cases/mine/")
    row = applicant.get_by_test_id("my-case").filter(
        has=applicant.locator("a[href*='/cases/documents/']")).first
    number = row.locator("a[href*='/cases/documents/']").inner_text().strip()
    case_path = row.locator("a").first.get_attribute("href")
    assert re.fullmatch(r"B121-\d{4}-\d{7}", number)

    visitor = browser.new_context(locale="ru-RU").new_page()  # not signed in
    verify(visitor, demo_server, number, "1990-01-01")
    expect(visitor.get_by_test_id("verification-not-found")).to_be_visible()
    verify(visitor, demo_server, number, AZIZ_BORN)
    result = visitor.get_by_test_id("verification")
    expect(result).to_have_attribute("data-status", "not_yet_valid")  # valid from his entry
    expect(visitor.get_by_test_id("verification-holder")).to_have_text("K*** A***")
    expect(visitor.get_by_test_id("verification-signature")).to_have_attribute(
        "data-signature", "valid")
    expect(result).not_to_contain_text("17.05.1994")

    officer = sign_in(browser, demo_server, "embassy")
    officer.goto(demo_server + case_path)
    officer.get_by_test_id("revoke").locator("summary").click()
    officer.get_by_test_id("revoke-reason").fill("Passport reported stolen.")
    officer.get_by_test_id("revoke-submit").click()
    expect(officer.get_by_test_id("revoke-confirm")).to_be_visible()
    officer.get_by_test_id("revoke-confirm-button").click()
    expect(officer.get_by_test_id("document-revoked")).to_contain_text(
        "Passport reported stolen.")

    verify(visitor, demo_server, number, AZIZ_BORN)
    expect(visitor.get_by_test_id("verification")).to_have_attribute("data-status", "revoked")
