"""The officer console in headless Chromium: sign-in per role, live search, the person
card in three languages, refusals, the audit trail and the sensitive history."""

import re

import pytest
from playwright.sync_api import Page, expect

from kosh.synth.demo import DEMO_LOGINS, DEMO_PASSWORD, DEMO_USER_NAMES

pytestmark = pytest.mark.browser

ZHANNA = "Ахметова Жанна Серікқызы"
ZHANNA_BORN = "01.01.1990"

# Where each role lands after signing in, and what proves it.
HOMES = {
    "admin": ("/", "[data-testid=home-admin]"),
    "migration": ("/", "[data-testid=home-migration_officer]"),
    "labour": ("/", "[data-testid=home-labour_officer]"),
    "embassy": ("/", "[data-testid=home-embassy_officer]"),
    "akimat": ("/", "[data-testid=home-akimat_officer]"),
    "employer": ("/", "[data-testid=home-employer]"),
    "applicant": ("/", "[data-testid=tile-own-record]"),
    "analyst": ("/stats/", "[data-testid=stats-table]"),
    "auditor": ("/audit/", "[data-testid=audit-table]"),
    "asylum": ("/", "[data-testid=home-asylum_officer]"),
    "citizen": ("/", "[data-testid=tile-own-record]"),
}


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()


def open_zhanna(page: Page, base: str, purpose: str = "case_processing") -> str:
    """Search as the signed-in officer and open Zhanna's card; returns its URL."""
    page.goto(base + "/persons/")
    page.select_option("#id_purpose", purpose)
    # typed, not submitted: HTMX fetches the results; among the thousands of the demo
    # nation "Janna" alone has many namesakes, so the officer adds the surname
    page.fill("#id_q", "Janna Akhmetova")
    row = page.locator("[data-testid=result-row]", has_text=ZHANNA_BORN).filter(has_text=ZHANNA)
    row.get_by_role("link").click()
    expect(page.get_by_test_id("person-name")).to_have_text(ZHANNA)
    return page.url


def test_every_demo_login_lands_on_its_home(demo_server, page):
    assert {login.username for login in DEMO_LOGINS} == set(HOMES)
    for username, (path, marker) in HOMES.items():
        sign_in(page, demo_server, username)
        assert page.url == demo_server + path, username
        expect(page.locator(marker)).to_be_visible()
        # the user is addressed by name: the staff's own, the applicant's record's
        first, last = DEMO_USER_NAMES.get(username, ("Азиз", "Каримов"))
        expect(page.get_by_test_id("who")).to_contain_text(last)
        expect(page.get_by_test_id("who")).to_contain_text(first)
        page.get_by_test_id("logout").click()
        expect(page.get_by_test_id("login-form")).to_be_visible()


def test_officer_finds_zhanna_and_reads_her_card_in_three_languages(demo_server, page):
    sign_in(page, demo_server, "migration")
    page.goto(demo_server + "/persons/")
    page.fill("#id_q", "Janna")
    expect(page.get_by_test_id("results")).to_contain_text("Жанна")
    expect(page).to_have_url(re.compile(r"/persons/\?q=Janna"))  # pushed by HTMX

    open_zhanna(page, demo_server)
    expect(page.get_by_test_id("iin")).to_have_text("900101400013")
    expect(page.get_by_test_id("section-names")).to_contain_text("AKHMETOVA ZHANNA")

    page.get_by_test_id("lang-kk").click()
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    identity = page.get_by_test_id("section-identity")
    expect(identity).to_contain_text("Жеке басы")
    expect(identity).to_contain_text(re.compile("туған күні", re.IGNORECASE))
    expect(page.get_by_test_id("lang-kk")).to_have_attribute("aria-current", "true")

    page.get_by_test_id("lang-ru").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(identity).to_contain_text("Личность")
    expect(identity).to_contain_text(re.compile("дата рождения", re.IGNORECASE))
    expect(page.get_by_test_id("person-name")).to_have_text(ZHANNA)


def test_analyst_is_refused_a_card_and_sees_suppressed_statistics(demo_server, page):
    sign_in(page, demo_server, "analyst")
    response = page.goto(demo_server + "/persons/1/")
    assert response.status == 403
    expect(page.get_by_test_id("error-403")).to_contain_text("Доступ запрещён")

    page.goto(demo_server + "/stats/")
    expect(page.get_by_test_id("stats-table")).to_be_visible()
    expect(page.get_by_test_id("suppressed").first).to_have_text("×")
    expect(page.get_by_test_id("stats-table").locator("a")).to_have_count(0)


def test_auditor_sees_the_read_of_zhannas_card_with_its_purpose(demo_server, browser):
    officer = browser.new_context(locale="ru-RU").new_page()
    sign_in(officer, demo_server, "migration")
    open_zhanna(officer, demo_server, purpose="identity_check")
    iin = officer.get_by_test_id("iin").inner_text()
    officer.context.close()

    auditor = browser.new_context(locale="ru-RU").new_page()
    sign_in(auditor, demo_server, "auditor")
    auditor.fill("#id_person", iin)
    auditor.select_option("#id_action", "read")
    auditor.get_by_role("button", name="Отфильтровать").click()
    row = auditor.get_by_test_id("audit-row").first
    expect(row).to_contain_text("migration")
    expect(row.get_by_test_id("audit-purpose")).to_have_text("проверка личности")
    auditor.context.close()


def test_sensitive_history_asks_for_a_purpose_first(demo_server, page):
    sign_in(page, demo_server, "migration")
    open_zhanna(page, demo_server)
    page.get_by_test_id("sensitive-button").click()
    expect(page.get_by_test_id("purpose-form")).to_be_visible()
    expect(page.get_by_test_id("address-history")).to_have_count(0)

    page.select_option("#id_purpose", "official_inquiry")
    page.fill("#id_justification", "Запрос прокуратуры № 12/2026")
    page.get_by_test_id("purpose-submit").click()
    expect(page.get_by_test_id("address-history")).to_contain_text("Kokshetau, 12")
    expect(page.get_by_test_id("crossings")).to_be_visible()
    expect(page.get_by_test_id("stated-purpose")).to_contain_text("№ 12/2026")


def test_address_lists_follow_the_chosen_region(demo_server, page):
    sign_in(page, demo_server, "migration")
    card = open_zhanna(page, demo_server)
    page.goto(card.split("?")[0] + "addresses/new/")
    page.select_option("#id_region", "110000000")
    expect(page.locator("#id_district option").nth(3)).to_be_attached()
    district = page.locator("#id_district option").nth(1).get_attribute("value")
    page.select_option("#id_district", district)
    expect(page.locator("#id_settlement option").nth(1)).to_be_attached()
    page.select_option("#id_region", "")
    expect(page.locator("#id_settlement option")).to_have_count(1)
