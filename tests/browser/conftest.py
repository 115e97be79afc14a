"""Browser tests run against a real server built the way ``make demo`` builds it
(migrate, load-reference, synthetic nation, demo-data), on a database of its own in the
test PostgreSQL."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg
import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
KOSH = str(Path(sys.executable).with_name("kosh"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        pytest.fail("browser tests need DATABASE_URL pointing at PostgreSQL (make test sets it)")
    name = "kosh_browser"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return base.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def demo_server():
    """Base URL of a demo server on a fresh database; stopped after the session."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="kosh.settings.demo",
               DATABASE_URL=_database_url())
    synth = str(Path(tempfile.mkdtemp()) / "synth")
    steps = (["manage", "migrate", "-v0"], ["load-reference"],
             ["synth", "--scale", "0.0005", "--seed", "7", "--out", synth, "--quiet"],
             ["synth", "load", "--dir", synth, "--quiet"], ["documents", "keys"], ["demo-data"])
    for step in steps:  # the same steps as `make demo`
        subprocess.run([KOSH, *step], env=env, cwd=ROOT, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [KOSH, "manage", "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/login/", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    yield page
    context.close()
