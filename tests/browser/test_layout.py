"""Every page of every role, at a desktop and a phone size: axe-core finds no serious or
critical accessibility violation, and on a phone nothing is wider than the screen.

Each role and viewport is surveyed once (one browser context, every page of the role's
list in tests/browser/pages.py); the axe and overflow tests read the same survey.
``make screenshots`` runs the screenshot test here, on the same demo server.
"""

from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page

from .pages import (
    PHONE,
    PUBLIC,
    ROLE_PAGES,
    VIEWPORTS,
    open_entry,
    sign_in,
)

pytestmark = pytest.mark.browser

# The desktop survey reads the console in Russian, the phone survey in Kazakh (whose
# longer words are the harder test of a narrow screen).
LOCALES = {"desktop": "ru-RU", "phone": "kk-KZ"}
# Swagger UI (the API documentation) is a third-party page: it is checked for overflow,
# not by axe (its own markup nests buttons and greys its small print).
AXE_SKIPPED = {"/api/docs"}
AXE_RUN = """() => axe.run(document, {resultTypes: ["violations"]}).then(result =>
  result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ${v.help}: ` +
              v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")))"""
OVERFLOW = """() => {
  const wide = document.documentElement.scrollWidth;
  if (wide <= window.innerWidth) return null;
  const culprits = [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
  return `${wide} px wide (${culprits.join(", ")})`;
}"""


@dataclass
class Survey:
    """What the pages of one role at one viewport showed."""

    violations: list[str] = field(default_factory=list)
    overflows: list[str] = field(default_factory=list)


_SURVEYS: dict[tuple[str, str], Survey] = {}


def _check(page: Page, base: str, entry: str, survey: Survey) -> None:
    """Open one page and record its axe violations and horizontal overflow."""
    visited = open_entry(page, base, entry)
    where = f"{entry} ({visited.url.removeprefix(base)})"
    overflow = page.evaluate(OVERFLOW)
    if overflow:
        survey.overflows.append(f"{where}: {overflow}")
    if entry not in AXE_SKIPPED:
        # from the server's own static files: the CSP allows no inline script
        page.add_script_tag(url=base + "/static/vendor/axe.min.js")
        survey.violations += [f"{where}: {v}" for v in page.evaluate(AXE_RUN)]


def survey(browser, base: str, role: str, viewport: str) -> Survey:
    """Visit every page of ``role`` (``anonymous``: the public pages) once per viewport."""
    key = (role, viewport)
    if key not in _SURVEYS:
        result = Survey()
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale=LOCALES[viewport])
        page = context.new_page()
        if role == "anonymous":
            entries = PUBLIC
        else:
            sign_in(page, base, role)
            entries = ROLE_PAGES[role]
        for entry in entries:
            _check(page, base, entry, result)
        _SURVEYS[key] = result
    return _SURVEYS[key]


ROLES = [*ROLE_PAGES, "anonymous"]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("role", ROLES)
def test_no_serious_accessibility_violation(demo_server, browser, role, viewport):
    violations = survey(browser, demo_server, role, viewport).violations
    assert not violations, "axe-core:\n" + "\n".join(violations)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_is_wider_than_a_phone(demo_server, browser, role):
    overflows = survey(browser, demo_server, role, "phone").overflows
    assert not overflows, "wider than 390 px:\n" + "\n".join(overflows)


def test_a_failed_submit_focuses_one_error_summary_linking_to_each_field(demo_server, browser):
    context = browser.new_context(viewport=PHONE, locale="ru-RU")
    page = context.new_page()
    sign_in(page, demo_server, "applicant")
    page.goto(demo_server + "/cases/apply/neo_nomad/")
    page.get_by_test_id("submit-application").click()
    page.wait_for_load_state()
    summary = page.get_by_test_id("error-summary")
    assert page.evaluate("document.activeElement.dataset.testid") == "error-summary"
    assert page.locator("[role=alert]").count() == 1  # one announcement, not one per field
    links = summary.locator("a")
    assert links.count() >= 3
    links.first.click()
    target = links.first.get_attribute("href").removeprefix("#")
    focused = page.evaluate("document.activeElement.id")
    assert focused.startswith(target), (focused, target)
    # the control says which message describes it
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby') || ''")
    assert "_error1" in described


def test_the_phone_menu_folds_and_opens(demo_server, browser):
    context = browser.new_context(viewport=PHONE, locale="ru-RU")
    page = context.new_page()
    sign_in(page, demo_server, "admin")
    header = page.locator("header.top").bounding_box()
    assert header is not None and header["height"] < 80
    assert not page.get_by_test_id("nav-queue").is_visible()
    page.get_by_test_id("nav-toggle").click()
    assert page.get_by_test_id("nav-toggle").get_attribute("aria-expanded") == "true"
    page.get_by_test_id("nav-queue").click()
    assert page.url.endswith("/cases/queue/")
