"""Browser tests run against a real server built the way ``make demo`` builds it
(migrate, load-reference, synthetic nation, demo-data), on a database of its own in the
test PostgreSQL."""

import contextlib
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
from playwright.sync_api import Browser, BrowserContext, sync_playwright
from playwright.sync_api import Error as PlaywrightError

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
    env["KOSH_RATINGS_DIR"] = synth  # the ratings console reads the demo's snapshot
    env["KOSH_MONITORING_DIR"] = synth  # and so does the monitoring
    steps = (["manage", "migrate", "-v0"], ["load-reference"], ["quotas", "load"],
             ["synth", "--scale", "0.0005", "--seed", "7", "--out", synth, "--quiet"],
             ["synth", "load", "--dir", synth, "--quiet"], ["documents", "keys"], ["demo-data"],
             ["monitoring", "refresh", "--dir", synth])
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


# Reports every Content-Security-Policy violation of the page to the test (through a
# binding, which survives navigations).
CSP_RECORDER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__kosh_csp_violation(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:` +
    `${e.lineNumber} on ${location.href} ${e.sample}`);
});
"""
_VIOLATIONS: list[str] = []
_CONTEXTS: list[BrowserContext] = []


def _guard(context: BrowserContext) -> BrowserContext:
    """Record CSP violations of every page of ``context``: the DOM event and the console
    message Chromium prints for one."""
    context.expose_binding("__kosh_csp_violation", lambda _source, text: _VIOLATIONS.append(text))
    context.add_init_script(CSP_RECORDER)
    context.on("console", lambda msg: _VIOLATIONS.append(f"console: {msg.text}")
               if "Content Security Policy" in msg.text else None)
    _CONTEXTS.append(context)
    return context


def _assert_no_csp_violation(contexts: list[BrowserContext]) -> None:
    """Let pending reports arrive, close the contexts, fail if any page broke the policy."""
    for context in contexts:
        for open_page in context.pages:
            with contextlib.suppress(PlaywrightError):
                open_page.evaluate("0")  # a round trip: reports sent before it are in
        context.close()
    violations = list(_VIOLATIONS)
    _VIOLATIONS.clear()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


class GuardedBrowser:
    """The browser, whose new contexts record CSP violations (tests that open contexts of
    their own are checked too)."""

    def __init__(self, browser: Browser) -> None:
        self._browser = browser

    def new_context(self, **options: object) -> BrowserContext:
        return _guard(self._browser.new_context(**options))

    def __getattr__(self, name: str) -> object:
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield GuardedBrowser(browser)
        browser.close()


@pytest.fixture
def csp_violations() -> list[str]:
    """The violations recorded so far in this test (a test that provokes one on purpose
    clears the list)."""
    return _VIOLATIONS


@pytest.fixture(autouse=True)
def no_csp_violation():
    """Fail a test whose pages (in any context it opened) broke the CSP."""
    _VIOLATIONS.clear()
    yield
    contexts = list(_CONTEXTS)
    _CONTEXTS.clear()
    _assert_no_csp_violation(contexts)


@pytest.fixture
def page(browser):
    """A page in a fresh Russian-language context; at teardown it asserts that nothing on
    it violated the Content-Security-Policy."""
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    yield page
    _CONTEXTS.remove(context)
    _assert_no_csp_violation([context])
