"""A complaint of a citizen abroad in headless Chromium: filed by the citizen, taken up and
reported by the mission of the country, closed by the ministry, followed by the citizen
(strict CSP: the recorder of tests/browser/conftest.py fails on any violation)."""

import pytest
from playwright.sync_api import Page, expect

from .test_console import sign_in

pytestmark = pytest.mark.browser


def _open_complaint(page: Page, base: str, number: str) -> None:
    page.goto(base + "/emigrants/complaints/")
    page.get_by_role("link", name=number, exact=True).click()


def test_complaint_filed_handled_by_the_mission_and_closed_by_the_ministry(demo_server,
                                                                           page: Page):
    sign_in(page, demo_server, "citizen")
    page.click("[data-testid=nav-complaints]")
    page.click("[data-testid=nav-complaint-new]")
    page.select_option("#id_country", "UZB")
    page.fill("#id_city", "Tashkent")
    page.select_option("#id_kind", "passport_withheld")
    page.fill("#id_description", "The employer keeps my passport since March.")
    page.click("[data-testid=save]")
    expect(page.get_by_test_id("complaint-status")).to_be_visible()
    number = page.locator("h1").inner_text().split(" ")[0]
    assert number.startswith("CMP-")
    page.get_by_test_id("logout").click()

    sign_in(page, demo_server, "embassy")  # the mission in Tashkent
    _open_complaint(page, demo_server, number)
    page.click("[data-testid=move-at_mission]")
    page.fill("#note-mission_reported", "Consul met the employer; passport returned.")
    page.click("[data-testid=move-mission_reported]")
    expect(page.get_by_test_id("complaint-history")).to_contain_text("passport returned")
    page.get_by_test_id("logout").click()

    sign_in(page, demo_server, "labour")  # the ministry
    _open_complaint(page, demo_server, number)
    page.fill("#note-closed", "Passport returned; employer warned.")
    page.click("[data-testid=move-closed]")
    expect(page.get_by_test_id("outcome")).to_have_text("Passport returned; employer warned.")
    page.get_by_test_id("logout").click()

    sign_in(page, demo_server, "citizen")
    _open_complaint(page, demo_server, number)
    expect(page.get_by_test_id("outcome")).to_be_visible()
    expect(page.get_by_test_id("complaint-history").locator("li")).to_have_count(4)
