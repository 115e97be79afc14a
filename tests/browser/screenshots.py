"""The main pages at desktop and phone width in Kazakh and Russian, as PNG files for
reviewers: run by ``scripts/screenshots`` (``make screenshots``) on the demo server the
browser tests build. Not a test of the suite (pytest collects only ``test_*.py``); it is
collected when named on the command line."""

import os
from pathlib import Path

import pytest

from .pages import MAIN_PAGES, VIEWPORTS, open_entry, sign_in

pytestmark = pytest.mark.browser


def test_screenshots(demo_server, browser):
    """Every main page of every role opens and is photographed whole, into the folder
    ``KOSH_SCREENSHOTS`` names."""
    out = Path(os.environ["KOSH_SCREENSHOTS"])
    out.mkdir(parents=True, exist_ok=True)
    for language, locale in (("kk", "kk-KZ"), ("ru", "ru-RU")):
        for viewport, size in VIEWPORTS.items():
            for role, entries in MAIN_PAGES.items():
                context = browser.new_context(viewport=size, locale=locale)
                page = context.new_page()
                sign_in(page, demo_server, role)
                for number, entry in enumerate(entries, 1):
                    open_entry(page, demo_server, entry)
                    path = entry.split("?")[0]
                    slug = "".join(c if c.isalnum() else "-" for c in path).strip("-")
                    name = f"{language}-{viewport}-{role}-{number:02d}-{slug or 'home'}.png"
                    page.screenshot(path=str(out / name), full_page=True)
                context.close()
