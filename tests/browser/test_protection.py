"""The asylum unit in headless Chromium: an application decided, the refugee's
residence-permit application taken, then the refugee status ended on naturalisation (the
certificate shown no longer valid); a refugee taken over from the previous register shows
that no copy of the certificate is held (strict CSP: the recorder of
tests/browser/conftest.py fails on any violation)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from .test_console import sign_in

pytestmark = pytest.mark.browser


def test_refugee_to_residence_permit_to_status_ended(demo_server, page: Page):
    sign_in(page, demo_server, "asylum")
    page.goto(demo_server + "/protection/?status=registered")
    page.locator("table a[href*='/protection/applications/']").first.click()
    today = datetime.now(ZoneInfo("Asia/Almaty")).date()  # the server's day
    page.fill("#id_on", today.isoformat())
    page.fill("#id_note", "Heard with an interpreter.")
    page.click("[data-testid=interview]")
    expect(page.get_by_test_id("decide")).to_be_visible()
    page.check("#id_outcome_0")  # grant refugee status
    page.click("[data-testid=decide]")
    page.click("[data-testid=refugee-residence]")
    expect(page.get_by_test_id("residence")).to_be_visible()
    page.select_option("#id_ground", "naturalised")
    page.fill("#id_reasons", "Admitted to citizenship of Kazakhstan by decree.")
    page.click("[data-testid=end-status]")
    expect(page.get_by_test_id("status-ended")).to_contain_text("by decree")
    expect(page.locator("[data-testid^=certificate-not-valid-REF]")).to_have_count(1)
    expect(page.get_by_test_id("protection-history")).to_contain_text("by decree")


def test_refugee_from_the_previous_register(demo_server, page: Page):
    sign_in(page, demo_server, "asylum")
    page.goto(demo_server + "/protection/?status=recognised")
    page.locator("table a[href*='/protection/applications/']").first.click()
    expect(page.get_by_test_id("certificates-before-kosh")).to_be_visible()
