"""The analyst computes the ratings from the console (a year without data refused at the
field, then progress polled by HTMX), reads the ranked occupations and opens one
occupation's explanation indicator by indicator and by region."""

import pytest
from playwright.sync_api import Browser, expect

from kosh.synth.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_analyst_computes_the_rating_and_opens_an_explanation(browser: Browser,
                                                               demo_server: str):
    context = browser.new_context(locale="en-GB")
    # English is chosen, never guessed from the browser (Russian by default)
    context.add_cookies([{"name": "django_language", "value": "en", "url": demo_server}])
    page = context.new_page()
    page.goto(demo_server + "/login/")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()
    page.goto(demo_server + "/ratings/")
    expect(page.locator("[data-testid=ratings-form]")).to_be_visible()

    page.fill("#id_year", "2040")  # no data in 2037–2039: refused at the field
    page.click("[data-testid=ratings-run]")
    expect(page.locator("[data-testid=error-year]")).to_contain_text("2037")
    expect(page.locator("[data-testid=ratings-runs]")).to_contain_text("No run yet")

    page.fill("#id_year", "2027")
    page.click("[data-testid=ratings-run]")
    expect(page.locator("[data-testid=ratings-progress]")).to_be_visible()

    table = page.locator("[data-testid=ratings-table]")
    expect(table).to_be_visible(timeout=60_000)
    expect(page.locator("[data-testid=ratings-title]")).to_contain_text("2027")
    first = table.locator("tbody tr").first
    expect(first.locator("td").first).to_have_text("1")
    expect(page.locator("[data-testid=ratings-quota]")).to_contain_text("seasonal")
    expect(page.locator("[data-testid=demanded-software_architect]")).to_contain_text("2512")

    first.locator("a").first.click()
    explanation = page.locator("[data-testid=ratings-explanation]")
    expect(explanation).to_be_visible()
    expect(page.locator("[data-testid=ratings-rank]")).to_have_text("1")
    expect(page.locator("[data-testid=explain-vacancies_per_seeker]")).to_contain_text("0.25")
    expect(explanation.locator("tbody tr")).to_have_count(8)
    expect(page.locator("[data-testid=ratings-regions] tbody tr").first).to_be_visible()
