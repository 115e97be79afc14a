"""The quota ledger in headless Chromium: a responsible official approves the proposed
quota set, the officer's page shows the balance, and a draw made elsewhere (through the
API) changes the balance on screen without a reload (HTMX polling)."""

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from kosh.synth.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
KOSH = str(Path(sys.executable).with_name("kosh"))


def kosh(*args: str) -> str:
    """Run ``kosh`` on the demo server's database (the one conftest builds)."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="kosh.settings.demo",
               DATABASE_URL=os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/kosh_browser")
    return subprocess.run([KOSH, *args], env=env, cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout.strip()


def test_official_approves_and_the_balance_follows_a_draw_live(browser: Browser,
                                                                demo_server: str):
    proposed = kosh("quotas", "propose-baseline", "2027")  # other tests may hold version 1
    version = re.search(r"foreign_labour 2027: draft version (\d+)", proposed).group(1)
    token = kosh("token", "create", "migration").splitlines()[-1]

    page = browser.new_context(locale="ru-RU").new_page()
    page.goto(demo_server + "/login/")
    page.fill("#id_username", "labour")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()
    page.click("[data-testid=nav-quotas]")
    page.goto(demo_server + "/quotas/?year=2027")
    page.click(f"[data-testid=quota-set-foreign_labour-{version}] a")
    expect(page.locator("[data-testid=quota-set-status]")).to_have_text("черновик")
    page.click("[data-testid=quota-approve]")
    expect(page.locator("[data-testid=quota-set-status]")).to_contain_text("утверждён")
    expect(page.locator("[data-testid=quota-set-sha256]")).to_have_text(
        re.compile(r"^[0-9a-f]{64}$"))

    page.goto(demo_server + "/quotas/?year=2027&kind=foreign_labour")
    remaining = page.locator(
        "[data-testid=balance-foreign_labour-1-national] [data-testid=remaining]")
    before = int(remaining.inner_text().replace("\u00a0", "").replace(" ", ""))
    assert before > 0
    page.evaluate("window.__not_reloaded = true")

    request = urllib.request.Request(
        demo_server + "/api/quotas/draws", method="POST",
        data=json.dumps({"kind": "foreign_labour", "category": "1", "year": 2027,
                         "holder_ref": "permit-browser"}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                 "Idempotency-Key": "browser-draw-1"})
    with urllib.request.urlopen(request) as answer:
        assert json.load(answer)["status"] == "reserved"

    digits = r"[\s\u00a0\u202f]?".join(str(before - 1))
    expect(remaining).to_have_text(re.compile(rf"^\s*{digits}\s*$"), timeout=10_000)
    assert page.evaluate("window.__not_reloaded") is True
