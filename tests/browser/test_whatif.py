"""The analyst's what-if in headless Chromium: a threshold typed as Russian texts write it,
the run's progress polled by HTMX, the labelled result, the Excel download."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect

from kosh.synth.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_analyst_runs_a_change_and_reads_the_labelled_result(browser: Browser,
                                                             demo_server: str):
    page = browser.new_context(locale="ru-RU", accept_downloads=True).new_page()
    page.goto(demo_server + "/login/")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()
    page.click("[data-testid=nav-whatif]")
    expect(page.locator("[data-testid=whatif-form]")).to_be_visible()

    page.select_option("#id_parameter", "neo_nomad.min_monthly_income_usd")
    page.fill("#id_value", "2\u00a0000")
    page.fill("#id_start", "2027-01-01")
    page.select_option("#id_population", "10000")
    page.click("[data-testid=whatif-run]")

    result = page.locator("[data-testid=whatif-result]")
    expect(result).to_be_visible(timeout=60_000)
    expect(result).to_contain_text("Минимальный ежемесячный доход, USD")
    expect(page.locator("[data-testid=whatif-occupations]")).to_contain_text("Специалисты")
    expect(result).not_to_contain_text("neo_nomad.")
    assert int(page.locator("[data-testid=whatif-gained]").inner_text()
               .replace("\u00a0", "").lstrip("+")) > 0

    with page.expect_download() as download:
        page.click("[data-testid=whatif-export-xlsx]")
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames[0] == "Итоги"

    page.fill("#id_value", "2,000,5")
    page.click("[data-testid=whatif-run]")
    expect(page.locator("[data-testid=error-value]")).to_contain_text("по три цифры")
