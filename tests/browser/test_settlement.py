"""The one window in headless Chromium: the embassy officer registers a kandas family and
gets one answer; the officer of the settlement region sees the family, the quota balance
falls on screen (HTMX polling) when another family is registered elsewhere, confirms the
arrival and grants the relocation subsidy."""

import json
import re
import urllib.request

import pytest
from playwright.sync_api import Browser, Page, expect

from kosh.synth.demo import DEMO_PASSWORD

from .test_quotas import kosh

pytestmark = pytest.mark.browser

PAVLODAR = "550000000"
REGIONAL = (
    "from django.contrib.auth import get_user_model; from kosh.access.models import Profile; "
    "u, _ = get_user_model().objects.get_or_create(username='pavlodar'); "
    "u.set_password('{password}'); u.save(); "
    "Profile.objects.update_or_create(user=u, defaults={{'role': 'migration_officer', "
    "'region_id': '550000000'}})"
)


def login(page: Page, server: str, username: str) -> None:
    page.goto(server + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()


def number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def test_one_window_to_the_region_with_the_balance_live(browser: Browser, demo_server: str):
    kosh("manage", "shell", "-c", REGIONAL.format(password=DEMO_PASSWORD))
    token = kosh("token", "create", "embassy").splitlines()[-1]

    embassy = browser.new_context(locale="ru-RU").new_page()
    login(embassy, demo_server, "embassy")
    embassy.click("[data-testid=nav-settlement]")
    embassy.click("[data-testid=open-one-window]")
    remaining = embassy.locator(f"[data-testid=balance-kandas-{PAVLODAR}] "
                                "[data-testid=remaining]")
    before = number(remaining.inner_text())
    for i, (surname, given, born, sex) in enumerate(
            [("Nurlanov", "Aibek", "1980-05-01", "M"), ("Nurlanova", "Aigul", "1983-02-11",
                                                        "F")]):
        if i:
            embassy.select_option(f"[data-testid=m{i}-relation]", "spouse")
        embassy.fill(f"[data-testid=m{i}-surname]", surname)
        embassy.fill(f"[data-testid=m{i}-given_name]", given)
        embassy.fill(f"[data-testid=m{i}-birth_date]", born)
        embassy.select_option(f"[data-testid=m{i}-sex]", sex)
    embassy.check("[data-testid=ethnic-kazakh]")
    embassy.select_option("[data-testid=region]", PAVLODAR)
    embassy.click("[data-testid=one-window-submit]")
    answer = embassy.locator("[data-testid=one-window-answer]")
    expect(answer).to_be_visible()
    expect(embassy.locator("[data-testid=answer-region]")).to_contain_text("Павлодар")
    expect(embassy.locator("[data-testid=answer-relocation]")).to_contain_text("605")  # 2 × 70 MCI
    assert number(remaining.inner_text()) == before - 2
    embassy.click("[data-testid=answer-family]")
    family_url = embassy.url

    region = browser.new_context(locale="ru-RU").new_page()
    login(region, demo_server, "pavlodar")
    region.click("[data-testid=nav-settlement]")
    live = region.locator(f"[data-testid=balance-kandas-{PAVLODAR}] [data-testid=remaining]")
    expect(live).to_have_text(re.compile(rf"^\s*{before - 2}\s*$"))
    region.evaluate("window.__not_reloaded = true")
    request = urllib.request.Request(
        demo_server + "/api/settlement/one-window", method="POST",
        data=json.dumps({"members": [{"relation": "head", "surname": "Serikov",
                                      "given_name": "Dauren", "birth_date": "1990-01-01",
                                      "sex": "M"}],
                         "ethnic_kazakh": True, "region": PAVLODAR}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                 "Idempotency-Key": "browser-one-window-2"})
    with urllib.request.urlopen(request) as reply:
        assert json.load(reply)["eligible"] is True
    expect(live).to_have_text(re.compile(rf"^\s*{before - 3}\s*$"), timeout=10_000)
    assert region.evaluate("window.__not_reloaded") is True

    region.goto(family_url)
    region.click("[data-testid=action-arrival]")
    region.click("[data-testid=action-support-relocation]")
    expect(region.locator("[data-testid=payments-relocation]")).to_be_visible()
    expect(region.locator("[data-testid=history] li")).to_have_count(3)
