"""The analyst refreshes the monitoring from the demo's snapshot and reads the dashboard:
the indicator table against the targets, the choropleth drawn from the shipped boundaries
(no tile server), a filtered origin–destination matrix (HTMX) and the action plan."""

import pytest
from playwright.sync_api import Browser, expect

from kosh.synth.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_dashboard_renders_the_indicator_table_and_the_map(browser: Browser,
                                                           demo_server: str):
    context = browser.new_context(locale="en-GB")
    context.add_cookies([{"name": "django_language", "value": "en", "url": demo_server}])
    page = context.new_page()
    page.goto(demo_server + "/login/")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()
    page.click("[data-testid=nav-monitoring]")
    page.click("[data-testid=monitoring-refresh]")  # the demo refreshed once; again
    table = page.locator("[data-testid=indicator-table]")
    expect(table.locator("[data-testid=indicator-row]")).to_have_count(10, timeout=60_000)
    expect(table).to_contain_text("External migration balance")
    expect(page.locator("[data-testid=quality]")).to_contain_text("events counted")
    published = table.locator("#indicator-1 [data-testid=published]")
    expect(published).to_contain_text("official figure 2022")  # beside the computed one
    expect(published.locator("a")).to_have_text(["liter.kz", "egemen.kz", "lat.egemen.kz"])
    the_map = page.locator("[data-testid=monitoring-map]")
    expect(the_map).to_have_attribute("data-drawn", "1", timeout=20_000)
    assert the_map.locator("path.leaflet-interactive").count() == 20  # the 20 regions
    assert not page.locator("img.leaflet-tile").count()  # no tiles

    page.select_option("#map-metric", "flows")  # the flow map: lines between regions
    expect(the_map.locator("path.leaflet-interactive")).not_to_have_count(20,
                                                                          timeout=20_000)
    page.select_option("#map-metric", "net")
    page.select_option("#map-level", "district")
    expect(the_map.locator("path.leaflet-interactive")).to_have_count(224, timeout=20_000)
    expect(page.locator("[data-testid=table-net]")).to_contain_text("Astana")

    page.goto(demo_server + "/monitoring/flows/?year=2023")
    page.select_option("#id_sex", "F")
    page.click("[data-testid=flows-form] button[type=submit]")
    expect(page.locator("[data-testid=flows-table]")).to_be_visible()

    page.goto(demo_server + "/monitoring/plan/")
    expect(page.locator("[data-testid=plan-table] tbody tr")).to_have_count(51)

    # in Russian: the project's translation of the measures, the sources in Russian
    context.add_cookies([{"name": "django_language", "value": "ru", "url": demo_server}])
    page.goto(demo_server + "/monitoring/plan/40/")
    expect(page.locator("body")).to_contain_text(
        "Создание системы учёта и мониторинга внутренней миграции")
    page.goto(demo_server + "/monitoring/")
    expect(page.locator("#indicator-1")).to_contain_text("официальные данные 2022")
    expect(page.locator("#indicator-1")).to_contain_text("Внешняя миграция (прибывшие")
