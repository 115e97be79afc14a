"""The work-permit path in headless Chromium, at desktop and at phone width: the employer
requests a permit for a worker in the registry; the labour officer opens it, sees every
criterion with how it is known, resolves the contradiction between the declared staff and
the registry, grants it (after a confirmation step), downloads the signed PDF and checks
it at /verify/."""

import json

import pytest
from playwright.sync_api import Browser, expect

from .test_quotas import kosh
from .test_settlement import login

pytestmark = pytest.mark.browser

SETUP = """
import json
from datetime import date
from kosh.access.policy import system_actor, actor_for
from django.contrib.auth import get_user_model
from kosh.identity.models import Employer, Person
from kosh.labour.services import staff_declare
from kosh.quotas.models import QuotaAccount
from kosh.quotas.proposals import QuotaLineProposal
from kosh.quotas.services import quota_set_propose, quota_set_approve
emp = Employer.objects.get(name="Kosh Demo Construction")
if not QuotaAccount.objects.filter(year=2028, kind="foreign_labour").exists():
    draft = quota_set_propose(actor=system_actor(), year=2028, kind="foreign_labour", lines=[
        QuotaLineProposal(kind="foreign_labour", category="3", region=emp.region_id, year=2028,
                          amount=5, basis="browser test")])
    quota_set_approve(actor=system_actor(), quota_set_id=draft.pk)
    staff_declare(actor=actor_for(get_user_model().objects.get(username="employer")),
                  employer_id=emp.pk, cat12_total=10, cat12_citizens=10, cat34_total=100,
                  cat34_citizens=99, declared_on=date(2026, 1, 10))
worker = Person.objects.filter(citizenship_id="UZB", account__isnull=True,
                               documents__kind="foreign_passport").order_by("pk").first()
print(json.dumps({"id": worker.pk, "birth": worker.birth_date.isoformat()}))
"""
SIZES = {"desktop": {"viewport": {"width": 1280, "height": 900}},
         "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True,
                   "has_touch": True}}


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_employer_requests_and_the_officer_decides(browser: Browser, demo_server: str,
                                                   size: str):
    worker = json.loads(kosh("manage", "shell", "-c", SETUP).splitlines()[-1])
    employer = browser.new_context(locale="ru-RU", **SIZES[size]).new_page()
    login(employer, demo_server, "employer")
    employer.goto(demo_server + "/labour/permits/")
    employer.select_option("#id_category", "3")
    employer.fill("#id_worker_name", f"Browser {size}")
    employer.fill("#id_worker_id", str(worker["id"]))
    employer.fill("#id_worker_citizenship", "UZB")
    employer.fill("#id_valid_from", "2028-01-01")
    employer.fill("#id_valid_until", "2028-06-30")
    employer.click("[data-testid=permit-submit]")
    row = employer.locator("[data-testid=permits] tr", has_text=f"Browser {size}")
    expect(row).to_be_visible()
    permit_id = row.get_attribute("data-testid").removeprefix("permit-")

    officer = browser.new_context(locale="ru-RU", accept_downloads=True,
                                  **SIZES[size]).new_page()
    login(officer, demo_server, "labour")
    officer.goto(demo_server + "/labour/permits/")
    officer.click(f"[data-testid=decide-{permit_id}]")
    for code, kind in (("employer_bin", "registry"), ("worker_identity", "registry"),
                       ("local_content", "declared"), ("quota", "ledger"), ("fee", "rules")):
        expect(officer.locator(f"[data-testid=criterion-{code}]")).to_have_attribute(
            "data-evidence", kind)
    # one foreigner declared; the registry records more employed by the demo employer
    expect(officer.locator("[data-testid=contradiction-local_content]")).to_be_visible()
    expect(officer.locator("[data-testid=grant]")).to_be_disabled()
    officer.fill("[data-testid=resolve-form-local_content] textarea",
                 "the employer's HR list checked: contracts ended")
    officer.click("[data-testid=resolve-local_content]")
    expect(officer.locator("[data-testid=resolved-local_content]")).to_be_visible()
    officer.click("[data-testid=grant]")
    expect(officer.locator("[data-testid=confirm-decision]")).to_be_visible()
    officer.click("[data-testid=confirm]")
    expect(officer.locator("[data-testid=criteria-frozen]")).to_be_visible()
    document = officer.locator("[data-testid=permit-document]")
    expect(document).to_contain_text("WPK-2028-")
    number = document.inner_text().split()[0]
    with officer.expect_download() as download:
        officer.click("[data-testid=permit-pdf]")
    assert download.value.suggested_filename == f"{number}.pdf"

    officer.goto(demo_server + "/verify/")
    officer.fill("[data-testid=verify-form] input[name=number]", number)
    officer.fill("[data-testid=verify-form] input[name=birth_date]", worker["birth"])
    officer.click("[data-testid=verify-submit]")
    expect(officer.locator("[data-testid=verification]")).to_have_attribute(
        "data-status", "not_yet_valid")  # valid from 2028-01-01
