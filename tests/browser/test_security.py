"""The Content-Security-Policy in a real browser: the check of conftest.py catches a
violation, the API documentation renders from this origin, live search, going back and the
language switcher work without inline script, and HTMX keeps no page in localStorage."""

import pytest
from playwright.sync_api import Page, expect

from kosh.synth.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()


def test_the_csp_check_catches_an_inline_script(demo_server, page, csp_violations):
    page.goto(demo_server + "/login/")
    page.evaluate("""() => {
        const s = document.createElement("script");
        s.textContent = "window.injected = true";
        document.head.append(s);
    }""")
    assert page.evaluate("window.injected") is None
    page.wait_for_function("1")  # one more round trip for the report
    assert any("script-src" in v for v in csp_violations), csp_violations
    csp_violations.clear()


def test_api_docs_render_with_no_request_elsewhere(demo_server, page):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(demo_server + "/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Kosh API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert requests and all(url.startswith(demo_server) for url in requests), requests


def test_live_search_then_language_switch_keeps_the_page(demo_server, page):
    sign_in(page, demo_server, "migration")
    page.goto(demo_server + "/persons/")
    page.select_option("#id_purpose", "case_processing")
    page.fill("#id_q", "Janna Akhmetova")  # typed, not submitted: HTMX pushes the URL
    page.wait_for_url("**/persons/?*q=Janna*")
    expect(page.get_by_test_id("result-row").first).to_be_visible()
    page.get_by_test_id("result-row").first.get_by_role("link").click()
    expect(page.get_by_test_id("person-name")).to_be_visible()
    page.go_back()  # no snapshot in localStorage: the browser reloads the search
    expect(page.get_by_test_id("result-row").first).to_be_visible()
    assert page.evaluate("localStorage.getItem('htmx-history-cache')") in (None, "[]")
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert "q=Janna" in page.url  # kosh.js sent the pushed URL as `next`
    page.get_by_test_id("lang-ru").click()  # the choice is stored on the user: restore it
    assert page.evaluate("document.querySelectorAll('style').length") == 0


def test_console_and_case_pages_keep_to_the_policy(demo_server, page):
    sign_in(page, demo_server, "admin")
    for path in ("/", "/persons/new/", "/persons/import/", "/stats/", "/audit/",
                 "/cases/queue/"):
        assert page.goto(demo_server + path).status == 200, path
    page.get_by_test_id("queue-link").first.click()
    expect(page.get_by_test_id("queue-link")).to_have_count(0)
    page.get_by_test_id("logout").click()
    sign_in(page, demo_server, "analyst")
    page.goto(demo_server + "/cases/whatif/?parameter=neo_nomad.min_monthly_income_usd"
              "&value=2000&start=2027-01-01&on=2027-01-01&population=10000")
    expect(page.get_by_test_id("whatif-result")).to_be_visible()
