"""The pages each demo role works with, for the layout, accessibility and screenshot
checks (tests/browser/test_layout.py, scripts/screenshots).

Fixed paths come from the demo dataset (``kosh demo-data``); pages reached through a
search (a person card, its sensitive history) are found by following the result link, as a
user would.
"""

from dataclasses import dataclass

from playwright.sync_api import Page

from kosh.synth.demo import DEMO_PASSWORD

# The query that finds Zhanna Akhmetova, the demo's model person, among her namesakes.
ZHANNA_QUERY = "q=Janna+Akhmetova&purpose=case_processing"
WHATIF_RUN = ("/whatif/?parameter=neo_nomad.min_monthly_income_usd&value=2000"
              "&start=2027-01-01&on=2027-01-01&population=10000")

PUBLIC = ["/login/", "/verify/", "/emigrants/check/"]
SEARCH = f"/persons/?{ZHANNA_QUERY}"
CARD = "card"  # the first search result's card
SENSITIVE = "sensitive"  # that card's sensitive-history form

ROLE_PAGES: dict[str, list[str]] = {
    "admin": ["/", "/persons/", SEARCH, CARD, SENSITIVE, "/persons/new/", "/persons/import/",
              "/cases/queue/", "/cases/5/", "/cases/1/", "/cases/register/", "/cases/apply/",
              "/cases/apply/neo_nomad/", "/cases/mine/", "/whatif/", "/audit/", "/stats/",
              "/api/docs", "/verify/", "/linkage/"],
    "migration": ["/", "/persons/", SEARCH, CARD, SENSITIVE, "/persons/new/", "/persons/import/",
                  "/cases/queue/", "/cases/4/", "/cases/3/", "/cases/register/", "/stats/"],
    "labour": ["/", "/persons/", "/persons/new/", "/cases/queue/", "/cases/5/", "/stats/",
               "/emigrants/agencies/", "/emigrants/complaints/"],
    "embassy": ["/", "/persons/", "/persons/new/", "/cases/queue/", "/cases/8/"],
    "akimat": ["/", "/persons/", "/stats/"],
    "employer": ["/", "/persons/"],
    "applicant": ["/", "own", "/cases/apply/", "/cases/apply/neo_nomad/", "/cases/mine/",
                  "/cases/1/", "/cases/2/"],
    "analyst": ["/", "/stats/", "/whatif/", WHATIF_RUN, "/forecast/", "/monitoring/",
                "/monitoring/plan/", "/monitoring/plan/3/", "/monitoring/flows/"],
    "auditor": ["/", "/audit/"],
    "asylum": ["/", "/protection/", "/protection/register/", "/protection/stateless/"],
    "citizen": ["/", "own", "/emigrants/complaints/", "/emigrants/complaints/new/",
                "/emigrants/work/new/"],
}

ROLE_PAGES["embassy"] += ["/settlement/", "/settlement/one-window/"]
ROLE_PAGES["migration"] += ["/settlement/", "/settlement/resettlers/"]
# foreign labour and stay control (kosh/labour)
ROLE_PAGES["labour"] += ["/labour/stay/", "/labour/permits/", "/labour/household/"]
ROLE_PAGES["migration"] += ["/labour/stay/"]
ROLE_PAGES["employer"] += ["/labour/permits/"]
ROLE_PAGES["applicant"] += ["/labour/stay/me/", "/labour/household/"]
ROLE_PAGES["labour"] += ["/labour/permits/1/"]  # the nation's first work permit, decided

# The main pages a reviewer looks at (make screenshots), per role.
MAIN_PAGES: dict[str, list[str]] = {
    "admin": ["/", SEARCH, CARD, "/cases/queue/", "/cases/5/", "/audit/", "/stats/"],
    "applicant": ["/", "own", "/cases/apply/neo_nomad/", "/cases/mine/", "/cases/1/"],
    "analyst": [WHATIF_RUN],
}

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


@dataclass
class Visited:
    """One page as opened: the entry of the page list and the URL it resolved to."""

    entry: str
    url: str


def sign_in(page: Page, base: str, username: str) -> None:
    """Sign ``page``'s context in as the demo login ``username``."""
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()


def open_entry(page: Page, base: str, entry: str) -> Visited:
    """Open one entry of a page list (a path, or a page reached by following links) and
    wait until it has settled."""
    if entry == "own":  # the applicant's own record, linked from the home page
        page.goto(base + "/")
        page.get_by_test_id("tile-own-record").click()
    elif entry in (CARD, SENSITIVE):
        page.goto(base + SEARCH)
        page.get_by_test_id("result-link").first.click()
        page.wait_for_load_state()
        if entry == SENSITIVE:
            page.goto(page.url.split("?")[0] + "sensitive/?purpose=case_processing")
    else:
        response = page.goto(base + entry)
        assert response is not None and response.status == 200, (entry, response)
    page.wait_for_load_state("networkidle")
    return Visited(entry, page.url)
