"""The analyst computes a forecast from the console, reads the chart, the map, the 2027
indicators and the regions, switches the year and the region with HTMX, saves a scenario
of their own, computes it and compares the two runs side by side — without a CSP violation."""

import pytest
from playwright.sync_api import Browser, expect

from kosh.synth.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_analyst_computes_and_compares_forecasts(browser: Browser, demo_server: str):
    context = browser.new_context(locale="en-GB")
    context.add_cookies([{"name": "django_language", "value": "en", "url": demo_server}])
    page = context.new_page()
    page.goto(demo_server + "/login/")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()
    page.click("[data-testid=nav-forecast]")
    expect(page.locator("[data-testid=forecast-form]")).to_be_visible()
    expect(page.locator("[data-testid=forecast-scenarios]")).to_contain_text(
        "Resettlement to the north doubled")

    page.select_option("#id_scenario", "resettlement_doubled")
    page.select_option("#id_horizon", "5")
    page.fill("#id_trajectories", "50")
    page.click("[data-testid=forecast-run]")
    expect(page.locator("[data-testid=forecast-meta]")).to_contain_text("50 trajectories",
                                                                        timeout=60_000)
    expect(page.locator("svg.forecast-chart").first).to_be_visible()
    expect(page.locator("[data-testid=forecast-indicators] tbody tr")).to_have_count(3)
    expect(page.locator("[data-testid=forecast-regions] tbody tr")).to_have_count(20)
    expect(page.locator("[data-testid=forecast-map] path.fc-band")).to_have_count(20)

    page.select_option("#pick-region", "750000000")
    expect(page.locator("[data-testid=forecast-ages]")).to_be_visible()
    expect(page.locator("#forecast-tables h2").last).to_contain_text("Almaty")
    expect(page.locator("[data-testid=forecast-map] path.fc-band")).to_have_count(20)
    assert "region=750000000" in page.url

    page.goto(demo_server + "/forecast/")
    page.fill("#id_code", "north_push")
    page.fill("#id_title", "North push")
    page.fill("#id_resettlement", "9")
    assert page.locator("#id_resettlement").evaluate("e => e.validity.rangeOverflow")
    page.fill("#id_resettlement", "3")
    page.click("[data-testid=forecast-scenario-save]")
    expect(page.locator("[data-testid=forecast-scenario-saved]")).to_contain_text("north_push")
    page.select_option("#id_scenario", "north_push")
    page.select_option("#id_horizon", "5")
    page.fill("#id_trajectories", "50")
    page.click("[data-testid=forecast-run]")
    expect(page.locator("[data-testid=forecast-meta]")).to_be_visible(timeout=60_000)
    page.goto(demo_server + "/forecast/")
    for box in page.locator("[data-testid=forecast-runs] input[type=checkbox]").all():
        box.check()
    page.click("[data-testid=forecast-compare]")
    table = page.locator("[data-testid=forecast-compare-table]")
    expect(table.locator("thead th")).to_have_count(3)
    expect(table).to_contain_text("Resettlement to the north doubled")
    expect(table).to_contain_text("North push")
