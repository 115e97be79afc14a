"""The data steward runs the linkage over the demo's snapshot from the console, opens a
proposal (the record beside the registry person, each field's agreement and weight),
decides and undoes; an officer creating a person is asked "is this …?" before a duplicate
of Zhanna Akhmetova is made."""

import pytest
from playwright.sync_api import Page, expect

from .test_console import sign_in

pytestmark = pytest.mark.browser


def test_steward_runs_linkage_and_reviews_a_proposal(demo_server: str, page: Page) -> None:
    sign_in(page, demo_server, "admin")
    page.goto(demo_server + "/linkage/")
    page.click("[data-testid=linkage-run]")
    expect(page.get_by_test_id("linkage-run-title")).to_be_visible(timeout=120_000)
    expect(page.get_by_test_id("linkage-counts")).to_be_visible()
    queued = page.locator("[data-testid=linkage-queue] a")
    target = queued if queued.count() else page.locator("[data-testid=linkage-merged] a")
    target.first.click()
    table = page.get_by_test_id("linkage-side-by-side")
    expect(table).to_be_visible()
    expect(page.get_by_test_id("linkage-field-birth_date")).to_be_visible()
    if page.get_by_test_id("linkage-accept").count():
        page.get_by_test_id("linkage-accept").click()
    else:
        page.get_by_test_id("linkage-undo").click()
        expect(page.get_by_test_id("linkage-decisions")).not_to_contain_text("—\n")
    expect(page.locator("body")).to_be_visible()


def test_creating_a_duplicate_is_hinted(demo_server: str, page: Page) -> None:
    sign_in(page, demo_server, "migration")
    page.goto(demo_server + "/persons/new/")
    page.fill("#id_surname", "AKHMETOVA")
    page.fill("#id_given_name", "ZHANNA")
    page.fill("#id_birth_date", "1990-01-01")
    page.locator("#id_given_name").dispatch_event("change")  # as leaving the field does
    hint = page.get_by_test_id("match-hint-found")
    expect(hint).to_be_visible(timeout=20_000)
    expect(hint).to_contain_text("Ахметова")
